#!/usr/bin/env bash
#
# exim-test.sh - run a private, loopback-only Exim 4 for the smtp-probe integration tests (EximIT, and
# other *IT that need Exim's CHUNKING/DSN/SMTPUTF8/PRDR/NTLM) and for CI (.ci/run).
#
# Usage:
#   scripts/exim-test.sh install     # download + unpack Exim (see below) if not unpacked yet
#   scripts/exim-test.sh start       # install if needed, (re)start the instance, wait for both ports
#                                    # (.ci/run)
#   scripts/exim-test.sh ensure      # start unless this instance already runs from this script + environment
#                                    # (what the *IT tests call)
#   scripts/exim-test.sh stop        # stop it (quietly succeeds if not running)
#   scripts/exim-test.sh status      # exit 0 = running, 3 = not
#
# Exim and Postfix conflict as Debian packages (both provide mail-transport-agent), and the machine keeps
# Postfix. So Exim is never installed: `apt-get download` fetches exim4-daemon-heavy (the build with the
# NTLM "spa" authenticator; -light has none) and the libraries it needs that the machine lacks
# (libidn12, libmariadb3, libspf2-2 on Debian 12), `dpkg -x` unpacks them into $DIR/root, and the
# binary runs from there (setuid bit removed, LD_LIBRARY_PATH to the unpacked libraries) with its own
# configuration (-C $DIR/etc/exim.conf). The only change to the system is the "Debian-exim" system user
# (useradd --system), which the Debian build has compiled in as its unprivileged user. Must run as root.
#
# Environment:
#   SMTP_PROBE_EXIM_DIR       state dir                          (default /tmp/smtp-probe-exim)
#   SMTP_PROBE_EXIM_PORT      SMTP port, STARTTLS offered        (default 10125)
#   SMTP_PROBE_EXIM_TLS_PORT  implicit TLS port (like 465)       (default 10165)
#
# State dir layout ($DIR):
#   debs/    the downloaded .deb files;  root/  what they unpack to (kept across starts)
#   etc/     exim.conf, users (lsearch: user: password), prdr-reject (see PRDR below)
#   spool/   spool_directory, new on every start. Mail is QUEUED AND NEVER DELIVERED (queue_only,
#            no queue runner): each accepted message stays in spool/input/<id>-D (body) and <id>-H.
#   log/     mainlog, rejectlog, paniclog
#   tls/     ca.pem (test CA "O=smtp-probe test, CN=smtp-probe test CA"), server.pem (certificate for
#            exim.probe.test, localhost, 127.0.0.1 + CA), server.key; made by scripts/test-tls.sh, their
#            own (not Postfix's). exim.key: the key readable by Debian-exim.
#
# What the instance is (observed with Exim 4.96, GnuTLS 3.7.9, Debian 12):
#   - the daemon runs as Debian-exim (Exim gives up root for a -C configuration that is not in its
#     TRUSTED_CONFIG_LIST); so the spool, the log dir, etc/users and tls/exim.key belong to that user.
#   - listens ONLY on 127.0.0.1:$SMTP_PROBE_EXIM_PORT (STARTTLS offered, not required) and
#     127.0.0.1:$SMTP_PROBE_EXIM_TLS_PORT (tls_on_connect_ports: handshake first, then the 220).
#   - primary_hostname exim.probe.test; local domains probe.test, exim.probe.test, localhost; valid
#     local parts: postmaster probeuser alice abuse root mailer-daemon prdr-reject; anything else at a
#     local domain -> 550 at RCPT; other domains -> 550 relay not permitted unless authenticated.
#   - TLS 1.2 and 1.3 only; AUTH offered only inside TLS: PLAIN LOGIN CRAM-MD5 NTLM (spa, NTLMv1 only),
#     users probeuser / probepass and alice@probe.test / wonderland (NTLM: probeuser only, domain ignored).
#   - message_size_limit 200000; CHUNKING, DSN, SMTPUTF8, PRDR, PIPELINING, 8BITMIME; VRFY allowed.
#   - smtp_max_synprot_errors = 3 (the stock value): the FOURTH syntax/protocol error (501 bad address,
#     503 bad sequence, ...) gets "501-<its own message>" / "501 Too many syntax or protocol errors" and
#     the server closes the connection; separately, after three unknown commands ("500 unrecognized
#     command") the fourth gets "500 Too many unrecognized commands" and the connection is closed
#     (smtp_max_unknown_commands = 3, the stock value).
#   - PRDR (MAIL ... PRDR -> "250 OK, PRDR Requested"): after the final dot
#     "353 PRDR content analysis beginning", then per accepted recipient in RCPT order
#     "250 PRDR R=<rcpt> acceptance", or for prdr-reject@probe.test (acl_smtp_data_prdr)
#     "550 PRDR test: this recipient refuses the message", then the final reply
#     "250 id=<id> message accepted for some recipients" (all accepted: "250 OK id=<id>").
#
# Replies the tests can rely on, plain connection to $SMTP_PROBE_EXIM_PORT:
#   banner:    220 exim.probe.test ESMTP Exim 4.96 (smtp-probe test) <date>
#   EHLO client.test:
#              250-exim.probe.test Hello client.test [127.0.0.1]
#              250-SIZE 200000
#              250-8BITMIME
#              250-DSN
#              250-VRFY
#              250-PIPELINING
#              250-PIPECONNECT
#              250-CHUNKING
#              250-STARTTLS
#              250-PRDR
#              250-SMTPUTF8
#              250 HELP
#   after STARTTLS (or on the TLS port) the same without STARTTLS, with "250-AUTH PLAIN LOGIN CRAM-MD5 NTLM"
#   after PIPECONNECT
#   STARTTLS                      220 TLS go ahead
#   AUTH before TLS               503 AUTH command used when not advertised
#   MAIL FROM:<a@b.test>          250 OK
#   RCPT TO:<postmaster@probe.test>   250 Accepted
#   RCPT TO:<nobody@probe.test>   550 Unrouteable address
#   RCPT TO:<x@foreign.example>   550 relay not permitted (250 Accepted after AUTH)
#   DATA                          354 Enter message, ending with "." on a line by itself
#   end of data                   250 OK id=<exim message id, e.g. 1xYd91-0002gJ-0W>
#   BDAT n LAST                   250- n byte chunk, total <n + received headers>
#                                 250 OK id=<id>
#   MAIL FROM:<a@b.test> SIZE=300000   552 Message size exceeds maximum permitted
#   VRFY postmaster@probe.test    250 <postmaster@probe.test> is deliverable
#   VRFY nobody@probe.test        550 <nobody@probe.test> Unrouteable address
#   AUTH (any mechanism, good)    235 Authentication succeeded
#   AUTH (wrong password)         535 Incorrect authentication data
#   QUIT                          221 exim.probe.test closing connection
#
# On a successful start stdout ends with:
#   SMTP_PROBE_EXIM_TLS_PORT=<port>
#   SMTP_PROBE_EXIM_CA=<state dir>/tls/ca.pem
#   SMTP_PROBE_EXIM_PORT=<port>
#
set -euo pipefail

