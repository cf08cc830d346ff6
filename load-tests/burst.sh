#!/usr/bin/env bash
# Burst scenario: thousands of streaming tool calls opened within seconds through one mcp-edge
# instance (the backend stub holds each stream open for some seconds), while a small tools/call is
# sent every 100 ms. Reports the streams opened and completed, the ping's latency during the burst,
# the rate-limit fallbacks and WARN lines in the gateway's log, and the gateway's resident memory.
# The same burst straight to the stub comes first, as the reference of what the client and the
# machine manage without a gateway. Writes load-tests/results/burst-<timestamp>/results.md. See
# load-tests/README.md.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: load-tests/burst.sh [options]

  --smoke               200 streams in 2 s held 2 s, 2 s of warm-up: a test of the script (CI)
  --streams N           streaming calls of the burst (default 5000)
  --open-seconds N      the burst opens them evenly over N seconds (default 5)
  --hold-seconds N      the stub holds each stream open N seconds (default 10)
  --warmup-seconds N    wrk load on mcp-edge before the burst, so that its JIT has compiled the
                        request path (default 60); then a burst of 200 streams warms the stream path
  --client-warmup-streams N
                        before each measured burst, the burst client warms itself up with N
                        streams (held 1 s, opened within 2 s) and pings straight to the stub
                        (default 2000)
  --jar PATH            the mcp-edge jar (default: $MCP_EDGE_JAR, else
                        gateway/target/mcp-edge-gateway.jar, built when missing)

Environment: GATEWAY_JAVA_OPTS, JVM options for mcp-edge; MCP_EDGE_JAR; HARNESS_JAVA_OPTS, JVM
options for the stub and the burst client (default: a fixed heap of 768 MiB with a young
generation of 512 MiB, touched at start).
EOF
}

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
STREAMS=5000
OPEN_SECONDS=5
HOLD_SECONDS=10
WARMUP=60
WARMUP_STREAMS=200
CLIENT_WARMUP_STREAMS=2000
# The stub's and the burst client's JVMs (the same for both rows; mcp-edge's are GATEWAY_JAVA_OPTS):
# a young generation large enough that neither collects garbage during a measured burst (each is
# emptied just before it), touched at start so that the burst does not pay for the page faults.
# With the default heap, young collections of 15 to 50 ms in the stub or the client during the
# burst delayed pings by as much.
# shellcheck disable=SC2206 # several options
HARNESS_JVM=(${HARNESS_JAVA_OPTS:--Xms768m -Xmx768m -Xmn512m -XX:+AlwaysPreTouch})

smoke() { STREAMS=200; OPEN_SECONDS=2; HOLD_SECONDS=2; WARMUP=2; WARMUP_STREAMS=20; CLIENT_WARMUP_STREAMS=20; }

option() {
  case "$1" in
    --streams) STREAMS=$2 ;;
    --open-seconds) OPEN_SECONDS=$2 ;;
    --hold-seconds) HOLD_SECONDS=$2 ;;
    --warmup-seconds) WARMUP=$2 ;;
    --client-warmup-streams) CLIENT_WARMUP_STREAMS=$2 ;;
    *) return 1 ;;
  esac
}

# shellcheck source=lib/harness.sh
. "$HERE/lib/harness.sh"
harness_start burst- "$@"
# every stream holds a connection of the client, two of the gateway's and one of the stub's
ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" -lt $((2 * STREAMS + 1000)) ]; then
  echo "Open files are limited to $(ulimit -n): too few for $STREAMS streams" >&2; exit 1
fi

EDGE_PORT=$(free_port)
EDGE=http://127.0.0.1:$EDGE_PORT
log "starting redis-server, backend stub, mcp-edge :$EDGE_PORT"
start_redis
start_stub "${HARNESS_JVM[@]}" "-Xlog:gc:file=$OUT/logs/stub-gc.log:utctime,uptime"
# shellcheck disable=SC2086 # GATEWAY_JAVA_OPTS holds several options
start_mcp_edge mcp-edge "$EDGE_PORT" ${GATEWAY_JAVA_OPTS:-}
API_KEY=$(test_key mcp-edge "$EDGE")

# burst NAME URL TOKEN STREAMS OPEN_SECONDS HOLD_SECONDS [CLIENT OPTION...]: the client's key=value
# lines in NAME/burst.txt; its GC log, its warm-up and its slowest pings in NAME/
burst() {
  local name=$1 url=$2 token=$3 streams=$4 open=$5 hold=$6
  shift 6
  mkdir -p "$OUT/$name"
  java "${HARNESS_JVM[@]}" "-Xlog:gc:file=$OUT/$name/client-gc.log:utctime,uptime" \
    -jar "$HERE/burst-client/target/burst-client.jar" --url "$url" --token "$token" --streams "$streams" \
    --open-seconds "$open" --hold-seconds "$hold" "$@" >"$OUT/$name/burst.txt" 2>"$OUT/$name/burst-client.log"
}

