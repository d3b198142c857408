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
#   scripts/bench/run.sh fuzz   [--target frame|appspec|archive|json|all] [--inputs 1000000] [--seed N]
#
# Builds the jars with the reactor first (nothing of Hoist needs to be in ~/.m2), starts a real controller from
# controller/target/hoist-controller.jar on a temporary data directory and free loopback ports, a swarm of
# simulated agents in another JVM (bench/), the raw Netty baseline where one applies, stops all of them, and
# prints as its last line `RESULT <name> key=value ...`. `fuzz` builds only the test classes and runs the fuzz targets of
# docs/security.md (one after another, each in its own JVM), printing `RESULT fuzz target=... inputs=... failures=...`.
# Environment: HOIST_BENCH_OFFLINE=1 builds with mvn -o; HOIST_BENCH_SKIP_BUILD=1 uses the jars as they are;
# HOIST_BENCH_CONTROLLER_OPTS (default -Xmx1g) are the controller's JVM options;
# HOIST_BENCH_SWARM_OPTS (default -Xmx3g) the swarm's.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
name="${1:-}"
if [[ -z "$name" ]]; then
  sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
shift
offline=()
[[ "${HOIST_BENCH_OFFLINE:-0}" == 1 ]] && offline=(-o)

if [[ "${HOIST_BENCH_SKIP_BUILD:-0}" != 1 && "$name" != fuzz ]]; then
  (cd "$root" && mvn -B -q "${offline[@]}" -DskipTests -Dhoist.debs.skip package)
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
    case "$name" in
      single) main=dev.hoist.controller.e2e.SingleDeployBenchmark ;;
      console) main=dev.hoist.controller.e2e.ConsoleFleetBenchmark ;;
      cli) main=dev.hoist.controller.e2e.CliStartBenchmark ;;
    esac
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
  fuzz)
    # The targets live in the test sources of their modules; their classes are copied aside so that a build
    # running meanwhile cannot change them under a run that takes a while.
    target=all inputs=1000000 seed=$(date +%s)
    while [[ $# -gt 0 ]]; do
      case "$1" in
        --target) target="$2"; shift 2 ;;
        --inputs) inputs="$2"; shift 2 ;;
        --seed) seed="$2"; shift 2 ;;
        *) echo "run.sh fuzz: unknown option $1" >&2; exit 2 ;;
      esac
    done
    cd "$root"
    if [[ "${HOIST_BENCH_SKIP_BUILD:-0}" != 1 ]]; then
      mvn -B -q "${offline[@]}" -pl protocol,agent,controller -am test-compile dependency:build-classpath \
        -Dmdep.includeScope=test -Dmdep.outputFile=target/fuzz.classpath
    fi
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    for module in protocol agent controller; do
      mkdir -p "$work/$module"
      cp -r "$module/target/classes" "$module/target/test-classes" "$work/$module/"
      cp "$module/target/fuzz.classpath" "$work/$module/classpath"
    done
    # The agent's and controller's classpaths name protocol's classes in the reactor: point them at the copies.
    for module in agent controller; do
      sed -i "s|$root/protocol/target/test-classes|$work/protocol/test-classes|g; s|$root/protocol/target/classes|$work/protocol/classes|g" \
        "$work/$module/classpath"
    done
    declare -A where=([frame]="protocol dev.hoist.protocol.fuzz.FrameStreamFuzz"
      [appspec]="protocol dev.hoist.protocol.fuzz.AppSpecFuzz" [archive]="agent dev.hoist.agent.fuzz.ArchiveFuzz"
      [json]="controller dev.hoist.controller.fuzz.RequestJsonFuzz")
    targets=("$target")
    [[ "$target" == all ]] && targets=(frame appspec archive json)
    status=0
    for one in "${targets[@]}"; do
      [[ -n "${where[$one]:-}" ]] || { echo "run.sh fuzz: no target '$one' (frame, appspec, archive, json, all)" >&2; exit 2; }
      read -r module class <<<"${where[$one]}"
      (cd "$root/$module" && java -Xmx1g -cp "$work/$module/test-classes:$work/$module/classes:$(cat "$work/$module/classpath")" \
        dev.hoist.protocol.fuzz.FuzzRunner "$class" --inputs "$inputs" --seed "$seed") || status=1
    done
    exit "$status"
    ;;
  *)
    echo "run.sh: no benchmark '$name' (fanout, rolling, bundle, idle, storm, enroll, agent, single, console, cli, fuzz)" >&2
    exit 2
    ;;
esac
