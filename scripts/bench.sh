#!/usr/bin/env bash
# Benchmark: full SMTP conversations per second against Postfix's smtp-sink on loopback, by smtp-probe and by
# a minimal raw-socket Java client (the floor) in the same run, serially and concurrently, with the ratios.
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