readonly DIR="${SMTP_PROBE_EXIM_DIR:-/tmp/smtp-probe-exim}"
readonly PORT="${SMTP_PROBE_EXIM_PORT:-10125}"
readonly TLS_PORT="${SMTP_PROBE_EXIM_TLS_PORT:-10165}"
readonly DEBS="$DIR/debs"
readonly ROOT="$DIR/root"
readonly EXIM="$ROOT/usr/sbin/exim4"
readonly CONF="$DIR/etc"
readonly SPOOL="$DIR/spool"
readonly LOGDIR="$DIR/log"
readonly TLS="$DIR/tls"
readonly PIDFILE="$DIR/exim.pid"
readonly LOCK="$DIR/.lock"
readonly HOST_NAME=exim.probe.test
readonly EXIM_USER=Debian-exim
readonly START_TIMEOUT=30
# The daemon package with the spa (NTLM) authenticator.
readonly PACKAGE=exim4-daemon-heavy

export PATH="/usr/sbin:/usr/bin:/sbin:/bin:$PATH"
export LC_ALL=C

case "$DIR" in
    *[[:space:]]*) echo "exim-test: SMTP_PROBE_EXIM_DIR must not contain whitespace" >&2; exit 2 ;;
    / | */) echo "exim-test: SMTP_PROBE_EXIM_DIR must be a directory path without trailing slash" >&2; exit 2 ;;
    /*) ;;
    *) echo "exim-test: SMTP_PROBE_EXIM_DIR must be an absolute path" >&2; exit 2 ;;
esac

log() { printf 'exim-test: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# shellcheck source=scripts/test-tls.sh
source "$(dirname "${BASH_SOURCE[0]}")/test-tls.sh"

need_root() {
    [[ "$(id -u)" -eq 0 ]] || die "must run as root (Exim's spool and user switch need it); or start it once as root and run the tests as yourself"
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
    { grep -hv '^[[:space:]]*#' "$here/$(basename "${BASH_SOURCE[0]}")" "$here/test-tls.sh"; echo "$DIR $PORT $TLS_PORT"; } |
        sha256sum | cut -d' ' -f1
}

# Every directory under $ROOT holding shared libraries.
lib_path() {
    find "$ROOT" -name '*.so*' \( -type f -o -type l \) -printf '%h\n' 2>/dev/null | sort -u | paste -sd: -
}

exim_cmd() {
    LD_LIBRARY_PATH="$(lib_path)" "$EXIM" "$@"
}

installed() {
    [[ -x "$EXIM" && -f "$ROOT/.complete" ]] && getent passwd "$EXIM_USER" >/dev/null
}

# apt-get download, with one apt-get update and retry if the package lists are missing or stale.
download() {
    (cd "$DEBS" && apt-get download -q "$@" </dev/null >/dev/null 2>&1) && return 0
    log "apt-get download $* failed; running apt-get update and retrying"
    apt-get update -q </dev/null >/dev/null 2>&1 || true
    (cd "$DEBS" && apt-get download -q "$@" </dev/null 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2) ||
        die "apt-get download $* failed"
    compgen -G "$DEBS/${1}_*.deb" >/dev/null || die "apt-get download $1 left no .deb"
}

# The Depends of a .deb, first alternative each, without versions.
deb_depends() {
    dpkg-deb -f "$1" Depends | tr ',' '\n' | sed -E 's/\|.*//; s/\(.*\)//; s/:any//; s/[[:space:]]//g' | sed '/^$/d'
}

