#!/bin/sh
# cross-check.sh FZ ARCH... -- FILE...: the same verdict and trace hash on aarch64,
# 32-bit armhf and big-endian s390x (under qemu-user) as on x86-64.  Runs
# build/cross/native/pafuzz and build/cross/<arch>/pafuzz (make builds them) over
# the FILEs (make cross-check gives every regression case) and every seed of the
# slowpath and buddy targets in FZ/seeds/, writes build/cross/<arch>.out, and
# fails naming each architecture whose output differs (build/cross/<arch>.diff).
case "${1:-}" in -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0;; esac
[ $# -ge 3 ] || { echo "usage: sh scripts/cross-check.sh FZ ARCH... -- FILE... (--help)" >&2; exit 2; }
fz=$1
shift
arches=
while [ $# -gt 0 ] && [ "$1" != -- ]; do arches="$arches $1"; shift; done
[ "${1:-}" = -- ] && shift
files="$* $(ls $fz/seeds/slowpath/* $fz/seeds/buddy/* 2>/dev/null)"
build/cross/native/pafuzz run $files > build/cross/native.out 2>&1
status=0
for a in $arches; do
	case $a in aarch64) q=qemu-aarch64;; armhf) q=qemu-arm;; s390x) q=qemu-s390x;;
	*) echo "cross-check: $a: no such architecture (aarch64, armhf, s390x)"; exit 2;; esac
	$q build/cross/$a/pafuzz run $files > build/cross/$a.out 2>&1
	if diff -u build/cross/native.out build/cross/$a.out > build/cross/$a.diff; then
		echo "cross-check: $a: $(wc -l < build/cross/$a.out) programs, same verdicts and trace hashes as x86-64"
	else echo "cross-check: $a DIFFERS from x86-64:"; head -20 build/cross/$a.diff; status=1; fi
done
exit $status
