#!/bin/sh
# Builds one libFuzzer harness and runs it for a given time.
#   Fuzz/run.sh TARGET SECONDS [libFuzzer options…]      TARGET: books, toml or template
# The build has its own scratch path (.build-fuzz), so a plain `swift build` is unaffected.
# The corpus grows in .build-fuzz/corpus/TARGET (seeded from Fuzz/Seeds/TARGET and Fuzz/Regressions/TARGET);
# crashing inputs are written to .build-fuzz/crashes/TARGET/: copy each one to Fuzz/Regressions/TARGET/
# (then `swift test` replays it) and fix the crash.
set -eu
cd "$(dirname "$0")/.."
target=${1:?usage: Fuzz/run.sh books|toml|template SECONDS [libFuzzer options]}
seconds=${2:?usage: Fuzz/run.sh books|toml|template SECONDS [libFuzzer options]}
shift 2
case $target in
    books|toml|template) ;;
    *) echo "unknown target $target: books, toml or template" >&2; exit 64 ;;
esac
RELANCE_FUZZ=1 swift build --scratch-path .build-fuzz -c release --product "fuzz-$target" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library >&2
bin=$(RELANCE_FUZZ=1 swift build --scratch-path .build-fuzz -c release --show-bin-path)
# A copy of the binary runs, so that a rebuild during a long run does not touch it.
mkdir -p .build-fuzz/run ".build-fuzz/corpus/$target" ".build-fuzz/crashes/$target"
cp "$bin/fuzz-$target" ".build-fuzz/run/fuzz-$target.$$"
trap 'rm -f ".build-fuzz/run/fuzz-$target.$$"' EXIT
seed_dict=""
[ -f "Fuzz/$target.dict" ] && seed_dict="-dict=Fuzz/$target.dict"
".build-fuzz/run/fuzz-$target.$$" -max_total_time="$seconds" -max_len=65536 -timeout=20 -rss_limit_mb=3072 \
    -print_final_stats=1 -artifact_prefix=".build-fuzz/crashes/$target/" $seed_dict "$@" \
    ".build-fuzz/corpus/$target" "Fuzz/Seeds/$target" "Fuzz/Regressions/$target"
