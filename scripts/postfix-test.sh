#!/usr/bin/env bash
#
# postfix-test.sh - run a private, loopback-only Postfix (with STARTTLS,
# implicit TLS and Dovecot SASL AUTH) and smtp-sink for the smtp-probe
# integration tests (*IT) and for CI (.ci/run).
#
# Usage:
#   scripts/postfix-test.sh install          # apt-get postfix dovecot-core openssl if missing
#   scripts/postfix-test.sh start            # install what is missing, (re)start Postfix + Dovecot,
#                                            # wait for the ports (what the *IT tests call)
#   scripts/postfix-test.sh stop             # stop it (quietly succeeds if not running)
#   scripts/postfix-test.sh status           # exit 0 = Postfix and Dovecot running, 3 = not
#   scripts/postfix-test.sh sink-start [port]
#   scripts/postfix-test.sh sink-stop
#
# Must run as root (CI and the dev machines run as root). Needs no systemd and
# no syslog. Nothing here touches a system Postfix or Dovecot: postfix is
# installed with "No configuration", no system MTA or Dovecot is started
# (policy-rc.d), nothing listens on port 25, /etc/postfix/main.cf is never
# written and /etc/dovecot is never read (dovecot -c <own config>).
#
# Environment:
#   SMTP_PROBE_POSTFIX_DIR       state dir              (default /tmp/smtp-probe-postfix)
#   SMTP_PROBE_POSTFIX_PORT      smtpd port, STARTTLS   (default 10025)
#   SMTP_PROBE_POSTFIX_TLS_PORT  smtpd port, implicit TLS (like 465) (default 10465)
#   SMTP_PROBE_POSTFIX_RELAY_PORT smtpd port configured as an OPEN RELAY for
#                                loopback clients (default 10027)
#   SMTP_PROBE_POSTFIX_XCLIENT_PORT smtpd port that lets loopback clients send
#                                XCLIENT and XFORWARD (default 10028)
#   SMTP_PROBE_POSTFIX_PROXY_PORT smtpd port behind a PROXY protocol v1/v2
#                                load balancer: every connection must start
#                                with a HAProxy header (default 10029)
#   SMTP_PROBE_SINK_PORT         smtp-sink port         (default 10026)
#
# A second instance beside the default one (e.g. a helper's own, never
# restarting the shared one) sets SMTP_PROBE_POSTFIX_DIR and every port above
# to values of its own: the state dir holds the whole instance (config, queue,
# Dovecot's base_dir and auth socket, TLS files), nothing else is shared.
#
# State dir layout ($DIR):
#   etc/      config_directory (main.cf, master.cf, aliases)
#   spool/    queue_directory; spool/private/auth is Dovecot's auth socket
#             (postfix:postfix 0660)
#   data/     data_directory
#   mail/     local mailboxes: mail sent to probeuser@ / postmaster@probe.test
#             is appended (mbox format) to $DIR/mail/probeuser
#   maillog   Postfix log (maillog_file via postlogd; no syslog needed)
#   tls/      ca.pem, ca.key: test CA "O=smtp-probe test, CN=smtp-probe test CA"
#             server.pem (server certificate + CA), server.key: RSA 2048,
#             "O=smtp-probe test, CN=mx.probe.test", SAN DNS:mx.probe.test,
#             DNS:localhost, IP:127.0.0.1; both valid 30 days. Kept across
#             starts; start regenerates all four if any is missing, does not
#             verify, or expires within 2 days. Keys are root-only (0600).
#   dovecot/  dovecot.conf, users (passwd-file), dovecot.log, run/ (base_dir)
#   sink.pid, sink.log   smtp-sink
#
# What the instance is:
#   - listens ONLY on 127.0.0.1:$SMTP_PROBE_POSTFIX_PORT (plain SMTP, STARTTLS
#     offered, not required) and 127.0.0.1:$SMTP_PROBE_POSTFIX_TLS_PORT
#     (implicit TLS: TLS handshake first, then the 220; no STARTTLS there),
#     IPv4 only; master.cf has those two smtpd plus the internal unix services
#     (incl. tlsmgr); no port 25.
#   - TLS: TLSv1.2 and TLSv1.3 only (older versions get a protocol_version
#     alert), server certificate from $DIR/tls, smtpd_tls_loglevel = 1.
#   - SASL AUTH through a private Dovecot 2.3 (auth service only: no IMAP/POP3/
#     LMTP listeners, no TCP ports), mechanisms PLAIN LOGIN CRAM-MD5
#     SCRAM-SHA-256, users (passwd-file $DIR/dovecot/users, {PLAIN} passwords):
#         probeuser          / probepass
#         alice@probe.test   / wonderland
#     AUTH is offered only inside TLS (smtpd_tls_auth_only = yes): after
#     STARTTLS on $SMTP_PROBE_POSTFIX_PORT and on $SMTP_PROBE_POSTFIX_TLS_PORT.
#     No auth failure delay beyond Dovecot's 0.5 s failure-queue tick, and no
#     anvil auth penalty (a good login right after a bad one is not delayed).
#     NTLM is not available: Dovecot removed its NTLM mechanism in 2.3.13 (only
#     Samba-winbind NTLM remains, which needs a Windows/Samba domain).
#   - 127.0.0.1:$SMTP_PROBE_POSTFIX_RELAY_PORT is the same instance
#     misconfigured as an open relay, for the open-relay check's failing
#     case: its smtpd trusts mynetworks = 127.0.0.0/8, so a loopback client may
#     relay to any domain without AUTH (RCPT TO:<x@foreign.example> gets
#     250 2.1.5 Ok). Relayed mail is still discarded (default/relay transport
#     = discard:), and the tests never send DATA there anyway.
#   - 127.0.0.1:$SMTP_PROBE_POSTFIX_XCLIENT_PORT is the same instance with
#     smtpd_authorized_xclient_hosts = smtpd_authorized_xforward_hosts =
#     127.0.0.0/8 (Postfix XCLIENT_README, XFORWARD_README): a loopback client
#     may claim another client's NAME ADDR PORT PROTO HELO LOGIN DESTADDR
#     DESTPORT. Once XCLIENT claimed a client, Postfix authorizes the next
#     XCLIENT by the claimed address (192.0.2.x gets 550 5.7.0). A claimed
#     LOGIN makes the session SASL-authenticated (may relay) only inside TLS
#     (smtpd_tls_auth_only: SASL is off without TLS). Mail after XFORWARD is
#     logged as "<QUEUEID>: client=unknown[127.0.0.1], orig_client=NAME[ADDR]".
#   - 127.0.0.1:$SMTP_PROBE_POSTFIX_PROXY_PORT is the same instance behind a
#     load balancer: smtpd_upstream_proxy_protocol = haproxy (v1 and v2); a
#     connection that does not start with a PROXY header gets no greeting and
#     is dropped after smtpd_upstream_proxy_timeout (5 s).
#   - On those two ports (only) claimed clients in 192.0.2.0/24 (TEST-NET-1)
#     are refused, so a test sees which client Postfix believes it talks to:
#     smtpd_client_restrictions = check_client_access inline:{192.0.2=REJECT},
#     reported at RCPT (smtpd_delay_reject) as
#         554 5.7.1 <NAME[ADDR]>: Client host rejected: Access denied
#     NAME is "unknown" unless XCLIENT claims one (no DNS lookups).
#     With XCLIENT: EHLO lists "250-XCLIENT NAME ADDR PROTO HELO REVERSE_NAME
#     PORT LOGIN DESTADDR DESTPORT" and "250-XFORWARD NAME ADDR PROTO HELO
#     SOURCE PORT IDENT"; XCLIENT ... answers with a new greeting
#     "220 mx.probe.test ESMTP Postfix (smtp-probe test)" (EHLO again next);
#     XFORWARD ... answers "250 2.0.0 Ok".
#   - SASL-authenticated clients may relay (smtpd_relay_restrictions =
#     permit_sasl_authenticated, reject_unauth_destination); relayed mail is
#     accepted and discarded.
#   - myhostname = mx.probe.test, mydomain = probe.test,
#     mydestination = probe.test, mx.probe.test, localhost
#   - mynetworks = 127.0.0.2/32, i.e. 127.0.0.1 is NOT trusted, so relaying
#     from loopback to any other domain is refused (reject_unauth_destination)
#     unless the client has done SASL AUTH.
#   - valid local recipients are exactly the aliases: postmaster, probeuser,
#     root, abuse, mailer-daemon (local_recipient_maps = $alias_maps; system
#     accounts such as "nobody" are NOT valid recipients).
#   - no outbound mail at all: default/relay transport = discard:, so relayed
#     mail and bounces to foreign senders never touch the network.
#   - message_size_limit = 200000, VRFY enabled, SMTPUTF8 enabled,
#     smtpd_error_sleep_time = 0, no per-client connection count limit.
#
# Replies the tests can rely on (observed with Postfix 3.7.11, Dovecot
# 2.3.19.1, OpenSSL 3.0, Debian 12). Plain connection to $SMTP_PROBE_POSTFIX_PORT:
#   banner:                 220 mx.probe.test ESMTP Postfix (smtp-probe test)
#   EHLO client.test:       250-mx.probe.test
#                           250-PIPELINING
#                           250-SIZE 200000
#                           250-VRFY
#                           250-ETRN
#                           250-STARTTLS
#                           250-ENHANCEDSTATUSCODES
#                           250-8BITMIME
#                           250-DSN
#                           250-SMTPUTF8
#                           250 CHUNKING
#   MAIL FROM:<a@b.test>    250 2.1.0 Ok
#   RCPT TO:<postmaster@probe.test> / <probeuser@probe.test>
#                           250 2.1.5 Ok
#   RCPT TO:<x@foreign.example> (not authenticated, also over TLS)
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
#   AUTH ... (before STARTTLS)
#                           503 5.5.1 Error: authentication not enabled
#   STARTTLS                220 2.0.0 Ready to start TLS
#
# TLS (after STARTTLS on $SMTP_PROBE_POSTFIX_PORT, or on $SMTP_PROBE_POSTFIX_TLS_PORT):
#   openssl s_client -starttls smtp -connect 127.0.0.1:10025 \
#       -CAfile $DIR/tls/ca.pem -verify_hostname mx.probe.test
#                           chain: 0 s:O = smtp-probe test, CN = mx.probe.test
#                                  1 s:O = smtp-probe test, CN = smtp-probe test CA
#                           Verify return code: 0 (ok)   (TLSv1.3, TLS_AES_256_GCM_SHA384)
#   openssl s_client -connect 127.0.0.1:10465 -CAfile ... -verify_hostname mx.probe.test
#                           Verify return code: 0 (ok), then
#                           220 mx.probe.test ESMTP Postfix (smtp-probe test)
#   (JSSE with endpoint identification accepts mx.probe.test, localhost and
#   127.0.0.1, TLSv1.2 and TLSv1.3.)
#   EHLO client.test:       250-mx.probe.test
#                           250-PIPELINING
#                           250-SIZE 200000
#                           250-VRFY
#                           250-ETRN
#                           250-AUTH PLAIN LOGIN CRAM-MD5 SCRAM-SHA-256
#                           250-ENHANCEDSTATUSCODES
#                           250-8BITMIME
#                           250-DSN
#                           250-SMTPUTF8
#                           250 CHUNKING
#                           (no STARTTLS line; no "AUTH=" line)
#   AUTH PLAIN AHByb2JldXNlcgBwcm9iZXBhc3M=   (\0probeuser\0probepass)
#                           235 2.7.0 Authentication successful
#   AUTH LOGIN              334 VXNlcm5hbWU6, then 334 UGFzc3dvcmQ6, then 235 ...
#   AUTH CRAM-MD5           334 <base64 of "<digits.digits@HOSTNAME>"> (the
#                           machine's hostname, not mx.probe.test), then 235 ...
#   AUTH SCRAM-SHA-256      334 server-first (i=4096), 334 v=<server signature>,
#                           empty line, then 235 ...
#   wrong password / unknown user, any mechanism (after ~0.5 s):
#                           535 5.7.8 Error: authentication failed: (reason unavailable)
#   AUTH again after success
#                           503 5.5.1 Error: already authenticated
#   RCPT TO:<x@foreign.example> after AUTH
#                           250 2.1.5 Ok   (the message is discarded)
#   STARTTLS on $SMTP_PROBE_POSTFIX_TLS_PORT
#                           554 5.5.1 Error: TLS already active
#   All other replies as for the plain connection above.
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
# On a successful start stdout ends with these lines, the last one
# being SMTP_PROBE_POSTFIX_PORT:
#   SMTP_PROBE_POSTFIX_PROXY_PORT=<port>
#   SMTP_PROBE_POSTFIX_XCLIENT_PORT=<port>
#   SMTP_PROBE_POSTFIX_RELAY_PORT=<port>
#   SMTP_PROBE_POSTFIX_TLS_PORT=<port>
#   SMTP_PROBE_POSTFIX_CA=<state dir>/tls/ca.pem
#   SMTP_PROBE_POSTFIX_PORT=<port>
#
set -euo pipefail

