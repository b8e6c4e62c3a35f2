#!/usr/bin/env perl
# planted-lines.pl - every planted bug (regress/planted/*.mut) still applies: its
# find: line is in its file.  make planted and the bug benchmark build a variant per
# bug, which takes an hour; a refactor that rewrites a mutated line would only show
# there ("the line to mutate is gone").  This is make check's quick look.  TAP.
# Usage: perl scripts/planted-lines.pl
use strict;
use warnings;
use Cwd qw(getcwd);
use FindBin;
use lib "$FindBin::Bin/lib";
use Jobs;
use Planted;

my $top = getcwd();
my @muts = sort glob("regress/planted/*.mut");
Jobs::check(scalar(@muts) > 0, "regress/planted/ has planted bugs");
for my $f (@muts) {
	my $m = Planted::parse($f);
	my $why = Planted::line_missing($m, Planted::source($top, $m));
	Jobs::check(!$why, "$m->{name}: " . ($why || "its line is in $m->{file}"));
}
exit Jobs::done();
