#!/usr/bin/env bash
# Side-by-side load comparison: the same MCP tools/call against
#   direct         the backend stub itself
#   nginx          nginx as a plain reverse proxy
#   bare-scg       Spring Cloud Gateway as shipped, one route
#   mcp-edge-keys  mcp-edge, API key on /api/mcp
#   mcp-edge-jwt   mcp-edge, OAuth access token on /api/mcp/oauth
# For each target: a wrk warm-up (on bare SCG and mcp-edge recorded second by second first: the
# warm-up curve of a fresh JVM), saturation throughput with wrk (closed loop), then latency at a
# fixed rate with Gatling (open model), during which the target's CPU time is measured. Writes
# load-tests/results/<timestamp>/results.md, throughput.png, latency.png and warmup.png. Starts
# everything it needs on free ports of 127.0.0.1 and stops it on exit. See load-tests/README.md.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: load-tests/compare.sh [options]

  --smoke                     a few seconds per target at 100 req/s, no timing checks (CI)
  --warmup-seconds N          longest wrk warm-up of each target (default 120): 5 s runs until,
                              after at least --min-warmup-seconds (default 60), one does not beat
                              the one before by 5 % or more
  --min-warmup-seconds N      shortest wrk warm-up (a JVM's JIT needs about a minute of load)
  --curve-seconds N           warm-up curve of bare SCG and mcp-edge: 1 s wrk runs on the fresh
                              JVM (default 60), counted in the warm-up
  --saturation-seconds N      wrk saturation run of each target (default 30)
  --connections N             wrk connections (default 16; one wrk thread)
  --rate N                    Gatling requests per second (default 1000)
  --latency-seconds N         Gatling measured run (default 60), after 10 s of Gatling warm-up
                              at the same rate
  --jar PATH                  the mcp-edge jar (default: $MCP_EDGE_JAR, else
                              gateway/target/mcp-edge-gateway.jar, built when missing)

Environment: GATEWAY_JAVA_OPTS, JVM options for both bare SCG and mcp-edge (e.g.
-Dreactor.netty.native=false); MCP_EDGE_JAR.
EOF
}

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
WARMUP=120
MIN_WARMUP=60
CURVE_SECONDS=60
SATURATION=30
CONNECTIONS=16
RATE=1000
LATENCY=60
GATLING_WARMUP=10

smoke() { WARMUP=2; MIN_WARMUP=0; CURVE_SECONDS=2; SATURATION=3; RATE=100; LATENCY=5; GATLING_WARMUP=2; }

option() {
  case "$1" in
    --warmup-seconds) WARMUP=$2 ;;
    --min-warmup-seconds) MIN_WARMUP=$2 ;;
    --curve-seconds) CURVE_SECONDS=$2 ;;
    --saturation-seconds) SATURATION=$2 ;;
    --connections) CONNECTIONS=$2 ;;
    --rate) RATE=$2 ;;
    --latency-seconds) LATENCY=$2 ;;
    *) return 1 ;;
  esac
}

# shellcheck source=lib/harness.sh
. "$HERE/lib/harness.sh"
harness_start "" "$@"

# --- servers -------------------------------------------------------------------------------------

NGINX_PORT=$(free_port); SCG_PORT=$(free_port); EDGE_PORT=$(free_port)
EDGE=http://127.0.0.1:$EDGE_PORT
log "starting redis-server, backend stub, nginx :$NGINX_PORT, bare SCG :$SCG_PORT, mcp-edge :$EDGE_PORT"
start_redis
start_stub

