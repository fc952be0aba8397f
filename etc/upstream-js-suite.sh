#!/usr/bin/env bash
# Runs centrifuge-js's own jest suites (src/*.test.ts of an upstream checkout) against the packaged gateway, configured
# like the centrifuge-js CI (centrifugo_test.json): insecure client mode, HMAC secret "secret", API key
# "test-api-key", history with recovery on channels without namespace and in "recovery"/"smallhistory", fossil deltas
# published by default on channels without namespace and in "delta".
#
# Not part of ./mvnw verify: the upstream code is not committed here. Check yourself before touching the protocol:
#
#   git clone https://github.com/centrifugal/centrifuge-js /tmp/centrifuge-js   # or any local copy
#   (cd /tmp/centrifuge-js && npm install --ignore-scripts --legacy-peer-deps)
#   ./mvnw -q package -DskipTests
#   etc/upstream-js-suite.sh /tmp/centrifuge-js src/centrifuge.test.ts src/getstate.test.ts src/recovery.test.ts
#
# The upstream tests hard-code http://localhost:8000, so port 8000 on 127.0.0.1 must be free. Extra -D options for
# the gateway can be given in GATEWAY_OPTS.
set -euo pipefail
cd "$(dirname "$0")/.."

checkout=${1:?usage: etc/upstream-js-suite.sh <centrifuge-js checkout> [test files...]}
shift
jar=target/quarkus-app/quarkus-run.jar
[[ -f $jar ]] || { echo "$jar missing: run ./mvnw package -DskipTests first" >&2; exit 1; }
log=target/upstream-js-gateway.log

java -Xmx512m -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=8000 \
  -Dpulsegate.shutdown.drain-window=1s \
  -Dpulsegate.client.insecure=true \
  -Dpulsegate.token.hmac-secret=secret -Dpulsegate.token.allow-weak-hmac-secret=true -Dpulsegate.token.require-exp=false \
  -Dpulsegate.api.key=test-api-key \
  -Dpulsegate.channel.without-namespace.presence=true \
  -Dpulsegate.channel.without-namespace.history-size=100 \
  -Dpulsegate.channel.without-namespace.history-ttl=300s \
  -Dpulsegate.channel.without-namespace.force-recovery=true \
  -Dpulsegate.channel.without-namespace.allowed-delta-types=fossil \
  -Dpulsegate.channel.without-namespace.delta-publish=true \
  -Dpulsegate.namespaces.delta.history-size=100 \
  -Dpulsegate.namespaces.delta.history-ttl=300s \
  -Dpulsegate.namespaces.delta.force-recovery=true \
  -Dpulsegate.namespaces.delta.allow-subscribe-for-client=true \
  -Dpulsegate.namespaces.delta.allow-publish-for-subscriber=true \
  -Dpulsegate.namespaces.delta.allowed-delta-types=fossil \
  -Dpulsegate.namespaces.delta.delta-publish=true \
  -Dpulsegate.namespaces.recovery.history-size=100 \
  -Dpulsegate.namespaces.recovery.history-ttl=300s \
  -Dpulsegate.namespaces.recovery.force-recovery=true \
  -Dpulsegate.namespaces.recovery.allow-subscribe-for-client=true \
  -Dpulsegate.namespaces.recovery.allow-publish-for-subscriber=true \
  -Dpulsegate.namespaces.smallhistory.history-size=2 \
  -Dpulsegate.namespaces.smallhistory.history-ttl=300s \
  -Dpulsegate.namespaces.smallhistory.force-recovery=true \
  -Dpulsegate.namespaces.smallhistory.allow-subscribe-for-client=true \
  -Dpulsegate.namespaces.smallhistory.allow-publish-for-subscriber=true \
  ${GATEWAY_OPTS:-} -jar "$jar" >"$log" 2>&1 &
gateway=$!
trap 'kill $gateway 2>/dev/null; wait $gateway 2>/dev/null || true' EXIT

for _ in $(seq 1 150); do
  curl -sf -o /dev/null http://127.0.0.1:8000/q/health/ready && break
  kill -0 $gateway 2>/dev/null || { echo "gateway exited; see $log" >&2; exit 1; }
  sleep 0.2
done

# localhost must resolve to the IPv4 loopback the gateway listens on
(cd "$checkout" && NODE_OPTIONS=--dns-result-order=ipv4first npx jest --detectOpenHandles "$@")
