#!/usr/bin/env bash
# bench.sh: runs a benchmark of the project (see docs/benchmarks.md), e.g.
#   ./bench.sh lifecycle --machines 1000 --boot-seconds 2 --max-in-flight 100
# Builds the bench module (and what it needs) first; results are printed as Markdown.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
cd "$root"
./mvnw -q -B -DskipTests -pl bench -am package >&2
# --add-opens and retryPost: as the machine-api jar sets them, for the vsphere provider (yavijava).
exec java ${BENCH_JAVA_OPTS:--Xmx2g} --add-opens java.base/java.lang=ALL-UNNAMED -Dsun.net.http.retryPost=false -cp "bench/target/classes:$(cat bench/target/classpath.txt)" io.machineapi.bench.Bench "$@"
