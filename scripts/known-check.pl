#!/usr/bin/env perl
# known-check.pl - every pattern of the known findings list names the regression
# cases that keep it ("(regress 0002, 0029)"), and each named case, run now, gives
# a signature the pattern matches: a known finding is one that is understood and
# kept, and a pattern that no longer matches its own case suppresses nothing or
# something else.  Prints TAP.  Usage: perl scripts/known-check.pl PAFUZZ KNOWN-LIST
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Jobs;

my ($pafuzz, $list) = @ARGV;
die "usage: known-check.pl PAFUZZ KNOWN-LIST\n" unless $pafuzz && $list;
my @known = Jobs::read_known($list);
Jobs::check(scalar(@known) > 0, "$list has patterns (" . scalar(@known) . ")");
my %sig;	# case file -> signature, each case run once
for my $k (@known) {
	my ($pat, $why) = @$k;
	my ($nums) = $why =~ /\(regress ([0-9, ]+)[;)]/;
	my @cases = map { glob("regress/$_-*.pz") } split /[, ]+/, $nums // '';
	unless (@cases) {
		Jobs::check(0, "$pat: names no regression case that exists ('$why')");
		next;
	}
	for my $c (@cases) {
		unless (exists $sig{$c}) {
			# a difference a patch makes is the first line of `pafuzz diff`
			my $out = $pat =~ /^diff:/ ? `'$pafuzz' diff '$c' 2>&1` : `'$pafuzz' run '$c' 2>&1`;
			($sig{$c}) = $pat =~ /^diff:/ ? $out =~ /^\Q$c\E: (\S+)/m
				   : $out =~ /^\Q$c\E: (?:expect not met: got )?\S+ (\S+)/m;
			$sig{$c} //= '';
		}
		Jobs::check(Jobs::sig_match($pat, $sig{$c}), "$pat matches $c ($sig{$c})");
	}
}
exit(Jobs::done());
