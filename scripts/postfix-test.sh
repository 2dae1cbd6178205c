#!/usr/bin/env bash
#
# postfix-test.sh - run a private, loopback-only Postfix (and smtp-sink) for
# the smtp-probe integration tests (*IT) and for CI (.ci/run).
#
# Usage:
#   scripts/postfix-test.sh install          # apt-get postfix if missing (idempotent)
#   scripts/postfix-test.sh start            # (re)start the private instance, wait for 220
#   scripts/postfix-test.sh stop             # stop it (quietly succeeds if not running)
#   scripts/postfix-test.sh status           # exit 0 = running, 3 = not running
#   scripts/postfix-test.sh sink-start [port]
#   scripts/postfix-test.sh sink-stop
#
# Must run as root (CI and the dev machines run as root). Needs no systemd and
# no syslog. Nothing here touches a system Postfix: the package is installed
# with "No configuration", no system MTA is started, nothing listens on
# port 25, and /etc/postfix/main.cf is never written.
#
# Environment:
#   SMTP_PROBE_POSTFIX_DIR   state dir         (default /tmp/smtp-probe-postfix)
#   SMTP_PROBE_POSTFIX_PORT  smtpd port        (default 10025)
#   SMTP_PROBE_SINK_PORT     smtp-sink port    (default 10026)
#
# State dir layout ($DIR):
#   etc/      config_directory (main.cf, master.cf, aliases)
#   spool/    queue_directory
#   data/     data_directory
#   mail/     local mailboxes: mail sent to probeuser@ / postmaster@probe.test
#             is appended (mbox format) to $DIR/mail/probeuser
#   maillog   Postfix log (maillog_file via postlogd; no syslog needed)
#   sink.pid, sink.log   smtp-sink
#
# What the instance is:
#   - listens ONLY on 127.0.0.1:$SMTP_PROBE_POSTFIX_PORT (IPv4 only); master.cf
#     has that one smtpd plus the internal unix services; no port 25.
#   - myhostname = mx.probe.test, mydomain = probe.test,
#     mydestination = probe.test, mx.probe.test, localhost
#   - mynetworks = 127.0.0.2/32, i.e. 127.0.0.1 is NOT trusted, so relaying
#     from loopback to any other domain is refused (reject_unauth_destination).
#   - valid local recipients are exactly the aliases: postmaster, probeuser,
#     root, abuse, mailer-daemon (local_recipient_maps = $alias_maps; system
#     accounts such as "nobody" are NOT valid recipients).
#   - no outbound mail at all: default/relay transport = error:, so bounces to
#     foreign senders never touch the network.
#   - message_size_limit = 200000, VRFY enabled, SMTPUTF8 enabled,
#     smtpd_error_sleep_time = 0, no per-client connection count limit.
#
# Replies the tests can rely on (observed with Postfix 3.7.11, Debian 12):
#   banner:                 220 mx.probe.test ESMTP Postfix (smtp-probe test)
#   EHLO client.test:       250-mx.probe.test
#                           250-PIPELINING
#                           250-SIZE 200000
#                           250-VRFY
#                           250-ETRN
#                           250-ENHANCEDSTATUSCODES
#                           250-8BITMIME
#                           250-DSN
#                           250-SMTPUTF8
#                           250 CHUNKING
#   MAIL FROM:<a@b.test>    250 2.1.0 Ok
#   RCPT TO:<postmaster@probe.test> / <probeuser@probe.test>
#                           250 2.1.5 Ok
#   RCPT TO:<x@foreign.example>
#                           554 5.7.1 <x@foreign.example>: Relay access denied
#   RCPT TO:<nobody@probe.test>
#                           550 5.1.1 <nobody@probe.test>: Recipient address rejected: User unknown in local recipient table
#   DATA                    354 End data with <CR><LF>.<CR><LF>
#   end of data             250 2.0.0 Ok: queued as <QUEUEID>
#   BDAT <n> LAST           250 2.0.0 Ok: <n> bytes queued as <QUEUEID>
#   body > 200000 bytes sent without SIZE=, at the final "."
#                           552 5.3.4 Error: message file too big
#   MAIL FROM:<a@b.test> SIZE=300000
#                           552 5.3.4 Message size exceeds fixed limit
#   MAIL FROM:<a@b.test> BODY=BINARYMIME
#                           555 5.5.4 Unsupported option: BODY=BINARYMIME
#   VRFY postmaster         252 2.0.0 postmaster
#   VRFY nobody             550 5.1.1 <nobody>: Recipient address rejected: User unknown in local recipient table
#   RSET                    250 2.0.0 Ok
#   NOOP                    250 2.0.0 Ok
#   QUIT                    221 2.0.0 Bye
#
# smtp-sink (sink-start [port]): 127.0.0.1:$SMTP_PROBE_SINK_PORT, listen
#   backlog 1000, at most 256 simultaneous sessions (smtp-sink -m default),
#   runs as user postfix, accepts and discards everything. Observed replies:
#   banner:      220 sink.probe.test ESMTP
#   EHLO:        250-sink.probe.test / 250-PIPELINING / 250-8BITMIME /
#                250-AUTH PLAIN LOGIN / 250-XCLIENT NAME HELO /
#                250-XFORWARD NAME ADDR PROTO HELO / 250-ENHANCEDSTATUSCODES /
#                250-DSN / "250 " (sic: the LAST line is an EMPTY "250 ")
#   MAIL 250 2.1.0 Ok, RCPT 250 2.1.5 Ok (any address), DATA 354 ...,
#   end of data "250 2.0.0 Ok" (no queue id), QUIT "221 Bye".
#   No CHUNKING/BDAT ("500 5.5.1 Error: unknown command"), no SIZE, no SMTPUTF8.
#   Prints SMTP_PROBE_SINK_PORT=<port> on success.
#
# On a successful start the last line on stdout is
#   SMTP_PROBE_POSTFIX_PORT=<port>
#
set -euo pipefail