mkdir -p "$RUN/nginx"
cat >"$RUN/nginx/nginx.conf" <<EOF
worker_processes auto;
pid $RUN/nginx/nginx.pid;
error_log $RUN/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $RUN/nginx/body;
  proxy_temp_path $RUN/nginx/proxy;
  fastcgi_temp_path $RUN/nginx/fastcgi;
  uwsgi_temp_path $RUN/nginx/uwsgi;
  scgi_temp_path $RUN/nginx/scgi;
  upstream backend {
    server 127.0.0.1:$STUB_PORT;
    keepalive 32;
  }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location = /mcp {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
EOF
cp "$RUN/nginx/nginx.conf" "$OUT/nginx.conf"
start nginx "$NGINX" -p "$RUN/nginx" -c "$RUN/nginx/nginx.conf" -g 'daemon off;'

# shellcheck disable=SC2086 # GATEWAY_JAVA_OPTS holds several options
start bare-scg java ${GATEWAY_JAVA_OPTS:-} -jar "$HERE/bare-gateway/target/bare-gateway.jar" \
  --server.port="$SCG_PORT" --backend.url="$STUB"
# shellcheck disable=SC2086
start_mcp_edge mcp-edge "$EDGE_PORT" ${GATEWAY_JAVA_OPTS:-}

wait_until nginx 20 answers_200 "http://127.0.0.1:$NGINX_PORT/mcp"
wait_until bare-scg 120 answers_200 "http://127.0.0.1:$SCG_PORT/mcp"
API_KEY=$(test_key mcp-edge "$EDGE")
JWT=$(curl -sfG "$STUB/token" --data-urlencode "aud=$EDGE/api/mcp/oauth" --data-urlencode sub=load-user \
  --data-urlencode org=org_load --data-urlencode scope=payments:read)
if [ -z "$JWT" ]; then echo "Could not get a token from the stub" >&2; exit 1; fi
wait_until mcp-edge 20 answers_200 "$EDGE/api/mcp/oauth" "$JWT"

# --- measurements, one target at a time ----------------------------------------------------------

# warm_up NAME URL TOKEN SPENT: wrk runs of 5 s (less in smoke mode) until, after MIN_WARMUP seconds,
# one does not beat the one before by 5 % or more (the JIT compiler is done), at most WARMUP seconds;
# SPENT seconds of load already done (the warm-up curve) count
warm_up() {
  local name=$1 url=$2 token=$3 spent=$4 slice=$((WARMUP < 5 ? WARMUP : 5)) previous=0 current=0
  while [ "$spent" -lt "$WARMUP" ]; do
    current=$(wrk_run "$slice" "$url" "$token" | tee -a "$OUT/$name/wrk-warmup.txt" | awk '/^Requests\/sec/ {rps = $2} END {print int(rps)}')
    spent=$((spent + slice))
    if [ "$spent" -ge "$MIN_WARMUP" ] && [ "$previous" -gt 0 ] && [ $(((current - previous) * 100)) -lt $((5 * previous)) ]; then break; fi
    previous=$current
  done
  log "$name: warmed up in ${spent}s$([ "$current" -gt 0 ] && echo ", last at $current req/s")"
}

# measure NAME URL TOKEN PROCESS [curve]: PROCESS is the server whose CPU time (and Redis's) is
# measured during the fixed-rate run; `curve` records the warm-up curve first (a fresh JVM's)
measure() {
  local name=$1 url=$2 token=$3 process=$4 curve=0 cpu redis_cpu
  [ "${5:-}" = curve ] && curve=$CURVE_SECONDS
  mkdir -p "$OUT/$name"
  log "$name: ${curve}s warm-up curve, warm-up (at most ${WARMUP}s), saturation ${SATURATION}s (wrk -c$CONNECTIONS), latency ${LATENCY}s at $RATE req/s (Gatling)"
  if [ "$curve" -gt 0 ]; then warmup_curve "$curve" "$url" "$token" "$OUT/$name/warmup-curve.txt"; fi
  warm_up "$name" "$url" "$token" "$curve"
  wrk_run "$SATURATION" "$url" "$token" >"$OUT/$name/wrk.txt"
  cpu=$(cpu_ticks "${PID[$process]}"); redis_cpu=$(cpu_ticks "${PID[redis]}")
  if ! (cd "$ROOT" && ./mvnw -B -f load-tests/gatling/pom.xml gatling:test \
      -Dgatling.simulationClass=dev.mcpedge.loadtests.simulations.ToolsCallSimulation \
      -Dgatling.resultsFolder="$OUT/$name/gatling" \
      -Durl="$url" -Dtoken="$token" -Drate="$RATE" -Dduration="$LATENCY" -Dwarmup="$GATLING_WARMUP") \
      >"$OUT/$name/gatling.log" 2>&1; then
    log "$name: Gatling reported failures, see $OUT/$name/gatling.log"
  fi
  cpu=$(($(cpu_ticks "${PID[$process]}") - cpu)); redis_cpu=$(($(cpu_ticks "${PID[redis]}") - redis_cpu))
  echo "RESULT cpu_ticks=$cpu redis_ticks=$redis_cpu clk_tck=$(getconf CLK_TCK)" >"$OUT/$name/cpu.txt"
}

measure direct "$STUB/mcp" "" stub
measure nginx "http://127.0.0.1:$NGINX_PORT/mcp" "" nginx
measure bare-scg "http://127.0.0.1:$SCG_PORT/mcp" "" bare-scg curve
measure mcp-edge-keys "$EDGE/api/mcp" "$API_KEY" mcp-edge curve
measure mcp-edge-jwt "$EDGE/api/mcp/oauth" "$JWT" mcp-edge

# --- report --------------------------------------------------------------------------------------

mode=""
if $SMOKE; then mode=", SMOKE MODE (timings not checked)"; fi
{
  echo "targets=direct,nginx,bare-scg,mcp-edge-keys,mcp-edge-jwt"
  echo "settings=$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average before the run $LOAD_BEFORE, $(java -version 2>&1 | head -n 1)$mode. Warm-up curve: ${CURVE_SECONDS} wrk runs of 1 s on the fresh JVM (bare SCG, mcp-edge with keys). Saturation: \`wrk -t1 -c$CONNECTIONS -d${SATURATION}s\` after a wrk warm-up of at most ${WARMUP} s. Latency and CPU: Gatling ToolsCallSimulation, $RATE req/s for ${LATENCY} s after ${GATLING_WARMUP} s. nginx: worker_processes auto, upstream keep-alive. Gateways' JVM options: ${GATEWAY_JAVA_OPTS:-none}."
} >"$OUT/run.properties"

status=0
java -jar "$HERE/report/target/report.jar" "$OUT" || status=$?
log "results: $OUT/results.md and charts ($(($(date +%s) - STARTED_AT)) s)"
exit $status
