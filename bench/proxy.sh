#!/usr/bin/env bash
# Connect through the connect proxy vs with a JWT (connections/s, gateway CPU per connect), and RPC through the gateway's
# RPC proxy vs straight to the backend (calls/s, p50/p99), in one run on one machine. The gateway runs on CPU 0, the
# backend (examples/proxy/backend.mjs) and the load generator on CPU 1. Run after ./mvnw package -DskipTests.
#   N=3000 C=32 ROUNDS=3 bench/proxy.sh
set -euo pipefail
cd "$(dirname "$0")"
N=${N:-3000}
C=${C:-32}
ROUNDS=${ROUNDS:-3}
PORT=${PORT:-18991}
BACKEND_PORT=${BACKEND_PORT:-18992}
SECRET=bench-secret-0123456789abcdefghijklmnop
[ -d node_modules ] || npm install --no-audit --no-fund --silent
APP=../target/quarkus-app/quarkus-run.jar
TOKEN=$(java -cp "../target/quarkus-app/app/*:../target/quarkus-app/lib/main/*" io.pulsegate.auth.DevTokens \
  --secret "$SECRET" --user bench --ttl 86400)

taskset -c 1 node ../examples/proxy/backend.mjs $BACKEND_PORT >/tmp/pulsegate-proxy-backend.log 2>&1 &
backend=$!
B=http://127.0.0.1:$BACKEND_PORT/centrifugo
taskset -c 0 java -Xmx512m -Dquarkus.http.port=$PORT -Dpulsegate.token.hmac-secret=$SECRET \
  -Dpulsegate.client.command-rate=100000 -Dpulsegate.client.command-burst=100000 \
  -Dpulsegate.proxies.connect.endpoint=$B/connect -Dpulsegate.proxies.connect.http-headers=Cookie \
  -Dpulsegate.proxies.rpc.endpoint=$B/rpc -Dpulsegate.client.proxy.connect=connect \
  -Dpulsegate.rpc.without-namespace.proxy=rpc -jar $APP >/tmp/pulsegate-proxy-bench.log 2>&1 &
pid=$!
trap 'kill $pid $backend 2>/dev/null || true' EXIT
until curl -sf -o /dev/null http://127.0.0.1:$PORT/q/health/ready; do sleep 0.05; done

cpu_ms() { awk '{print ($14 + $15) * 10}' /proc/$1/stat; } # utime+stime in ms (USER_HZ 100)
run() {
  local before after line
  before=$(cpu_ms $pid)
  line=$(taskset -c 1 node proxy-bench.mjs "$1" $PORT $BACKEND_PORT "$2" $C "$TOKEN")
  after=$(cpu_ms $pid)
  n=$(sed -E 's/.* n=([0-9]+).*/\1/' <<<"$line")
  echo "$line gateway_cpu_ms=$((after - before)) gateway_cpu_us_per_op=$(( (after - before) * 1000 / n ))"
}

run connect-jwt 500 >/dev/null; run connect-proxy 500 >/dev/null; run rpc-gateway 2000 >/dev/null # warm-up
for round in $(seq 1 "$ROUNDS"); do
  run connect-jwt "$N"
  run connect-proxy "$N"
  run rpc-gateway "$((N * 4))"
  run rpc-direct "$((N * 4))"
done
