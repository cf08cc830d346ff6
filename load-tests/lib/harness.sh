# Shared by compare.sh, burst.sh and warmup.sh (sourced, not run): tools, builds, servers on free
# ports of 127.0.0.1 with their logs in $OUT/logs, and their stop on exit.
#
# The sourcing script sets HERE (load-tests/) and ROOT (the repository), defines `usage`, `smoke` and
# `option` (see harness_start), and calls harness_start before anything else.

SMALL_CALL='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_balance","arguments":{}}}'

log() { echo "[$(basename "$0" .sh) $(date +%H:%M:%S)] $*"; }

# harness_start PREFIX ARG...: reads the command line, then sets STARTED_AT, LOAD_BEFORE and OUT (the
# run's results folder, results/PREFIX<timestamp>) and calls harness_init. Every script takes --smoke
# (SMOKE=true, then its function `smoke` sets its short settings), --jar PATH (JAR, default
# $MCP_EDGE_JAR, else gateway/target/mcp-edge-gateway.jar) and -h/--help (its function `usage`); its
# function `option NAME VALUE` sets its own options and fails for a name it does not know.
harness_start() {
  local prefix=$1
  shift
  SMOKE=false
  JAR=${MCP_EDGE_JAR:-$ROOT/gateway/target/mcp-edge-gateway.jar}
  while [ $# -gt 0 ]; do
    case "$1" in
      --smoke) SMOKE=true; smoke ;;
      --jar) JAR=$2; shift ;;
      -h|--help) usage; exit 0 ;;
      *)
        if ! option "$1" "${2-}"; then
          echo "Unknown option: $1" >&2; usage >&2; exit 2
        fi
        if [ $# -lt 2 ]; then
          echo "Option $1 needs a value" >&2; usage >&2; exit 2
        fi
        shift ;;
    esac
    shift
  done
  STARTED_AT=$(date +%s)
  LOAD_BEFORE=$(cut -d" " -f1-3 /proc/loadavg)
  OUT=$HERE/results/$prefix$(date -u +%Y%m%dT%H%M%SZ)
  harness_init
}

# harness_init: the run's scratch folder, the stop of every server on exit, the tools and the builds
harness_init() {
  RUN=$(mktemp -d)
  mkdir -p "$OUT/logs"
  declare -gA PID=()
  STARTED=()
  USED_PORTS=" "
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  install_missing_tools
  build
}