# measured NAME URL TOKEN: a measured burst. The stub's garbage is collected first (so that it need
# not collect during the burst), and the client warms itself up straight on the stub, whatever the
# target: without it the burst was the client JVM's first load, and the stub's too for the direct
# row (their JIT compilers took about 7 s of CPU during it and the first ping 300 to 800 ms).
measured() {
  jcmd "${PID[stub]}" GC.run >/dev/null 2>&1 || log "could not collect the stub's garbage (jcmd GC.run)"
  burst "$1" "$2" "$3" "$STREAMS" "$OPEN_SECONDS" "$HOLD_SECONDS" \
    --warmup-url "$STUB/mcp" --warmup-streams "$CLIENT_WARMUP_STREAMS" --slow-pings 10
}

# value NAME KEY: a figure of NAME/burst.txt (each line `key=value`, or several `key=value` on one)
value() {
  tr ' ' '\n' <"$OUT/$1/burst.txt" | sed -n "s/^$2=//p" | head -n 1
}

# fallbacks: rate-limit decisions taken from this instance's buckets instead of Redis's
fallbacks() {
  curl -sf "$EDGE/actuator/prometheus" | awk '/^mcp_edge_rate_limit_decisions_total\{.*store="memory"/ {sum += $2} END {print sum + 0}'
}

log "reference: $STREAMS streams straight to the stub within ${OPEN_SECONDS}s, held ${HOLD_SECONDS}s"
measured direct "$STUB/mcp" ""

log "warming mcp-edge up: ${WARMUP}s of wrk, then $WARMUP_STREAMS streams"
mkdir -p "$OUT/mcp-edge"
wrk_run "$WARMUP" "$EDGE/api/mcp" "$API_KEY" >"$OUT/mcp-edge/wrk-warmup.txt"
burst mcp-edge-warmup "$EDGE/api/mcp" "$API_KEY" "$WARMUP_STREAMS" 1 1

EDGE_PID=${PID[mcp-edge]}
LOG=$OUT/logs/mcp-edge.log
warn_before=$(grep -c ' WARN ' "$LOG" || true)
lines_before=$(wc -l <"$LOG")
fallbacks_before=$(fallbacks)
rss_before=$(memory_kb "$EDGE_PID" VmRSS)
cpu_before=$(cpu_ticks "$EDGE_PID")
# resident memory every 250 ms while the burst runs (and no longer than mcp-edge does)
(while kill -0 "$EDGE_PID" 2>/dev/null; do memory_kb "$EDGE_PID" VmRSS; sleep 0.25; done) >"$OUT/mcp-edge/rss-samples.txt" &
SAMPLER=$!

log "burst: $STREAMS streams through mcp-edge within ${OPEN_SECONDS}s, held ${HOLD_SECONDS}s"
measured mcp-edge "$EDGE/api/mcp" "$API_KEY"

