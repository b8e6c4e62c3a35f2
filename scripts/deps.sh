#!/bin/sh
# deps.sh PACKAGE...: are these Debian packages installed?  make deps runs it with
# the packages every other target needs (DEB_PACKAGES in the Makefile), before any
# of their work.
#
# All present: says so, exit 0.  Some missing: with DEPS_INSTALL=1 (make's default
# as root) runs `apt-get update` (a fresh machine needs it) and installs them;
# otherwise (DEPS_INSTALL=0, make's default for any other user) names them and the
# one command that installs them, exit 1.  Not a Debian system: names the packages
# whose equivalents are needed, exit 1.
case "${1:-}" in -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0;; esac
command -v dpkg-query > /dev/null || { echo "deps: no dpkg-query: this is not a Debian system;" \
	"install the equivalents of: $*" >&2; exit 1; }
missing=""
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then echo "deps: all present"; exit 0; fi
if [ "${DEPS_INSTALL:-0}" != 1 ]; then
	echo "deps: missing Debian packages:$missing" >&2
	echo "deps: install them with: sudo sh -c 'apt-get update && apt-get install -y$missing'" >&2
	exit 1
fi
echo "deps: installing$missing"
apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing > /dev/null \
	|| { echo "deps: apt-get install failed; as root: apt-get update && apt-get install -y$missing" >&2;
	exit 1; }
