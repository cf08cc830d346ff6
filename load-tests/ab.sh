#!/usr/bin/env bash
# A/B comparison of two mcp-edge jars: both run at once, on one redis-server and one backend stub,
# with the same settings (lib/harness.sh's: a test key, rate limits on but never refusing), and
# optionally a bare Spring Cloud Gateway route to the same stub as the reference. After a warm-up of
# alternating wrk runs, the measured wrk runs alternate A, B(, bare), A, B, ...; for each run the
# gateway's CPU time (user + system, from /proc) per request served and its requests per second.
# Since both face the same machine at nearly the same time, the comparison holds on a shared machine
# where absolute figures do not. Writes load-tests/results/ab-<timestamp>/results.md and prints its
# table. See load-tests/README.md.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: load-tests/ab.sh <jar-a> <jar-b> [options]

  --warmup-seconds N    alternating wrk warm-up, per jar (default 60)
  --run-seconds N       each measured wrk run (default 15)
  --runs N              measured runs per jar, alternating (default 3)
  --connections N       wrk connections (default 16; one wrk thread)
  --bare-scg on|off     also measure bare-gateway (Spring Cloud Gateway, one route) in the same
                        alternation, as the reference (default off)
  --jfr DIR             record the measured runs with Java Flight Recorder (profile settings):
                        DIR/a.jfr, DIR/b.jfr (and DIR/bare.jfr) (the recorder costs CPU: compare such runs only
                        with each other)
  --profile DIR         profile the measured runs' CPU time with async-profiler (from Maven Central; Linux
                        x64; interval timer, so the kernel's share of a system call counts too):
                        DIR/a.collapsed, DIR/b.collapsed (and DIR/bare.collapsed), collapsed stacks that
                        lib/by-library.py sums per request and library
  --smoke               2 s of warm-up, one 2 s run each: a test of the script

Environment: GATEWAY_JAVA_OPTS, JVM options for both gateways.
EOF
}

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
WARMUP=60
RUN_SECONDS=15
RUNS=3
CONNECTIONS=16
JFR_DIR=""
PROFILE_DIR=""
ASYNC_PROFILER_VERSION=4.2
BARE=off

smoke() { WARMUP=2; RUN_SECONDS=2; RUNS=1; }

option() {
  case "$1" in
    --warmup-seconds) WARMUP=$2 ;;
    --run-seconds) RUN_SECONDS=$2 ;;
    --runs) RUNS=$2 ;;
    --connections) CONNECTIONS=$2 ;;
    --jfr) JFR_DIR=$2 ;;
    --profile) PROFILE_DIR=$2 ;;
    --bare-scg) BARE=$2 ;;
    *) return 1 ;;
  esac
}

case "${1:-}" in -h|--help) usage; exit 0 ;; esac
if [ $# -lt 2 ]; then usage >&2; exit 2; fi
declare -A JARS=([a]=$(realpath "$1") [b]=$(realpath "$2"))
shift 2
for side in a b; do
  if [ ! -f "${JARS[$side]}" ]; then echo "No such jar: ${JARS[$side]}" >&2; exit 1; fi
done

# shellcheck source=lib/harness.sh
. "$HERE/lib/harness.sh"
harness_start ab- --jar "${JARS[a]}" "$@"

SIDES=(a b)
[ "$BARE" = on ] && SIDES+=(bare)
log "starting redis-server, the backend stub, ${SIDES[*]} (load average $LOAD_BEFORE)"
start_redis
start_stub
declare -A URL=() KEY=()
for side in a b; do
  port=$(free_port)
  URL[$side]=http://127.0.0.1:$port/api/mcp
  # shellcheck disable=SC2086 # GATEWAY_JAVA_OPTS holds several options
  start_mcp_edge "$side" "$port" ${GATEWAY_JAVA_OPTS:-} -jar "${JARS[$side]}"
done
if [ "$BARE" = on ]; then
  port=$(free_port)
  URL[bare]=http://127.0.0.1:$port/mcp
  KEY[bare]=""
  # shellcheck disable=SC2086
  start bare java ${GATEWAY_JAVA_OPTS:-} -jar "$HERE/bare-gateway/target/bare-gateway.jar" --server.port="$port" \
    --backend.url="$STUB"
  wait_until bare 120 answers_200 "${URL[bare]}"
fi
for side in a b; do KEY[$side]=$(test_key "$side" "${URL[$side]%/api/mcp}"); done

# run SIDE SECONDS: one wrk run against SIDE; prints `<req/s> <requests> <cpu ticks> <non-2xx and socket errors>`
run() {
  local side=$1 before after result
  before=$(cpu_ticks "${PID[$side]}")
  result=$(wrk_run "$2" "${URL[$side]}" "${KEY[$side]}" | tee -a "$OUT/$side-wrk.txt")
  after=$(cpu_ticks "${PID[$side]}")
  echo "$result" | awk -v ticks=$((after - before)) '
    /^Requests\/sec/ {rps = $2}
    /^RESULT/ {for (i = 2; i <= NF; i++) {split($i, kv, "="); v[kv[1]] = kv[2]}}
    END {printf "%d %d %d %d\n", rps, v["requests"], ticks, v["non2xx"] + v["socket_errors"]}'
}

log "warm-up: ${WARMUP}s of wrk per jar, alternating in runs of at most 15 s"
warmed=0
while [ "$warmed" -lt "$WARMUP" ]; do
  slice=$((WARMUP - warmed < 15 ? WARMUP - warmed : 15))
  for side in "${SIDES[@]}"; do run "$side" "$slice" >/dev/null; done
  warmed=$((warmed + slice))
done

if [ -n "$JFR_DIR" ]; then
  mkdir -p "$JFR_DIR"
  for side in "${SIDES[@]}"; do jcmd "${PID[$side]}" JFR.start name=ab settings=profile >/dev/null; done
fi
# profiler COMMAND SIDE: an async-profiler command to SIDE's JVM (the library is loaded once, then takes commands)
profiler() {
  local answer
  answer=$(jcmd "${PID[$2]}" JVMTI.agent_load "$PROFILER" "\"$1\"")
  case "$answer" in *"return code: 0"*) ;; *) echo "async-profiler refused '$1' on $2: $answer" >&2; exit 1 ;; esac
}
if [ -n "$PROFILE_DIR" ]; then
  mkdir -p "$PROFILE_DIR"
  PROFILER=$HERE/target/async-profiler/linux-x64/libasyncProfiler.so
  if [ ! -f "$PROFILER" ]; then
    log "fetching async-profiler $ASYNC_PROFILER_VERSION (Maven Central)"
    (cd "$ROOT" && ./mvnw -B -q dependency:copy -Dartifact="tools.profiler:async-profiler:$ASYNC_PROFILER_VERSION:jar:linux-x64" \
      -DoutputDirectory="$HERE/target/async-profiler")
    (cd "$HERE/target/async-profiler" && unzip -q -o "async-profiler-$ASYNC_PROFILER_VERSION-linux-x64.jar" 'linux-x64/*')
  fi
  for side in "${SIDES[@]}"; do profiler start,event=itimer,interval=1ms "$side"; done
