#!/usr/bin/env perl
# merge.pl - `make bench`'s one table: the rows and JSON lines that bench_core printed
# for each build (DEBUG=0 plain, then the fuzzing build's ASan+UBSan) become
# DIR/table.txt and one JSON object in DIR/bench.json.
# Usage: perl scripts/merge.pl DIR OUTPUT...
use strict;
use warnings;

my ($dir, @outs) = @ARGV;
die "usage: merge.pl DIR OUTPUT...\n" unless $dir && @outs;
my (@rows, @head, %json, @keys);
for my $f (@outs) {
	open my $fh, '<', $f or die "merge.pl: $f: $!\n";
	while (my $l = <$fh>) {
		chomp $l;
		if ($l =~ /^\{(.*)\}$/) {
			for my $kv (split /,(?=")/, $1) {
				my ($k, $v) = $kv =~ /^"([^"]+)":(.*)$/ or die "merge.pl: $f: bad JSON field '$kv'\n";
				push @keys, $k unless exists $json{$k};
				$json{$k} = $v;
			}
		} elsif ($l =~ /^(pafuzz bench|machine:|the fuzzing build's compiler)/) {
			push @head, $l unless grep { $_ eq $l } @head;
		} elsif ($l =~ /\S/) {
			push @rows, $l;
		}
	}
	close $fh;
}
die "merge.pl: no figures in @outs\n" unless @rows && %json;
my $miss = grep { / MISS$/ } @rows;
my $pass = grep { / PASS$/ } @rows;
open my $tf, '>', "$dir/table.txt" or die "merge.pl: $dir/table.txt: $!\n";
print $tf "$_\n" for @head, '', @rows, '', "budgets: $pass met, $miss missed";
close $tf;
open my $jf, '>', "$dir/bench.json" or die "merge.pl: $dir/bench.json: $!\n";
print $jf '{', join(',', map { "\"$_\":$json{$_}" } @keys), "}\n";
close $jf;
print "\nbudgets: $pass met, $miss missed\nbench: $dir/table.txt, $dir/bench.json\n";
