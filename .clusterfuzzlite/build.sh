#!/bin/bash -eu
# build.sh for OSS-Fuzz and ClusterFuzzLite: builds every fuzz/fuzz_<target>.c with the
# engine and sanitizer flags the builder sets ($CC, $CFLAGS, $LIB_FUZZING_ENGINE), and
# puts the targets with their .dict, .options and <target>_seed_corpus.zip into $OUT.
# Run from $SRC/pafuzz (the checkout).  No network.
cd "${SRC:-.}/pafuzz" 2>/dev/null || cd "$(dirname "$0")/.."
: "${CC:=clang}" "${CXX:=clang++}" "${CFLAGS:=}" "${OUT:=$PWD/build/oss-fuzz-out}"
: "${LIB_FUZZING_ENGINE:=-fsanitize=fuzzer}"
mkdir -p "$OUT"
work=$(mktemp -d)
# not the command (cli.c), the tests, nor the determinism driver (its own main and
# coverage callbacks would clash with the engine's)
lib_src=$(ls core/*.c fault/*.c fuzz/*.c 2>/dev/null | grep -v -e '/fuzz_' -e '/cli\.c$' -e '/test_' \
	-e '/determinism\.c$')
# a host pafuzz (no sanitizer, no engine) turns the text seeds into binary programs
$CC -std=c11 -D_DEFAULT_SOURCE -O1 -Icore $lib_src fuzz/cli.c -o "$work/pafuzz-host" -lm
objs=""
# each file is instrumented as the local fuzzing build does (fuzz/sancov-flags.sh)
for f in $lib_src; do
	o="$work/$(echo "$f" | tr / _).o"
	$CC $CFLAGS $(sh fuzz/sancov-flags.sh "$f") -std=c11 -D_DEFAULT_SOURCE -DDEBUG=1 -Icore -Ifault -Ifuzz \
		-c "$f" -o "$o"
	objs="$objs $o"
done
for t in fuzz/fuzz_*.c; do
	name=$(basename "$t" .c)
	target=${name#fuzz_}
	$CC $CFLAGS $(sh fuzz/sancov-flags.sh "$t") -std=c11 -D_DEFAULT_SOURCE -DDEBUG=1 -Icore -Ifault -Ifuzz \
		-c "$t" -o "$work/$name.o"
	# the engine library is C++: link with $CXX as the builders expect
	$CXX $CFLAGS $work/$name.o $objs $LIB_FUZZING_ENGINE -o "$OUT/$name"
	[ -f "fuzz/$name.dict" ] && cp "fuzz/$name.dict" "$OUT/$name.dict"
	[ -f "fuzz/$name.options" ] && cp "fuzz/$name.options" "$OUT/$name.options"
	if [ -d "corpus/$target" ] && [ -n "$(ls -A "corpus/$target")" ]; then
		mkdir -p "$work/seeds/$target"
		for s in corpus/$target/*; do
			if [ "$target" = text ]; then cp "$s" "$work/seeds/$target/";
			else "$work/pafuzz-host" convert --binary "$s" "$work/seeds/$target/$(basename "$s").bin"; fi
		done
		rm -f "$OUT/${name}_seed_corpus.zip"
		(cd "$work/seeds/$target" && zip -q -j "$OUT/${name}_seed_corpus.zip" ./*)
	fi
done
rm -rf "$work"
