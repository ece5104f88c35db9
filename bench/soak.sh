#!/usr/bin/env bash
# The soak run of docs/reliability.md: 10,000 indexers at 1,000 changes/s with progress, health and
# epoch load, infrastructure faults every 45 s, chaos, and a scripted operator running bulk commands;
# the console headless in the same JVM. Fails (exit 1) when a check fails; see the summary it prints.
#   bench/soak.sh DURATION            e.g. bench/soak.sh 60m   or   bench/soak.sh 5m
# Results: bench/target/soak/soak.csv (one row per minute) and soak-summary.json. Then
#   bench/soak-report.sh              writes the chart and the table into docs/reliability.md
# Other SoakRun options via SOAK_ARGS, e.g. SOAK_ARGS="--indexers 2000 --fault-every 30s".
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [ $# -ne 1 ] || ! [[ "$1" =~ ^[0-9]+[smh]$ ]]; then
  echo "usage: bench/soak.sh DURATION   (e.g. 60m, 5m, 90s, 2h)" >&2
  exit 2
fi
exec mvn -o -q -pl bench -am -Psoak -DskipTests \
  -Dsoak.duration="$1" -Dsoak.args="${SOAK_ARGS:-}" verify
