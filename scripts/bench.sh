#!/usr/bin/env bash
# Benchmark: the same SMTP conversation (EHLO, MAIL, RCPT, DATA with a 1 KB message, QUIT) held by a raw blocking
# java.net.Socket (the floor), Apache Commons Net, the Vert.x mail client, Angus Mail and smtp-probe (blocking,
# pipelined, async), against Postfix's smtp-sink on loopback, in the scenarios serial, concurrent and reuse; then
# 10,000 idle sessions held open at once (raw socket and smtp-probe). Prints, per client and scenario, client CPU,
# wall time, allocation and context switches per operation, each also as a multiple of the raw socket's.
# What is measured and how: smtp-probe-examples/docs/benchmark.md.
#
#   scripts/bench.sh           the full run (10-12 minutes on 2 cores; stops by itself after BENCH_TIME_LIMIT)
#   scripts/bench.sh quick     a short run (500 warm-up, 500 measured, 1,000 idle sessions) to check the set-up
#   scripts/bench.sh jmh [JMH options]   the JMH microbenchmarks (reply decoder, EHLO parsing, content preparation)
#
# The benchmark is its own Maven project in scripts/bench/ (the peers are benchmark-only dependencies); this
# script first installs smtp-probe from this checkout (mvnw install -DskipTests) into the local repository, so run
# it alone. Needs root to start smtp-sink as user postfix (and installs Postfix through scripts/postfix-test.sh
# when smtp-sink is missing). Only 127.0.0.1 is used. Asserts nothing.
#
# Environment (defaults in brackets):
#   BENCH_PORT [10040]            port of the benchmark's own sink on 127.0.0.1; the idle sessions' NIO sink
#                                 listens on the next port
#   BENCH_SINK [smtp-sink]        the conversations' sink: smtp-sink (Postfix's) or nio (scripts/bench's NioSink)
#   BENCH_WARMUP [20000]          conversations (messages, for reuse) before measuring, per client and scenario
#   BENCH_OPS [5000]              operations per measured round; BENCH_ROUNDS [3] rounds, medians reported
#   BENCH_REUSE_OPS [4 x OPS]     messages per measured round of the reuse scenario (a message costs less)
#   BENCH_CONCURRENCY [50]        conversations at a time in the concurrent scenario
#   BENCH_PER_CONNECTION [1000]   messages per connection in the reuse scenario
#   BENCH_SESSIONS [10000]        idle sessions held at once; 0 skips that scenario
#   BENCH_LONG_MESSAGES [100000]  messages over one connection (after the warm-up on another), RSS and heap
#                                 every tenth of the way; 0 skips that scenario
#   BENCH_LONG_CLIENTS [raw commons-net probe-blocking]   the clients of that scenario
#   BENCH_CLIENTS, BENCH_SCENARIOS   space-separated subsets (see below)
#   BENCH_PIN [none]              none; split: the sinks on CPU 0, each client JVM on CPU 1; same: all on CPU 0
#   BENCH_TIME_LIMIT [1200]       seconds for the whole run; a client still running then is stopped
#   BENCH_M2                      a Maven local repository to use instead of ~/.m2 (-Dmaven.repo.local)
#   BENCH_MVN [./mvnw]            the Maven command; BENCH_SKIP_INSTALL=1 skips installing smtp-probe
#   BENCH_JAVA_OPTS               JVM options of the client JVMs [-Xms1g -Xmx1g -XX:+UseG1GC
#                                 -XX:-UseDynamicNumberOfCompilerThreads]
set -euo pipefail
cd "$(dirname "$0")/.."

MODE="${1:-full}"
[[ $# -gt 0 ]] && shift
PORT="${BENCH_PORT:-10040}"
IDLE_PORT=$((PORT + 1))
SINK="${BENCH_SINK:-smtp-sink}"
WARMUP="${BENCH_WARMUP:-20000}"
OPS="${BENCH_OPS:-5000}"
ROUNDS="${BENCH_ROUNDS:-3}"
CONCURRENCY="${BENCH_CONCURRENCY:-50}"
PER_CONNECTION="${BENCH_PER_CONNECTION:-1000}"
SESSIONS="${BENCH_SESSIONS:-10000}"
CLIENTS="${BENCH_CLIENTS:-raw commons-net vertx angus probe-blocking probe-pipelined probe-async}"
SCENARIOS="${BENCH_SCENARIOS:-serial concurrent reuse}"
LONG_MESSAGES="${BENCH_LONG_MESSAGES:-100000}"
LONG_CLIENTS="${BENCH_LONG_CLIENTS:-raw commons-net probe-blocking}"
TIME_LIMIT="${BENCH_TIME_LIMIT:-1200}"
MVN="${BENCH_MVN:-./mvnw}"
JAVA_OPTS="${BENCH_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseG1GC -XX:-UseDynamicNumberOfCompilerThreads}"
REUSE_OPS="${BENCH_REUSE_OPS:-$((OPS * 4))}"
case "$MODE" in
    full) ;;
    quick)
        WARMUP="${BENCH_WARMUP:-500}"; OPS="${BENCH_OPS:-500}"; SESSIONS="${BENCH_SESSIONS:-1000}"
        PER_CONNECTION="${BENCH_PER_CONNECTION:-250}"; REUSE_OPS="${BENCH_REUSE_OPS:-$OPS}"
        LONG_MESSAGES="${BENCH_LONG_MESSAGES:-2000}" ;;
    jmh) ;;
    *) echo "usage: $0 [full|quick|jmh [JMH options]]" >&2; exit 2 ;;
