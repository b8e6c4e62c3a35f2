#!/usr/bin/env perl
# debug3-check.pl - every regression case and shipped seed gives the same run at the
# model's check level 3 (PAFUZZ_DEBUG=3) as at the default 1: the same verdict,
# signature, trace hash and seed steps, or the same error.  Level 3 adds what is too slow for a
# fuzz job: after every operation the buddy walkers, page conservation and the state
# hash against a full recomputation, and at every allocation the harness's own
# shortcuts recomputed (the allocation plan, the zonelist hint).  A check that fails
# there is a model-bug verdict the default level would not have given.
# Prints TAP for prove.  Usage: perl scripts/debug3-check.pl PAFUZZ [FILE...]
# (default: regress/*.pz and corpus/*/*.pz).
use strict;
use warnings;

my $pafuzz = shift or die "usage: debug3-check.pl PAFUZZ [FILE...]\n";
my @files = @ARGV ? @ARGV : (sort(glob("regress/[0-9][0-9][0-9][0-9]-*.pz")), sort(glob("corpus/*/*.pz")));
die "debug3-check.pl: no programs\n" unless @files;

# pafuzz run -- FILE at one check level: its output (stdout and stderr) and exit status
sub run_at {
	my ($level, $f) = @_;
	my $pid = open(my $fh, '-|');
	die "debug3-check.pl: fork: $!\n" unless defined $pid;
	if (!$pid) {
		$ENV{PAFUZZ_DEBUG} = $level;
		open STDERR, '>&', \*STDOUT or die "debug3-check.pl: $!\n";
		exec('timeout', 120, $pafuzz, 'run', '--steps', '--', $f) or exit 127;
	}
	my $out = do { local $/; <$fh> } // '';
	close $fh;
	return ($out, $? >> 8);
}

print "1..", scalar(@files), "\n";
my $n = 0;
for my $f (@files) {
	$n++;
	my ($o1, $r1) = run_at(1, $f);
	my ($o3, $r3) = run_at(3, $f);
	if ($o1 eq $o3 && $r1 == $r3 && $r1 != 127 && $r1 != 124) {
		print "ok $n - $f: the same run at check level 3 (exit $r1)\n";
		next;
	}
	print "not ok $n - $f: check level 3 differs from level 1\n";
	print "#   level 1 (exit $r1): $_\n" for split /\n/, $o1;
	print "#   level 3 (exit $r3): $_\n" for split /\n/, $o3;
}
