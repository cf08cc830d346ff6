#!/usr/bin/env bash
# Side-by-side load comparison: the same MCP tools/call against
#   direct         the backend stub itself
#   nginx          nginx as a plain reverse proxy
#   bare-scg       Spring Cloud Gateway as shipped, one route
#   mcp-edge-keys  mcp-edge, API key on /api/mcp
#   mcp-edge-jwt   mcp-edge, OAuth access token on /api/mcp/oauth
# For each target: a wrk warm-up, saturation throughput with wrk (closed loop), then latency at a
# fixed rate with Gatling (open model). Writes load-tests/results/<timestamp>/results.md,
# throughput.png and latency.png. Starts everything it needs on free ports of 127.0.0.1 and stops
# it on exit. See load-tests/README.md.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: load-tests/compare.sh [options]

  --smoke                     a few seconds per target at 100 req/s, no timing checks (CI)
  --warmup-seconds N          longest wrk warm-up of each target (default 120): 5 s runs until,
                              after at least --min-warmup-seconds (default 60), one does not beat
                              the one before by 5 % or more
  --min-warmup-seconds N      shortest wrk warm-up (a JVM's JIT needs about a minute of load)
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
SMOKE=false
WARMUP=120
MIN_WARMUP=60
SATURATION=30
CONNECTIONS=16
RATE=1000
LATENCY=60
GATLING_WARMUP=10
JAR=${MCP_EDGE_JAR:-$ROOT/gateway/target/mcp-edge-gateway.jar}

while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) SMOKE=true; WARMUP=2; MIN_WARMUP=0; SATURATION=3; RATE=100; LATENCY=5; GATLING_WARMUP=2 ;;
    --warmup-seconds) WARMUP=$2; shift ;;
    --min-warmup-seconds) MIN_WARMUP=$2; shift ;;
    --saturation-seconds) SATURATION=$2; shift ;;
    --connections) CONNECTIONS=$2; shift ;;
    --rate) RATE=$2; shift ;;
    --latency-seconds) LATENCY=$2; shift ;;
    --jar) JAR=$2; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "Unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

STARTED_AT=$(date +%s)
OUT=$HERE/results/$(date -u +%Y%m%dT%H%M%SZ)
RUN=$(mktemp -d)
mkdir -p "$OUT/logs"
declare -A PID=()
STARTED=()

log() { echo "[compare $(date +%H:%M:%S)] $*"; }

