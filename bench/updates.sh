#!/usr/bin/env bash
# Incremental updates, one gateway (memory engine) on CPU 0, the load generator on CPU 1, one run:
#  - a ~2 KB document feed with small edits to N subscribers, with and without fossil delta: wire bytes and gateway
#    CPU per delivery;
#  - 4 channels per subscriber, CPU per delivery with a 20 ms batching window vs without, at 20k and 200k
#    deliveries/s, and with a 250 ms window at 20k/s (20 messages/s per connection: a 20 ms window rarely holds two).
# Run after ./mvnw package -DskipTests:   N=1000 ROUNDS=3 bench/updates.sh
set -euo pipefail
cd "$(dirname "$0")"
N=${N:-1000}
ROUNDS=${ROUNDS:-3}
PORT=${PORT:-18981}
SECRET=bench-secret-0123456789abcdefghijklmnop KEY=bench-key
[ -d node_modules ] || npm install --no-audit --no-fund --silent
CP="../target/quarkus-app/app/*:../target/quarkus-app/lib/main/*"
TOKEN=$(java -cp "$CP" io.pulsegate.auth.DevTokens --secret "$SECRET" --user bench --ttl 86400)
ns() { # namespace options
  local n=$1; shift
  echo "-Dpulsegate.namespaces.$n.allow-subscribe-for-client=true -Dpulsegate.namespaces.$n.history-size=10" \
    "-Dpulsegate.namespaces.$n.history-ttl=5m $*"
}
taskset -c 0 java -Xmx1g -Dquarkus.http.port=$PORT -Dquarkus.http.host=127.0.0.1 -Dpulsegate.token.hmac-secret=$SECRET \
  -Dpulsegate.api.key=$KEY -Dpulsegate.client.queue-max-size=4000000 \
  $(ns doc -Dpulsegate.namespaces.doc.allowed-delta-types=fossil -Dpulsegate.namespaces.doc.delta-publish=true) \
  $(ns plain) $(ns batched -Dpulsegate.namespaces.batched.batch-max-delay=20ms) \
  $(ns lazy -Dpulsegate.namespaces.lazy.batch-max-delay=250ms) \
  -jar ../target/quarkus-app/quarkus-run.jar >/tmp/pulsegate-updates-bench.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -sf -o /dev/null http://127.0.0.1:$PORT/q/health/ready; do sleep 0.05; done

cpu_ms() { awk '{print ($14 + $15) * 10}' /proc/$1/stat; } # utime+stime in ms (USER_HZ 100)
run() { # mode M rate variant
  local before after line delivered
  before=$(cpu_ms $pid)
  line=$(taskset -c 1 node updates-bench.mjs "$1" ws://127.0.0.1:$PORT/connection/websocket http://127.0.0.1:$PORT \
    $KEY "$TOKEN" "$N" "$2" "$3" "$4")
  after=$(cpu_ms $pid)
  delivered=$(sed -E 's/.* delivered=([0-9]+).*/\1/' <<<"$line")
  echo "$line gateway_cpu_us_per_delivery=$(awk -v c=$((after - before)) -v d="$delivered" 'BEGIN{printf "%.2f", c*1000/d}')"
}

run doc 50 20 0 >/dev/null; run doc 50 20 1 >/dev/null; run batch 200 100 plain >/dev/null # warm-up
for round in $(seq 1 "$ROUNDS"); do
  run doc 200 20 0
  run doc 200 20 1
  run batch 400 20 plain
  run batch 400 20 batched
  run batch 400 20 lazy
  run batch 2000 200 plain
  run batch 2000 200 batched
done