fi

log "measuring: $RUNS runs of ${RUN_SECONDS}s per jar, alternating"
CLK_TCK=$(getconf CLK_TCK)
rows=()
failed=0
for i in $(seq "$RUNS"); do
  row="| $i | $(cut -d" " -f1 /proc/loadavg)"
  for side in "${SIDES[@]}"; do
    read -r rps requests ticks errors < <(run "$side" "$RUN_SECONDS")
    failed=$((failed + errors))
    row+=" | $rps | $((requests > 0 ? ticks * 1000000 / CLK_TCK / requests : 0))"
  done
  rows+=("$row |")
done

if [ -n "$JFR_DIR" ]; then
  for side in "${SIDES[@]}"; do jcmd "${PID[$side]}" JFR.stop name=ab filename="$(realpath "$JFR_DIR")/$side.jfr" >/dev/null; done
fi
if [ -n "$PROFILE_DIR" ]; then
  for side in "${SIDES[@]}"; do profiler "stop,collapsed,file=$(realpath "$PROFILE_DIR")/$side.collapsed" "$side"; done
fi

{
  echo "# A/B: CPU per request"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average before $LOAD_BEFORE, $(java -version 2>&1 | head -n 1)."
  echo "A: \`${JARS[a]}\`; B: \`${JARS[b]}\`$([ "$BARE" = on ] && echo "; bare SCG: \`bare-gateway\`, one route"). All on one"
  echo "redis-server and one backend stub; ${WARMUP} s of alternating wrk warm-up each, then alternating"
  echo "\`wrk -t1 -c$CONNECTIONS -d${RUN_SECONDS}s\` runs of \`wrk/tools-call.lua\` (mcp-edge: test key). CPU: the"
  echo "gateway's user + system time / requests of the run."
  echo "Gateways' JVM options: ${GATEWAY_JAVA_OPTS:-none}$([ -n "$JFR_DIR" ] && echo "; JFR recording the measured runs")$([ -n "$PROFILE_DIR" ] && echo "; async-profiler on the measured runs")."
  echo
  if [ "$BARE" = on ]; then
    echo "| run | load average | A: req/s | A: CPU µs/request | B: req/s | B: CPU µs/request | bare SCG: req/s | bare SCG: CPU µs/request |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
  else
    echo "| run | load average | A: req/s | A: CPU µs/request | B: req/s | B: CPU µs/request |"
    echo "|---:|---:|---:|---:|---:|---:|"
  fi
  printf '%s\n' "${rows[@]}"
  if [ "$failed" -gt 0 ]; then echo; echo "Failed requests (non-2xx or socket errors): $failed"; fi
} >"$OUT/results.md"
cat "$OUT/results.md"
log "results: $OUT/results.md ($(($(date +%s) - STARTED_AT)) s)"
[ "$failed" -eq 0 ]
