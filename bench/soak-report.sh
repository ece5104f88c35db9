#!/usr/bin/env bash
# Writes the last soak run's results into the docs: copies bench/target/soak/soak.csv and
# soak-summary.json to docs/soak/, draws docs/soak/soak-chart.svg from the CSV and replaces the
# results section of docs/reliability.md (between its soak-results markers). No number is typed by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
exec mvn -o -q -pl bench -am -Psoak-report -DskipTests verify
