#!/usr/bin/env bash
# SSE measurements (docs/benchmarks.md): heap per idle uni_sse stream at N=1000 with and without gzip, then event
# latency (publish → decoded event) and the gzip ratio on a realistic JSON quote feed. Run after
# ./mvnw package -DskipTests. Results go to stdout.
set -euo pipefail
cd "$(dirname "$0")"
N=${N:-1000}
PORT=${PORT:-18991}
SECRET=bench-secret-0123456789abcdefghijklmnop
KEY=bench-key
APP=../target/quarkus-app/quarkus-run.jar

heap_used_kb() { # heap used after a full GC, in KB
  jcmd "$1" GC.run >/dev/null; jcmd "$1" GC.run >/dev/null
  jcmd "$1" GC.heap_info | awk '/garbage-first heap/ {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); sub("K","",v); print v}}'
}
rss_kb() { ps -o rss= -p "$1" | tr -d ' '; }

java -Xmx512m -Dquarkus.http.port=$PORT -Dpulsegate.token.hmac-secret=$SECRET -Dpulsegate.api.key=$KEY \
  -Dpulsegate.client.connection-limit=0 -jar $APP >/tmp/pulsegate-sse-bench.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 600); do curl -sf -o /dev/null http://127.0.0.1:$PORT/q/health/ready && break; sleep 0.05; done
for gzip in false true; do
  sleep 2
  rss0=$(rss_kb $pid); heap0=$(heap_used_kb $pid)
  coproc CLIENT { HOLD_SECONDS=300 node sse-bench.mjs idle $PORT $N $gzip $SECRET; }
  read -r line <&"${CLIENT[0]}"; echo "$line"
  sleep 2
  rss1=$(rss_kb $pid); heap1=$(heap_used_kb $pid)
  echo "gzip=$gzip streams=$N heap_per_stream_bytes=$(( (heap1 - heap0) * 1024 / N )) rss_per_stream_bytes=$(( (rss1 - rss0) * 1024 / N ))"
  kill "$CLIENT_PID" 2>/dev/null || true
  sleep 3
done
for gzip in false true; do
  node sse-bench.mjs latency $PORT $gzip $SECRET $KEY
done
