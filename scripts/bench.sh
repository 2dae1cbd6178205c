#!/usr/bin/env bash
# Benchmark: full SMTP conversations per second against Postfix's smtp-sink on loopback, by smtp-probe and by
# a minimal raw-socket Java client (the floor) in the same run, serially and concurrently, with the ratios;
# then pipelined conversations (RFC 2920) with the round trips counted, many messages over one connection,
# and the same scenarios done by Postfix's smtp-source.
#
#   scripts/bench.sh [conversations] [concurrency]      (defaults 2000 and 16)
#
# Needs root (it installs and starts smtp-sink through scripts/postfix-test.sh). Prints figures; asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

N="${1:-2000}"
C="${2:-16}"
PORT="${SMTP_PROBE_SINK_PORT:-10026}"

bash scripts/postfix-test.sh install >/dev/null
bash scripts/postfix-test.sh sink-start "$PORT" >/dev/null
trap 'bash scripts/postfix-test.sh sink-stop >/dev/null 2>&1 || true' EXIT

mvn -q -B -ntp install -DskipTests
CPFILE="$(mktemp)"
mvn -q -B -ntp -pl smtp-probe-examples dependency:build-classpath -Dmdep.outputFile="$CPFILE"
CP="$(cat "$CPFILE")"
rm -f "$CPFILE"
java -cp "smtp-probe-examples/target/classes:$CP" dev.smtpprobe.examples.bench.ConversationBenchmark \
    127.0.0.1 "$PORT" "$N" "$C"

# The same scenarios done by Postfix's smtp-source in the same run: one message per connection, and every
# message over one connection (-d). smtp-source sends a small generated message.
timed() {
    local label="$1"; shift
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null
    end=$(date +%s.%N)
    awk -v l="$label" -v n="$N" -v s="$start" -v e="$end" \
        'BEGIN { printf "%-26s %6d messages in %6.2f s = %8.1f messages/s\n", l, n, e - s, n / (e - s) }'
}
SMTP_SOURCE="$(command -v smtp-source || echo /usr/sbin/smtp-source)"
timed "smtp-source, serial" "$SMTP_SOURCE" -s 1 -m "$N" -f bench@bench.test -t sink@bench.test 127.0.0.1:"$PORT"
timed "smtp-source, concurrent" "$SMTP_SOURCE" -s "$C" -m "$N" -f bench@bench.test -t sink@bench.test 127.0.0.1:"$PORT"
timed "smtp-source, 1 conn (-d)" "$SMTP_SOURCE" -d -s 1 -m "$N" -f bench@bench.test -t sink@bench.test 127.0.0.1:"$PORT"
