#!/usr/bin/env bash
# Socket.IO cost (docs/benchmarks.md): heap and RSS per idle connection and server CPU per delivery for
# socket.io-client and Centrifugo clients on the gateway, and for socket.io-client on a plain socket.io 4.8 server
# with the Redis adapter, in one run. Server on CPU 0, clients on CPU 1. Run after ./mvnw package -DskipTests.
set -euo pipefail
cd "$(dirname "$0")"
N=${N:-500}
MESSAGES=${MESSAGES:-200}
RATE=${RATE:-100}
PORT=${PORT:-18995}
REDIS_PORT=${REDIS_PORT:-18996}
SECRET=bench-secret-0123456789abcdefghijklmnop
KEY=bench-key
APP=../target/quarkus-app/quarkus-run.jar
[ -d node_modules ] || npm install --no-audit --no-fund --silent

cpu_ms() { awk '{print ($14 + $15) * 10}' "/proc/$1/stat"; } # utime + stime, clock ticks of 10 ms
rss_kb() { ps -o rss= -p "$1" | tr -d ' '; }
java_heap_kb() {
  jcmd "$1" GC.run >/dev/null; jcmd "$1" GC.run >/dev/null
  jcmd "$1" GC.heap_info | awk '/garbage-first heap/ {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); sub("K","",v); print v}}'
}
node_heap_kb() { echo $(( $(curl -sf "http://127.0.0.1:$PORT/heap") / 1024 )); }

redis-server --port "$REDIS_PORT" --save '' --appendonly no >/tmp/pulsegate-socketio-redis.log 2>&1 &
redis=$!
server=
trap 'kill $redis ${server:-} 2>/dev/null || true' EXIT

measure() { # kind heap_fn publish_url
  local kind=$1 heap_fn=$2 publish=$3
  sleep 2
  local rss0 heap0 cpu0 cpu1
  rss0=$(rss_kb "$server"); heap0=$($heap_fn "$server")
  coproc CLIENTS { taskset -c 1 node socketio-bench.mjs "$kind" "http://127.0.0.1:$PORT" "$N" "$SECRET" "$publish" "$KEY" "$MESSAGES" "$RATE"; }
  read -r ready <&"${CLIENTS[0]}"
  sleep 2
  local rss1 heap1
  rss1=$(rss_kb "$server"); heap1=$($heap_fn "$server")
  echo go >&"${CLIENTS[1]}" # warm-up round
  read -r warmup <&"${CLIENTS[0]}"
  cpu0=$(cpu_ms "$server")
  echo go >&"${CLIENTS[1]}"
  read -r result <&"${CLIENTS[0]}"
  cpu1=$(cpu_ms "$server")
  local deliveries=$(( N * MESSAGES ))
  echo "kind=$kind clients=$N heap_kb=$heap0->$heap1 rss_kb=$rss0->$rss1 heap_per_conn_bytes=$(( (heap1 - heap0) * 1024 / N )) rss_per_conn_bytes=$(( (rss1 - rss0) * 1024 / N )) cpu_ms=$(( cpu1 - cpu0 )) cpu_us_per_delivery=$(( (cpu1 - cpu0) * 1000 / deliveries )).$(( (cpu1 - cpu0) * 10000 / deliveries % 10 )) $result"
  kill "$CLIENTS_PID" 2>/dev/null || true
}

for kind in socketio centrifugo; do
  java -Xmx512m -XX:+UseG1GC -Dquarkus.http.port=$PORT -Dpulsegate.token.hmac-secret=$SECRET -Dpulsegate.api.key=$KEY \
    -Dpulsegate.socketio.enabled=true -Dpulsegate.client.connection-limit=0 -jar $APP >/tmp/pulsegate-socketio-bench.log 2>&1 &
  server=$!
  taskset -a -p -c 0 "$server" >/dev/null # every thread of the JVM on CPU 0
  until curl -sf -o /dev/null http://127.0.0.1:$PORT/q/health/ready; do sleep 0.05; done
  measure "$kind" java_heap_kb "http://127.0.0.1:$PORT/api/publish"
  kill "$server"; wait "$server" 2>/dev/null || true
done
taskset -c 0 node --expose-gc socketio-reference.mjs $PORT "redis://127.0.0.1:$REDIS_PORT" >/tmp/pulsegate-socketio-ref.log 2>&1 &
server=$!
until curl -sf -o /dev/null "http://127.0.0.1:$PORT/heap"; do sleep 0.05; done
measure reference node_heap_kb "http://127.0.0.1:$PORT/publish"
