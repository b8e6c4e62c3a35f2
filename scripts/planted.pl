#!/usr/bin/env perl
# planted.pl - builds one variant of pafuzz per planted bug (regress/planted/*.mut: a
# one-line mutation of core/) and checks that the test suite catches each one.
# A variant is caught when its `make check-one` fails (a unit test, a scenario, or
# a regression case turns red).  Prints TAP: one line per planted bug.
# Usage: perl scripts/planted.pl [name-filter]
use strict;
use warnings;
use Cwd qw(getcwd);
use FindBin;
use lib "$FindBin::Bin/lib";
use Planted;

my $top = getcwd();
my $filter = shift // '';
my @muts = sort grep { index($_, $filter) >= 0 } glob("regress/planted/*.mut");
die "planted: no mutations found\n" unless @muts;
print "1..", scalar(@muts), "\n";
my ($n, $failed) = (0, 0);

for my $f (@muts) {
	$n++;
	my $m = Planted::parse($f);
	my $name = $m->{name};
	my $dir = "$top/build/planted/$name";
	my $why = Planted::apply($top, $dir, $m);
	if ($why) {
		print "not ok $n - $name: $why\n";
		$failed++;
		next;
	}
	my $log = "$dir/check.log";
	my $rc = system("cd '$dir' && make check-one CC=clang SAN=asan+ubsan > '$log' 2>&1");
	if ($rc != 0) {
		my $why2 = `grep -m1 -E '^not ok|Failed [0-9]|ERROR|SUMMARY' '$log'` // '';
		$why2 =~ s/\s+/ /g;
		$why2 =~ s/ $//;
		print "ok $n - $name: caught ($why2)\n";
	} else {
		print "not ok $n - $name: the suite stays green with this bug (expected: $m->{expect})\n";
		$failed++;
	}
}
exit($failed ? 1 : 0);
