#!/usr/bin/env bash
# Cross-node fan-out (Redis engine, 2 nodes) versus one node (memory engine), and the time for a node to
# resubscribe 1,000 channels after a Redis restart. Run after ./mvnw package -DskipTests; see docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")"
[ -d node_modules ] || npm install --no-audit --no-fund --silent
N=${N:-1000} M=${M:-200} RATE=${RATE:-100}
SECRET=bench-secret-0123456789abcdefghijklmnop KEY=bench-key
CP="../target/quarkus-app/app/*:../target/quarkus-app/lib/main/*"
TOKEN=$(java -cp "$CP" io.pulsegate.auth.DevTokens --secret "$SECRET" --user bench --ttl 86400)
RPORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
REDIS_DIR=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; redis-cli -p "$RPORT" shutdown nosave >/dev/null 2>&1 || true; }
trap cleanup EXIT
start_redis() { redis-server --port "$RPORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$REDIS_DIR" --daemonize yes >/dev/null; until redis-cli -p "$RPORT" ping >/dev/null 2>&1; do sleep 0.05; done; }
start_node() { # port engine log
  java -Xmx512m -Dquarkus.http.port="$1" -Dquarkus.http.host=127.0.0.1 -Dpulsegate.engine="$2" \
    -Dpulsegate.redis.url=redis://127.0.0.1:$RPORT -Dpulsegate.token.hmac-secret=$SECRET -Dpulsegate.api.key=$KEY \
    -Dpulsegate.client.channel-limit=200 \
    -Dpulsegate.namespaces.bench.allow-subscribe-for-client=true -Dpulsegate.namespaces.bench.history-size=100 \
    -Dpulsegate.namespaces.bench.history-ttl=5m -jar ../target/quarkus-app/quarkus-run.jar >"$3" 2>&1 &
  PIDS+=($!)
  until curl -sf -o /dev/null "http://127.0.0.1:$1/q/health/ready"; do sleep 0.05; done
}
stop_nodes() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; PIDS=(); }

start_node 18971 memory /tmp/pulsegate-fanout-mem.log
node fanout.mjs ws://127.0.0.1:18971/connection/websocket http://127.0.0.1:18971 $KEY "$TOKEN" $N $M $RATE | sed 's/^/memory, 1 node: /'
stop_nodes

start_redis
start_node 18972 redis /tmp/pulsegate-fanout-a.log
start_node 18973 redis /tmp/pulsegate-fanout-b.log
node fanout.mjs ws://127.0.0.1:18972/connection/websocket,ws://127.0.0.1:18973/connection/websocket \
  http://127.0.0.1:18972 $KEY "$TOKEN" $N $M $RATE | sed 's/^/redis, 2 nodes: /'

# 1,000 channels on node b (10 clients x 100 channels), then restart Redis and time the resubscription.
node -e '
const WebSocket = require("ws"); let ready = 0;
for (let c = 0; c < 10; c++) {
  const ws = new WebSocket("ws://127.0.0.1:18973/connection/websocket");
  ws.on("open", () => { const cmds = [`{"id":1,"connect":{"token":"'"$TOKEN"'"}}`];
    for (let i = 0; i < 100; i++) cmds.push(`{"id":${i + 2},"subscribe":{"channel":"bench:c${c}-${i}"}}`);
    ws.send(cmds.join("\n")); });
  ws.on("message", (d) => { if (d.toString().includes("\"id\":101,")) { if (++ready === 10) console.log("SUBSCRIBED"); } });
}
setTimeout(() => process.exit(0), 60000);' > /tmp/pulsegate-hold.log &
HOLD=$!
until grep -q SUBSCRIBED /tmp/pulsegate-hold.log; do sleep 0.1; done
redis-cli -p "$RPORT" shutdown nosave >/dev/null 2>&1 || true
sleep 1
before=$(grep -c "pub/sub connected" /tmp/pulsegate-fanout-b.log)
t0=$(date +%s%N); start_redis
until [ "$(grep -c "pub/sub connected" /tmp/pulsegate-fanout-b.log)" -gt "$before" ]; do sleep 0.01; done
t1=$(date +%s%N)
echo "resubscribe after Redis restart: $(grep "pub/sub connected" /tmp/pulsegate-fanout-b.log | tail -1 | sed 's/.*connected //') in $(( (t1 - t0) / 1000000 )) ms from Redis accepting connections (includes the reconnect backoff)"
kill $HOLD 2>/dev/null || true
