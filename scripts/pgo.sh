#!/bin/sh
# pgo.sh CC DEBUG OUT SRC...: the execution profile the speed and fuzzing builds
# are optimized with (clang's -fprofile-instr-use=OUT).
#
# It builds `pafuzz` from SRC (the Makefile's PAFUZZ_SRC, paths from the top of the
# tree) with CC, DEBUG=N and clang's instrumentation
# for profiles, runs the training programs through it, and merges what they
# counted into OUT with the llvm-profdata that matches CC.  The training
# programs are the ones the repository ships, never a corpus a benchmark
# measures: every regression case (regress/*.pz) and the seed corpora
# (corpus/*/*.pz, the shipped findings among them).  About ten seconds, most of
# it the instrumented build.
#
# A tree where no program runs to its end gets an empty profile (this script
# says so): the builds that use it are then plain -O2 builds.  The profile only
# steers how the code is laid out and inlined: no verdict, trace or hash
# depends on it.
set -eu
case "${1:-}" in -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0;; esac
[ $# -ge 4 ] || { echo "usage: sh scripts/pgo.sh CC DEBUG OUT SRC... (--help)" >&2; exit 2; }
cc=$1
debug=$2
out=$3
shift 3
case $out in /*) ;; *) out=$(pwd)/$out ;; esac
top=$(cd "$(dirname "$0")/.." && pwd)
dir=$out.work
rm -rf "$dir"
mkdir -p "$dir/raw"
profdata=$($cc -print-prog-name=llvm-profdata)
[ -x "$profdata" ] || profdata=$(command -v llvm-profdata) || {
	echo "pgo.sh: no llvm-profdata for $cc (make deps installs it)" >&2
	exit 2
}
cd "$top"
$cc -std=c11 -D_DEFAULT_SOURCE -O2 -DDEBUG="$debug" -Icore -fprofile-instr-generate \
	"$@" -o "$dir/pafuzz" -lm
# All in one process, as `pafuzz run` and the fuzz targets run their inputs (one
# model per layout, reset between runs, so that set-up is as rare as there).  A
# finding exits 1, a program this tree refuses 2: only the counts matter here.  A
# tree whose model crashes (a broken copy of the model, say) leaves no counts; then
# each program runs alone and the profile is what the others counted.  A model that
# runs away (a loop no budget stops) must not hold the build up: 60 s for the lot
# (about a second normally), 10 s a program on the second try; what was cut short
# counts for nothing.  (A process that dies leaves its file empty: the runtime
# creates it at start.)  $training is left unquoted: its globs expand where it is used.
export LLVM_PROFILE_FILE="$dir/raw/%p.profraw"
training='regress/*.pz corpus/*/*.pz'
timeout 60 "$dir/pafuzz" run $training > /dev/null 2>&1 || true
find "$dir/raw" -type f -size 0 -delete
set -- "$dir"/raw/*.profraw
if [ ! -f "$1" ]; then
	echo "pgo.sh: the training run stopped early; each program alone" >&2
	timeout 60 sh -c 'for f in "$@"; do
		timeout 10 "$0" run "$f" > /dev/null 2>&1 || true
	done' "$dir/pafuzz" $training || true
	find "$dir/raw" -type f -size 0 -delete
fi
set -- "$dir"/raw/*.profraw
if [ -f "$1" ]; then
	"$profdata" merge -o "$out.tmp" "$@"
else
	echo "pgo.sh: no training program ran to its end; $out is empty" >&2
	: > "$dir/empty.proftext"
	"$profdata" merge -o "$out.tmp" "$dir/empty.proftext"
fi
mv "$out.tmp" "$out"
rm -rf "$dir"
