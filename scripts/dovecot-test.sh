#!/usr/bin/env bash
#
# dovecot-test.sh - run a private, loopback-only Dovecot 2.3 submission server (RFC 6409, with
# SCRAM-SHA-256 and CHUNKING) and LMTP server (RFC 2033) for the smtp-probe integration tests
# (DovecotSubmissionIT, DovecotLmtpIT) and for CI (.ci/run).
#
# Usage:
#   scripts/dovecot-test.sh install  # apt-get dovecot-core dovecot-submissiond dovecot-lmtpd openssl if missing
#   scripts/dovecot-test.sh start    # install what is missing, (re)start the instance + its relay sink,
#                                    # wait for the ports (.ci/run)
#   scripts/dovecot-test.sh ensure   # start unless this instance already runs from this script + environment
#                                    # (what the *IT tests call)
#   scripts/dovecot-test.sh stop     # stop it (quietly succeeds if not running)
#   scripts/dovecot-test.sh status   # exit 0 = running, 3 = not
#
# Independent of the Dovecot that scripts/postfix-test.sh runs for Postfix's SASL: its own instance_name,
# base_dir, config, users, ports and TLS files; neither script stops the other's processes (each finds
# its own by their working directory, the base_dir). No system Dovecot is started or read (dovecot -c
# <own config>; packages installed with policy-rc.d denying service starts). Must run as root.
#
# Environment:
#   SMTP_PROBE_DOVECOT_DIR              state dir                       (default /tmp/smtp-probe-dovecot)
#   SMTP_PROBE_DOVECOT_SUBMISSION_PORT  submission, STARTTLS offered    (default 10587)
#   SMTP_PROBE_DOVECOT_SUBMISSIONS_PORT submission, implicit TLS        (default 10588)
#   SMTP_PROBE_DOVECOT_LMTP_PORT        LMTP over TCP                   (default 10524)
#   SMTP_PROBE_DOVECOT_SINK_PORT        the relay sink (smtp-sink)      (default 10589)
#
# State dir layout ($DIR):
#   dovecot.conf, users (passwd-file, {PLAIN} passwords), dovecot.log, run/ (base_dir), state/
#   mail/<domain>/<user>/  Maildir of each user that LMTP delivered to (new on every start)
#   tls/  ca.pem (test CA "O=smtp-probe test, CN=smtp-probe test CA"), server.pem (certificate for
#         dovecot.probe.test, localhost, 127.0.0.1 + CA), server.key; made by scripts/test-tls.sh,
#         this instance's own
#   sink.pid, sink.log     Postfix's smtp-sink, the submission server's relay host (discards all)
#
# Users (passwd-file, all uid/gid nobody; a login without a domain gets @probe.test: auth_default_realm):
#   probeuser@probe.test / probepass      alice@probe.test / wonderland
#   full@probe.test / fullpass            quota 1 byte: LMTP refuses every message for it after the dot
#
# Submission (127.0.0.1:$SMTP_PROBE_DOVECOT_SUBMISSION_PORT, STARTTLS; ..._SUBMISSIONS_PORT implicit TLS):
#   TLS 1.2+; mechanisms PLAIN LOGIN CRAM-MD5 SCRAM-SHA-1 SCRAM-SHA-256; MAIL before AUTH is refused (530);
#   after AUTH any recipient is accepted and relayed to smtp-sink on 127.0.0.1:$SMTP_PROBE_DOVECOT_SINK_PORT,
#   which has no CHUNKING (Dovecot turns the client's BDAT into DATA on the relay side; it logs a warning
#   about the sink's empty last EHLO line and goes on) and discards the message.
#   NOTE: Dovecot counts a connection from 127.0.0.1 to 127.0.0.1 as secured (its remote and local IP are
#   equal), so disable_plaintext_auth does not apply: AUTH is offered and accepted before STARTTLS too.
#   Replies (observed with Dovecot 2.3.19.1, Debian 12):
#     banner                   220 dovecot.probe.test Dovecot (Debian) ready.
#     EHLO client.test         250-dovecot.probe.test
#                              250-8BITMIME
#                              250-AUTH PLAIN LOGIN CRAM-MD5 SCRAM-SHA-1 SCRAM-SHA-256
#                              250-BURL imap
#                              250-CHUNKING
#                              250-ENHANCEDSTATUSCODES
#                              250-SIZE 200000
#                              250-STARTTLS            (not after STARTTLS, not on the implicit-TLS port)
#                              250 PIPELINING
#     MAIL before AUTH         530 5.7.0 Authentication required.
#     AUTH good                235 2.7.0 Logged in.       bad: 535 5.7.8 Authentication failed.
#     MAIL ... SIZE=300000     552 5.2.3 Message size exceeds administrative limit
#     MAIL / RCPT              250 2.1.0 Ok / 250 2.1.5 Ok
#     end of data / BDAT LAST  250 2.0.0 Ok   (the sink's reply; no queue id)
#
# LMTP (127.0.0.1:$SMTP_PROBE_DOVECOT_LMTP_PORT, plain TCP, no AUTH):
#     banner                   220 dovecot.probe.test Dovecot (Debian) ready.
#     LHLO client.test         250-dovecot.probe.test
#                              250-8BITMIME
#                              250-CHUNKING
#                              250-ENHANCEDSTATUSCODES
#                              250-PIPELINING
#                              250 STARTTLS
#     MAIL FROM:<a@b.test>     250 2.1.0 OK
#     RCPT TO:<probeuser@probe.test>  250 2.1.5 OK
#     RCPT TO:<nobody@probe.test>     550 5.1.1 <nobody@probe.test> User doesn't exist: nobody@probe.test
#     DATA                     354 OK
#     after the final dot (or BDAT ... LAST): one reply per accepted recipient, in RCPT order:
#                              250 2.0.0 <probeuser@probe.test> <session id> Saved
#                              552 5.2.2 <full@probe.test> Quota exceeded (mailbox for user is full)
#                              250 2.0.0 <alice@probe.test> <session id>:R4 Saved
#     A delivered message lands in mail/probe.test/<user>/Maildir/new/.
#
# On a successful start stdout ends with:
#   SMTP_PROBE_DOVECOT_LMTP_PORT=<port>
#   SMTP_PROBE_DOVECOT_SUBMISSIONS_PORT=<port>
#   SMTP_PROBE_DOVECOT_CA=<state dir>/tls/ca.pem
#   SMTP_PROBE_DOVECOT_SUBMISSION_PORT=<port>
#
set -euo pipefail