readonly DIR="${SMTP_PROBE_POSTFIX_DIR:-/tmp/smtp-probe-postfix}"
readonly PORT="${SMTP_PROBE_POSTFIX_PORT:-10025}"
readonly TLS_PORT="${SMTP_PROBE_POSTFIX_TLS_PORT:-10465}"
readonly RELAY_PORT="${SMTP_PROBE_POSTFIX_RELAY_PORT:-10027}"
readonly XCLIENT_PORT="${SMTP_PROBE_POSTFIX_XCLIENT_PORT:-10028}"
readonly PROXY_PORT="${SMTP_PROBE_POSTFIX_PROXY_PORT:-10029}"
readonly SINK_PORT_DEFAULT="${SMTP_PROBE_SINK_PORT:-10026}"
readonly CONF="$DIR/etc"
readonly SPOOL="$DIR/spool"
readonly DATA="$DIR/data"
readonly MAILDIR="$DIR/mail"
readonly MAILLOG="$DIR/maillog"
readonly SINK_PID="$DIR/sink.pid"
readonly SINK_LOG="$DIR/sink.log"
readonly LOCK="$DIR/.lock"
readonly TLS="$DIR/tls"
readonly DOVECOT="$DIR/dovecot"
readonly DOVECOT_CONF="$DOVECOT/dovecot.conf"
readonly DOVECOT_RUN="$DOVECOT/run"
readonly DOVECOT_USERS="$DOVECOT/users"
readonly DOVECOT_LOG="$DOVECOT/dovecot.log"
readonly AUTH_SOCKET="$SPOOL/private/auth"
readonly TLS_HOST=mx.probe.test
readonly TLS_DAYS=30
readonly TLS_RENEW_SECONDS=$((2 * 24 * 3600))
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

