#!/bin/sh
# fuzz-seeds.sh PAFUZZ FZ TARGET...: the text seeds in corpus/<target>/*.pz become
# the seeds a fuzz target starts from, in FZ/seeds/<target>/ (make fuzz-seeds runs
# it with build/<variant>/pafuzz, build/fuzz and every target).  The text target
# takes them as they are; the others get their binary form (pafuzz convert).  The
# diff target also starts from the slowpath target's seeds.
case "${1:-}" in -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0;; esac
[ $# -ge 3 ] || { echo "usage: sh scripts/fuzz-seeds.sh PAFUZZ FZ TARGET... (--help)" >&2; exit 2; }
pafuzz=$1 fz=$2 failed=0
shift 2
for t in "$@"; do
	mkdir -p "$fz/seeds/$t"
	for s in corpus/$t/*.pz $([ "$t" = diff ] && ls corpus/slowpath/*.pz); do
		[ -f "$s" ] || continue
		if [ "$t" = text ]; then cp "$s" "$fz/seeds/$t/" || failed=1
		elif ! "$pafuzz" convert --binary --target slowpath -f "$s" "$fz/seeds/$t/$(basename "$s" .pz).bin"; then
			# pafuzz convert said why (file, line, what was expected); a job must
			# not start without a seed it was given
			echo "fuzz-seeds: $s: no seed for the $t target" >&2
			failed=1
		fi
	done
done
[ "$failed" = 0 ] || exit 2