readonly DIR="${SMTP_PROBE_DOVECOT_DIR:-/tmp/smtp-probe-dovecot}"
readonly PORT="${SMTP_PROBE_DOVECOT_SUBMISSION_PORT:-10587}"
readonly TLS_PORT="${SMTP_PROBE_DOVECOT_SUBMISSIONS_PORT:-10588}"
readonly LMTP_PORT="${SMTP_PROBE_DOVECOT_LMTP_PORT:-10524}"
readonly SINK_PORT="${SMTP_PROBE_DOVECOT_SINK_PORT:-10589}"
readonly CONF="$DIR/dovecot.conf"
readonly USERS="$DIR/users"
readonly RUN="$DIR/run"
readonly STATE="$DIR/state"
readonly MAIL="$DIR/mail"
readonly LOGFILE="$DIR/dovecot.log"
readonly TLS="$DIR/tls"
readonly SINK_PID="$DIR/sink.pid"
readonly SINK_LOG="$DIR/sink.log"
readonly LOCK="$DIR/.lock"
readonly HOST_NAME=dovecot.probe.test
readonly START_TIMEOUT=30

export PATH="/usr/sbin:/usr/bin:/sbin:/bin:$PATH"
export LC_ALL=C

case "$DIR" in
    *[[:space:]]*) echo "dovecot-test: SMTP_PROBE_DOVECOT_DIR must not contain whitespace" >&2; exit 2 ;;
    / | */) echo "dovecot-test: SMTP_PROBE_DOVECOT_DIR must be a directory path without trailing slash" >&2; exit 2 ;;
    /*) ;;
    *) echo "dovecot-test: SMTP_PROBE_DOVECOT_DIR must be an absolute path" >&2; exit 2 ;;
esac

log() { printf 'dovecot-test: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# shellcheck source=scripts/test-tls.sh
source "$(dirname "${BASH_SOURCE[0]}")/test-tls.sh"

need_root() {
    [[ "$(id -u)" -eq 0 ]] || die "must run as root; or start it once as root and run the tests as yourself"
}

take_lock() {
    [[ -z "${LOCK_HELD:-}" ]] || return 0
    mkdir -p "$DIR"
    chmod 0755 "$DIR"
    exec 9>"$LOCK"
    flock -w 300 9 || die "could not lock $LOCK"
    LOCK_HELD=1
}

# What the running instance was started from: this script, test-tls.sh and the environment it read.
fingerprint() {
    local here
    here="$(dirname "${BASH_SOURCE[0]}")"
    # Comment lines do not count: editing the documentation does not restart a running instance.
    { grep -hv '^[[:space:]]*#' "$here/$(basename "${BASH_SOURCE[0]}")" "$here/test-tls.sh"; echo "$DIR $PORT $TLS_PORT $LMTP_PORT $SINK_PORT"; } |
        sha256sum | cut -d' ' -f1
}

missing_packages() {
    [[ -x /usr/sbin/dovecot ]] || echo dovecot-core
    [[ -x /usr/lib/dovecot/submission ]] || echo dovecot-submissiond
    [[ -x /usr/lib/dovecot/lmtp ]] || echo dovecot-lmtpd
    command -v openssl >/dev/null 2>&1 || echo openssl
}

cmd_install() {
    need_root
    local -a pkgs
    mapfile -t pkgs < <(missing_packages)
    if ((${#pkgs[@]} > 0)); then
        export DEBIAN_FRONTEND=noninteractive
        # Never let the packages start a system Dovecot (no systemd here; invoke-rc.d honours policy-rc.d).
        local policy=/usr/sbin/policy-rc.d created_policy=0 rc=0
        if [[ ! -e "$policy" ]]; then
            printf '#!/bin/sh\nexit 101\n' >"$policy"
            chmod 0755 "$policy"
            created_policy=1
        fi
        local -a apt_opts=(-y -q --no-install-recommends
            -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
        log "installing: ${pkgs[*]}"
        apt-get install "${apt_opts[@]}" "${pkgs[@]}" </dev/null >&2 || rc=$?
        if ((rc != 0)); then
            log "apt-get install failed (rc=$rc); running apt-get update and retrying"
            rc=0
            apt-get update -q </dev/null >&2 || true
            apt-get install "${apt_opts[@]}" "${pkgs[@]}" </dev/null >&2 || rc=$?
        fi
        if ((created_policy)); then rm -f "$policy"; fi
        ((rc == 0)) || die "apt-get install ${pkgs[*]} failed"
        [[ -z "$(missing_packages)" ]] || die "still missing after install: $(missing_packages | tr '\n' ' ')"
    fi
    # The relay sink is Postfix's smtp-sink; postfix-test.sh knows how to install Postfix without
    # configuring or starting a system MTA.
    if [[ ! -x /usr/sbin/smtp-sink ]]; then
        bash "$(dirname "${BASH_SOURCE[0]}")/postfix-test.sh" install
    fi
    log "dovecot $(dovecot --version 2>/dev/null | cut -d' ' -f1) with submission and lmtp, smtp-sink present"
}

# PIDs of this instance: dovecot processes whose working directory is our base_dir (the master
# chdir()s there and its children inherit it).
dovecot_pids() {
    local f pid exe cwd
    for f in /proc/[0-9]*/exe; do
        pid="${f#/proc/}"
        pid="${pid%/exe}"
        exe="$(readlink "$f" 2>/dev/null)" || continue
        case "$exe" in
            /usr/sbin/dovecot | "/usr/sbin/dovecot (deleted)" | /usr/lib/dovecot/*) ;;
            *) continue ;;
        esac
        cwd="$(readlink "/proc/$pid/cwd" 2>/dev/null)" || continue
        case "$cwd" in
            "$RUN" | "$RUN/"* | "$RUN (deleted)") ;;
            *) continue ;;
        esac
        test_alive "$pid" && echo "$pid"
    done | sort -un
}

sink_pid() {
    local pid exe
    [[ -r "$SINK_PID" ]] || return 1
    pid="$(tr -dc '0-9' <"$SINK_PID")"
    [[ -n "$pid" ]] || return 1
    exe="$(readlink "/proc/$pid/exe" 2>/dev/null || true)"
    [[ "$exe" == */smtp-sink ]] || return 1
    echo "$pid"
}

