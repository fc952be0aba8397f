#!/usr/bin/env bash
# Startup time to ready, RSS after start, and heap per idle connection (1,000 connections, with and without
# permessage-deflate). Run after ./mvnw package -DskipTests. Results go to stdout; see docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")"
N=${N:-1000}
PORT=${PORT:-18990}
SECRET=bench-secret-0123456789abcdefghijklmnop
[ -d node_modules ] || npm install --no-audit --no-fund --silent
APP=../target/quarkus-app/quarkus-run.jar
TOKEN=$(java -cp "../target/quarkus-app/app/*:../target/quarkus-app/lib/main/*" io.pulsegate.auth.DevTokens \
  --secret "$SECRET" --user bench --ttl 86400)

heap_used_kb() { # heap used after a full GC, in KB
  jcmd "$1" GC.run >/dev/null; jcmd "$1" GC.run >/dev/null
  jcmd "$1" GC.heap_info | awk '/garbage-first heap/ {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); sub("K","",v); print v}}'
}
rss_kb() { ps -o rss= -p "$1" | tr -d ' '; }

for deflate in false true; do
  start=$(date +%s%N)
  java -Xmx512m -Dquarkus.http.port=$PORT -Dpulsegate.token.hmac-secret=$SECRET \
    -Dpulsegate.channel.without-namespace.allow-subscribe-for-client=true -jar $APP >/tmp/pulsegate-bench.log 2>&1 &
  pid=$!
  until curl -sf -o /dev/null http://127.0.0.1:$PORT/q/health/ready; do sleep 0.01; done
  ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  sleep 2
  rss0=$(rss_kb $pid); heap0=$(heap_used_kb $pid)
  coproc CLIENT { HOLD_SECONDS=300 node idle-connections.mjs $PORT $N $deflate "$TOKEN"; }
  read -r line <&"${CLIENT[0]}"; echo "$line"
  sleep 2
  rss1=$(rss_kb $pid); heap1=$(heap_used_kb $pid)
  echo "deflate=$deflate ready_ms=$ready_ms rss_start_kb=$rss0 heap_start_kb=$heap0 rss_loaded_kb=$rss1 heap_loaded_kb=$heap1 heap_per_conn_bytes=$(( (heap1 - heap0) * 1024 / N )) rss_per_conn_bytes=$(( (rss1 - rss0) * 1024 / N ))"
  kill "$CLIENT_PID" 2>/dev/null || true
  kill $pid; wait $pid 2>/dev/null || true
done