kill "$SAMPLER" 2>/dev/null || true
wait "$SAMPLER" 2>/dev/null || true
cpu_seconds=$(awk -v t=$(($(cpu_ticks "$EDGE_PID") - cpu_before)) -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", t / hz}')
rss_peak=$(sort -n "$OUT/mcp-edge/rss-samples.txt" | tail -n 1)
hwm=$(memory_kb "$EDGE_PID" VmHWM)
fallbacks_during=$(($(fallbacks) - fallbacks_before))
warnings=$(($(grep -c ' WARN ' "$LOG" || true) - warn_before))
# the WARN lines of the burst, counted by logger (simple name) and the start of the message
tail -n +$((lines_before + 1)) "$LOG" | grep ' WARN ' |
  sed -E 's/^.* WARN [0-9]+ --- (\[[^]]*\] +)*//; s/^([a-z0-9_]+\.)*([A-Za-z0-9_$]+) +: /\2: /' |
  cut -c1-140 | sort | uniq -c | sort -rn | head -n 10 >"$OUT/mcp-edge/warnings.txt" || true
fallback_warnings=$(tail -n +$((lines_before + 1)) "$LOG" | grep -c 'Rate limits fall back' || true)

mib() { awk -v kb="$1" 'BEGIN {printf "%.0f", kb / 1024}'; }
met() { if [ "$1" = true ]; then echo met; else echo missed; fi; }

# --- report --------------------------------------------------------------------------------------

row() {
  echo "| $1 | $(value "$1" streams) | $(value "$1" opened) | $(value "$1" completed) | $(value "$1" failures) | $(value "$1" all_opened_s) | $(value "$1" duration_s) | $(value "$1" first_event_p50_ms) / $(value "$1" first_event_p99_ms) / $(value "$1" first_event_max_ms) | $(value "$1" pings) ($(value "$1" ping_failed) failed) | $(value "$1" ping_p50_ms) / $(value "$1" ping_p99_ms) / $(value "$1" ping_max_ms) |"
}

completed=$(value mcp-edge completed)
ping_max=$(value mcp-edge ping_max_ms)
ping_failed=$(value mcp-edge ping_failed)
mode=""
if $SMOKE; then mode=" SMOKE MODE (figures mean nothing)."; fi
{
  echo "# mcp-edge burst of streaming calls"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average before the run $LOAD_BEFORE, $(java -version 2>&1 | head -n 1).$mode"
  echo "$STREAMS streaming \`tools/call\`s (the stub's \`sse_hold\`: a log notification at once, the result after ${HOLD_SECONDS} s), opened evenly within ${OPEN_SECONDS} s, each on its own connection; meanwhile a small \`tools/call\` (\`get_balance\`) every 100 ms on a keep-alive connection (the ping). mcp-edge: a test API key, rate limits of 1,000,000/s, warmed with ${WARMUP} s of \`wrk -t1 -c16\` and $WARMUP_STREAMS streams. Gateway's JVM options: ${GATEWAY_JAVA_OPTS:-none}. The stub's and the client's: ${HARNESS_JVM[*]}; before each measured burst the stub's garbage is collected and the client warms itself up straight on the stub ($CLIENT_WARMUP_STREAMS streams held 1 s, pings every 10 ms), then opens the ping's connection with an untimed ping."
  echo
  echo "| target | streams | opened | completed | failures | all opened after s | done after s | first event ms p50 / p99 / max | pings | ping ms p50 / p99 / max |"
  echo "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|"
  row direct
  row mcp-edge
  echo
  echo "Garbage collected by the burst client during the measured burst: direct $(value direct client_gc_ms) ms, mcp-edge $(value mcp-edge client_gc_ms) ms (its GC log, its warm-up and its slowest pings: \`<row>/client-gc.log\`, \`<row>/burst-client.log\`; the stub's GC log: \`logs/stub-gc.log.gz\`)."
  echo
  echo "Opened: the first event arrived. Completed: the result event arrived and the stream ended. All opened, done: seconds from the first call to the last first event, and to the end of the last stream. The row \`direct\` is the same burst straight to the stub: what the client and the machine manage without a gateway."
  echo
  echo "mcp-edge during the burst:"
  echo
  echo "| figure | value |"
  echo "|---|---:|"
  echo "| resident memory before the burst (VmRSS) | $(mib "$rss_before") MiB |"
  echo "| resident memory, peak of 250 ms samples during the burst | $(mib "${rss_peak:-0}") MiB |"
  echo "| resident memory, peak of the process's life (VmHWM) | $(mib "$hwm") MiB |"
  echo "| CPU time (user + system) | ${cpu_seconds} s |"
  echo "| rate-limit decisions from per-instance buckets (Redis fallback) | $fallbacks_during |"
  echo "| WARN lines in the log, of which \"Rate limits fall back\" | $warnings, $fallback_warnings |"
  echo
  if [ -s "$OUT/mcp-edge/warnings.txt" ]; then
    echo "Most frequent WARN lines (count, message start):"
    echo
    echo '```'
    cat "$OUT/mcp-edge/warnings.txt"
    echo '```'
    echo
  fi
  echo "## Targets"
  echo
  echo "Goals, not checks: all served ($(met "$([ "$completed" = "$STREAMS" ] && echo true)")), no fallback ($(met "$([ "$fallbacks_during" -eq 0 ] && echo true)")), no warning ($(met "$([ "$warnings" -eq 0 ] && echo true)")), every ping answered within 250 ms ($(met "$(awk -v m="$ping_max" -v f="$ping_failed" 'BEGIN {if (m >= 0 && m <= 250 && f == 0) print "true"}')")), resident memory under 1 GiB ($(met "$([ "$hwm" -lt 1048576 ] && echo true)"))."
  echo
  echo "## Checks"
  echo
} >"$OUT/results.md"

status=0
if [ "$completed" != "$STREAMS" ] || [ "$(value direct completed)" != "$STREAMS" ]; then
  echo "- FAILED: not every stream completed (see the failures above)" >>"$OUT/results.md"; status=1
fi
if [ "$ping_failed" != 0 ]; then
  echo "- FAILED: $ping_failed pings failed" >>"$OUT/results.md"; status=1
fi
[ $status -eq 0 ] && echo "All passed." >>"$OUT/results.md"
cat "$OUT/results.md"
log "results: $OUT/results.md ($(($(date +%s) - STARTED_AT)) s)"
exit $status
