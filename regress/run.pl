#!/usr/bin/env perl
# run.pl - the regression suite: every regress/NNNN-*.pz case runs in a child under
# a timeout and must meet one of its expect lines (verdict and signature prefix).
# Prints TAP for prove.  Usage: perl regress/run.pl PAFUZZ [CASE...]
# Environment: REGRESS_TIMEOUT (seconds per case, default 120); PAFUZZ_TARGET is ignored.
use strict;
use warnings;

my $pafuzz = shift;
# the binary comes first: a case given in its place would make every case "fail"
if (!defined $pafuzz || -d $pafuzz || !-x $pafuzz) {
	print STDERR "usage: perl regress/run.pl PAFUZZ [CASE...], PAFUZZ a built pafuzz "
		   . "(e.g. build/clang-asan-ubsan-d1/pafuzz)",
		   defined $pafuzz ? "; '$pafuzz' is not an executable file\n" : "\n";
	exit 2;
}
my @cases = @ARGV ? @ARGV : sort glob("regress/[0-9][0-9][0-9][0-9]-*.pz");
my $timeout = $ENV{REGRESS_TIMEOUT} // 120;
# a case is a whole program, patches and all: a PAFUZZ_TARGET left in the environment
# (make fuzz sets one for its scripts) would read it as a fuzz target does, as the
# buddy target's view or refused for naming patches
delete $ENV{PAFUZZ_TARGET};
print "1..", scalar(@cases), "\n";
my $n = 0;
# pafuzz CMD -- CASE under the timeout: its output and exit status.  No shell between
# us and pafuzz: a case's name is an argument, whatever it holds.
sub pafuzz {
	my ($cmd, $c) = @_;
	my $pid = open(my $fh, '-|');
	die "run.pl: fork: $!\n" unless defined $pid;
	if (!$pid) {
		open STDERR, '>&', \*STDOUT or die "run.pl: $!\n";
		exec('timeout', $timeout, $pafuzz, $cmd, '--', $c) or exit 127;
	}
	my $out = do { local $/; <$fh> } // '';
	close $fh;
	return ($out, $? >> 8);
}

for my $c (@cases) {
	$n++;
	(my $name = $c) =~ s{.*/}{};
	my ($out, $rc) = pafuzz('run', $c);
	my ($line) = $out =~ /^\Q$c\E: (.*)$/m;
	$line //= $out;
	chomp $line;
	# a case of a patch variant may say what `pafuzz diff` gives: "# diff: V0>V1" (or "same")
	my ($want) = do { open my $fh, '<', $c or die "$c: $!\n"; local $/; <$fh> } =~ /^# diff: (\S+)/m;
	if ($rc == 0 && defined $want) {
		my ($d) = pafuzz('diff', $c);
		my ($got) = $d =~ /^\Q$c\E: (\S+)/m;
		$got //= '?';
		my $pair = $got =~ /^diff:([^@]+)@/ ? $1 : $got;
		if ($pair ne $want) {
			$rc = 1;
			$out = "pafuzz diff: expected $want, got $got\n$d";
		} else {
			$line .= " (diff: $pair)";
		}
	}
	if ($rc == 0) {
		print "ok $n - $name: $line\n";
	} else {
		my $why = $rc == 124 ? "timed out after ${timeout}s" : $out;
		$why =~ s/\n/\n# /g;
		print "not ok $n - $name\n# $why\n";
	}
}
