#!/bin/sh
# oss-fuzz-check.sh: .clusterfuzzlite/build.sh run locally with the environment
# OSS-Fuzz sets (SRC, OUT=build/oss-fuzz/out, clang, the ASan+UBSan libFuzzer
# flags), then every target it produced over its seed corpus (each must exist and
# run without a sanitizer report), then a look at project.yaml (main_repo must be a
# repository URL), then what ClusterFuzz would call each finding: findings of
# different classes through the built slowpath target and verdict differences of
# different pairs through the diff target, each printed with its symbolized top
# frames; each must abort through its own frames (scripts/dedup-check.pl).
#
# make oss-fuzz-check runs it with the settings below as make has them:
#   FUZZ_TARGETS             the targets build.sh must produce (slowpath buddy text diff)
#   CRASH_STATE_INPUTS       the slowpath target's findings (files, space-separated)
#   DIFF_CRASH_STATE_INPUTS  the diff target's differences
case "${1:-}" in -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0;; esac
[ -n "${FUZZ_TARGETS:-}" ] && [ -n "${CRASH_STATE_INPUTS:-}" ] && [ -n "${DIFF_CRASH_STATE_INPUTS:-}" ] || {
	echo "oss-fuzz-check.sh: set FUZZ_TARGETS, CRASH_STATE_INPUTS and DIFF_CRASH_STATE_INPUTS (make oss-fuzz-check does; --help)" >&2
	exit 2; }
set -e
set -x
rm -rf build/oss-fuzz && mkdir -p build/oss-fuzz/out
SRC=/nonexistent OUT=$(pwd)/build/oss-fuzz/out CC=clang CXX=clang++ \
CFLAGS="-O1 -fno-omit-frame-pointer -gline-tables-only -fsanitize=address,undefined -fsanitize=fuzzer-no-link" \
LIB_FUZZING_ENGINE=-fsanitize=fuzzer bash .clusterfuzzlite/build.sh
set +x +e
for t in $FUZZ_TARGETS; do
	[ -x build/oss-fuzz/out/fuzz_$t ] || { echo "oss-fuzz-check: build.sh made no fuzz_$t"; exit 1; }
	mkdir -p build/oss-fuzz/c-$t; (cd build/oss-fuzz/c-$t && unzip -qo ../out/fuzz_${t}_seed_corpus.zip)
	build/oss-fuzz/out/fuzz_$t -runs=0 build/oss-fuzz/c-$t > build/oss-fuzz/$t.log 2>&1
	if grep -qE 'SUMMARY: .*Sanitizer|runtime error' build/oss-fuzz/$t.log; then echo "oss-fuzz-check: $t crashed"; exit 1; fi
	echo "oss-fuzz-check: fuzz_$t ran its seed corpus"
done
set -e
grep -qE '^main_repo: "(https|git)://[^"]+\.git"' .clusterfuzzlite/project.yaml ||
	{ echo "oss-fuzz-check: project.yaml: main_repo is not a repository URL"; exit 1; }
# what ClusterFuzz would call each finding: its top frames, symbolized
set -x
prove -v --exec 'perl' scripts/dedup-check.pl :: build/oss-fuzz/out/fuzz_slowpath $CRASH_STATE_INPUTS
PAFUZZ_PATCHES= prove -v --exec 'perl' scripts/dedup-check.pl :: build/oss-fuzz/out/fuzz_diff $DIFF_CRASH_STATE_INPUTS