readonly DIR="${SMTP_PROBE_POSTFIX_DIR:-/tmp/smtp-probe-postfix}"
readonly PORT="${SMTP_PROBE_POSTFIX_PORT:-10025}"
readonly SINK_PORT_DEFAULT="${SMTP_PROBE_SINK_PORT:-10026}"
readonly CONF="$DIR/etc"
readonly SPOOL="$DIR/spool"
readonly DATA="$DIR/data"
readonly MAILDIR="$DIR/mail"
readonly MAILLOG="$DIR/maillog"
readonly SINK_PID="$DIR/sink.pid"
readonly SINK_LOG="$DIR/sink.log"
readonly LOCK="$DIR/.lock"
readonly START_TIMEOUT=30

export PATH="/usr/sbin:/usr/bin:/sbin:/bin:$PATH"
export LC_ALL=C

case "$DIR" in
    /*[[:space:]]* | *[[:space:]]*) echo "postfix-test: SMTP_PROBE_POSTFIX_DIR must not contain whitespace" >&2; exit 2 ;;
    / | /*/) echo "postfix-test: SMTP_PROBE_POSTFIX_DIR must be a directory path without trailing slash" >&2; exit 2 ;;
    /*) ;;
    *) echo "postfix-test: SMTP_PROBE_POSTFIX_DIR must be an absolute path" >&2; exit 2 ;;
esac

log() { printf 'postfix-test: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

need_root() {
    [[ "$(id -u)" -eq 0 ]] || die "must run as root (Postfix needs it)"
}

check_port() {
    local p="$1"
    if ! [[ "$p" =~ ^[0-9]+$ ]] || ((p < 1 || p > 65535)); then die "invalid port: $p"; fi
    ((p != 25)) || die "refusing to use port 25"
}

# Serialize start/stop/sink-* on the same state dir. fd 9 must be closed
# (9>&-) for every long-running child, otherwise it would hold the lock.
take_lock() {
    mkdir -p "$DIR"
    chmod 0755 "$DIR"
    exec 9>"$LOCK"
    flock -w 120 9 || die "could not lock $LOCK"
}

# ---------------------------------------------------------------- install ---

cmd_install() {
    need_root
    if command -v postconf >/dev/null 2>&1 && [[ -x /usr/sbin/smtp-sink ]]; then
        log "postfix already installed ($(postconf -dh mail_version))"
        return 0
    fi
    export DEBIAN_FRONTEND=noninteractive
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    echo "postfix postfix/mailname string mx.probe.test" | debconf-set-selections

    # Belt and braces: never let the package start a system MTA.
    local policy=/usr/sbin/policy-rc.d created_policy=0
    if [[ ! -e "$policy" ]]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy"
        chmod 0755 "$policy"
        created_policy=1
    fi
    local -a apt_opts=(-y -q --no-install-recommends
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
    local rc=0
    apt-get install "${apt_opts[@]}" postfix </dev/null || rc=$?
    if ((rc != 0)); then
        log "apt-get install failed (rc=$rc); running apt-get update and retrying"
        rc=0
        apt-get update -q </dev/null || true
        apt-get install "${apt_opts[@]}" postfix </dev/null || rc=$?
    fi
    if ((created_policy)); then rm -f "$policy"; fi
    ((rc == 0)) || die "apt-get install postfix failed"

    command -v postconf >/dev/null 2>&1 || die "postconf still missing after install"
    [[ -x /usr/sbin/smtp-sink ]] || die "/usr/sbin/smtp-sink missing after installing postfix"
    log "installed postfix $(postconf -dh mail_version)"
}

need_postfix() {
    command -v postconf >/dev/null 2>&1 ||
        die "postfix is not installed; run: $0 install"
}

# ------------------------------------------------------------- instance ---

# True if the process exists and is not a zombie.
alive() {
    local state=""
    [[ -r "/proc/$1/stat" ]] || return 1
    state="$(sed -E 's/^.*\) ([A-Za-z]).*$/\1/' "/proc/$1/stat" 2>/dev/null || true)"
    [[ -n "$state" && "$state" != Z && "$state" != X ]]
}

# PIDs of processes belonging to this instance: the master (pid file) and
# every process whose environment has MAIL_CONFIG=$CONF (postfix sets it and
# master passes it on to all its children via import_environment).
instance_pids() {
    local f pid
    if [[ -r "$SPOOL/pid/master.pid" ]]; then
        pid="$(tr -dc '0-9' <"$SPOOL/pid/master.pid")"
        if [[ -n "$pid" ]] && alive "$pid"; then
            echo "$pid"
        fi
    fi
    for f in /proc/[0-9]*/environ; do
        pid="${f#/proc/}"
        pid="${pid%/environ}"
        [[ "$pid" != "$$" ]] || continue
        alive "$pid" || continue
        if tr '\0' '\n' 2>/dev/null <"$f" | grep -qxF "MAIL_CONFIG=$CONF"; then
            echo "$pid"
        fi
    done | sort -un
}

