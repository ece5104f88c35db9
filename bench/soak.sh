#!/usr/bin/env bash
# Soak run: the demo stack with chaos on and the console headless against it, sampled into
# bench/target/soak/soak.csv; fails on a growth trend, an error logged or an unresponsive UI.
#   bench/soak.sh [DURATION] [SAMPLE]      e.g. bench/soak.sh 30m   or   SOAK_ARGS="--infra-every 30s" bench/soak.sh 8m 20s
# Extra SoakRun options via SOAK_ARGS, e.g. SOAK_ARGS="--indexers 5000 --chaos 1".
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
DURATION="${1:-30m}"
SAMPLE="${2:-30s}"
exec mvn -o -q -pl bench -am -Psoak -DskipTests \
  -Dsoak.duration="$DURATION" -Dsoak.args="--sample $SAMPLE ${SOAK_ARGS:-}" verify