package_installed() {
    [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

cmd_install() {
    need_root
    mkdir -p "$DIR"
    if installed; then
        log "exim already unpacked in $ROOT ($(exim_version))"
        return 0
    fi
    command -v openssl >/dev/null 2>&1 || {
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends openssl </dev/null >&2 ||
            die "apt-get install openssl failed"
    }
    if ! getent passwd "$EXIM_USER" >/dev/null; then
        log "creating the system user $EXIM_USER (compiled into Debian's Exim as its unprivileged user)"
        useradd --system --user-group --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin "$EXIM_USER"
    fi
    rm -rf "$DEBS" "$ROOT"
    mkdir -p "$DEBS" "$ROOT"
    # The daemon and, transitively, every library package it depends on that is not installed here.
    # exim4-base (helper scripts, cron jobs) and debconf are not needed to run the daemon.
    local -a queue=("$PACKAGE") seen=()
    local pkg dep deb
    while ((${#queue[@]} > 0)); do
        pkg="${queue[0]}"
        queue=("${queue[@]:1}")
        [[ " ${seen[*]} " != *" $pkg "* ]] || continue
        seen+=("$pkg")
        log "downloading $pkg"
        download "$pkg"
        deb="$(compgen -G "$DEBS/${pkg}_*.deb" | head -1)"
        dpkg -x "$deb" "$ROOT"
        while read -r dep; do
            case "$dep" in
                exim4-* | debconf* | adduser | cron* | netbase | mariadb-common) continue ;;
            esac
            package_installed "$dep" || queue+=("$dep")
        done < <(deb_depends "$deb")
    done
    chmod u-s,g-s "$EXIM"
    local missing
    missing="$(LD_LIBRARY_PATH="$(lib_path)" ldd "$EXIM" 2>&1 | grep 'not found' || true)"
    [[ -z "$missing" ]] || die "unpacked exim still lacks libraries: $missing"
    : >"$ROOT/.complete"
    log "unpacked $(exim_version) into $ROOT"
}

exim_version() {
    printf 'keep_environment =\n' >"$DIR/.version.conf"
    exim_cmd -C "$DIR/.version.conf" -bV 2>/dev/null | sed -n '1s/ #.*//p'
    rm -f "$DIR/.version.conf"
}

# PIDs of this instance: every process running our unpacked binary.
exim_pids() {
    local f pid exe
    for f in /proc/[0-9]*/exe; do
        pid="${f#/proc/}"
        pid="${pid%/exe}"
        exe="$(readlink "$f" 2>/dev/null)" || continue
        [[ "$exe" == "$EXIM" || "$exe" == "$EXIM (deleted)" ]] || continue
        test_alive "$pid" && echo "$pid"
    done | sort -un
}

stop_instance() {
    local pids pid i
    pids="$(exim_pids)"
    [[ -n "$pids" ]] || return 0
    for pid in $pids; do kill -TERM "$pid" 2>/dev/null || true; done
    for ((i = 0; i < 50; i++)); do
        [[ -n "$(exim_pids)" ]] || return 0
        sleep 0.1
    done
    pids="$(exim_pids)"
    for pid in $pids; do kill -KILL "$pid" 2>/dev/null || true; done
    sleep 0.2
    [[ -z "$(exim_pids)" ]] || die "could not stop exim processes: $(exim_pids | tr '\n' ' ')"
}

write_config() {
    mkdir -p "$CONF"
    chmod 0755 "$CONF"
    # lsearch: "user: password". Read by the receiving process, which runs as Debian-exim.
    cat >"$CONF/users" <<EOF
probeuser: probepass
alice@probe.test: wonderland
EOF
    chown "root:$EXIM_USER" "$CONF/users"
    chmod 0640 "$CONF/users"
    install -m 0640 -o root -g "$EXIM_USER" "$TLS/server.key" "$TLS/exim.key"

    cat >"$CONF/exim.conf" <<EOF
# Generated by scripts/exim-test.sh - private smtp-probe test instance. Loopback only, never delivers.
primary_hostname = $HOST_NAME
qualify_domain = probe.test
domainlist local_domains = probe.test : $HOST_NAME : localhost
local_interfaces = 127.0.0.1
daemon_smtp_ports = $PORT : $TLS_PORT
tls_on_connect_ports = $TLS_PORT
spool_directory = $SPOOL
log_file_path = $LOGDIR/%slog
pid_file_path = $PIDFILE
exim_path = $EXIM
keep_environment =
smtp_banner = \$smtp_active_hostname ESMTP Exim \$version_number (smtp-probe test) \$tod_full

# No DNS, no ident, no delivery: mail is queued and stays in the spool.
host_lookup =
rfc1413_hosts =
queue_only = true
smtp_accept_max = 200
smtp_accept_queue_per_connection = 0
message_size_limit = 200000
smtp_max_synprot_errors = 3
smtp_enforce_sync = true
pipelining_advertise_hosts = *
chunking_advertise_hosts = *
dsn_advertise_hosts = *
smtputf8_advertise_hosts = *
prdr_enable = true
accept_8bitmime = true
timeout_frozen_after = 1h
ignore_bounce_errors_after = 1h

tls_advertise_hosts = *
tls_certificate = $TLS/server.pem
tls_privatekey = $TLS/exim.key
tls_require_ciphers = NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2
auth_advertise_hosts = \${if eq{\$tls_in_cipher}{}{}{*}}

acl_smtp_rcpt = acl_check_rcpt
acl_smtp_data_prdr = acl_check_prdr
acl_smtp_data = acl_check_data
acl_smtp_vrfy = acl_check_vrfy

log_selector = +smtp_protocol_error +smtp_syntax_error +smtp_confirmation +received_recipients \\
               +incoming_port +tls_peerdn

begin acl

acl_check_rcpt:
  deny    message = Restricted characters in address
          local_parts = ^[.] : ^.*[@%!/|]
  deny    domains = +local_domains
          !verify = recipient
  accept  domains = +local_domains
  accept  authenticated = *
  deny    message = relay not permitted

acl_check_prdr:
  deny    local_parts = prdr-reject
          domains = +local_domains
          message = PRDR test: this recipient refuses the message
  accept

acl_check_data:
  accept

acl_check_vrfy:
  accept

begin routers

# Everything is discarded if it were ever delivered (it is not: queue_only, no queue runner).
remote:
  driver = redirect
  domains = ! +local_domains
  data = :blackhole:
  no_verify

local_users:
  driver = redirect
  domains = +local_domains
  local_parts = postmaster : probeuser : alice : abuse : root : mailer-daemon : prdr-reject
  data = :blackhole:

begin transports

begin retry
*   *   F,1h,15m

begin rewrite

begin authenticators

plain:
  driver = plaintext
  public_name = PLAIN
  server_prompts = :
  server_condition = \${if and{{!eq{\$auth3}{}}{eq{\$auth3}{\${lookup{\$auth2}lsearch{$CONF/users}}}}}}
  server_set_id = \$auth2

login:
  driver = plaintext
  public_name = LOGIN
  server_prompts = Username:: : Password::
  server_condition = \${if and{{!eq{\$auth2}{}}{eq{\$auth2}{\${lookup{\$auth1}lsearch{$CONF/users}}}}}}
  server_set_id = \$auth1

cram:
  driver = cram_md5
  public_name = CRAM-MD5
  server_secret = \${lookup{\$auth1}lsearch{$CONF/users}{\$value}fail}
  server_set_id = \$auth1

ntlm:
  driver = spa
  public_name = NTLM
  server_password = \${lookup{\$auth1}lsearch{$CONF/users}{\$value}fail}
  server_set_id = \$auth1
EOF
    chmod 0644 "$CONF/exim.conf"
}

prepare_dirs() {
    rm -rf "$SPOOL" "$DIR/.fingerprint"
    mkdir -p "$SPOOL" "$LOGDIR"
    chown "$EXIM_USER:$EXIM_USER" "$SPOOL" "$LOGDIR"
    chmod 0750 "$SPOOL" "$LOGDIR"
    local f
    for f in mainlog rejectlog paniclog; do
        if [[ -f "$LOGDIR/$f" ]]; then mv -f "$LOGDIR/$f" "$LOGDIR/$f.1"; fi
    done
}

dump_logs() {
    local f
    for f in "$DIR/start.log" "$LOGDIR/paniclog" "$LOGDIR/mainlog"; do
        if [[ -s "$f" ]]; then
            log "---- $f ----"
            tail -n 40 "$f" >&2 || true
        fi
    done
}

cmd_start() {
    if [[ "$(id -u)" -ne 0 ]]; then
        if [[ "$(test_banner "$PORT")" == "220 $HOST_NAME "* ]]; then
            log "already running (started by root); not restarted"
            return 0
        fi
        need_root
    fi
    test_check_port "$PORT"
    test_check_port "$TLS_PORT"
    ((PORT != TLS_PORT)) || die "SMTP_PROBE_EXIM_PORT and SMTP_PROBE_EXIM_TLS_PORT must differ"
    take_lock
    installed || cmd_install

    stop_instance
    test_require_free_port "$PORT"
    test_require_free_port "$TLS_PORT"
    prepare_dirs
    test_tls_ensure "$TLS" "$HOST_NAME"
    write_config

    local out
    if ! out="$(exim_cmd -C "$CONF/exim.conf" -bV 2>&1 </dev/null 9>&-)"; then
        printf '%s\n' "$out" >&2
        die "exim configuration check failed"
    fi
    # -bd: daemon (detaches itself), no -q: no queue runner, so nothing is ever delivered.
    if ! exim_cmd -C "$CONF/exim.conf" -bd -oP "$PIDFILE" </dev/null >"$DIR/start.log" 2>&1 9>&-; then
        dump_logs
        stop_instance || true
        die "exim start failed"
    fi

    local deadline banner="" tls_banner=""
    deadline=$((SECONDS + START_TIMEOUT))
    while ((SECONDS < deadline)); do
        banner="$(test_banner "$PORT" || true)"
        [[ "$banner" != 220\ * ]] || break
        sleep 0.2
    done
    if [[ "$banner" != "220 $HOST_NAME "*"(smtp-probe test)"* ]]; then
        log "no 220 banner from 127.0.0.1:$PORT within ${START_TIMEOUT}s (got: '$banner')"
        dump_logs
        stop_instance || true
        die "exim did not come up"
    fi
    while ((SECONDS < deadline)); do
        tls_banner="$(test_tls_banner "$TLS_PORT" "$TLS/ca.pem" "$HOST_NAME" || true)"
        [[ "$tls_banner" != 220\ * ]] || break
        sleep 0.2
    done
    if [[ "$tls_banner" != "220 $HOST_NAME "* ]]; then
        log "no verified TLS 220 banner from 127.0.0.1:$TLS_PORT (got: '$tls_banner')"
        dump_logs
        stop_instance || true
        die "exim implicit-TLS listener did not come up"
    fi
    fingerprint >"$DIR/.fingerprint"
    log "$(exim_version) running on 127.0.0.1:$PORT (STARTTLS) and 127.0.0.1:$TLS_PORT (implicit TLS): $banner"
    print_env
}

print_env() {
    echo "SMTP_PROBE_EXIM_TLS_PORT=$TLS_PORT"
    echo "SMTP_PROBE_EXIM_CA=$TLS/ca.pem"
    echo "SMTP_PROBE_EXIM_PORT=$PORT"
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
    if installed && [[ -n "$(exim_pids)" ]] && [[ "$(cat "$DIR/.fingerprint" 2>/dev/null || true)" == "$(fingerprint)" ]] &&
        test_tls_usable "$TLS" "$HOST_NAME" && [[ "$(test_banner "$PORT")" == "220 $HOST_NAME "*"(smtp-probe test)"* ]] &&
        [[ "$(test_tls_banner "$TLS_PORT" "$TLS/ca.pem" "$HOST_NAME" || true)" == "220 $HOST_NAME "* ]]; then
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
    log "exim instance in $DIR stopped"
}

cmd_status() {
    local pids
    pids="$(exim_pids)"
    if [[ -n "$pids" && "$(test_banner "$PORT")" == "220 $HOST_NAME "* ]]; then
        echo "exim: running (pids $(echo "$pids" | tr '\n' ' ')) on 127.0.0.1:$PORT and 127.0.0.1:$TLS_PORT, state dir $DIR"
        return 0
    fi
    echo "exim: not running (ports $PORT, $TLS_PORT, state dir $DIR)"
    return 3
}

usage() {
    sed -n '3,12p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

main() {
    (($# >= 1)) || usage
    local cmd="$1"
    shift
    case "$cmd" in
        install) take_lock; cmd_install ;;
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
