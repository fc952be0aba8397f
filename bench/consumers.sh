#!/usr/bin/env bash
# Event-stream sources vs the server API, one gateway (memory engine) on CPU 0, producers, sources and subscribers on
# CPU 1, one run: N subscribers on a channel, M records at RATE/s (latency, gateway CPU per record) and M records as a
# backlog (records/s), for api (POST /api/publish), redis-stream (XADD) and nats (JetStream PUB).
# Run after ./mvnw package -DskipTests:   N=10 M=10000 RATE=2000 ROUNDS=3 bench/consumers.sh
set -euo pipefail
cd "$(dirname "$0")"
N=${N:-10}
M=${M:-10000}
RATE=${RATE:-2000}
ROUNDS=${ROUNDS:-3}
PORT=${PORT:-18982}
SECRET=bench-secret-0123456789abcdefghijklmnop KEY=bench-key
[ -d node_modules ] || npm install --no-audit --no-fund --silent
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
NATS_BIN=$(command -v nats-server || echo /usr/sbin/nats-server)
REDIS_PORT=$(free_port) NATS_PORT=$(free_port)
work=$(mktemp -d)
taskset -c 1 redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" \
  >"$work/redis.log" 2>&1 &
redis_pid=$!
taskset -c 1 "$NATS_BIN" -js -a 127.0.0.1 -p "$NATS_PORT" -sd "$work/nats" >"$work/nats.log" 2>&1 &
nats_pid=$!
trap 'kill $redis_pid $nats_pid ${pid:-} 2>/dev/null || true; rm -rf "$work"' EXIT
until redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; do sleep 0.05; done
until (exec 3<>/dev/tcp/127.0.0.1/"$NATS_PORT") 2>/dev/null; do sleep 0.05; done
node consumer-bench.mjs nats-setup - - - - 0 0 0 "$NATS_PORT" -

CP="../target/quarkus-app/app/*:../target/quarkus-app/lib/main/*"
TOKEN=$(java -cp "$CP" io.pulsegate.auth.DevTokens --secret "$SECRET" --user bench --ttl 0)
c=pulsegate.consumers
taskset -c 0 java -Xmx1g -Dquarkus.http.port=$PORT -Dquarkus.http.host=127.0.0.1 -Dpulsegate.token.hmac-secret=$SECRET \
  -Dpulsegate.api.key=$KEY -Dpulsegate.namespaces.feed.allow-subscribe-for-client=true \
  -D$c.redis.type=redis-stream -D$c.redis.enabled=true -D$c.redis.url=redis://127.0.0.1:$REDIS_PORT \
  -D$c.redis.topics=events -D$c.nats.type=nats -D$c.nats.enabled=true -D$c.nats.url=nats://127.0.0.1:$NATS_PORT \
  -D$c.nats.stream=EVENTS -jar ../target/quarkus-app/quarkus-run.jar >/tmp/pulsegate-consumers-bench.log 2>&1 &
pid=$!
until curl -sf -o /dev/null http://127.0.0.1:$PORT/q/health/ready; do sleep 0.05; done

cpu_ms() { awk '{print ($14 + $15) * 10}' /proc/$1/stat; } # utime+stime in ms (USER_HZ 100)
sport() { case $1 in redis-stream) echo "$REDIS_PORT" ;; nats) echo "$NATS_PORT" ;; *) echo 0 ;; esac; }
run() { # source M rate
  local before after line
  before=$(cpu_ms $pid)
  line=$(taskset -c 1 node consumer-bench.mjs "$1" ws://127.0.0.1:$PORT/connection/websocket http://127.0.0.1:$PORT \
    $KEY "$TOKEN" "$N" "$2" "$3" "$(sport "$1")" "feed:$1-$RANDOM$RANDOM")
  after=$(cpu_ms $pid)
  echo "$line gateway_cpu_us_per_record=$(awk -v c=$((after - before)) -v m="$2" 'BEGIN{printf "%.1f", c*1000/m}')"
}

for s in api redis-stream nats; do run $s 5000 0 >/dev/null; done # warm-up (JIT)
for round in $(seq 1 "$ROUNDS"); do
  for s in api redis-stream nats; do run $s "$M" "$RATE"; done
  for s in api redis-stream nats; do run $s "$M" 0; done
done