# What a contributor without root reads when the integration tests ask for Postfix.
not_root_help() {
    log "ERROR: the real-server integration tests (smtp-probe-netty Postfix*IT, smtp-probe-examples CliPostfixIT)"
    log "  need a private Postfix + Dovecot on 127.0.0.1:$PORT, $TLS_PORT, $RELAY_PORT, $XCLIENT_PORT and"
    log "  $PROXY_PORT, which this script installs"
    log "  (Debian packages postfix, dovecot-core, openssl) and starts as root. Either run the tests as root, or"
    log "  start it once as root (sudo bash scripts/postfix-test.sh start) and run them as yourself, or run only the"
    log "  unit tests (./mvnw test). Nothing else needs root."
    exit 1
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

# Packages whose commands are missing: postfix (postconf, smtp-sink),
# dovecot-core (dovecot, doveadm) for SASL AUTH, openssl for the test CA.
missing_packages() {
    if ! command -v postconf >/dev/null 2>&1 || [[ ! -x /usr/sbin/smtp-sink ]]; then echo postfix; fi
    if [[ ! -x /usr/sbin/dovecot ]] || ! command -v doveadm >/dev/null 2>&1; then echo dovecot-core; fi
    if ! command -v openssl >/dev/null 2>&1; then echo openssl; fi
}

cmd_install() {
    need_root
    local -a pkgs
    mapfile -t pkgs < <(missing_packages)
    if ((${#pkgs[@]} == 0)); then
        log "postfix already installed ($(postconf -dh mail_version)), $(dovecot_version_string), $(openssl version)"
        return 0
    fi
    export DEBIAN_FRONTEND=noninteractive
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    echo "postfix postfix/mailname string mx.probe.test" | debconf-set-selections

    # Belt and braces: never let the packages start a system MTA or a system
    # Dovecot (there is no systemd; invoke-rc.d honours policy-rc.d).
    local policy=/usr/sbin/policy-rc.d created_policy=0
    if [[ ! -e "$policy" ]]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy"
        chmod 0755 "$policy"
        created_policy=1
    fi
    local -a apt_opts=(-y -q --no-install-recommends
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
    local rc=0
    log "installing: ${pkgs[*]}"
    apt-get install "${apt_opts[@]}" "${pkgs[@]}" </dev/null || rc=$?
    if ((rc != 0)); then
        log "apt-get install failed (rc=$rc); running apt-get update and retrying"
        rc=0
        apt-get update -q </dev/null || true
        apt-get install "${apt_opts[@]}" "${pkgs[@]}" </dev/null || rc=$?
    fi
    if ((created_policy)); then rm -f "$policy"; fi
    ((rc == 0)) || die "apt-get install ${pkgs[*]} failed"

    command -v postconf >/dev/null 2>&1 || die "postconf still missing after install"
    [[ -x /usr/sbin/smtp-sink ]] || die "/usr/sbin/smtp-sink missing after installing postfix"
    [[ -x /usr/sbin/dovecot ]] || die "/usr/sbin/dovecot missing after installing dovecot-core"
    command -v openssl >/dev/null 2>&1 || die "openssl missing after install"
    log "installed postfix $(postconf -dh mail_version), $(dovecot_version_string), $(openssl version)"
}

dovecot_version_string() {
    if [[ -x /usr/sbin/dovecot ]]; then
        echo "dovecot $(/usr/sbin/dovecot --version 2>/dev/null || echo '?')"
    else
        echo "dovecot not installed"
    fi
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

# The EHLO reply lines (CR stripped) of the plaintext listener on $1.
probe_ehlo() {
    local port="$1"
    (
        exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
        IFS= read -r -t 2 line <&3 || exit 1
        printf 'EHLO probe-check.test\r\n' >&3
        while IFS= read -r -t 2 line <&3; do
            line="${line%$'\r'}"
            printf '%s\n' "$line"
            [[ "$line" == 250-* ]] || break
        done
        printf 'QUIT\r\n' >&3 || true
    ) 2>/dev/null
}

# The 220 banner of the implicit-TLS listener on $1, only if the server
# certificate verifies against our CA for $TLS_HOST.
probe_tls_banner() {
    local port="$1" out
    out="$(printf 'QUIT\r\n' |
        timeout 10 openssl s_client -connect "127.0.0.1:$port" -quiet \
            -CAfile "$TLS/ca.pem" -verify_hostname "$TLS_HOST" -verify_return_error \
            2>/dev/null 9>&-)" || true
    out="${out//$'\r'/}"
    grep -m1 '^220 ' <<<"$out"
}

# The 220 banner of the PROXY-protocol listener on $1, after a v1 header
# claiming 127.0.0.1 (Postfix greets only once the header is read).
probe_proxied_banner() {
    local port="$1"
    (
        exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
        printf 'PROXY TCP4 127.0.0.1 127.0.0.1 40000 %s\r\n' "$port" >&3
        IFS= read -r -t 5 line <&3 || exit 1
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

# PIDs of the private Dovecot: the master (pid file in its base_dir) and
# every dovecot process whose working directory is that base_dir (the master
# chdir()s there and its children inherit it; it shows as "... (deleted)"
# if the state dir was removed under a running instance).
dovecot_pids() {
    local f pid exe cwd
    if [[ -r "$DOVECOT_RUN/master.pid" ]]; then
        pid="$(tr -dc '0-9' <"$DOVECOT_RUN/master.pid")"
        if [[ -n "$pid" ]] && alive "$pid" &&
            [[ "$(readlink "/proc/$pid/exe" 2>/dev/null || true)" == /usr/sbin/dovecot* ]]; then
            echo "$pid"
        fi
    fi
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
            "$DOVECOT_RUN" | "$DOVECOT_RUN/"* | "$DOVECOT_RUN (deleted)") ;;
            *) continue ;;
        esac
        alive "$pid" && echo "$pid"
    done | sort -un
}

# TERM, then KILL, whatever the pid lister ($2) still reports.
kill_pids() {
    local what="$1" lister="$2" pids pid i
    pids="$("$lister")"
    [[ -n "$pids" ]] || return 0
    log "$what processes left, sending SIGTERM: $(echo "$pids" | tr '\n' ' ')"
    for pid in $pids; do kill -TERM "$pid" 2>/dev/null || true; done
    for ((i = 0; i < 30; i++)); do
        pids="$("$lister")"
        [[ -n "$pids" ]] || return 0
        sleep 0.1
    done
    log "sending SIGKILL: $(echo "$pids" | tr '\n' ' ')"
    for pid in $pids; do kill -KILL "$pid" 2>/dev/null || true; done
    sleep 0.2
    pids="$("$lister")"
    [[ -z "$pids" ]] || die "could not stop $what processes: $(echo "$pids" | tr '\n' ' ')"
}

# TERM, then KILL, whatever is left of this instance (Postfix and Dovecot).
kill_leftovers() {
    kill_pids postfix instance_pids
    kill_pids dovecot dovecot_pids
}

stop_postfix() {
    local i
    if command -v postfix >/dev/null 2>&1 && master_running; then
        postfix -c "$CONF" stop </dev/null >/dev/null 2>&1 9>&- || true
        for ((i = 0; i < 100; i++)); do
            [[ -n "$(instance_pids)" ]] || break
            sleep 0.1
        done
    fi
    kill_pids postfix instance_pids
}

# SIGTERM to the Dovecot master makes it stop all its children and exit.
stop_dovecot() {
    local pid i
    if [[ -r "$DOVECOT_RUN/master.pid" ]]; then
        pid="$(tr -dc '0-9' <"$DOVECOT_RUN/master.pid")"
        if [[ -n "$pid" ]] && alive "$pid" &&
            [[ "$(readlink "/proc/$pid/exe" 2>/dev/null || true)" == /usr/sbin/dovecot* ]]; then
            kill -TERM "$pid" 2>/dev/null || true
            for ((i = 0; i < 100; i++)); do
                [[ -n "$(dovecot_pids)" ]] || break
                sleep 0.1
            done
        fi
    fi
    kill_pids dovecot dovecot_pids
}

# Postfix first (it is Dovecot's auth client), then Dovecot.
stop_instance() {
    stop_postfix
    stop_dovecot
}

# ------------------------------------------------------------------ TLS ---

# True if $TLS holds a CA and a matching server certificate for $TLS_HOST,
# localhost and 127.0.0.1 signed by it, neither expiring within 2 days.
tls_usable() {
    local f
    for f in ca.pem ca.key server.pem server.key; do
        [[ -s "$TLS/$f" ]] || return 1
    done
    openssl x509 -noout -checkend "$TLS_RENEW_SECONDS" -in "$TLS/ca.pem" >/dev/null 2>&1 || return 1
    openssl x509 -noout -checkend "$TLS_RENEW_SECONDS" -in "$TLS/server.pem" >/dev/null 2>&1 || return 1
    openssl verify -CAfile "$TLS/ca.pem" -purpose sslserver -verify_hostname "$TLS_HOST" \
        "$TLS/server.pem" >/dev/null 2>&1 || return 1
    openssl verify -CAfile "$TLS/ca.pem" -purpose sslserver -verify_hostname localhost \
        "$TLS/server.pem" >/dev/null 2>&1 || return 1
    openssl verify -CAfile "$TLS/ca.pem" -purpose sslserver -verify_ip 127.0.0.1 \
        "$TLS/server.pem" >/dev/null 2>&1 || return 1
    [[ "$(openssl x509 -noout -pubkey -in "$TLS/server.pem" 2>/dev/null)" == \
        "$(openssl pkey -pubout -in "$TLS/server.key" 2>/dev/null)" ]] || return 1
    [[ "$(openssl x509 -noout -pubkey -in "$TLS/ca.pem" 2>/dev/null)" == \
        "$(openssl pkey -pubout -in "$TLS/ca.key" 2>/dev/null)" ]] || return 1
}

# Test CA + server certificate in $TLS (kept across starts; regenerated only
# if missing, broken or expiring within 2 days).
ensure_tls() {
    command -v openssl >/dev/null 2>&1 || die "openssl is not installed; run: $0 install"
    mkdir -p "$TLS"
    chown root:root "$TLS"
    chmod 0755 "$TLS"
    if tls_usable; then
        log "reusing TLS certificates in $TLS (server certificate $(openssl x509 -noout -enddate -in "$TLS/server.pem"))"
        return 0
    fi
    log "generating test CA and server certificate for $TLS_HOST in $TLS"
    local tmp="$TLS/.new"
    rm -rf "$tmp"
    mkdir -m 0700 "$tmp"
    cat >"$tmp/openssl.cnf" <<EOF
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[v3_ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[v3_server]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:$TLS_HOST, DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
    local out
    if ! out="$(
        set -e
        exec 2>&1 </dev/null 9>&-
        cd "$tmp"
        openssl req -config openssl.cnf -x509 -new -newkey rsa:2048 -nodes -sha256 \
            -days "$TLS_DAYS" -subj "/O=smtp-probe test/CN=smtp-probe test CA" \
            -extensions v3_ca -keyout ca.key -out ca.pem
        openssl req -config openssl.cnf -new -newkey rsa:2048 -nodes -sha256 \
            -subj "/O=smtp-probe test/CN=$TLS_HOST" -keyout server.key -out server.csr
        openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key \
            -set_serial "0x$(openssl rand -hex 16)" -days "$TLS_DAYS" -sha256 \
            -extfile openssl.cnf -extensions v3_server -out server.crt
        cat server.crt ca.pem >server.pem
    )"; then
        printf '%s\n' "$out" >&2
        rm -rf "$tmp"
        die "could not generate TLS certificates"
    fi
    chmod 0600 "$tmp/ca.key" "$tmp/server.key"
    chmod 0644 "$tmp/ca.pem" "$tmp/server.pem"
    mv -f "$tmp/ca.key" "$tmp/ca.pem" "$tmp/server.key" "$tmp/server.pem" "$TLS/"
    rm -rf "$tmp"
    tls_usable || die "generated TLS certificates in $TLS do not verify"
}

# -------------------------------------------------------------- Dovecot ---

need_dovecot() {
    if [[ ! -x /usr/sbin/dovecot ]] || ! command -v doveadm >/dev/null 2>&1; then
        die "dovecot is not installed; run: $0 install"
    fi
}

write_dovecot_config() {
    local uid gid
    uid="$(id -u nobody)"
    gid="$(id -g nobody)"
    # passwd-file: user:password:uid:gid:gecos:home:shell:extra. {PLAIN} keeps
    # the plaintext, from which Dovecot derives what CRAM-MD5 and SCRAM need.
    cat >"$DOVECOT_USERS" <<EOF
probeuser:{PLAIN}probepass:$uid:$gid::/nonexistent::
alice@probe.test:{PLAIN}wonderland:$uid:$gid::/nonexistent::
EOF
    chown root:dovecot "$DOVECOT_USERS"
    chmod 0640 "$DOVECOT_USERS"

    cat >"$DOVECOT_CONF" <<EOF
# Generated by scripts/postfix-test.sh - private SASL auth server for the
# smtp-probe Postfix test instance. Auth only: no IMAP/POP3/LMTP listeners.
instance_name = smtp-probe-dovecot
base_dir = $DOVECOT_RUN
state_dir = $DOVECOT/state
protocols =
listen = 127.0.0.1
log_path = $DOVECOT_LOG
ssl = no
# Postfix only offers AUTH inside TLS (smtpd_tls_auth_only) and tells
# Dovecot nothing useful about that, so do not hide plaintext mechanisms.
disable_plaintext_auth = no
auth_mechanisms = plain login cram-md5 scram-sha-256
# No brute-force slow-down for the tests: no failure delay, and no anvil auth
# penalty (otherwise a login after a failed one from 127.0.0.1 waits 4-15 s).
auth_failure_delay = 0
auth_verbose = yes
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $DOVECOT_USERS
}
userdb {
  driver = passwd-file
  args = username_format=%u $DOVECOT_USERS
}
service auth {
  unix_listener $AUTH_SOCKET {
    mode = 0660
    user = postfix
    group = postfix
  }
}
EOF
    chmod 0644 "$DOVECOT_CONF"
}

start_dovecot() {
    local out
    if ! out="$(dovecot -c "$DOVECOT_CONF" -n 2>&1 >/dev/null </dev/null 9>&-)"; then
        printf '%s\n' "$out" >&2
        die "dovecot configuration check failed"
    fi
    # Daemonizes; stdio to a file and the lock fd closed so nothing waits on it.
    if ! dovecot -c "$DOVECOT_CONF" </dev/null >"$DOVECOT/start.log" 2>&1 9>&-; then
        cat "$DOVECOT/start.log" "$DOVECOT_LOG" >&2 || true
        die "dovecot start failed"
    fi
    local deadline
    deadline=$((SECONDS + START_TIMEOUT))
    while ((SECONDS < deadline)); do
        [[ -S "$AUTH_SOCKET" ]] && break
        sleep 0.1
    done
    # The auth process starts on demand: one real lookup proves the config
    # (mechanisms, passdb) is usable.
    if [[ ! -S "$AUTH_SOCKET" ]] ||
        ! out="$(timeout 20 doveadm -c "$DOVECOT_CONF" auth test -a "$DOVECOT_RUN/auth-client" \
            probeuser probepass 2>&1 </dev/null 9>&-)"; then
        printf '%s\n' "$out" >&2
        log "---- $DOVECOT_LOG ----"
        cat "$DOVECOT_LOG" >&2 || true
        stop_dovecot || true
        die "dovecot auth did not come up (socket $AUTH_SOCKET)"
    fi
    log "dovecot $(dovecot --version 2>/dev/null | cut -d' ' -f1) auth running (socket $AUTH_SOCKET)"
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
# SASL-authenticated clients may relay; everybody else only to our domains.
smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination
smtpd_recipient_restrictions =
smtpd_data_restrictions =

# STARTTLS offered (not required) on $PORT; the implicit-TLS listener on
# $TLS_PORT overrides smtpd_tls_wrappermode/security_level in master.cf.
smtpd_tls_security_level = may
smtpd_tls_chain_files = $TLS/server.key, $TLS/server.pem
smtpd_tls_loglevel = 1
smtpd_tls_protocols = >=TLSv1.2
smtpd_tls_mandatory_protocols = >=TLSv1.2
smtpd_tls_received_header = no

# SASL AUTH through the private Dovecot; AUTH only inside TLS.
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = private/auth
smtpd_tls_auth_only = yes
smtpd_sasl_security_options = noanonymous
smtpd_sasl_tls_security_options = noanonymous
broken_sasl_auth_clients = no
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

# Never send anything off this machine. Mail for other domains (only
# SASL-authenticated clients get it past smtpd_relay_restrictions, plus
# bounces to foreign senders) is accepted and silently discarded; an error:
# transport would make smtpd refuse authenticated relay at RCPT with 550.
default_transport = discard:outbound mail discarded (smtp-probe test instance)
relay_transport = discard:outbound mail discarded (smtp-probe test instance)
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
    if ! postconf -d smtpd_tls_chain_files >/dev/null 2>&1; then
        sed -i "s|^smtpd_tls_chain_files = .*|smtpd_tls_cert_file = $TLS/server.pem\nsmtpd_tls_key_file = $TLS/server.key|" "$CONF/main.cf"
    fi
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

    # Minimal master.cf: smtpd (STARTTLS) and smtpd (implicit TLS) on
    # loopback plus internal services. No chroot anywhere (chroot would need
    # copies of /etc files).
    cat >"$CONF/master.cf" <<EOF
# Generated by scripts/postfix-test.sh - private smtp-probe test instance.
# service   type  private unpriv  chroot  wakeup  maxproc command + args
127.0.0.1:$PORT inet n    -       n       -       -       smtpd
127.0.0.1:$TLS_PORT inet n -      n       -       -       smtpd
  -o syslog_name=postfix/submissions
  -o smtpd_tls_wrappermode=yes
  -o smtpd_tls_security_level=encrypt
127.0.0.1:$RELAY_PORT inet n -    n       -       -       smtpd
  -o syslog_name=postfix/openrelay
  -o mynetworks=127.0.0.0/8
  -o smtpd_relay_restrictions=permit_mynetworks,reject_unauth_destination
127.0.0.1:$XCLIENT_PORT inet n -  n       -       -       smtpd
  -o syslog_name=postfix/xclient
  -o smtpd_authorized_xclient_hosts=127.0.0.0/8
  -o smtpd_authorized_xforward_hosts=127.0.0.0/8
  -o smtpd_client_restrictions=check_client_access,inline:{192.0.2=REJECT}
127.0.0.1:$PROXY_PORT inet n -    n       -       -       smtpd
  -o syslog_name=postfix/proxy
  -o smtpd_upstream_proxy_protocol=haproxy
  -o smtpd_client_restrictions=check_client_access,inline:{192.0.2=REJECT}
tlsmgr      unix  -       -       n       1000?   1       tlsmgr
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
    # Same for Dovecot's runtime dirs; the TLS files in $TLS are kept.
    rm -rf "$SPOOL" "$DATA" "$MAILDIR" "$DOVECOT_RUN" "$DOVECOT/state"
    if [[ -f "$MAILLOG" ]]; then mv -f "$MAILLOG" "$MAILLOG.1"; fi
    if [[ -f "$DOVECOT_LOG" ]]; then mv -f "$DOVECOT_LOG" "$DOVECOT_LOG.1"; fi
    mkdir -p "$CONF" "$SPOOL" "$DATA" "$MAILDIR" "$DOVECOT" "$DOVECOT_RUN" "$DOVECOT/state"
    chown root:root "$DIR" "$CONF" "$SPOOL" "$DOVECOT" "$DOVECOT_RUN" "$DOVECOT/state"
    chmod 0755 "$DIR" "$CONF" "$SPOOL" "$DOVECOT" "$DOVECOT_RUN" "$DOVECOT/state"
    # Dovecot puts its auth socket into Postfix's private/ before Postfix
    # starts; create it the way postfix-files would.
    mkdir -p "$SPOOL/private"
    chown postfix:root "$SPOOL/private"
    chmod 0700 "$SPOOL/private"
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
    if [[ "$(id -u)" -ne 0 ]]; then
        # A contributor without root can use an instance that root started; it is not restarted then.
        if [[ "$(probe_banner "$PORT")" == "220 mx.probe.test"* && "$(probe_banner "$RELAY_PORT")" == "220 "* ]]; then
            log "already running (started by root); not restarted"
            return 0
        fi
        not_root_help
    fi
    # A fresh machine has none of it: the test command must work there with nothing installed by hand.
    if [[ -n "$(missing_packages)" ]]; then cmd_install; fi
    need_postfix
    need_dovecot
    check_port "$PORT"
    check_port "$TLS_PORT"
    check_port "$RELAY_PORT"
    check_port "$XCLIENT_PORT"
    check_port "$PROXY_PORT"
    ((PORT != TLS_PORT)) || die "SMTP_PROBE_POSTFIX_PORT and SMTP_PROBE_POSTFIX_TLS_PORT must differ"
    ((RELAY_PORT != PORT && RELAY_PORT != TLS_PORT)) || die "SMTP_PROBE_POSTFIX_RELAY_PORT must differ from the others"
    (($(printf '%s\n' "$PORT" "$TLS_PORT" "$RELAY_PORT" "$XCLIENT_PORT" "$PROXY_PORT" | sort -u | wc -l) == 5)) ||
        die "the five SMTP_PROBE_POSTFIX_*PORT ports must all differ"
    take_lock

    stop_instance
    require_free_port "$PORT"
    require_free_port "$TLS_PORT"
    require_free_port "$RELAY_PORT"
    require_free_port "$XCLIENT_PORT"
    require_free_port "$PROXY_PORT"

    prepare_dirs
    ensure_tls
    write_config
    write_dovecot_config
    start_dovecot

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
        stop_instance || true
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
    local ehlo
    ehlo="$(probe_ehlo "$PORT" || true)"
    if ! grep -q "^250[ -]STARTTLS" <<<"$ehlo"; then
        log "127.0.0.1:$PORT does not offer STARTTLS"
        log "---- $MAILLOG ----"
        cat "$MAILLOG" >&2 || true
        stop_instance || true
        die "postfix TLS setup failed"
    fi

    # The implicit-TLS port says nothing before a TLS handshake: wait for a
    # handshake that verifies against our CA, then the 220.
    local tls_banner=""
    deadline=$((SECONDS + START_TIMEOUT))
    while ((SECONDS < deadline)); do
        tls_banner="$(probe_tls_banner "$TLS_PORT" || true)"
        if [[ "$tls_banner" == 220\ * ]]; then break; fi
        sleep 0.2
    done
    if [[ "$tls_banner" != 220\ *"(smtp-probe test)"* ]]; then
        log "no verified TLS 220 banner from 127.0.0.1:$TLS_PORT within ${START_TIMEOUT}s (got: '${tls_banner}')"
        log "---- $MAILLOG ----"
        cat "$MAILLOG" >&2 || true
        stop_instance || true
        die "postfix implicit-TLS listener did not come up"
    fi
    local relay_banner=""
    deadline=$((SECONDS + START_TIMEOUT))
    while ((SECONDS < deadline)); do
        relay_banner="$(probe_banner "$RELAY_PORT" || true)"
        if [[ "$relay_banner" == 220\ * ]]; then break; fi
        sleep 0.2
    done
    if [[ "$relay_banner" != 220\ * ]]; then
        log "no 220 banner from the open-relay port 127.0.0.1:$RELAY_PORT within ${START_TIMEOUT}s"
        cat "$MAILLOG" >&2 || true
        stop_instance || true
        die "postfix open-relay listener did not come up"
    fi
    # The XCLIENT listener must offer XCLIENT to loopback; the PROXY listener greets only after a header.
    local xclient_ehlo="" proxy_banner=""
    deadline=$((SECONDS + START_TIMEOUT))
    while ((SECONDS < deadline)); do
        xclient_ehlo="$(probe_ehlo "$XCLIENT_PORT" || true)"
        if grep -q "^250[ -]XCLIENT " <<<"$xclient_ehlo"; then break; fi
        sleep 0.2
    done
    if ! grep -q "^250[ -]XCLIENT " <<<"$xclient_ehlo"; then
        log "127.0.0.1:$XCLIENT_PORT does not offer XCLIENT within ${START_TIMEOUT}s (EHLO: ${xclient_ehlo})"
        cat "$MAILLOG" >&2 || true
        stop_instance || true
        die "postfix XCLIENT listener did not come up"
    fi
    deadline=$((SECONDS + START_TIMEOUT))
    while ((SECONDS < deadline)); do
        proxy_banner="$(probe_proxied_banner "$PROXY_PORT" || true)"
        if [[ "$proxy_banner" == 220\ * ]]; then break; fi
        sleep 0.2
    done
    if [[ "$proxy_banner" != 220\ *"(smtp-probe test)"* ]]; then
        log "no 220 banner after a PROXY header from 127.0.0.1:$PROXY_PORT within ${START_TIMEOUT}s (got: '${proxy_banner}')"
        cat "$MAILLOG" >&2 || true
        stop_instance || true
        die "postfix PROXY protocol listener did not come up"
    fi
    log "postfix $(postconf -dh mail_version) running on 127.0.0.1:$PORT ($banner, STARTTLS)," \
        "127.0.0.1:$TLS_PORT (implicit TLS), 127.0.0.1:$RELAY_PORT (open relay)," \
        "127.0.0.1:$XCLIENT_PORT (XCLIENT/XFORWARD) and 127.0.0.1:$PROXY_PORT (PROXY protocol)"
    echo "SMTP_PROBE_POSTFIX_PROXY_PORT=$PROXY_PORT"
    echo "SMTP_PROBE_POSTFIX_XCLIENT_PORT=$XCLIENT_PORT"
    echo "SMTP_PROBE_POSTFIX_RELAY_PORT=$RELAY_PORT"
    echo "SMTP_PROBE_POSTFIX_TLS_PORT=$TLS_PORT"
    echo "SMTP_PROBE_POSTFIX_CA=$TLS/ca.pem"
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
        echo "postfix: running (master pid $pid) on 127.0.0.1:$PORT, $TLS_PORT (implicit TLS), $RELAY_PORT (open relay), $XCLIENT_PORT (XCLIENT), $PROXY_PORT (PROXY), state dir $DIR"
    else
        echo "postfix: not running (ports $PORT, $TLS_PORT, state dir $DIR)"
        rc=3
    fi
    pid="$(dovecot_pids)"
    if [[ -n "$pid" && -S "$AUTH_SOCKET" ]]; then
        echo "dovecot: running (master pid $(tr -dc '0-9' 2>/dev/null <"$DOVECOT_RUN/master.pid" || echo '?')), auth socket $AUTH_SOCKET"
    else
        echo "dovecot: not running"
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
    sed -n '3,14p' "$0" | sed 's/^# \{0,1\}//' >&2
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
