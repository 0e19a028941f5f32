#!/usr/bin/env bash
# Compares fanout at two commits on the same benches: FanOutBench (fanout only, N = 1,000 and
# 5,000) and ThroughputBench (fanout only, 100,000 GETs over 64 keep-alive connections to nginx,
# with wrk beside it as the machine's reference), run against each commit's loop and client jars
# in turn, before and after alternating, so that noise on the machine hits both sides.
#
#   bench/compare-commits.sh BEFORE AFTER
#
# The bench classes, the servers and every other dependency come from this working tree; only
# the clients' fanout-loop and fanout-client jars differ between the sides. Each commit is
# exported with `git archive` into bench/target/compare/<commit>/ and built there (package,
# offline, no tests); nothing is installed into ~/.m2. The bench code uses only public API that
# both commits have.
#
# Settings (environment): ROUNDS (3: rounds per side; each round is one FanOutBench and one
# ThroughputBench run per side), SIZES (1000,5000), BODIES (16,16384), FANOUT_ROUNDS (3) and
# FANOUT_WARMUPS (5): the processes FanOutBench starts in each run (each measures one batch with
# fresh connections, the figure compared here, on its lean server) and the warm-up batches in each,
# TP_ROUNDS (3) and TP_WARMUPS (2): likewise for ThroughputBench, REQUESTS (100000): GETs in
# its batch, WRK_SECONDS (3). A quick check of the script itself: ROUNDS=1 SIZES=200 BODIES=16
# FANOUT_ROUNDS=1 FANOUT_WARMUPS=1 TP_ROUNDS=1 TP_WARMUPS=1 REQUESTS=10000 WRK_SECONDS=1.
# SUMMARY_ONLY=1 runs nothing: it prints the table again from the last run's logs.
#
# Prints, per figure and side, the median of every measured batch with min–max, and the
# machine's load average at the start of each run. Logs: bench/target/compare/logs/.
set -euo pipefail

