#!/usr/bin/env bash
# Fuzzes one of Spatial's readers (own or GDAL), or the rules reader, with libFuzzer (issues 6, 11, 19).
#
#   scripts/fuzz.sh TARGET SECONDS [libFuzzer flags…]      TARGET: geojson | wkt | csv | rules | gdal
#
# Examples (from the repository root):
#   scripts/fuzz.sh wkt 600                                  # 10 minutes, stops at the first finding
#   scripts/fuzz.sh csv 600 -fork=1 -ignore_crashes=1        # keep going past findings (one core)
#   mkdir -p Fuzz/findings && nohup scripts/fuzz.sh geojson 600 > Fuzz/findings/geojson.log 2>&1 &
#   scripts/fuzz.sh csv 0 Fuzz/crashers/csv/<file>           # replay one input (SECONDS 0: no fuzzing)
#   scripts/fuzz.sh csv 0 -minimize_crash=1 -runs=20000 Fuzz/findings/csv/crash-…   # minimise a crash
#
# What it runs — build (a separate package in Fuzz/, so the root package's `swift build`,
# `swift test` and CI never build the fuzzers):
#   swift build --package-path Fuzz -c release --scratch-path Fuzz/.build-fuzz \
#       -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library --product FuzzWKT
# and fuzz:
#   Fuzz/.build-fuzz/release/FuzzWKT Fuzz/corpus-wkt Fuzz/corpus/wkt -dict=Fuzz/dict/wkt.dict \
#       -max_len=65536 -rss_limit_mb=2048 -timeout=10 -max_total_time=600 \
#       -artifact_prefix=Fuzz/findings/wkt/ -print_final_stats=1
#
# Fuzz/corpus/<target>/ is the committed seed corpus (regenerate with Fuzz/make_corpus.py);
# new inputs libFuzzer finds go to Fuzz/corpus-<target>/ and crashes, leaks, timeouts and
# out-of-memory inputs to Fuzz/findings/<target>/ (both git-ignored). Keep a minimised
# crasher in Fuzz/crashers/<target>/ (see Fuzz/crashers/README.md). Environment:
#   FUZZ_NO_BUILD=1        skip the build step
#   FUZZ_KNOWN_GEOS_LEAK=1 also report the known GEOS 3.11.1 leak inside makeValid
#   FUZZ_VERBOSE=1         print what happens to each feature (use with SECONDS 0)
# Uses one core unless you pass -fork/-jobs/-workers.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: scripts/fuzz.sh geojson|wkt|csv|rules|gdal SECONDS [libFuzzer flags…]" >&2; exit 64; }
[ $# -ge 2 ] || usage
target=$1
seconds=$2
shift 2
case $target in
    geojson) product=FuzzGeoJSON ;;
    wkt) product=FuzzWKT ;;
    csv) product=FuzzCSV ;;
    rules) product=FuzzRules ;;
    gdal) product=FuzzGDAL ;;
    *) usage ;;
esac
[[ $seconds =~ ^[0-9]+$ ]] || usage

scratch=Fuzz/.build-fuzz
if [ "${FUZZ_NO_BUILD:-0}" != 1 ]; then
    swift build --package-path Fuzz -c release --scratch-path "$scratch" \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library --product "$product" >&2
fi
bin="$scratch/release/$product"
[ -x "$bin" ] || { echo "fuzz.sh: $bin is missing (build failed?)" >&2; exit 1; }

findings="Fuzz/findings/$target"
mkdir -p "$findings"
# The GDAL target's seeds are whole files (a GeoPackage is ~100 KB); it has no dictionary.
max_len=65536
dict=(-dict="Fuzz/dict/$target.dict")
if [ "$target" = gdal ]; then max_len=262144; dict=(); fi
flags=("${dict[@]}" -max_len=$max_len -rss_limit_mb=2048 -timeout=10
       -artifact_prefix="$findings/" -print_final_stats=1)

if [ "$seconds" = 0 ]; then
    # Replay or minimise the given inputs; no corpus, no fuzzing.
    exec "$bin" "${flags[@]}" "$@"
fi
growth="Fuzz/corpus-$target"
mkdir -p "$growth"
echo "fuzz.sh: $product for ${seconds}s; corpus $growth + Fuzz/corpus/$target; findings in $findings/" >&2
exec "$bin" "$growth" "Fuzz/corpus/$target" "${flags[@]}" -max_total_time="$seconds" "$@"