esac

M2=()
[[ -n "${BENCH_M2:-}" ]] && M2=(-Dmaven.repo.local="$BENCH_M2")
OUT_DIR=scripts/bench/target
BENCH_POM=scripts/bench/pom.xml

# --- build: smtp-probe from this checkout, then the benchmark project and its class path ---
if [[ "${BENCH_SKIP_INSTALL:-0}" != 1 ]]; then
    echo "bench: installing smtp-probe from this checkout (${MVN} install -DskipTests)" >&2
    $MVN -q -B -ntp "${M2[@]}" install -DskipTests -Dmaven.javadoc.skip=true
fi
$MVN -q -B -ntp "${M2[@]}" -f "$BENCH_POM" compile dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt >/dev/null
CP="$OUT_DIR/classes:$(cat "$OUT_DIR/classpath.txt")"

if [[ "$MODE" == jmh ]]; then
    # Defaults short enough for a shared 2-core machine; pass JMH options to change them (e.g. -f 3 -i 10).
    ARGS=("$@")
    [[ ${#ARGS[@]} -eq 0 ]] && ARGS=(-f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc)
    exec timeout "$TIME_LIMIT" java -cp "$CP" org.openjdk.jmh.Main "${ARGS[@]}"
fi

# --- the sinks: our own, so the shared smtp-sink of scripts/postfix-test.sh is left alone ---
SMTP_SINK=/usr/sbin/smtp-sink
if [[ "$SINK" == smtp-sink ]]; then
    [[ -x "$SMTP_SINK" ]] || bash scripts/postfix-test.sh install >/dev/null
    [[ -x "$SMTP_SINK" ]] || { echo "bench: $SMTP_SINK missing" >&2; exit 1; }
fi

# Idle sessions need a descriptor each in the client and in the sink.
NEED_FDS=$((SESSIONS + 1000))
if (($(ulimit -n) < NEED_FDS)); then
    ulimit -n "$NEED_FDS" 2>/dev/null || ulimit -n "$(ulimit -Hn)"
fi
if (($(ulimit -n) < NEED_FDS)) && ((SESSIONS > 0)); then
    SESSIONS=$(($(ulimit -n) - 1000))
    echo "bench: file-descriptor limit $(ulimit -n): idle sessions reduced to $SESSIONS" >&2
fi

# Pinning: none by default. On the 2-core VM this was written on, a sink and a client on different cores cost
# the raw socket 2.5x the CPU per conversation (cross-core wake-ups: 510 us against 170-200 us unpinned or on one
# core), a constant per round trip that every client pays and that squeezes the ratios.
PIN_SINK=() PIN_CLIENT=()
case "${BENCH_PIN:-none}" in
    none) ;;
    split) (($(nproc) >= 2)) && PIN_SINK=(taskset -c 0) PIN_CLIENT=(taskset -c 1) ;;
    same) PIN_SINK=(taskset -c 0) PIN_CLIENT=(taskset -c 0) ;;
    *) echo "bench: BENCH_PIN is none, split or same" >&2; exit 2 ;;
esac
SINK_USER=()
[[ $(id -u) == 0 ]] && SINK_USER=(-u postfix)

