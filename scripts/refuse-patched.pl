#!/usr/bin/env perl
# refuse-patched.pl PAFUZZ FZ: the slowpath fuzz target runs v4.2 only.  An input
# whose program names patch variants (a byte mutation can grow a `patch` trailer)
# is refused by the slowpath and buddy targets (fuzz/finding.c, fuzz_v42_program):
# were it run, a variant's findings would be filed as v4.2's.  Variants are the
# diff target's job.  For each regression case that names a patch and ends in a
# finding: its binary form must give that finding in `pafuzz run` (the control:
# the form carries the patch) and none in the slowpath target, which reports v4.2's
# own GFP_NOFS livelock (regress 0002, the control of the target's side).  The
# buddy target refuses through the same function; its view (no slowpath loops,
# warnings not fatal) gives no finding on these cases either way, so it is not
# asked here.  TAP.
# Usage: perl scripts/refuse-patched.pl build/<variant>/pafuzz build/fuzz
use strict;
use warnings;
use File::Path qw(make_path remove_tree);
use FindBin;
use lib "$FindBin::Bin/lib";
use Jobs;

my ($pafuzz, $fz) = @ARGV;
die "usage: perl scripts/refuse-patched.pl PAFUZZ FZ\n" unless $fz && -x $pafuzz;
# every finding reported, none suppressed or taken for a known one
delete @ENV{qw(PAFUZZ_SUPPRESS PAFUZZ_KNOWN_DIR PAFUZZ_SEEN_DIR PAFUZZ_KEEP_GOING PAFUZZ_TARGET)};
my $tmp = "$fz/refuse-patched";
remove_tree($tmp);
make_path($tmp);
my @cases;
for my $f (sort glob('regress/*.pz')) {
	open my $fh, '<', $f or die "$f: $!\n";
	my ($patched, $finding) = (0, 0);
	while (<$fh>) {
		$patched = 1 if /^patch\s/;
		$finding = 1 if /^expect\s+(?!ok\b)\S/;
	}
	push @cases, $f if $patched && $finding;
}
Jobs::check(@cases >= 3, scalar(@cases) . " regression cases name a patch and end in a finding");
# the control of the targets' side: a v4.2 finding is reported
system($pafuzz, 'convert', '--binary', '-f', 'regress/0002-nofs-keeps-looping.pz', "$tmp/v42.bin") == 0
	or die "$pafuzz convert failed\n";
my $v42 = `'$fz/fuzz_slowpath' '$tmp/v42.bin' 2>&1`;
Jobs::check(scalar($v42 =~ /^pafuzz: livelock /m),
	    "fuzz_slowpath reports v4.2's GFP_NOFS livelock (regress 0002)");
for my $f (@cases) {
	(my $name = $f) =~ s{.*/(.*)\.pz$}{$1};
	my $bin = "$tmp/$name.bin";
	system($pafuzz, 'convert', '--binary', '-f', $f, $bin) == 0 or die "$pafuzz convert $f failed\n";
	my $run = `'$pafuzz' run '$bin' 2>&1`;
	Jobs::check(scalar($run =~ /: (?!ok )\S+ \S/),
		    "$name: the binary form keeps its patch (pafuzz run: a finding)");
	my $out = `'$fz/fuzz_slowpath' '$bin' 2>&1`;
	my $rc = $? >> 8;
	my ($said) = $out =~ /^(pafuzz: .*)$/m;
	Jobs::check($rc == 0 && !defined $said,
		    "$name: fuzz_slowpath refuses it (exit $rc" . ($said ? ", $said" : '') . ')');
}
remove_tree($tmp);
exit Jobs::done();
