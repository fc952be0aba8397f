#!/usr/bin/env bash
# Map snapshot benchmark (memory engine): 10,000 keys read by 1 client and by CLIENTS clients, page 1000 and the
# SDK default 100. Run after ./mvnw package -DskipTests; results in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")"
[ -d node_modules ] || npm install --no-audit --no-fund --silent
CLIENTS=${CLIENTS:-1000} KEYS=${KEYS:-10000} CONCURRENCY=${CONCURRENCY:-100}
SECRET=bench-secret-0123456789abcdefghijklmnop KEY=bench-key PORT=18981
CP="../target/quarkus-app/app/*:../target/quarkus-app/lib/main/*"
TOKEN=$(java -cp "$CP" io.pulsegate.auth.DevTokens --secret "$SECRET" --user bench --ttl 86400)
taskset -c 0 java -Xmx2g -Dquarkus.http.port=$PORT -Dquarkus.http.host=127.0.0.1 -Dpulsegate.token.hmac-secret=$SECRET \
  -Dpulsegate.api.key=$KEY -Dpulsegate.client.connection-limit=0 \
  -Dpulsegate.namespaces.m.subscription-type=map -Dpulsegate.namespaces.m.map.mode=persistent \
  -Dpulsegate.namespaces.m.map.max-keys=$KEYS -Dpulsegate.namespaces.m.allow-subscribe-for-client=true \
  -jar ../target/quarkus-app/quarkus-run.jar >/tmp/pulsegate-maps-bench.log 2>&1 &
GW=$!
trap 'kill $GW 2>/dev/null || true' EXIT
until curl -sf -o /dev/null "http://127.0.0.1:$PORT/q/health/ready"; do sleep 0.1; done
for b in $(seq 0 $((KEYS / 1000 - 1))); do
  python3 -c "import json;print(json.dumps({'commands':[{'map_publish':{'channel':'m:bench','key':'key-%06d'%(${b}*1000+i),'data':{'n':${b}*1000+i,'label':'item'}}} for i in range(1000)]}))" \
    | curl -sf -o /dev/null -H "X-API-Key: $KEY" -H "Content-Type: application/json" --data-binary @- "http://127.0.0.1:$PORT/api/batch"
done
WS=ws://127.0.0.1:$PORT/connection/websocket
run() { taskset -c 1 node map-snapshot.mjs $WS $GW "$TOKEN" m:bench "$@"; }
run 1 1000 1 >/dev/null # warm-up
run 1 1000 1; run 1 100 1
run "$CLIENTS" 1000 "$CONCURRENCY"; run "$CLIENTS" 100 "$CONCURRENCY"
