#!/usr/bin/env bash
# Warm-up comparison: how fast a fresh mcp-edge JVM reaches its warm throughput, as shipped and
# with what can shorten it:
#   jar        java -jar mcp-edge-gateway.jar, the JVM on the PATH (as shipped)
#   cds        the same JVM, the jar extracted (java -Djarmode=tools -jar ... extract) and a
#              dynamic class data sharing archive written by a training run
#              (-XX:ArchiveClassesAtExit, then -XX:SharedArchiveFile)
#   jdk25      JDK 25, the extracted jar, no cache
#   jdk25-aot  JDK 25 with an AOT cache written by a training run (-XX:AOTCacheOutput, then
#              -XX:AOTCache; JEP 483/514/515: classes loaded and linked, and method profiles)
#   c1         as jar, C1 only (-XX:TieredStopAtLevel=1): compiled sooner, never by C2
#   no-tiered  as jar, C2 only (-XX:-TieredCompilation): interpreted until C2 compiles
#   ci4        as jar, four JIT compiler threads (-XX:CICompilerCount=4; two on a 2-core machine)
#   scaled     as jar, both compilers after a tenth of the usual invocations and loops
#              (-XX:CompileThresholdScaling=0.1)
#   warm-up    as jar, with the edge's own warm-up before readiness (mcp-edge.warm-up.duration=30s:
#              30 s of requests to itself, through an MCP route, to a backend of its own)
# A training run is the variant's JVM under wrk load for --train-seconds, then stopped (SIGTERM),
# which writes the archive. Each measured run is a fresh JVM: its seconds to readiness, then
# 1 s wrk runs back to back (the warm-up curve). Writes
# load-tests/results/warmup-<timestamp>/results.md and warmup.png. See load-tests/README.md.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: load-tests/warmup.sh [options]

  --smoke               3 s curves after 2 s of training: a test of the script
  --seconds N           the warm-up curve of each run (default 90); its last 15 s are the warm
                        throughput
  --train-seconds N     load of each training run (default 30)
  --rounds N            measure every variant N times, interleaved (default 1)
  --variants LIST       comma-separated, of jar, cds, jdk25, jdk25-aot, c1, no-tiered, ci4, scaled,
                        warm-up
                        (default: jar, cds, jdk25, jdk25-aot; the JDK 25 ones only when JDK 25 is
                        found)
  --jar PATH            the mcp-edge jar (default: $MCP_EDGE_JAR, else
                        gateway/target/mcp-edge-gateway.jar, built when missing)

Environment: JDK25_HOME (default /usr/lib/jvm/temurin-25-jdk-amd64); MCP_EDGE_JAR.
EOF
}

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
SECONDS_PER_CURVE=90
TRAIN=30
ROUNDS=1
VARIANTS=""
JDK25_HOME=${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}

smoke() { SECONDS_PER_CURVE=3; TRAIN=2; }

option() {
  case "$1" in
    --seconds) SECONDS_PER_CURVE=$2 ;;
    --train-seconds) TRAIN=$2 ;;
    --rounds) ROUNDS=$2 ;;
    --variants) VARIANTS=$2 ;;
    *) return 1 ;;
  esac
}

# shellcheck source=lib/harness.sh
. "$HERE/lib/harness.sh"
harness_start warmup- "$@"
if [ -z "$VARIANTS" ]; then
  VARIANTS=jar,cds
  if [ -x "$JDK25_HOME/bin/java" ]; then VARIANTS+=,jdk25,jdk25-aot; fi
fi

start_redis
start_stub
log "warming the stub up with wrk, so that every variant meets the same backend"
wrk_run "$($SMOKE && echo 1 || echo 20)" "$STUB/mcp" "" >/dev/null

# the layout that class data sharing and the AOT cache need: plain jars on the class path
APP=$RUN/app
java -Djarmode=tools -jar "$JAR" extract --destination "$APP" >/dev/null
APP_JAR=$APP/$(basename "$JAR")

