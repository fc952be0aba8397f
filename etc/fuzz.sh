#!/usr/bin/env bash
# Runs every Jazzer fuzz target (each @FuzzTest class under src/test/java) in fuzzing mode for FUZZ_SECONDS each
# (default 10), one JVM per target (Jazzer fuzzes one test per JVM), all in one Maven invocation. Fails on any
# finding. Under plain ./mvnw verify the same tests only replay their seeds (regression mode).
#   etc/fuzz.sh                       10 s per target
#   FUZZ_SECONDS=300 etc/fuzz.sh      the long run (docs/reliability.md)
#   FUZZ_TARGETS=ChannelGlobFuzzTest etc/fuzz.sh   some targets only (comma-separated class names)
# Findings: Jazzer writes the crashing input to src/test/resources/<package>/<Class>Inputs/<method>/crash-<sha1> when
# that directory exists (the regression mode replays it from then on), else to the project root; the generated corpus
# stays in .cifuzz-corpus/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-10}"
targets="${FUZZ_TARGETS:-$(grep -rl '@FuzzTest' src/test/java | xargs -n1 basename | sed 's/\.java$//' | sort |
  paste -sd, -)}"
# Test-only jars no fuzz target touches: a lean classpath halves the start-up of each target's JVM.
excludes=org.python:jython-standalone,com.marcnuri.helm-java:*,org.apache.kafka:*,org.scala-lang:*
excludes+=,me.normanmaurer.maven.autobahntestsuite:*,io.fabric8:*,org.apache.groovy:*,io.github.centrifugal:*
excludes+=,io.quarkus:quarkus-ide-launcher,io.quarkus:quarkus-junit,com.github.luben:*,org.bouncycastle:*
excludes+=,com.google.guava:*,org.apache.logging.log4j:*,org.jetbrains.kotlin:*,io.rest-assured:*

echo "fuzzing ${targets//,/ } for ${seconds}s each"
start=$(date +%s)
status=0
JAZZER_FUZZ=1 JAZZER_MAX_DURATION="${seconds}s" JAZZER_INSTRUMENT='io.pulsegate.**,com.fasterxml.jackson.core.**' \
  ./mvnw -B -ntp ${MAVEN_ARGS:-} test-compile surefire:test -Dtest="$targets" -Dsurefire.failIfNoSpecifiedTests=false \
  -DforkCount=1 -DreuseForks=false -Dmaven.test.dependency.excludes="$excludes" >target/fuzz.log 2>&1 || status=$?
grep -E '^\[(INFO|ERROR|WARNING)\] Tests run:|DONE +cov:|== Java Exception:|FAILURE!' target/fuzz.log || true
echo "fuzzing took $(($(date +%s) - start))s; full log: target/fuzz.log"
findings=$(git status --porcelain --untracked-files=all | grep -E '(crash|timeout|oom)-[0-9a-f]+$' || true)
if [ "$status" -ne 0 ] || [ -n "$findings" ]; then
  echo "FUZZING FOUND A PROBLEM (exit $status). Crash inputs (add them as regression seeds once fixed):" >&2
  echo "${findings:-  none written; see target/fuzz.log and target/surefire-reports}" >&2
  exit 1
fi
echo "no findings"