master_running() {
    [[ -f "$CONF/main.cf" ]] || return 1
    postfix -c "$CONF" status >/dev/null 2>&1
}

# Answers with a 220 banner from our instance? Prints the banner line.
probe_banner() {
    local port="$1"
    (
        exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
        IFS= read -r -t 2 line <&3 || exit 1
        printf 'QUIT\r\n' >&3 || true
        printf '%s\n' "${line%$'\r'}"
    ) 2>/dev/null
}

port_in_use() {
    local port="$1"
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

# Fail unless the port becomes free within 5 s (a just-killed listener may
# take a moment to go away).
require_free_port() {
    local port="$1" i
    for ((i = 0; i < 25; i++)); do
        port_in_use "$port" || return 0
        sleep 0.2
    done
    die "127.0.0.1:$port is already in use by another process"
}

# TERM, then KILL, whatever is left of this instance.
kill_leftovers() {
    local pids pid i
    pids="$(instance_pids)"
    [[ -n "$pids" ]] || return 0
    log "postfix processes left, sending SIGTERM: $(echo "$pids" | tr '\n' ' ')"
    for pid in $pids; do kill -TERM "$pid" 2>/dev/null || true; done
    for ((i = 0; i < 30; i++)); do
        pids="$(instance_pids)"
        [[ -n "$pids" ]] || return 0
        sleep 0.1
    done
    log "sending SIGKILL: $(echo "$pids" | tr '\n' ' ')"
    for pid in $pids; do kill -KILL "$pid" 2>/dev/null || true; done
    sleep 0.2
    pids="$(instance_pids)"
    [[ -z "$pids" ]] || die "could not stop postfix processes: $(echo "$pids" | tr '\n' ' ')"
}

stop_instance() {
    local i
    if command -v postfix >/dev/null 2>&1 && master_running; then
        postfix -c "$CONF" stop </dev/null >/dev/null 2>&1 9>&- || true
        for ((i = 0; i < 100; i++)); do
            [[ -n "$(instance_pids)" ]] || return 0
            sleep 0.1
        done
    fi
    kill_leftovers
}

write_config() {
    local version compat meta
    version="$(postconf -dh mail_version)"
    case "$version" in
        2.* | 3.[0-5] | 3.[0-5].*) compat=2 ;;
        *) compat=3.6 ;;
    esac
    # postfix-files and dynamicmaps.cf live in the package's meta_directory
    # (/etc/postfix on Debian); point our instance at it.
    meta="$(postconf -dh meta_directory 2>/dev/null || true)"
    if [[ -z "$meta" || ! -f "$meta/postfix-files" ]]; then
        meta=/etc/postfix
    fi
    [[ -f "$meta/postfix-files" ]] || die "cannot find postfix-files (meta_directory)"

    cat >"$CONF/main.cf" <<EOF