stop_dovecot() {
    local pid i pids
    if [[ -r "$RUN/master.pid" ]]; then
        pid="$(tr -dc '0-9' <"$RUN/master.pid")"
        if [[ -n "$pid" ]] && test_alive "$pid" &&
            [[ "$(readlink "/proc/$pid/exe" 2>/dev/null || true)" == /usr/sbin/dovecot* ]] &&
            [[ "$(readlink "/proc/$pid/cwd" 2>/dev/null || true)" == "$RUN"* ]]; then
            kill -TERM "$pid" 2>/dev/null || true
            for ((i = 0; i < 100; i++)); do
                [[ -n "$(dovecot_pids)" ]] || break
                sleep 0.1
            done
        fi
    fi
    pids="$(dovecot_pids)"
    [[ -n "$pids" ]] || return 0
    for pid in $pids; do kill -KILL "$pid" 2>/dev/null || true; done
    sleep 0.2
    [[ -z "$(dovecot_pids)" ]] || die "could not stop dovecot processes: $(dovecot_pids | tr '\n' ' ')"
}

stop_sink() {
    local pid i
    pid="$(sink_pid)" || { rm -f "$SINK_PID"; return 0; }
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
        test_alive "$pid" || break
        sleep 0.1
    done
    if test_alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
    rm -f "$SINK_PID"
}

