#!/usr/bin/env perl
# mutants.pl - how much of the model the suite pins down: makes one-token mutants of
# core/ sources (a comparison flipped or made strict, && <-> ||, +1 <-> -1, a return
# value inverted, a negation or an increment dropped), builds each in a private copy of
# the tree and runs the unit tests and the regression suite (clang, no sanitizer,
# DEBUG=1).  A mutant the suite does not catch is printed with its line: either the
# change cannot be observed (an equivalent mutant) or a test is missing.
# Usage: perl scripts/mutants.pl [--every N] [--offset K] [--jobs J] [--out DIR] [--lines A-B] [FILE...]
# Every Nth mutant (default 5) from the K-th (default 0) of the files (default: the
# allocator, reclaim, compaction and the OOM killer); --lines keeps the mutants of
# lines A..B only (a change just made, say).  Prints TAP, one line per mutant;
# survivors are "not ok" but the exit status is 0: they are leads, not failures.
use strict;
use warnings;
use Cwd qw(getcwd);
use File::Path qw(make_path);
use FindBin;
use Getopt::Long;
use lib "$FindBin::Bin/lib";
use Planted;

my ($every, $offset, $jobs, $out, $lines) = (5, 0, 2, 'build/mutants', '');
GetOptions('every=i' => \$every, 'offset=i' => \$offset, 'jobs=i' => \$jobs, 'out=s' => \$out,
	   'lines=s' => \$lines)
	and $every >= 1 and $jobs >= 1 and $lines =~ /^(?:(\d+)-(\d+))?$/
	or die "usage: mutants.pl [--every N] [--offset K] [--jobs J] [--out DIR] [--lines A-B] [FILE...]\n";
my ($from_line, $to_line) = $lines ? ($1, $2) : (1, ~0);
my @files = @ARGV ? @ARGV : qw(core/page_alloc.c core/vmscan.c core/compaction.c core/oom_kill.c);
my $top = getcwd();
$out = "$top/$out" unless $out =~ m{^/};

# [from, to]: each occurrence of from on a code line makes one mutant
my @rules = (['<=', '<'], ['>=', '>'], ['==', '!='], ['!=', '=='], ['&&', '||'], ['||', '&&'],
	['+ 1', '- 1'], ['- 1', '+ 1'], ['return true', 'return false'],
	['return false', 'return true'], ['if (!', 'if ('], ['++', ''], ['--', '']);

