#!/usr/bin/env perl
# determinism-check.pl - the same input takes the same path on every execution,
# whatever ran before it in the process (make determinism-check, part of make check).
#
# Over every file given (regression cases, seed directories) and a sample of an
# evolved corpus (the bench's, build/bench/evolved/slowpath, when it was grown;
# else a small one grown here from the seeds with a fixed seed):
#   1. the fuzzing build's coverage of each input is the same when the inputs run
#      in one process in the given order and then reversed (fuzz/determinism.c);
#   2. pafuzz run gives each input the same verdict, signature and trace hash in
#      either order, in one process.
# With --sample 0 no evolved corpus is used (nor grown), and without --pafuzz step 2 is
# left out: the diff target's driver is checked that way (its inputs are two runs each;
# pafuzz run has no diff to compare).
# Prints TAP.
# Usage: perl scripts/determinism-check.pl [--pafuzz P] --driver D [--fuzz F] [--sample N] FILE|DIR...
use strict;
use warnings;
use File::Path qw(make_path remove_tree);
use Getopt::Long;
use FindBin;
use lib "$FindBin::Bin/lib";
use Jobs;

my %o = (sample => 400);
GetOptions(\%o, 'pafuzz=s', 'driver=s', 'fuzz=s', 'sample=i')
	or die "usage: determinism-check.pl [--pafuzz P] --driver D [--fuzz F] [--sample N] FILE|DIR...\n";
die "determinism-check.pl: --driver is needed, and --fuzz unless --sample 0\n"
	unless $o{driver} && ($o{fuzz} || !$o{sample});

sub files_of { my ($d) = @_; opendir my $dh, $d or return (); return map { "$d/$_" } sort grep { !/^\./ } readdir $dh; }

my @files = map { -d $_ ? files_of($_) : ($_) } @ARGV;
my $evolved = 'build/bench/evolved/slowpath';
my @ev = $o{sample} ? files_of($evolved) : ();
if (!@ev && $o{sample}) {
	# no bench corpus here: a small evolved one, grown from the seeds with a fixed seed
	$evolved = 'build/fuzz/determinism-sample';
	@ev = files_of($evolved);
	if (!@ev) {
		remove_tree($evolved);
		make_path($evolved);
		open my $sf, '>', "$evolved.suppress" or die "$evolved.suppress: $!\n";
		print $sf "*\n";
		close $sf;
		my @seeds = grep { -d } @ARGV;
		system("PAFUZZ_SUPPRESS='$evolved.suppress' '$o{fuzz}' -seed=1 -runs=4000 "
		       . "-dict=fuzz/fuzz_slowpath.dict '$evolved' @seeds > '$evolved.log' 2>&1");
		@ev = files_of($evolved);
	}
}
my $step = @ev > $o{sample} ? @ev / $o{sample} : 1;
my @sample = map { $ev[int($_ * $step)] } 0 .. (@ev > $o{sample} ? $o{sample} : scalar @ev) - 1;
print "# ", scalar(@files), " case(s) and seed(s)", $o{sample} ? ", and $o{sample} of the "
	. scalar(@ev) . " inputs of $evolved" : '', " ($o{driver})\n";
push @files, @sample;

# 1. coverage, in the fuzzing build
my $out = `'$o{driver}' @files 2>&1`;
my $rc = $? >> 8;
print map { "# $_\n" } grep { /^determinism:/ } split /\n/, $out;
Jobs::check($rc == 0, 'every input has the same coverage whatever ran before it in the process');

# 2. verdicts, signatures and trace hashes, in pafuzz
exit Jobs::done() unless $o{pafuzz};
sub runs {
	my @list = @_;
	my %line;
	for (`'$o{pafuzz}' run @list 2>/dev/null`) {
		$line{$1} = $2 if /^(.*?): (.*)$/;
	}
	return %line;
}
my %fwd = runs(@files);
my %rev = runs(reverse @files);
my @diff = grep { ($fwd{$_} // '') ne ($rev{$_} // '') } @files;
print "# $diff[0]: '", $fwd{$diff[0]} // '', "' then '", $rev{$diff[0]} // '', "'\n" if @diff;
Jobs::check(!@diff && scalar(%fwd), 'pafuzz run gives every input the same verdict, signature and trace '
	    . 'hash in either order (' . scalar(keys %fwd) . ' inputs)');
exit Jobs::done();
