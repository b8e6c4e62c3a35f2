#!/bin/sh
# fuzz-smoke.sh FZ TARGET...: a bounded libFuzzer run per target, for make check
# (make fuzz-smoke runs it with build/fuzz and every target, once the targets and
# FZ/seeds/ are built).  Each target runs 3000 inputs from its seeds (-seed=1,
# -max_len=512, its dictionary) into FZ/smoke/<target>/, log FZ/smoke/<target>.log.
# The target must build and run; a finding (a "pafuzz:" verdict line) is what
# fuzzing is for and passes, a sanitizer report of the harness itself fails.
case "${1:-}" in -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0;; esac
[ $# -ge 2 ] || { echo "usage: sh scripts/fuzz-smoke.sh FZ TARGET... (--help)" >&2; exit 2; }
fz=$1
shift
for t in "$@"; do
	rm -rf "$fz/smoke/$t" "$fz/smoke/$t-corpus"; mkdir -p "$fz/smoke/$t" "$fz/smoke/$t-corpus"
	"$fz/fuzz_$t" -runs=3000 -seed=1 -max_len=512 -dict="fuzz/fuzz_$t.dict" \
		-artifact_prefix="$fz/smoke/$t/" "$fz/smoke/$t-corpus" "$fz/seeds/$t" \
		> "$fz/smoke/$t.log" 2>&1
	if grep -qE 'SUMMARY: (Address|UndefinedBehavior|Leak|Memory)Sanitizer|runtime error:' "$fz/smoke/$t.log"; then
		echo "fuzz-smoke: $t: the harness itself crashed:"; grep -m5 -E 'ERROR|runtime error|SUMMARY' "$fz/smoke/$t.log"; exit 1
	elif grep -q '^pafuzz:' "$fz/smoke/$t.log"; then
		echo "fuzz-smoke: $t ok, found: $(grep -m1 '^pafuzz:' "$fz/smoke/$t.log")"
	elif grep -q 'Done [0-9]* runs' "$fz/smoke/$t.log"; then
		echo "fuzz-smoke: $t ok ($(grep -o 'Done [0-9]* runs in [0-9]* second(s)' "$fz/smoke/$t.log"))"
	else echo "fuzz-smoke: $t did not run:"; tail -5 "$fz/smoke/$t.log"; exit 1; fi
done
