#!/bin/sh
# sancov-flags.sh FILE: what a fuzzing build instruments in FILE, as flags to
# add to the engine's own (-fsanitize=fuzzer-no-link, or the builder's
# CFLAGS).  The Makefile, .clusterfuzzlite/build.sh and the bug benchmark all
# ask here, so their builds instrument alike.
#
# Every file gets edge coverage, except what fuzz/coverage.ignore lists.
# Comparison tracing (libFuzzer's table of recent compares, which suggests
# input bytes that would make a comparison come out the other way) is kept to
# the code that reads the input's bytes: the program decoder, the fault-spec
# parser and the targets.  The model compares its own counters, not input
# bytes, millions of times per second of fuzzing; traced, those comparisons
# made an execution about three times slower and gave mutations nothing to
# copy into an input.
#
# No file traces its indirect calls.  The model makes them only through the
# answerer it was given: the runner's, or the fault layer's when the program has
# fault lines, which the program's bytes say already.  libFuzzer's caller-callee
# features would tell inputs apart by nothing else, and tracing every question's
# call was about 1.4% of an execution.
#
# No file keeps libFuzzer's stack-depth feature.  It counts how deep the stack
# went from where it began, which moves with the size of the process's
# environment: two processes with other environments kept other inputs from the
# same seeds.  Stack depth says nothing about the allocator's decisions, and its
# compare at every function entry was 4.5% of an execution's instructions
# (without sanitizers).  The deep planted bugs without it, 30 trials each of 09,
# 14 and 16 and 60 of 17: none later by its RMST, 14 sooner (docs/benchmarks.md).
dir=$(dirname "$0")
case "$1" in
*prog.c|*fault.c|*fuzz_*.c) cmp= ;;
*) cmp=-fno-sanitize-coverage=trace-cmp ;;
esac
echo "-fsanitize-coverage-ignorelist=$dir/coverage.ignore -fno-sanitize-coverage=indirect-calls,stack-depth $cmp"