# Generated by scripts/postfix-test.sh - private smtp-probe test instance.
compatibility_level = $compat
config_directory = $CONF
queue_directory = $SPOOL
data_directory = $DATA
meta_directory = $meta
mail_owner = postfix
setgid_group = postdrop

maillog_file = $MAILLOG
maillog_file_prefixes = /var, /dev/stdout, $DIR

myhostname = mx.probe.test
mydomain = probe.test
myorigin = \$mydomain
mydestination = probe.test, mx.probe.test, localhost
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
# 127.0.0.1 deliberately NOT in mynetworks: relaying from loopback is denied.
mynetworks = 127.0.0.2/32
mynetworks_style = host
relay_domains =

smtpd_banner = \$myhostname ESMTP Postfix (smtp-probe test)
smtpd_client_restrictions =
smtpd_helo_required = no
smtpd_helo_restrictions =
smtpd_sender_restrictions =
smtpd_relay_restrictions = reject_unauth_destination
smtpd_recipient_restrictions =
smtpd_data_restrictions =
smtpd_tls_security_level = none
smtpd_sasl_auth_enable = no
smtpd_error_sleep_time = 0
smtpd_client_connection_count_limit = 0
smtpd_client_connection_rate_limit = 0
disable_vrfy_command = no
smtputf8_enable = yes
message_size_limit = 200000
mailbox_size_limit = 0

alias_maps = hash:$CONF/aliases
alias_database = hash:$CONF/aliases
# Only the aliases are valid local recipients (not system users like nobody).
local_recipient_maps = \$alias_maps
unknown_local_recipient_reject_code = 550
allow_mail_to_files = alias
home_mailbox =
mailbox_command =

# Never send anything off this machine.
default_transport = error:outbound mail disabled (smtp-probe test instance)
relay_transport = error:outbound mail disabled (smtp-probe test instance)
smtp_dns_support_level = disabled
disable_dns_lookups = yes
delay_warning_time = 0
maximal_queue_lifetime = 1h
bounce_queue_lifetime = 1h

biff = no
append_dot_mydomain = no
readme_directory = no
html_directory = no
EOF
    # Knobs that do not exist in every version.
    if postconf -d smtpd_peername_lookup >/dev/null 2>&1; then
        echo "smtpd_peername_lookup = no" >>"$CONF/main.cf"
    fi
    # disable_dns_lookups is deprecated in newer versions; drop it if unknown
    # or if smtp_dns_support_level exists (avoids a compatibility warning).
    if postconf -d smtp_dns_support_level >/dev/null 2>&1; then
        sed -i '/^disable_dns_lookups/d' "$CONF/main.cf"
    else
        sed -i '/^smtp_dns_support_level/d' "$CONF/main.cf"
    fi

    # Minimal master.cf: one smtpd on loopback plus internal services.
    # No chroot anywhere (chroot would need copies of /etc files).
    cat >"$CONF/master.cf" <<EOF