# stops the servers still running in the reverse order of their start, so none loses a dependency
# while running
# shellcheck disable=SC2317 # called by the trap
cleanup() {
  local i
  for ((i = ${#STARTED[@]} - 1; i >= 0; i--)); do
    stop "${STARTED[i]}"
  done
  rm -rf "$RUN"
  gzip -qf "$OUT"/logs/*.log 2>/dev/null || true
}

# stop NAME [SECONDS]: SIGTERM (a JVM exits cleanly, writing what it writes at exit), SIGKILL after
# SECONDS (default 10)
stop() {
  local pid=${PID[$1]:-} waited=0
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt $((${2:-10} * 10)) ]; do sleep 0.1; waited=$((waited + 1)); done
  kill -9 "$pid" 2>/dev/null || true
  unset "PID[$1]"
}

# CI machines start empty: Debian packages for what is missing
install_missing_tools() {
  local missing=()
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
}

build() {
  if [ ! -f "$JAR" ]; then
    if [ "$JAR" != "$ROOT/gateway/target/mcp-edge-gateway.jar" ]; then echo "No such jar: $JAR" >&2; exit 1; fi
    log "building mcp-edge"
    (cd "$ROOT" && ./mvnw -B -q -DskipTests package)
  fi
  log "building the load-test harness"
  (cd "$ROOT" && ./mvnw -B -q -f load-tests/pom.xml -DskipTests package)
}

free_port() {
  local port
  while :; do
    # below Linux's ephemeral range (32768 and up): after a burst thousands of client sockets hold
    # ports there, and a server could not listen on one of them
    port=$((20000 + RANDOM % 12000))
    case "$USED_PORTS" in *" $port "*) continue ;; esac
    if ! (: <"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then USED_PORTS+="$port "; echo "$port"; return; fi
  done
}

# start NAME COMMAND...: runs COMMAND in $RUN with its output in logs/NAME.log; PID[NAME] is its pid
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

# answers_200 URL [TOKEN]: a tools/call gets 200
# shellcheck disable=SC2317 # called by wait_until
answers_200() {
  local auth=()
  [ -n "${2:-}" ] && auth=(-H "Authorization: Bearer $2")
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' "${auth[@]}" -d "$SMALL_CALL" "$1")" = 200 ]
}

# start_redis: a redis-server of the run on REDIS_PORT
start_redis() {
  REDIS_PORT=$(free_port)
  start redis redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --dir "$RUN"
  wait_until redis 20 redis-cli -p "$REDIS_PORT" ping
}

# start_stub [JVM OPTION...]: the backend stub on STUB_PORT; STUB is its base URL (and issuer)
start_stub() {
  STUB_PORT=$(free_port)
  STUB=http://127.0.0.1:$STUB_PORT
  start stub java "$@" -jar "$HERE/backend-stub/target/backend-stub.jar" "$STUB_PORT"
  wait_until stub 30 answers_200 "$STUB/mcp"
}

# start_mcp_edge NAME PORT [JVM OPTION...] [-- APPLICATION ARGUMENT...]: mcp-edge (`-jar $JAR`
# unless the JVM options have a -jar of their own) with the run's redis-server, the stub as backend
# and issuer, `get_*` and `sse*` as read tools, and rate limits as high as they go: exercised on
# every request, never refusing. JAVA (default: java) is the JVM. Sets ADMIN_TOKEN.
start_mcp_edge() {
  local name=$1 port=$2 jvm=() app=() jar=(-jar "$JAR")
  shift 2
  while [ $# -gt 0 ] && [ "$1" != -- ]; do
    case "$1" in -jar) jar=() ;; esac
    jvm+=("$1"); shift
  done
  [ $# -gt 0 ] && shift
  app=("$@")
  ADMIN_TOKEN=${ADMIN_TOKEN:-load-test-admin-$RANDOM$RANDOM$RANDOM}
  start "$name" "${JAVA:-java}" "${jvm[@]}" "${jar[@]}" \
    --server.port="$port" \
    --spring.data.redis.url="redis://127.0.0.1:$REDIS_PORT" \
    --mcp-edge.backend.url="$STUB/mcp" \
    --mcp-edge.public-url="http://127.0.0.1:$port" \
    --mcp-edge.admin.token="$ADMIN_TOKEN" \
    "--mcp-edge.oauth.issuers[0].issuer-uri=$STUB" \
    '--mcp-edge.oauth.issuers[0].organization-claim=org_id' \
    '--mcp-edge.policy.read-tools=get_*,sse*' \
    --mcp-edge.policy.tool-scopes.get_balance=payments:read \
    --mcp-edge.rate-limits.default.replenish-rate=1000000 \
    --mcp-edge.rate-limits.default.burst-capacity=1000000 \
    --mcp-edge.rate-limits.organization.replenish-rate=1000000 \
    --mcp-edge.rate-limits.organization.burst-capacity=1000000 \
    --mcp-edge.rate-limits.write-tools.replenish-rate=1000000 \
    --mcp-edge.rate-limits.write-tools.burst-capacity=1000000 \
    "${app[@]}"
}

# test_key NAME URL: waits until mcp-edge NAME at URL is ready, then prints a new test API key
test_key() {
  local name=$1 url=$2 key
  wait_until "$name" 120 curl -sf "$url/actuator/health/readiness"
  key=$(curl -sf "$url/admin/keys" -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
    -d '{"name":"load-test","organizationId":"org_load","mode":"test"}' | sed -n 's/.*"key":"\([^"]*\)".*/\1/p')
  if [ -z "$key" ]; then echo "Could not create an API key on $name" >&2; exit 1; fi
  wait_until "$name" 20 answers_200 "$url/api/mcp" "$key"
  echo "$key"
}

# wrk_run SECONDS URL TOKEN: one wrk run of tools-call.lua with CONNECTIONS (default 16) connections
wrk_run() {
  TOKEN=$3 wrk -t1 -c"${CONNECTIONS:-16}" -d"$1s" -s "$HERE/wrk/tools-call.lua" "$2"
}

# warmup_curve SECONDS URL TOKEN FILE: 1 s wrk runs back to back; FILE gets one line per second:
# `<second> <requests> <duration µs>`
warmup_curve() {
  local seconds=$1 url=$2 token=$3 file=$4 second
  : >"$file"
  for second in $(seq "$seconds"); do
    wrk_run 1 "$url" "$token" | sed -n "s/^RESULT requests=\([0-9]*\) duration_us=\([0-9]*\).*/$second \1 \2/p" >>"$file"
  done
}

# cpu_ticks PID...: user + system clock ticks of the processes and their children that are still
# running (nginx's workers), summed
cpu_ticks() {
  local pid ticks=0 child
  for pid in "$@"; do
    for child in $pid $(pgrep -P "$pid" 2>/dev/null); do
      ticks=$((ticks + $(awk '{print $14 + $15}' "/proc/$child/stat" 2>/dev/null || echo 0)))
    done
  done
  echo "$ticks"
}

# memory_kb PID FIELD: VmRSS or VmHWM of the process, in kB
memory_kb() {
  awk -v field="$2:" '$1 == field {print $2}' "/proc/$1/status" 2>/dev/null || echo 0
}
