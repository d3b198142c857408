#!/usr/bin/env bash
# The benchmarks of performance.md (docs/benchmarks.md has the figures and how to read them):
#
#   scripts/bench/run.sh fanout [--agents 1000] [--runs 3] [--hook-delay-ms 0] [--failure-rate 0] [--lines 2]
#   scripts/bench/run.sh idle   [--agents 1000]
#   scripts/bench/run.sh storm  [--agents 1000]
#   scripts/bench/run.sh enroll [--agents 1000] [--enroll-concurrency 16]
#   scripts/bench/run.sh rolling [--agents 100] [--hook-delay-ms 50] [--runs 3] [--jfr FILE]
#   scripts/bench/run.sh bundle [--agents 50] [--mib 100] [--runs 3] [--store both|directory] [--jfr FILE]
#   scripts/bench/run.sh agent  [--warmup-s 60] [--measure-s 60]
#   scripts/bench/run.sh single
#   scripts/bench/run.sh console [--agents 5000] [--runs 5]
#   scripts/bench/run.sh cli
#
# Builds the jars with the reactor first (nothing of Hoist needs to be in ~/.m2), starts a real controller from
# controller/target/hoist-controller.jar on a temporary data directory and free loopback ports, a swarm of
# simulated agents in another JVM (bench/), the raw Netty baseline where one applies, stops all of them, and
# prints as its last line `RESULT <name> key=value ...`.
# Environment: HOIST_BENCH_OFFLINE=1 builds with mvn -o; HOIST_BENCH_SKIP_BUILD=1 uses the jars as they are;
# HOIST_BENCH_CONTROLLER_OPTS (default -Xmx1g) are the controller's JVM options;
# HOIST_BENCH_SWARM_OPTS (default -Xmx3g) the swarm's.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
name="${1:-}"
if [[ -z "$name" ]]; then
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
shift
offline=()
[[ "${HOIST_BENCH_OFFLINE:-0}" == 1 ]] && offline=(-o)

if [[ "${HOIST_BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$root" && mvn -B -q "${offline[@]}" -DskipTests package)
fi

case "$name" in
  single|console|cli)
    # single: one real agent, `hoist deploy --wait`: the end-to-end program of the controller's tests, on a classpath
    # resolved with the reactor (-am), so it needs nothing of Hoist in ~/.m2.
    cd "$root"
    mvn -B -q "${offline[@]}" -pl controller -am test-compile dependency:build-classpath \
      -Dmdep.includeScope=test -Dmdep.outputFile="$root/controller/target/bench.classpath" -DskipTests
    # console: the Fleet page with a large registry in Debian's headless chromium. cli: hoist --version next
    # to a hello world built here with the same JVM flags, and a one-host deploy --wait (CliStartBenchmark).
    main=dev.hoist.controller.e2e.SingleDeployBenchmark
    [[ "$name" == console ]] && main=dev.hoist.controller.e2e.ConsoleFleetBenchmark
    [[ "$name" == cli ]] && main=dev.hoist.controller.e2e.CliStartBenchmark
    exec java -Dhoist.project.root="$root" \
      -cp "$root/controller/target/test-classes:$root/controller/target/classes:$(cat "$root/controller/target/bench.classpath")" \
      "$main" "$@"
    ;;
  fanout|idle|storm|enroll|agent|rolling|bundle)
    # 10,000 agents: a connection and a few files each, all in this one process (limit: 20,000 files).
    ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
    exec java ${HOIST_BENCH_SWARM_OPTS:--Xmx3g -XX:+UseParallelGC} -jar "$root/bench/target/hoist-bench.jar" \
      "$name" --root "$root" "$@"
    ;;
  *)
    echo "run.sh: no benchmark '$name' (fanout, rolling, bundle, idle, storm, enroll, agent, single, console, cli)" >&2
    exit 2
    ;;
esac