stop_instance() {
    stop_dovecot
    stop_sink
}

write_config() {
    local uid gid
    uid="$(id -u nobody)"
    gid="$(id -g nobody)"
    # user:password:uid:gid:gecos:home:shell:extra fields. {PLAIN} keeps the plaintext, from which
    # Dovecot derives what CRAM-MD5 and SCRAM need.
    cat >"$USERS" <<EOF
probeuser@probe.test:{PLAIN}probepass:$uid:$gid::$MAIL/probe.test/probeuser::
alice@probe.test:{PLAIN}wonderland:$uid:$gid::$MAIL/probe.test/alice::
full@probe.test:{PLAIN}fullpass:$uid:$gid::$MAIL/probe.test/full::userdb_quota_rule=*:storage=1B
EOF
    chown root:dovecot "$USERS"
    chmod 0640 "$USERS"

    cat >"$CONF" <<EOF
# Generated by scripts/dovecot-test.sh - private smtp-probe test instance: submission + LMTP.
instance_name = smtp-probe-dovecot-mta
base_dir = $RUN
state_dir = $STATE
protocols = submission lmtp
listen = 127.0.0.1
hostname = $HOST_NAME
log_path = $LOGFILE
ssl = yes
ssl_cert = <$TLS/server.pem
ssl_key = <$TLS/server.key
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = yes
auth_mechanisms = plain login cram-md5 scram-sha-1 scram-sha-256
auth_default_realm = probe.test
# No brute-force slow-down for the tests: no failure delay, no anvil auth penalty.
auth_failure_delay = 0
auth_verbose = yes
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $USERS
}
userdb {
  driver = passwd-file
  args = username_format=%u $USERS
}
first_valid_uid = 1
mail_location = maildir:~/Maildir