# Lines that only report, trace or assert are left alone: a mutant there changes a message.
sub skip_line {
	my ($l) = @_;
	return $l =~ m{^\s*(\*|//|#)} ||
	       $l =~ /model_finding|model_warn|TRACE|printf|MODEL_BUG_ON|VM_BUG_ON|static const char/;
}

my @mutants;
for my $f (@files) {
	open my $fh, '<', $f or die "mutants: $f: $!\n";
	my ($ln, $in_comment) = (0, 0);
	while (my $l = <$fh>) {
		$ln++;
		if ($in_comment) { $in_comment = 0 if $l =~ m{\*/}; next; }
		if ($l =~ m{^\s*/\*} && $l !~ m{\*/}) { $in_comment = 1; next; }
		next if skip_line($l) || $ln < $from_line || $ln > $to_line;
		(my $code = $l) =~ s{/\*.*?\*/}{' ' x length($&)}ge;
		$code =~ s{"(?:[^"\\]|\\.)*"}{'"' . ('_' x (length($&) - 2)) . '"'}ge;
		for my $r (@rules) {
			my ($from, $to) = @$r;
			my $pos = 0;
			while ((my $i = index($code, $from, $pos)) >= 0) {
				$pos = $i + length($from);
				next if $from eq '<=' && $i > 0 && substr($code, $i - 1, 1) eq '<';
				next if $from eq '>=' && $i > 0 && substr($code, $i - 1, 1) =~ /[>-]/;
				next if ($from eq '++' || $from eq '--') && $code =~ /\bfor \(/;
				push @mutants, [$f, $ln, $i, $from, $to];
			}
		}
		while ($code =~ /(?<![<>\-])([<>])(?![<>=])/g) {
			push @mutants, [$f, $ln, pos($code) - 1, $1, "$1="];
		}
	}
	close $fh;
}
my @picked = @mutants[grep { $_ % $every == $offset % $every } 0 .. $#mutants];
print "# mutants: ", scalar(@mutants), " in ", join(' ', @files), "; running every ${every}th: ",
	scalar(@picked), "\n1..", scalar(@picked), "\n";
STDOUT->flush();

sub sh { my ($c) = @_; return system("$c >/dev/null 2>&1") == 0; }

sub write_lines {
	my ($path, @l) = @_;
	open my $o, '>', $path or die "mutants: $path: $!\n";
	print $o @l;
	close $o;
}

# One worker per job, each in its own copy of the tree, taking every jobs-th mutant.
make_path($out);
my @pids;
for my $j (0 .. $jobs - 1) {
	my $pid = fork() // die "mutants: fork: $!\n";
	if ($pid) { push @pids, $pid; next; }
	my $tree = "$out/tree$j";
	Planted::copy_tree($top, $tree);
	my $B = 'build/clang-none-d1';
	my $mk = "cd '$tree' && make -j1 CC=clang SAN=none DEBUG=1 tests $B/pafuzz";
	sh($mk) or die "mutants: the unmutated tree does not build\n";
	open my $res, '>', "$out/results$j.tsv" or die;
	for (my $k = $j; $k < @picked; $k += $jobs) {
		my ($f, $ln, $col, $from, $to) = @{$picked[$k]};
		my $path = "$tree/$f";
		open my $in, '<', $path or die;
		my @l = <$in>;
		close $in;
		my $orig = $l[$ln - 1];
		substr($l[$ln - 1], $col, length $from) = $to;
		write_lines($path, @l);
		my $how;
		if (!sh($mk)) {
			$how = 'build';
		} elsif (!sh("cd '$tree' && timeout 120 prove \$(ls $B/tests/* | grep -v '\\.d\$')")) {
			$how = 'unit';
		} elsif (!sh("cd '$tree' && timeout 120 make --no-print-directory regress CC=clang SAN=none DEBUG=1")) {
			$how = 'regress';
		} else {
			$how = 'SURVIVED';
		}
		$l[$ln - 1] = $orig;
		write_lines($path, @l);
		(my $line = $orig) =~ s/^\s+|\s+$//g;
		print $res join("\t", $k, $how, $f, $ln, $col + 1, $from, $to, $line), "\n";
		$res->flush();
	}
	close $res;
	sh($mk);
	exit 0;
}
waitpid($_, 0) for @pids;

my (@rows, %n);
for my $j (0 .. $jobs - 1) {
	open my $res, '<', "$out/results$j.tsv" or next;
	while (<$res>) { chomp; push @rows, [split /\t/]; }
}
for my $r (sort { $a->[0] <=> $b->[0] } @rows) {
	my ($k, $how, $f, $ln, $col, $from, $to, $line) = @$r;
	$n{$how eq 'SURVIVED' ? 'survived' : $how eq 'build' ? 'build' : 'killed'}++;
	if ($how eq 'build') {
		print "ok ", $k + 1, " - $f:$ln:$col: '$from' -> '$to' does not compile\n";
	} elsif ($how eq 'SURVIVED') {
		print "not ok ", $k + 1, " - $f:$ln:$col: '$from' -> '$to' survives: $line\n";
	} else {
		print "ok ", $k + 1, " - $f:$ln:$col: '$from' -> '$to' caught ($how)\n";
	}
}
printf "# %d killed, %d survived (%.0f%% caught), %d did not compile; survivors are equivalent "
	. "mutants or missing tests\n", $n{killed} // 0, $n{survived} // 0,
	100 * ($n{killed} // 0) / ((($n{killed} // 0) + ($n{survived} // 0)) || 1), $n{build} // 0;
exit 0;
