#!/usr/bin/env perl
# coverage-table.pl - the table of the seed's steps from `llvm-cov show -show-branches=count`.
# Every line of core/ tagged /* [step:NAME] */ is a step; its hit count is the line's count,
# and a branch on that line is covered when both of its directions were taken.
# Usage: llvm-cov show BIN -instr-profile=P -show-branches=count core/page_alloc.c | coverage-table.pl
# Exit status: 0 when every step was hit and every tagged branch went both ways, else 1.
use strict;
use warnings;

my (@steps, $cur);
while (my $line = <STDIN>) {
	if ($line =~ /^\s*(\d+)\|\s*([\d.]+[kMG]?)?\|.*\[step:([^\]]+)\]/) {
		$cur = { name => $3, line => $1, count => defined $2 ? $2 : 0, branches => [] };
		push @steps, $cur;
		next;
	}
	if ($cur && $line =~ /Branch \((\d+):\d+\): \[True: ([\d.]+[kMG]?), False: ([\d.]+[kMG]?)\]/) {
		push @{$cur->{branches}}, [$2, $3] if $1 == $cur->{line};
		next;
	}
	$cur = undef if $line =~ /^\s*\d+\|/;
}
die "coverage-table: no [step:] lines in the input\n" unless @steps;

sub num { my $v = shift; $v =~ /^([\d.]+)([kMG]?)$/ or return 0;
	  return $1 * ({ '' => 1, k => 1e3, M => 1e6, G => 1e9 }->{$2}); }

my ($missed, $halfway) = (0, 0);
printf "%-28s %6s %10s  %s\n", "seed step", "line", "hits", "branches (true/false)";
for my $s (@steps) {
	my $br = join ' ', map { "$_->[0]/$_->[1]" } @{$s->{branches}};
	my $note = '';
	if (num($s->{count}) == 0) {
		$note = '  MISSED';
		$missed++;
	} elsif (grep { num($_->[0]) == 0 || num($_->[1]) == 0 } @{$s->{branches}}) {
		$note = '  ONE-WAY';
		$halfway++;
	}
	printf "%-28s %6d %10s  %s%s\n", $s->{name}, $s->{line}, $s->{count}, $br || '-', $note;
}
printf "\n%d steps: %d missed, %d branches taken one way only\n", scalar @steps, $missed, $halfway;
exit(($missed || $halfway) ? 1 : 0);