submission_relay_host = 127.0.0.1
submission_relay_port = $SINK_PORT
submission_relay_trusted = yes
submission_relay_ssl = no
submission_max_mail_size = 200000
service submission-login {
  inet_listener submission {
    address = 127.0.0.1
    port = $PORT
  }
  inet_listener submissions {
    address = 127.0.0.1
    port = $TLS_PORT
    ssl = yes
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $LMTP_PORT
  }
}
protocol lmtp {
  mail_plugins = \$mail_plugins quota
}
plugin {
  quota = maildir:User quota
}
# Not used, but the imap/pop3 defaults must not bind anything.
service imap-login {
  inet_listener imap {
    port = 0
  }
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 0
  }
  inet_listener pop3s {
    port = 0
  }
}
EOF
    chmod 0644 "$CONF"
}

prepare_dirs() {
    rm -rf "$RUN" "$STATE" "$MAIL" "$DIR/.fingerprint"
    if [[ -f "$LOGFILE" ]]; then mv -f "$LOGFILE" "$LOGFILE.1"; fi
    mkdir -p "$RUN" "$STATE" "$MAIL/probe.test"
    chmod 0755 "$RUN" "$STATE"
    chown -R nobody "$MAIL"
    chmod -R 0755 "$MAIL"
}

dump_logs() {
    local f
    for f in "$DIR/start.log" "$LOGFILE" "$SINK_LOG"; do
        if [[ -s "$f" ]]; then
            log "---- $f ----"
            tail -n 40 "$f" >&2 || true
        fi
    done
}

wait_banner() {
    local port="$1" what="$2" deadline banner=""
    deadline=$((SECONDS + START_TIMEOUT))
    while ((SECONDS < deadline)); do
        banner="$(test_banner "$port" || true)"
        [[ "$banner" != 220\ * ]] || break
        sleep 0.2
    done
    if [[ "$banner" != 220\ * ]]; then
        log "no 220 banner from $what on 127.0.0.1:$port within ${START_TIMEOUT}s (got: '$banner')"
        dump_logs
        stop_instance || true
        die "$what did not come up"
    fi
    printf '%s\n' "$banner"
}

cmd_start() {
    if [[ "$(id -u)" -ne 0 ]]; then
        if [[ "$(test_banner "$PORT")" == "220 $HOST_NAME "* ]]; then
            log "already running (started by root); not restarted"
            return 0
        fi
        need_root
    fi
    local p
    for p in "$PORT" "$TLS_PORT" "$LMTP_PORT" "$SINK_PORT"; do test_check_port "$p"; done
    [[ "$(printf '%s\n' "$PORT" "$TLS_PORT" "$LMTP_PORT" "$SINK_PORT" | sort -u | wc -l)" -eq 4 ]] ||
        die "the four SMTP_PROBE_DOVECOT_*_PORT values must differ"
    take_lock
    if [[ -n "$(missing_packages)" || ! -x /usr/sbin/smtp-sink ]]; then cmd_install; fi

    stop_instance
    for p in "$PORT" "$TLS_PORT" "$LMTP_PORT" "$SINK_PORT"; do test_require_free_port "$p"; done
    prepare_dirs
    test_tls_ensure "$TLS" "$HOST_NAME"
    write_config

    # The relay sink first: Dovecot connects to it per relayed transaction.
    setsid /usr/sbin/smtp-sink -u nobody -h sink.probe.test "127.0.0.1:$SINK_PORT" 100 \
        </dev/null >"$SINK_LOG" 2>&1 9>&- &
    echo "$!" >"$SINK_PID"
    wait_banner "$SINK_PORT" smtp-sink >/dev/null

    local out
    if ! out="$(dovecot -c "$CONF" -n 2>&1 >/dev/null </dev/null 9>&-)"; then
        printf '%s\n' "$out" >&2
        stop_instance || true
        die "dovecot configuration check failed"
    fi
    if ! dovecot -c "$CONF" </dev/null >"$DIR/start.log" 2>&1 9>&-; then
        dump_logs
        stop_instance || true
        die "dovecot start failed"
    fi
    local banner lmtp_banner tls_banner="" deadline
    banner="$(wait_banner "$PORT" "dovecot submission")"
    lmtp_banner="$(wait_banner "$LMTP_PORT" "dovecot lmtp")"
    deadline=$((SECONDS + START_TIMEOUT))
    while ((SECONDS < deadline)); do
        tls_banner="$(test_tls_banner "$TLS_PORT" "$TLS/ca.pem" "$HOST_NAME" || true)"
        [[ "$tls_banner" != 220\ * ]] || break
        sleep 0.2
    done
    if [[ "$tls_banner" != 220\ * ]]; then
        log "no verified TLS 220 banner from 127.0.0.1:$TLS_PORT (got: '$tls_banner')"
        dump_logs
        stop_instance || true
        die "dovecot submissions listener did not come up"
    fi
    # One real lookup proves passdb/userdb are usable.
    if ! out="$(timeout 20 doveadm -c "$CONF" auth test -a "$RUN/auth-client" probeuser probepass 2>&1 </dev/null 9>&-)"; then
        printf '%s\n' "$out" >&2
        dump_logs
        stop_instance || true
        die "dovecot auth does not work"
    fi
    log "dovecot $(dovecot --version 2>/dev/null | cut -d' ' -f1) running: submission 127.0.0.1:$PORT ($banner)," \
        "submissions 127.0.0.1:$TLS_PORT, lmtp 127.0.0.1:$LMTP_PORT ($lmtp_banner), relay sink 127.0.0.1:$SINK_PORT"
    fingerprint >"$DIR/.fingerprint"
    print_env
}

