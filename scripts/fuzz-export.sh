#!/bin/sh
# fuzz-export.sh PAFUZZ FZ TARGET: the working corpus of a job (FZ/work/<target>),
# merged (libFuzzer -merge=1) to the inputs that add coverage beyond the shipped
# seeds (FZ/seeds/<target>), written back as text into corpus/<target>/fuzz-*.pz:
# review them, then commit the ones you keep.  make fuzz-export runs it after
# building pafuzz, the target and the seeds.
#
# The fuzz target reads what make fuzz gives it: SUPPRESS (the known list,
# default corpus/known-findings.txt, corpus/known-diffs.txt for TARGET=diff) and
# PATCHES (the diff target's variant, default all), as PAFUZZ_SUPPRESS and
# PAFUZZ_PATCHES; known findings go to FZ/known/<target>, the first input of each
# new signature to FZ/seen/<target>.  The merge's log is FZ/export.log.
case "${1:-}" in -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0;; esac
[ $# -eq 3 ] || { echo "usage: sh scripts/fuzz-export.sh PAFUZZ FZ TARGET (--help)" >&2; exit 2; }
pafuzz=$1 fz=$2 t=$3
case "$t" in diff) dflt=corpus/known-diffs.txt;; *) dflt=corpus/known-findings.txt;; esac
case "$fz" in /*) afz=$fz;; *) afz=$(pwd)/$fz;; esac
rm -rf "$fz/export/$t" && mkdir -p "$fz/export/$t" "$fz/seen/$t" "$fz/known/$t" || exit 1
PAFUZZ_SUPPRESS=${SUPPRESS-$dflt} PAFUZZ_KNOWN_DIR=$afz/known/$t PAFUZZ_PATCHES=${PATCHES-} \
	PAFUZZ_SEEN_DIR=$afz/seen/$t "$fz/fuzz_$t" -merge=1 "$fz/export/$t" \
	"$fz/seeds/$t" "$fz/work/$t" > "$fz/export.log" 2>&1 || exit 1
# An input that looks like text but is no valid program (say "pa>") is one the target
# refused (it returns -1 before running anything), yet -merge keeps it for its coverage
# of the parser: it is no program to review, so it is skipped and counted apart.
n=0 refused=0
for f in "$fz/export/$t"/*; do
	[ -f "$f" ] || continue
	b=$(basename "$f"); [ -f "$fz/seeds/$t/$b" ] && continue
	if [ "$t" = text ]; then cp "$f" "corpus/$t/fuzz-$b.pz"
	elif ! "$pafuzz" convert --target "$t" -f "$f" "corpus/$t/fuzz-$(echo "$b" | cut -c1-12).pz" \
		2> /dev/null; then
		refused=$((refused+1)); continue
	fi
	n=$((n+1))
done
echo "fuzz-export: $n new input(s) in corpus/$t/fuzz-*.pz" \
	"($refused refused by the target as malformed text, not exported)"
