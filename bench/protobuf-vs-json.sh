#!/usr/bin/env bash
# Protobuf versus JSON: delivered item and frame sizes and gateway CPU per delivery for the same fan-out load
# (bench/format-fanout.mjs). Starts the packaged gateway on 127.0.0.1, runs a warm-up of each format, then ROUNDS measured
# rounds alternating JSON and Protobuf, and stops the gateway. Run after ./mvnw package -DskipTests.
# usage: [N=200] [P=5000] [ROUNDS=3] [WINDOW=64] bench/protobuf-vs-json.sh   (WINDOW=1: one publication per frame)
set -euo pipefail
cd "$(dirname "$0")"
N=${N:-200}
P=${P:-5000}
ROUNDS=${ROUNDS:-3}
export WINDOW=${WINDOW:-64}
PORT=${PORT:-18991}
SECRET=bench-secret-0123456789abcdefghijklmnop
[ -d node_modules ] || npm install --no-audit --no-fund --silent
APP=../target/quarkus-app/quarkus-run.jar
TOKEN=$(java -cp "../target/quarkus-app/app/*:../target/quarkus-app/lib/main/*" io.pulsegate.auth.DevTokens \
  --secret "$SECRET" --user bench --ttl 86400 2>/dev/null)

java -Xmx512m -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=$PORT -Dpulsegate.token.hmac-secret=$SECRET \
  -Dpulsegate.channel.without-namespace.allow-subscribe-for-client=true \
  -Dpulsegate.channel.without-namespace.allow-publish-for-client=true \
  -Dpulsegate.client.command-rate=1000000 -Dpulsegate.client.command-burst=1000000 \
  -jar $APP >/tmp/pulsegate-bench-fanout.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
until curl -sf -o /dev/null http://127.0.0.1:$PORT/q/health/ready; do sleep 0.05; done

for _ in 1 2; do # warm-up: JIT both encoders and the write path
  for format in json protobuf; do
    node format-fanout.mjs $PORT $pid $format "$N" "$P" "$TOKEN" >/dev/null
  done
done
for _ in $(seq "$ROUNDS"); do
  for format in json protobuf; do
    node format-fanout.mjs $PORT $pid $format "$N" "$P" "$TOKEN"
    sleep 1
  done
done