mkdir -p "$OUT_DIR"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RAW="$OUT_DIR/bench-$STAMP.txt"
REPORT="$OUT_DIR/bench-$STAMP.md"
banner_of() { # port: the first line the server there sends, or nothing
    timeout 5 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" && read -r line <&3 && printf "QUIT\r\n" >&3 \
        && echo "$line"' _ "$1" 2>/dev/null || true
}
SINK_PIDS=()
stop_sinks() {
    local p
    for p in "${SINK_PIDS[@]}"; do
        kill "$p" 2>/dev/null || true
        timeout 10 tail --pid="$p" -f /dev/null 2>/dev/null || kill -KILL "$p" 2>/dev/null || true
        wait "$p" 2>/dev/null || true
    done
}
trap stop_sinks EXIT
start_sink() { # kind port: starts a sink there and waits for its banner
    local kind="$1" port="$2" banner="" i
    if [[ -n "$(banner_of "$port")" ]]; then
        echo "bench: something already listens on 127.0.0.1:$port; set BENCH_PORT" >&2
        exit 1
    fi
    if [[ "$kind" == smtp-sink ]]; then
        "${PIN_SINK[@]}" "$SMTP_SINK" "${SINK_USER[@]}" -m 1000 -h sink.bench.test "127.0.0.1:$port" 4096 \
            </dev/null >"$OUT_DIR/sink-$STAMP-$port.log" 2>&1 &
    else
        "${PIN_SINK[@]}" java -Xms256m -Xmx512m -cp "$CP" dev.smtpprobe.bench.sink.NioSink "$port" \
            $((TIME_LIMIT + 120)) </dev/null >"$OUT_DIR/sink-$STAMP-$port.log" 2>&1 &
    fi
    SINK_PIDS+=($!)
    for ((i = 0; i < 100; i++)); do
        banner="$(banner_of "$port")"
        [[ "$banner" == 220* ]] && return
        sleep 0.1
    done
    echo "bench: the $kind sink did not answer on 127.0.0.1:$port" >&2
    exit 1
}
# The conversations go to Postfix's smtp-sink (BENCH_SINK=nio: to the in-repo NIO sink); the idle sessions to
# the NIO sink always, because smtp-sink's CPU per event grows with the sessions it holds (6,000 open sessions
# cost it 11 s of CPU to accept, 1,000 cost it 0.8 s), which would time the sink instead of the client.
start_sink "$SINK" "$PORT"
((SESSIONS > 0)) && start_sink nio "$IDLE_PORT"

{
    echo "# smtp-probe benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "- machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'),"\
         "$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), Linux $(uname -r)"
    echo "- JDK: $(java -version 2>&1 | sed -n 2p); client JVM options: $JAVA_OPTS"
    if [[ "$SINK" == smtp-sink ]]; then
        echo "- sink: Postfix smtp-sink $(dpkg-query -W -f '${Version}' postfix 2>/dev/null || echo '?') on"\
             "127.0.0.1:$PORT; idle sessions: the NIO sink of scripts/bench on 127.0.0.1:$IDLE_PORT"
    else
        echo "- sink: the NIO sink of scripts/bench on 127.0.0.1:$PORT and :$IDLE_PORT"
    fi
    echo "- pinning: ${PIN_SINK[*]:-none} for the sinks, ${PIN_CLIENT[*]:-none} for each client JVM"
    echo "- per client and scenario, its own JVM: $WARMUP operations of warm-up, then $ROUNDS rounds of $OPS"\
         "($REUSE_OPS for reuse), medians; concurrency $CONCURRENCY; reuse: $PER_CONNECTION messages per connection;"\
         "idle: $SESSIONS sessions"
    echo "- load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$REPORT"

deadline=$((SECONDS + TIME_LIMIT))
run() { # client scenario port
    local left=$((deadline - SECONDS))
    if ((left < 20)); then
        echo "bench: time limit reached, $1/$2 not run" >&2
        echo "SKIPPED client=$1 scenario=$2" >>"$RAW"
        return
    fi
    ((left > 600)) && left=600
    local ops="$OPS"
    [[ "$2" == reuse ]] && ops="$REUSE_OPS"
    [[ "$2" == long ]] && ops="$LONG_MESSAGES"
    echo "bench: $1, $2 ($(date -u +%H:%M:%S))" >&2
    if ! timeout "$left" "${PIN_CLIENT[@]}" java $JAVA_OPTS -cp "$CP" dev.smtpprobe.bench.BenchMain \
            --client "$1" --scenario "$2" --host 127.0.0.1 --port "$3" --warmup "$WARMUP" --ops "$ops" \
            --rounds "$ROUNDS" --concurrency "$CONCURRENCY" --per-connection "$PER_CONNECTION" \
            --sessions "$SESSIONS" >>"$RAW" 2>"$OUT_DIR/bench-$STAMP-$1-$2.err"; then
        echo "bench: $1/$2 failed or timed out; see $OUT_DIR/bench-$STAMP-$1-$2.err" >&2
        echo "FAILED client=$1 scenario=$2" >>"$RAW"
    fi
}
for scenario in $SCENARIOS; do
    for client in $CLIENTS; do
        run "$client" "$scenario" "$PORT"
    done
done
if ((SESSIONS > 0)); then
    for client in raw probe-blocking; do
        run "$client" idle "$IDLE_PORT"
    done
fi
# One connection carrying LONG_MESSAGES messages (after WARMUP on another): RSS and heap stay flat?
if ((LONG_MESSAGES > 0)); then
    for client in $LONG_CLIENTS; do
        run "$client" long "$PORT"
    done
fi

echo "- load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); run took $SECONDS s" >>"$REPORT"
echo >>"$REPORT"
java -cp "$CP" dev.smtpprobe.bench.Report "$RAW" >>"$REPORT"
grep -E '^(FAILED|SKIPPED)' "$RAW" | sed 's/^/- not measured: /' >>"$REPORT" || true
cat "$REPORT"
echo >&2
echo "bench: raw figures in $RAW, this report in $REPORT" >&2