# Generated by scripts/postfix-test.sh - private smtp-probe test instance.
# service   type  private unpriv  chroot  wakeup  maxproc command + args
127.0.0.1:$PORT inet n    -       n       -       -       smtpd
pickup      unix  n       -       n       60      1       pickup
cleanup     unix  n       -       n       -       0       cleanup
qmgr        unix  n       -       n       300     1       qmgr
rewrite     unix  -       -       n       -       -       trivial-rewrite
bounce      unix  -       -       n       -       0       bounce
defer       unix  -       -       n       -       0       bounce
trace       unix  -       -       n       -       0       bounce
verify      unix  -       -       n       -       1       verify
flush       unix  n       -       n       1000?   0       flush
proxymap    unix  -       -       n       -       -       proxymap
proxywrite  unix  -       -       n       -       1       proxymap
smtp        unix  -       -       n       -       -       smtp
relay       unix  -       -       n       -       -       smtp
showq       unix  n       -       n       -       -       showq
error       unix  -       -       n       -       -       error
retry       unix  -       -       n       -       -       error
discard     unix  -       -       n       -       -       discard
local       unix  -       n       n       -       -       local
virtual     unix  -       n       n       -       -       virtual
lmtp        unix  -       -       n       -       -       lmtp
anvil       unix  -       -       n       -       1       anvil
scache      unix  -       -       n       -       1       scache
EOF
    case "$version" in
        2.* | 3.[0-3] | 3.[0-3].*) ;;
        *) echo "postlog     unix-dgram n  -       n       -       1       postlogd" >>"$CONF/master.cf" ;;
    esac

    # Local delivery: everything ends up appended to $MAILDIR/probeuser.
    # File deliveries from a root-owned alias db run as default_privs (nobody).
    cat >"$CONF/aliases" <<EOF
# Generated by scripts/postfix-test.sh
postmaster: probeuser
mailer-daemon: postmaster
abuse: postmaster
root: postmaster
probeuser: $MAILDIR/probeuser
EOF
    postalias -c "$CONF" "hash:$CONF/aliases"
}

prepare_dirs() {
    # Fresh queue and data on every start; keep the previous log as maillog.1.
    rm -rf "$SPOOL" "$DATA" "$MAILDIR"
    if [[ -f "$MAILLOG" ]]; then mv -f "$MAILLOG" "$MAILLOG.1"; fi
    mkdir -p "$CONF" "$SPOOL" "$DATA" "$MAILDIR"
    chown root:root "$DIR" "$CONF" "$SPOOL"
    chmod 0755 "$DIR" "$CONF" "$SPOOL"
    chown postfix: "$DATA"
    chmod 0700 "$DATA"
    local nobody_group
    nobody_group="$(id -gn nobody)"
    chown "nobody:$nobody_group" "$MAILDIR"
    chmod 0755 "$MAILDIR"
    : >"$MAILLOG"
    chmod 0644 "$MAILLOG"
}

cmd_start() {
    need_root
    need_postfix
    check_port "$PORT"
    take_lock

    stop_instance
    require_free_port "$PORT"

    prepare_dirs
    write_config

    # alternate_config_directories (in /etc/postfix/main.cf) is only enforced
    # for the set-gid commands postdrop/postqueue (sendmail, mailq), which the
    # tests do not use; postfix(1) run by root accepts -c DIR as is. So the
    # default instance's configuration is left alone (it may not even exist).
    local out
    if ! out="$(postfix -c "$CONF" check 2>&1 </dev/null 9>&-)"; then
        printf '%s\n' "$out" >&2
        die "postfix check failed"
    fi
    if [[ -n "$out" ]]; then printf '%s\n' "$out" >&2; fi

    if ! postfix -c "$CONF" start </dev/null >"$DIR/start.log" 2>&1 9>&-; then
        cat "$DIR/start.log" >&2
        log "---- $MAILLOG ----"
        cat "$MAILLOG" >&2 || true
        die "postfix start failed"
    fi

    local deadline banner=""
    deadline=$((SECONDS + START_TIMEOUT))
    while ((SECONDS < deadline)); do
        banner="$(probe_banner "$PORT" || true)"
        if [[ "$banner" == 220\ * ]]; then break; fi
        sleep 0.2
    done
    if [[ "$banner" != 220\ *"(smtp-probe test)"* ]]; then
        log "no 220 banner from 127.0.0.1:$PORT within ${START_TIMEOUT}s (got: '${banner}')"
        cat "$DIR/start.log" >&2 || true
        log "---- $MAILLOG ----"
        cat "$MAILLOG" >&2 || true
        stop_instance || true
        die "postfix did not come up"
    fi
    log "postfix $(postconf -dh mail_version) running on 127.0.0.1:$PORT ($banner)"
    echo "SMTP_PROBE_POSTFIX_PORT=$PORT"
}