if [[ $# -ne 2 ]]; then
    echo "usage: $0 BEFORE-COMMIT AFTER-COMMIT" >&2
    exit 2
fi
ROUNDS=${ROUNDS:-3}
SIZES=${SIZES:-1000,5000}
BODIES=${BODIES:-16,16384}
FANOUT_ROUNDS=${FANOUT_ROUNDS:-3}
FANOUT_WARMUPS=${FANOUT_WARMUPS:-5}
TP_ROUNDS=${TP_ROUNDS:-3}
REQUESTS=${REQUESTS:-100000}
TP_WARMUPS=${TP_WARMUPS:-2}
WRK_SECONDS=${WRK_SECONDS:-3}

root=$(cd "$(dirname "$0")/.." && pwd)
work=$root/bench/target/compare
before=$(git -C "$root" rev-parse --short=12 "$1^{commit}")
after=$(git -C "$root" rev-parse --short=12 "$2^{commit}")
mkdir -p "$work/logs"

# This tree's bench, and the class path of its dependencies less fanout's loop and client.
# Both are copied into bench/target/compare/, so that a build during the run changes nothing.
echo "building the bench from $root ..."
(cd "$root" && mvn -B -ntp -q -o -pl bench -am package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile="$work/bench-classpath.txt") > "$work/logs/build-bench.log" 2>&1 \
    || { cat "$work/logs/build-bench.log"; exit 1; }
rm -rf "$work/bench-classes" && cp -r "$root/bench/target/classes" "$work/bench-classes"
cp "$root/bench/target/benchmarks.jar" "$work/benchmarks.jar"
deps=$(tr ':' '\n' < "$work/bench-classpath.txt" \
    | grep -v -e "^$root/loop/target/" -e "^$root/client/target/" | paste -sd: -)
bench_jar=$work/benchmarks.jar

# One commit's loop and client jars, built once into bench/target/compare/<commit>/.
build_commit() {
    local commit=$1 dir=$work/$1
    if [[ -f $dir/fanout-client.jar && -f $dir/fanout-loop.jar ]]; then
        return
    fi
    echo "building fanout's loop and client at $commit ..."
    rm -rf "$dir" && mkdir -p "$dir/src"
    git -C "$root" archive "$commit" | tar -x -C "$dir/src"
    (cd "$dir/src" && mvn -B -ntp -q -o -pl client -am package -DskipTests \
        -Dspotless.check.skip=true -Dmaven.javadoc.skip=true -Dmaven.source.skip=true) \
        > "$work/logs/build-$commit.log" 2>&1 || { cat "$work/logs/build-$commit.log"; exit 1; }
    for module in loop client; do
        # The module's own jar, not its tests, sources or javadoc jar.
        cp "$(ls "$dir/src/$module/target/fanout-$module-"*.jar | grep -v -E -e '-(tests|sources|javadoc)\.jar$' | head -1)" \
            "$dir/fanout-$module.jar"
    done
}
build_commit "$before"
build_commit "$after"

client_classpath() {
    echo "$work/$1/fanout-loop.jar:$work/$1/fanout-client.jar:$work/bench-classes:$deps"
}

# One run of both benches against one side; its output goes to one log per bench.
run_side() {
    local round=$1 side=$2 commit=$3 cp
    cp=$(client_classpath "$commit")
    local log=$work/logs/round$round-$side
    echo "round $round, $side ($commit): load average $(cut -d' ' -f1-3 /proc/loadavg)"
    { echo "loadavg $(cat /proc/loadavg)"
      java -cp "$bench_jar" dev.fanout.bench.FanOutBench --contenders fanout --sizes "$SIZES" \
          --rounds "$FANOUT_ROUNDS" --warmups "$FANOUT_WARMUPS" --client-classpath "$cp"; } > "$log-fanout.log"
    { echo "loadavg $(cat /proc/loadavg)"
      java -cp "$bench_jar" dev.fanout.bench.ThroughputBench --contenders fanout --bodies "$BODIES" \
          --requests "$REQUESTS" --rounds "$TP_ROUNDS" --warmups "$TP_WARMUPS" --wrk-seconds "$WRK_SECONDS" \
          --client-classpath "$cp"; } > "$log-throughput.log"
}

if [[ ${SUMMARY_ONLY:-0} != 1 ]]; then
rm -f "$work"/logs/round*.log
for ((round = 1; round <= ROUNDS; round++)); do
    # before, after; then after, before: neither side always runs first.
    if ((round % 2 == 1)); then
        run_side "$round" before "$before"
        run_side "$round" after "$after"
    else
        run_side "$round" after "$after"
        run_side "$round" before "$before"
    fi
done
fi

# Every measured value, as "side<TAB>figure<TAB>value", then one line per figure.
for log in "$work"/logs/round*.log; do
    side=$(basename "$log" | sed -E 's/round[0-9]+-([a-z]+)-.*/\1/')
    awk -F'|' -v side="$side" '
        /^loadavg / { print side "\tload average (1 min) at a run start\t" $0; next }
        /^N = / { n = $0; sub(/^N = /, "", n); figure = "fan-out N=" n ", wall ms (lower is better)" }
        /^body / { split($0, b, " "); body = b[2] }
        /^\| client \| fresh connections/ { walls = 1 } # the table of walls, not the costs after it
        /^\| fanout \|/ && walls && figure != "" && body == "" {
            walls = 0
            gsub(/ /, "", $4); gsub(/[ ,]/, "", $6)
            if ($6 != n) { print "fan-out N=" n ": only " $6 " answers were 200" > "/dev/stderr"; exit 3 }
            k = split($4, v, ","); for (i = 1; i <= k; i++) print side "\t" figure "\t" v[i]
        }
        /^\| (fanout|wrk[^|]*) \|/ && body != "" {
            client = $2; gsub(/^ +| +$/, "", client); sub(/ -d[0-9]+s/, "", client); gsub(/ /, "", $4)
            k = split($4, v, ","); for (i = 1; i <= k; i++)
                print side "\t" client ", body " body " B, requests/s (higher is better)\t" v[i]
        }' "$log" | sed -E 's/\tloadavg ([0-9.]+) .*/\t\1/'
done > "$work/values.tsv"

echo
echo "fanout $before (before) and $after (after), $ROUNDS rounds each, alternating; $(nproc) cores"
echo "| figure | before: median (min–max, n) | after: median (min–max, n) | after ÷ before |"
echo "|---|---|---|---|"
cut -f2 "$work/values.tsv" | awk '!seen[$0]++' | while IFS= read -r figure; do
    row="| $figure"
    medians=()
    for side in before after; do
        read -r median min max count < <(awk -F'\t' -v s="$side" -v f="$figure" '$1 == s && $2 == f { print $3 }' \
            "$work/values.tsv" | sort -g | awk '{ v[NR] = $1 } END { print v[int(NR / 2) + 1], v[1], v[NR], NR }')
        row="$row | $median ($min–$max, $count)"
        medians+=("$median")
    done
    ratio=$(awk -v a="${medians[1]}" -v b="${medians[0]}" -v f="$figure" \
        'BEGIN { if (b > 0 && f !~ /^load/) printf "%.2f", a / b; else print "-" }')
    echo "$row | $ratio |"
done
