#!/usr/bin/env perl
# debug3-check.pl - every regression case and shipped seed gives the same run at the
# model's check level 3 (PAFUZZ_DEBUG=3) as at the default 1: the same verdict,
# signature, trace hash and seed steps, or the same error.  Level 3 adds what is too
# slow for a fuzz job: after every operation the buddy walkers, page conservation and the state
# hash against a full recomputation, and at every allocation the harness's own
# shortcuts recomputed (the allocation plan, the zonelist hint).  A check that fails
# there is a model-bug verdict the default level would not have given.
# Prints TAP for prove.  Usage: perl scripts/debug3-check.pl PAFUZZ [FILE...]
# (default: regress/*.pz and corpus/*/*.pz).
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Jobs;

my $pafuzz = shift or die "usage: debug3-check.pl PAFUZZ [FILE...]\n";
my @files = @ARGV ? @ARGV : (sort(glob("regress/[0-9][0-9][0-9][0-9]-*.pz")), sort(glob("corpus/*/*.pz")));
die "debug3-check.pl: no programs\n" unless @files;

for my $f (@files) {
	my ($r1, $o1) = Jobs::run_capture({ PAFUZZ_DEBUG => 1 }, 'timeout', 120, $pafuzz, 'run', '--steps', '--', $f);
	my ($r3, $o3) = Jobs::run_capture({ PAFUZZ_DEBUG => 3 }, 'timeout', 120, $pafuzz, 'run', '--steps', '--', $f);
	next if Jobs::check($o1 eq $o3 && $r1 == $r3 && $r1 != 127 && $r1 != 124,
			    "$f: the same run at check level 3 (exit $r1)");
	print "#   level 1 (exit $r1): $_\n" for split /\n/, $o1;
	print "#   level 3 (exit $r3): $_\n" for split /\n/, $o3;
}
exit(Jobs::done());