cmd_stop() {
    need_root
    if [[ -d "$DIR" ]]; then
        take_lock
        stop_instance
    else
        kill_leftovers # state dir removed under a running instance
    fi
    log "postfix instance in $DIR stopped"
}

cmd_status() {
    local pid rc=0
    if [[ -f "$CONF/main.cf" ]] && command -v postfix >/dev/null 2>&1 && master_running; then
        pid="$(tr -dc '0-9' <"$SPOOL/pid/master.pid")"
        echo "postfix: running (master pid $pid) on 127.0.0.1:$PORT, state dir $DIR"
    else
        echo "postfix: not running (port $PORT, state dir $DIR)"
        rc=3
    fi
    if sink_pid >/dev/null; then
        echo "smtp-sink: running (pid $(sink_pid)) on 127.0.0.1:$(cat "$DIR/sink.port" 2>/dev/null || echo '?')"
    else
        echo "smtp-sink: not running"
    fi
    return "$rc"
}

# ------------------------------------------------------------- smtp-sink ---

# Prints the pid of our smtp-sink if it is alive.
sink_pid() {
    local pid exe
    [[ -r "$SINK_PID" ]] || return 1
    pid="$(tr -dc '0-9' <"$SINK_PID")"
    [[ -n "$pid" ]] || return 1
    exe="$(readlink "/proc/$pid/exe" 2>/dev/null || true)"
    [[ "$exe" == */smtp-sink ]] || return 1
    echo "$pid"
}

stop_sink() {
    local pid i
    pid="$(sink_pid)" || { rm -f "$SINK_PID"; return 0; }
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
        alive "$pid" || break
        sleep 0.1
    done
    if alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
    rm -f "$SINK_PID" "$DIR/sink.port"
}

cmd_sink_start() {
    need_root
    local port="${1:-$SINK_PORT_DEFAULT}"
    check_port "$port"
    [[ -x /usr/sbin/smtp-sink ]] || die "/usr/sbin/smtp-sink missing; run: $0 install"
    take_lock
    stop_sink
    require_free_port "$port"
    # -u postfix: drop root; backlog 1000. ESMTP, PIPELINING, 8BITMIME and
    # CHUNKING are on by default. Fully detached (setsid, stdio to a file,
    # lock fd closed) so callers reading our stdout do not hang.
    setsid /usr/sbin/smtp-sink -u postfix -h sink.probe.test "127.0.0.1:$port" 1000 \
        </dev/null >"$SINK_LOG" 2>&1 9>&- &
    echo "$!" >"$SINK_PID"
    echo "$port" >"$DIR/sink.port"

    local deadline banner=""
    deadline=$((SECONDS + START_TIMEOUT))
    while ((SECONDS < deadline)); do
        banner="$(probe_banner "$port" || true)"
        if [[ "$banner" == 220\ * ]]; then break; fi
        sink_pid >/dev/null || break
        sleep 0.1
    done
    if [[ "$banner" != 220\ * ]]; then
        cat "$SINK_LOG" >&2 || true
        stop_sink
        die "smtp-sink did not answer on 127.0.0.1:$port"
    fi
    log "smtp-sink running on 127.0.0.1:$port (pid $(cat "$SINK_PID"), $banner)"
    echo "SMTP_PROBE_SINK_PORT=$port"
}

cmd_sink_stop() {
    need_root
    [[ -d "$DIR" ]] || return 0
    take_lock
    stop_sink
    log "smtp-sink stopped"
}

# ------------------------------------------------------------------ main ---

usage() {
    sed -n '3,13p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

main() {
    (($# >= 1)) || usage
    local cmd="$1"
    shift
    case "$cmd" in
        install) cmd_install "$@" ;;
        start) cmd_start "$@" ;;
        stop) cmd_stop "$@" ;;
        restart) cmd_stop && cmd_start ;;
        status) cmd_status "$@" ;;
        sink-start) cmd_sink_start "$@" ;;
        sink-stop) cmd_sink_stop "$@" ;;
        -h | --help | help) usage ;;
        *) log "unknown command: $cmd"; usage ;;
    esac
}

main "$@"
