#!/usr/bin/env bash
# Event-stream sources vs the server API, one gateway (memory engine) on CPU 0, producers, sources and subscribers on
# CPU 1, one run: N subscribers on a channel, M records at RATE/s (latency, gateway CPU per record) and M records as a
# backlog (records/s), for api (POST /api/publish), redis-stream (XADD), nats (JetStream PUB), postgresql (outbox
# INSERTs, one transaction each, a trigger NOTIFYing the consumer) and kafka (records to one partition).
# Run after ./mvnw package -DskipTests:   N=10 M=10000 RATE=2000 ROUNDS=3 bench/consumers.sh
# SOURCES="api kafka" limits the run to some sources. Needs redis-server, nats-server, initdb/pg_ctl/psql (what .ci/run
# installs); the Kafka broker runs from the Maven artifacts of the test classpath, resolved here with the wrapper.
set -euo pipefail
cd "$(dirname "$0")"
N=${N:-10}
M=${M:-10000}
RATE=${RATE:-2000}
ROUNDS=${ROUNDS:-3}
PORT=${PORT:-18982}
SOURCES=${SOURCES:-api redis-stream nats postgresql kafka}
SECRET=bench-secret-0123456789abcdefghijklmnop KEY=bench-key
[ -d node_modules/kafkajs ] || npm install --no-audit --no-fund --silent
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
NATS_BIN=$(command -v nats-server || echo /usr/sbin/nats-server)
PATH="$PATH:$(echo /usr/lib/postgresql/*/bin | tr ' ' ':')"
REDIS_PORT=$(free_port) NATS_PORT=$(free_port) PG_PORT=$(free_port) KAFKA_PORT=$(free_port) KAFKA_CTL=$(free_port)
work=$(mktemp -d)
chmod 755 "$work"
# PostgreSQL refuses to run as root: then its commands run as the postgres user
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
stop_pg() { [ ! -d "$work/pg/data" ] || as_pg "pg_ctl -D $work/pg/data -m immediate -w stop" >/dev/null 2>&1 || true; }
trap 'kill ${redis_pid:-} ${nats_pid:-} ${kafka_pid:-} ${pid:-} 2>/dev/null || true; stop_pg; rm -rf "$work"' EXIT

taskset -c 1 redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" \
  >"$work/redis.log" 2>&1 &
redis_pid=$!
taskset -c 1 "$NATS_BIN" -js -a 127.0.0.1 -p "$NATS_PORT" -sd "$work/nats" >"$work/nats.log" 2>&1 &
nats_pid=$!
until redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; do sleep 0.05; done
until (exec 3<>/dev/tcp/127.0.0.1/"$NATS_PORT") 2>/dev/null; do sleep 0.05; done
node consumer-bench.mjs nats-setup - - - - 0 0 0 "$NATS_PORT" -

mkdir "$work/pg" && { [ "$(id -u)" != 0 ] || chown postgres "$work/pg"; }
as_pg "initdb -D $work/pg/data -U postgres --auth=trust -E UTF8 --no-sync" >"$work/initdb.log"
as_pg "taskset -c 1 pg_ctl -D $work/pg/data -l $work/pg/server.log -w -o '-p $PG_PORT -k $work/pg \
  -c listen_addresses=127.0.0.1 -c fsync=off' start" >/dev/null
psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "CREATE TABLE events (id bigserial PRIMARY KEY,
  method text NOT NULL, payload jsonb NOT NULL, partition int NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()); CREATE INDEX ON events (partition, id);
  CREATE FUNCTION events_notify() RETURNS trigger LANGUAGE plpgsql AS
    \$\$ BEGIN PERFORM pg_notify('events', NEW.partition::text); RETURN NULL; END \$\$;
  CREATE TRIGGER events_notify AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION events_notify()"

# a single-node KRaft broker from the test classpath, as KafkaBroker runs it in the tests
../mvnw -q -f ../pom.xml dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt" >/dev/null
KCP=$(tr ':' '\n' <"$work/cp.txt" | grep -v quarkus-bootstrap-runner | paste -sd:)
cat >"$work/kafka.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CTL
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CTL
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$work/kafka
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
cluster=$(python3 -c 'import uuid, base64; print(base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("="))')
java -cp "$KCP" kafka.tools.StorageTool format -t "$cluster" -c "$work/kafka.properties" >"$work/kafka-format.log" 2>&1
taskset -c 1 java -Xms256m -Xmx1g -cp "$KCP" kafka.Kafka "$work/kafka.properties" >"$work/kafka.log" 2>&1 &
kafka_pid=$!
node consumer-bench.mjs kafka-setup - - - - 0 0 0 "$KAFKA_PORT" -

CP="../target/quarkus-app/app/*:../target/quarkus-app/lib/main/*"
TOKEN=$(java -cp "$CP" io.pulsegate.auth.DevTokens --secret "$SECRET" --user bench --ttl 86400)
c=pulsegate.consumers
taskset -c 0 java -Xmx1g -Dquarkus.http.port=$PORT -Dquarkus.http.host=127.0.0.1 -Dpulsegate.token.hmac-secret=$SECRET \
  -Dpulsegate.api.key=$KEY -Dpulsegate.namespaces.feed.allow-subscribe-for-client=true \
  -D$c.redis.type=redis-stream -D$c.redis.enabled=true -D$c.redis.url=redis://127.0.0.1:$REDIS_PORT \
  -D$c.redis.topics=events -D$c.nats.type=nats -D$c.nats.enabled=true -D$c.nats.url=nats://127.0.0.1:$NATS_PORT \
  -D$c.nats.stream=EVENTS -D$c.pg.type=postgresql -D$c.pg.enabled=true -D$c.pg.table=events -D$c.pg.notify-channel=events \
  -D$c.pg.url=postgresql://postgres@127.0.0.1:$PG_PORT/postgres -D$c.kafka.type=kafka -D$c.kafka.enabled=true \
  -D$c.kafka.url=127.0.0.1:$KAFKA_PORT -D$c.kafka.topics=events \
  -jar ../target/quarkus-app/quarkus-run.jar >/tmp/pulsegate-consumers-bench.log 2>&1 &
pid=$!
until curl -sf -o /dev/null http://127.0.0.1:$PORT/q/health/ready; do sleep 0.05; done

cpu_ms() { awk '{print ($14 + $15) * 10}' /proc/$1/stat; } # utime+stime in ms (USER_HZ 100)
sport() {
  case $1 in
    redis-stream) echo "$REDIS_PORT" ;; nats) echo "$NATS_PORT" ;; postgresql) echo "$PG_PORT" ;;
    kafka) echo "$KAFKA_PORT" ;; *) echo 0 ;;
  esac
}
run() { # source M rate
  local before after line
  before=$(cpu_ms $pid)
  line=$(taskset -c 1 node consumer-bench.mjs "$1" ws://127.0.0.1:$PORT/connection/websocket http://127.0.0.1:$PORT \
    $KEY "$TOKEN" "$N" "$2" "$3" "$(sport "$1")" "feed:$1-$RANDOM$RANDOM") || true # a short run says so itself
  after=$(cpu_ms $pid)
  echo "$line gateway_cpu_us_per_record=$(awk -v c=$((after - before)) -v m="$2" 'BEGIN{printf "%.1f", c*1000/m}')"
}

for s in $SOURCES; do echo "warm-up: $(run $s 2000 0)"; done # JIT
for round in $(seq 1 "$ROUNDS"); do
  for s in $SOURCES; do run $s "$M" "$RATE"; done
  for s in $SOURCES; do run $s "$M" 0; done
done