print_env() {
    echo "SMTP_PROBE_DOVECOT_LMTP_PORT=$LMTP_PORT"
    echo "SMTP_PROBE_DOVECOT_SUBMISSIONS_PORT=$TLS_PORT"
    echo "SMTP_PROBE_DOVECOT_CA=$TLS/ca.pem"
    echo "SMTP_PROBE_DOVECOT_SUBMISSION_PORT=$PORT"
}

# Start unless an instance started from this very script and environment is running and answering;
# so tests running at the same time (or one after the other) share one instance instead of restarting
# it under each other.
cmd_ensure() {
    if [[ "$(id -u)" -ne 0 ]]; then
        cmd_start
        return
    fi
    take_lock
    if [[ -z "$(missing_packages)" && -n "$(dovecot_pids)" ]] && sink_pid >/dev/null &&
        [[ "$(cat "$DIR/.fingerprint" 2>/dev/null || true)" == "$(fingerprint)" ]] &&
        test_tls_usable "$TLS" "$HOST_NAME" && [[ "$(test_banner "$PORT")" == "220 $HOST_NAME "* ]] &&
        [[ "$(test_banner "$LMTP_PORT")" == "220 $HOST_NAME "* ]] && [[ "$(test_banner "$SINK_PORT")" == "220 "* ]]; then
        log "running and up to date; not restarted"
        print_env
        return 0
    fi
    cmd_start
}

cmd_stop() {
    need_root
    if [[ -d "$DIR" ]]; then take_lock; fi
    stop_instance
    log "dovecot instance in $DIR stopped"
}

cmd_status() {
    local pids rc=0
    pids="$(dovecot_pids)"
    if [[ -n "$pids" && "$(test_banner "$PORT")" == "220 $HOST_NAME "* ]]; then
        echo "dovecot: running (pids $(echo "$pids" | tr '\n' ' ')) submission 127.0.0.1:$PORT, submissions $TLS_PORT, lmtp $LMTP_PORT"
    else
        echo "dovecot: not running (state dir $DIR)"
        rc=3
    fi
    if sink_pid >/dev/null; then
        echo "smtp-sink: running (pid $(sink_pid)) on 127.0.0.1:$SINK_PORT"
    else
        echo "smtp-sink: not running"
        rc=3
    fi
    return "$rc"
}

usage() {
    sed -n '3,15p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

main() {
    (($# >= 1)) || usage
    local cmd="$1"
    shift
    case "$cmd" in
        install) cmd_install ;;
        start) cmd_start ;;
        ensure) cmd_ensure ;;
        stop) cmd_stop ;;
        restart) cmd_stop && cmd_start ;;
        status) cmd_status ;;
        -h | --help | help) usage ;;
        *) log "unknown command: $cmd"; usage ;;
    esac
}

main "$@"
