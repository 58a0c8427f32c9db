#!/usr/bin/env bash
# A long fuzz campaign of the serializer's loads, beyond the bounded run of `mvn verify`:
# the same target (SerializerFuzzTest.fuzzerTestOneInput: only SerializationException may escape,
# whatever loads compiles for every dialect and survives a round trip) under Jazzer's own command
# line, started from the committed seeds (bombs included), for hours, with a report.
#
#   tools/fuzz-campaign.sh [SECONDS] [SEED]      # defaults: 4 hours, a random seed
#
# Writes retort-core/target/fuzz-campaign/<time>/: log.txt, the corpus it grew, crash-* inputs
# (copy them into src/test/resources/dev/retort/ext/serializer/SerializerFuzzTestInputs/loads/
# to make each a regression test) and report.md.
set -euo pipefail
SECONDS_TO_RUN=${1:-14400}
SEED=${2:-$(( (RANDOM << 15) | RANDOM ))}
cd "$(dirname "$0")/.."
OUT="retort-core/target/fuzz-campaign/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT/corpus"
mvn -B -q -pl retort-core test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$OUT/classpath.txt"
cp retort-core/src/test/resources/dev/retort/ext/serializer/SerializerFuzzTestInputs/loads/* "$OUT/corpus/"
CP="$PWD/retort-core/target/test-classes:$PWD/retort-core/target/classes:$(cat "$OUT/classpath.txt")"
START=$(date -u +%s)
set +e
# Jazzer's command line runs the class's @FuzzTest through JUnit, whose maxExecutions (60,000: about three minutes)
# and maxDuration (10m) bound CI's run; --max_duration and --max_executions (0: unlimited) override them here.
java -cp "$CP" com.code_intelligence.jazzer.Jazzer \
    --target_class=dev.retort.ext.serializer.SerializerFuzzTest \
    --instrumentation_includes='dev.retort.**' \
    --keep_going=100 \
    --max_duration="${SECONDS_TO_RUN}s" --max_executions=0 \
    -seed="$SEED" -max_total_time="$SECONDS_TO_RUN" -rss_limit_mb=4096 -print_final_stats=1 \
    -dict=retort-core/src/test/resources/dev/retort/ext/serializer/SerializerFuzzTest.dict \
    -artifact_prefix="$OUT/" "$OUT/corpus" > "$OUT/log.txt" 2>&1
STATUS=$?
set -e
END=$(date -u +%s)
CRASHES=$(find "$OUT" -maxdepth 1 -name 'crash-*' | wc -l)
{
    echo "# Serializer fuzz campaign $(basename "$OUT")"
    echo
    echo "- commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "- seed: $SEED; asked for ${SECONDS_TO_RUN} s, ran $((END - START)) s; Jazzer exit status $STATUS"
    echo "- $(grep -E '^#[0-9]+.*(DONE|pulse|NEW)' "$OUT/log.txt" | tail -1)"
    grep -E '^stat::' "$OUT/log.txt" | sed 's/^/- /'
    echo "- corpus: $(find "$OUT/corpus" -type f | wc -l) inputs"
    echo "- findings: $CRASHES"
    for f in $(find "$OUT" -maxdepth 1 -name 'crash-*' | sort); do
        echo "  - $(basename "$f")"
    done
    echo
    echo "Findings with their stack traces are in log.txt (== Java Exception)."
    grep -A3 '== Java Exception' "$OUT/log.txt" | head -40 | sed 's/^/    /'
} > "$OUT/report.md"
cat "$OUT/report.md"