# stops the servers in the reverse order of their start, so none loses a dependency while running
# shellcheck disable=SC2317 # called by the trap
cleanup() {
  local i pid waited
  for ((i = ${#STARTED[@]} - 1; i >= 0; i--)); do
    pid=${PID[${STARTED[i]}]}
    kill "$pid" 2>/dev/null || true
    waited=0
    while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 100 ]; do sleep 0.1; waited=$((waited + 1)); done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$RUN"
  gzip -qf "$OUT"/logs/*.log 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- tools: CI machines start empty --------------------------------------------------------------

missing=()
command -v curl >/dev/null || missing+=(curl)
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v redis-server >/dev/null || missing+=(redis-server)
[ -n "$(fc-list 2>/dev/null)" ] || missing+=(fontconfig fonts-dejavu-core)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]} (Debian packages)"
  if [ "$(id -u)" -ne 0 ]; then echo "Install as root: apt-get install -y ${missing[*]}" >&2; exit 1; fi
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

if [ ! -f "$JAR" ]; then
  if [ "$JAR" != "$ROOT/gateway/target/mcp-edge-gateway.jar" ]; then echo "No such jar: $JAR" >&2; exit 1; fi
  log "building mcp-edge"
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package)
fi
log "building the load-test harness"
(cd "$ROOT" && ./mvnw -B -q -f load-tests/pom.xml -DskipTests package)

# --- servers -------------------------------------------------------------------------------------

USED_PORTS=" "
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 20000))
    case "$USED_PORTS" in *" $port "*) continue ;; esac
    if ! (: <"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then USED_PORTS+="$port "; echo "$port"; return; fi
  done
}

# start NAME COMMAND...: runs COMMAND in $RUN with its output in logs/NAME.log
start() {
  local name=$1; shift
  (cd "$RUN" && exec "$@") >"$OUT/logs/$name.log" 2>&1 &
  PID[$name]=$!
  STARTED+=("$name")
}

# wait_until NAME SECONDS COMMAND...: polls COMMAND until it succeeds; fails when NAME died or time ran out
wait_until() {
  local name=$1 seconds=$2; shift 2
  for _ in $(seq $((seconds * 4))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "${PID[$name]}" 2>/dev/null; then break; fi
    sleep 0.25
  done
  echo "$name did not get ready; the end of its log:" >&2
  tail -n 30 "$OUT/logs/$name.log" >&2
  exit 1
}

SMALL_CALL='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_balance","arguments":{}}}'
# answers_200 URL [TOKEN]: a tools/call gets 200
# shellcheck disable=SC2317 # called by wait_until
answers_200() {
  local auth=()
  [ -n "${2:-}" ] && auth=(-H "Authorization: Bearer $2")
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' "${auth[@]}" -d "$SMALL_CALL" "$1")" = 200 ]
}

REDIS_PORT=$(free_port); STUB_PORT=$(free_port); NGINX_PORT=$(free_port); SCG_PORT=$(free_port); EDGE_PORT=$(free_port)
STUB=http://127.0.0.1:$STUB_PORT
EDGE=http://127.0.0.1:$EDGE_PORT
ADMIN_TOKEN=load-test-admin-$RANDOM$RANDOM$RANDOM

log "starting redis-server :$REDIS_PORT, backend stub :$STUB_PORT, nginx :$NGINX_PORT, bare SCG :$SCG_PORT, mcp-edge :$EDGE_PORT"
start redis redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --dir "$RUN"
start stub java -jar "$HERE/backend-stub/target/backend-stub.jar" "$STUB_PORT"

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
# Rate limits as high as they go: exercised on every request, never refusing.
# shellcheck disable=SC2086
start mcp-edge java ${GATEWAY_JAVA_OPTS:-} -jar "$JAR" \
  --server.port="$EDGE_PORT" \
  --spring.data.redis.url="redis://127.0.0.1:$REDIS_PORT" \
  --mcp-edge.backend.url="$STUB/mcp" \
  --mcp-edge.public-url="$EDGE" \
  --mcp-edge.admin.token="$ADMIN_TOKEN" \
  "--mcp-edge.oauth.issuers[0].issuer-uri=$STUB" \
  '--mcp-edge.oauth.issuers[0].organization-claim=org_id' \
  '--mcp-edge.policy.read-tools=get_*' \
  --mcp-edge.policy.tool-scopes.get_balance=payments:read \
  --mcp-edge.rate-limits.default.replenish-rate=1000000 \
  --mcp-edge.rate-limits.default.burst-capacity=1000000 \
  --mcp-edge.rate-limits.organization.replenish-rate=1000000 \
  --mcp-edge.rate-limits.organization.burst-capacity=1000000 \
  --mcp-edge.rate-limits.write-tools.replenish-rate=1000000 \
  --mcp-edge.rate-limits.write-tools.burst-capacity=1000000

wait_until redis 20 redis-cli -p "$REDIS_PORT" ping
wait_until stub 30 answers_200 "$STUB/mcp"
wait_until nginx 20 answers_200 "http://127.0.0.1:$NGINX_PORT/mcp"
wait_until bare-scg 120 answers_200 "http://127.0.0.1:$SCG_PORT/mcp"
wait_until mcp-edge 120 curl -sf "$EDGE/actuator/health/readiness"

API_KEY=$(curl -sf "$EDGE/admin/keys" -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
  -d '{"name":"load-test","organizationId":"org_load","mode":"test"}' | sed -n 's/.*"key":"\([^"]*\)".*/\1/p')
JWT=$(curl -sfG "$STUB/token" --data-urlencode "aud=$EDGE/api/mcp/oauth" --data-urlencode sub=load-user \
  --data-urlencode org=org_load --data-urlencode scope=payments:read)
if [ -z "$API_KEY" ] || [ -z "$JWT" ]; then echo "Could not get an API key or a token" >&2; exit 1; fi
wait_until mcp-edge 20 answers_200 "$EDGE/api/mcp" "$API_KEY"
wait_until mcp-edge 20 answers_200 "$EDGE/api/mcp/oauth" "$JWT"

# --- measurements, one target at a time ----------------------------------------------------------

# wrk_run SECONDS URL TOKEN: one wrk run of tools-call.lua
wrk_run() {
  TOKEN=$3 wrk -t1 -c"$CONNECTIONS" -d"$1s" -s "$HERE/wrk/tools-call.lua" "$2"
}

# warm_up NAME URL TOKEN: wrk runs of 5 s (less in smoke mode) until, after MIN_WARMUP seconds, one
# does not beat the one before by 5 % or more (the JIT compiler is done), at most WARMUP seconds
warm_up() {
  local name=$1 url=$2 token=$3 slice=$((WARMUP < 5 ? WARMUP : 5)) spent=0 previous=0 current=0
  while [ $spent -lt "$WARMUP" ]; do
    current=$(wrk_run "$slice" "$url" "$token" | tee -a "$OUT/$name/wrk-warmup.txt" | awk '/^Requests\/sec/ {rps = $2} END {print int(rps)}')
    spent=$((spent + slice))
    if [ "$spent" -ge "$MIN_WARMUP" ] && [ "$previous" -gt 0 ] && [ $(((current - previous) * 100)) -lt $((5 * previous)) ]; then break; fi
    previous=$current
  done
  log "$name: warmed up in ${spent}s, last at $current req/s"
}

# measure NAME URL [TOKEN]
measure() {
  local name=$1 url=$2 token=${3:-}
  mkdir -p "$OUT/$name"
  log "$name: warm-up (at most ${WARMUP}s), saturation ${SATURATION}s (wrk -c$CONNECTIONS), latency ${LATENCY}s at $RATE req/s (Gatling)"
  warm_up "$name" "$url" "$token"
  wrk_run "$SATURATION" "$url" "$token" >"$OUT/$name/wrk.txt"
  if ! (cd "$ROOT" && ./mvnw -B -f load-tests/gatling/pom.xml gatling:test \
      -Dgatling.simulationClass=dev.mcpedge.loadtests.simulations.ToolsCallSimulation \
      -Dgatling.resultsFolder="$OUT/$name/gatling" \
      -Durl="$url" -Dtoken="$token" -Drate="$RATE" -Dduration="$LATENCY" -Dwarmup="$GATLING_WARMUP") \
      >"$OUT/$name/gatling.log" 2>&1; then
    log "$name: Gatling reported failures, see $OUT/$name/gatling.log"
  fi
}

measure direct "$STUB/mcp"
measure nginx "http://127.0.0.1:$NGINX_PORT/mcp"
measure bare-scg "http://127.0.0.1:$SCG_PORT/mcp"
measure mcp-edge-keys "$EDGE/api/mcp" "$API_KEY"
measure mcp-edge-jwt "$EDGE/api/mcp/oauth" "$JWT"

# --- report --------------------------------------------------------------------------------------

mode=""
if $SMOKE; then mode=", SMOKE MODE (timings not checked)"; fi
{
  echo "targets=direct,nginx,bare-scg,mcp-edge-keys,mcp-edge-jwt"
  echo "settings=$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(java -version 2>&1 | head -n 1)$mode. Saturation: \`wrk -t1 -c$CONNECTIONS -d${SATURATION}s\` after a wrk warm-up of at most ${WARMUP} s. Latency: Gatling ToolsCallSimulation, $RATE req/s for ${LATENCY} s after ${GATLING_WARMUP} s. nginx: worker_processes auto, upstream keep-alive. Gateways' JVM options: ${GATEWAY_JAVA_OPTS:-none}."
} >"$OUT/run.properties"

status=0
java -jar "$HERE/report/target/report.jar" "$OUT" || status=$?
log "results: $OUT/results.md, $OUT/throughput.png, $OUT/latency.png ($(($(date +%s) - STARTED_AT)) s)"
exit $status