# variant NAME: sets JAVA, OPTIONS (the measured run's JVM options) and TRAINING (the training
# run's; empty when the variant needs none)
variant() {
  case "$1" in
    jar) JAVA=java; OPTIONS=(-jar "$JAR"); TRAINING=() ;;
    cds) JAVA=java; OPTIONS=(-XX:SharedArchiveFile="$RUN/app.jsa" -jar "$APP_JAR")
      TRAINING=(-XX:ArchiveClassesAtExit="$RUN/app.jsa" -jar "$APP_JAR") ;;
    jdk25) JAVA=$JDK25_HOME/bin/java; OPTIONS=(-jar "$APP_JAR"); TRAINING=() ;;
    jdk25-aot) JAVA=$JDK25_HOME/bin/java; OPTIONS=(-XX:AOTCache="$RUN/app.aot" -jar "$APP_JAR")
      TRAINING=(-XX:AOTCacheOutput="$RUN/app.aot" -jar "$APP_JAR") ;;
    c1) JAVA=java; OPTIONS=(-XX:TieredStopAtLevel=1 -jar "$JAR"); TRAINING=() ;;
    no-tiered) JAVA=java; OPTIONS=(-XX:-TieredCompilation -jar "$JAR"); TRAINING=() ;;
    ci4) JAVA=java; OPTIONS=(-XX:CICompilerCount=4 -jar "$JAR"); TRAINING=() ;;
    scaled) JAVA=java; OPTIONS=(-XX:CompileThresholdScaling=0.1 -jar "$JAR"); TRAINING=() ;;
    warm-up) JAVA=java; OPTIONS=(-Dmcp-edge.warm-up.duration=30s -jar "$JAR"); TRAINING=() ;;
    *) echo "Unknown variant: $1" >&2; exit 2 ;;
  esac
}

# run NAME LOG SECONDS JVM OPTION...: a fresh mcp-edge under wrk load; its seconds to readiness in
# NAME/ready.txt and its curve of SECONDS in NAME/warmup-curve.txt; stopped at the end
run() {
  local name=$1 logname=$2 seconds=$3 port started key
  shift 3
  port=$(free_port)
  mkdir -p "$OUT/$name"
  started=$(date +%s.%N)
  start_mcp_edge "$logname" "$port" "$@"
  wait_until "$logname" 120 curl -sf "http://127.0.0.1:$port/actuator/health/readiness"
  awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f\n", b - a}' >"$OUT/$name/ready.txt"
  key=$(test_key "$logname" "http://127.0.0.1:$port")
  warmup_curve "$seconds" "http://127.0.0.1:$port/api/mcp" "$key" "$OUT/$name/warmup-curve.txt"
  # a training run writes its archive at exit, which takes a while
  stop "$logname" 180
}

for name in ${VARIANTS//,/ }; do
  variant "$name"
  if [ ${#TRAINING[@]} -gt 0 ]; then
    log "$name: training run (${TRAIN}s of load)"
    run "training/$name" "$name-training" "$TRAIN" "${TRAINING[@]}"
  fi
done

description() {
  variant "$1"
  echo "\`$("$JAVA" -version 2>&1 | head -n 1 | sed 's/"//g')\`, \`${OPTIONS[*]//$RUN/…}\`$([ ${#TRAINING[@]} -gt 0 ] && echo ", trained with \`${TRAINING[*]//$RUN/…}\` under ${TRAIN} s of load")"
}

measured=()
for round in $(seq "$ROUNDS"); do
  for name in ${VARIANTS//,/ }; do
    variant "$name"
    label=$name; [ "$ROUNDS" -gt 1 ] && label=$name-$round
    log "$label: fresh JVM, ${SECONDS_PER_CURVE}s warm-up curve"
    run "$label" "$label" "$SECONDS_PER_CURVE" "${OPTIONS[@]}"
    measured+=("$label")
  done
done

mode=""
if $SMOKE; then mode=" SMOKE MODE (figures mean nothing)."; fi
{
  echo "variants=$(IFS=,; echo "${measured[*]}")"
  echo "settings=$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average before the run $LOAD_BEFORE.$mode Each run a fresh mcp-edge JVM (API key, rate limits on but high), then ${SECONDS_PER_CURVE} wrk runs of 1 s (\`wrk -t1 -c16\`, small \`tools/call\`) back to back. Ready after: from the start of the JVM to readiness."
  for round in $(seq "$ROUNDS"); do
    for name in ${VARIANTS//,/ }; do
      label=$name; [ "$ROUNDS" -gt 1 ] && label=$name-$round
      echo "variant.$label=$(description "$name")"
    done
  done
} >"$OUT/run.properties"

status=0
java -jar "$HERE/report/target/report.jar" --warmup "$OUT" || status=$?
log "results: $OUT/results.md, $OUT/warmup.png ($(($(date +%s) - STARTED_AT)) s)"
exit $status
