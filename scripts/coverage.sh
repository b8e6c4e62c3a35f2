#!/bin/sh
# coverage.sh BUILD FILE...: line and branch coverage of core/ from the unit tests,
# the regression suite and the seeds, and the table of the seed's steps.  BUILD is
# a build made with clang's -fprofile-instr-generate -fcoverage-mapping (make
# coverage makes build/clang-none-d1 so: its tests/ and pafuzz); the FILEs are what
# pafuzz runs besides every seed in build/fuzz/seeds/ (make coverage gives every
# regression case).  Writes build/coverage/: all.profdata, report.txt (llvm-cov's
# report over core/*.c) and seed-steps.txt (scripts/coverage-table.pl over the
# branch counts of core/page_alloc.c).
case "${1:-}" in -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0;; esac
[ $# -ge 1 ] || { echo "usage: sh scripts/coverage.sh BUILD FILE... (--help)" >&2; exit 2; }
b=$1
shift
cov=build/coverage
for t in $b/tests/*; do LLVM_PROFILE_FILE=$cov/%p.profraw $t > /dev/null || true; done
LLVM_PROFILE_FILE=$cov/%p.profraw $b/pafuzz run "$@" $(ls build/fuzz/seeds/*/* 2>/dev/null) > /dev/null || true
set -e -x
llvm-profdata merge -o $cov/all.profdata $cov/*.profraw
llvm-cov report $b/pafuzz -instr-profile=$cov/all.profdata core/*.c | tee $cov/report.txt
llvm-cov show $b/pafuzz -instr-profile=$cov/all.profdata -show-branches=count core/page_alloc.c \
	| perl scripts/coverage-table.pl | tee $cov/seed-steps.txt
