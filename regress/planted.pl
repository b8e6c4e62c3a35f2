#!/usr/bin/env perl
# planted.pl - builds one variant of pafuzz per planted bug (regress/planted/*.mut: a
# one-line mutation of core/) and checks that the test suite catches each one.
# A variant is caught when its `make check-one` fails (a unit test, a scenario, or
# a regression case turns red).  Prints TAP: one line per planted bug.
# Usage: perl regress/planted.pl [name-filter]
use strict;
use warnings;
use File::Path qw(make_path remove_tree);
use File::Copy qw(copy);
use Cwd qw(getcwd);

my $top = getcwd();
my $filter = shift // '';
my @muts = sort grep { /\Q$filter\E/ } glob("regress/planted/*.mut");
die "planted: no mutations found\n" unless @muts;
print "1..", scalar(@muts), "\n";
my ($n, $failed) = (0, 0);

sub parse {
	my ($f) = @_;
	my %m = (nth => 1);
	open my $fh, '<', $f or die "$f: $!\n";
	while (<$fh>) {
		chomp;
		next if /^#/ || !/\S/;
		/^(file|find|replace|expect|nth): ?(.*)$/ or die "$f:$.: expected file:, find:, replace:, nth: or expect:\n";
		$m{$1} = $2;
	}
	for (qw(file find replace)) { die "$f: missing '$_:'\n" unless defined $m{$_}; }
	return \%m;
}

for my $f (@muts) {
	$n++;
	(my $name = $f) =~ s{.*/(.*)\.mut$}{$1};
	my $m = parse($f);
	my $dir = "$top/build/planted/$name";
	remove_tree($dir);
	make_path($dir);
	# a copy of the tree without build outputs
	system("cd '$top' && git ls-files -z | xargs -0 -I{} cp --parents {} '$dir'") == 0
		or die "planted: cannot copy the tree\n";
	system("cp -r '$top/regress/planted' '$dir/regress/' 2>/dev/null");
	my $path = "$dir/$m->{file}";
	open my $in, '<', $path or die "$path: $!\n";
	local $/;
	my $src = <$in>;
	close $in;
	my $count = () = $src =~ /\Q$m->{find}\E/g;
	if ($count < $m->{nth}) {
		print "not ok $n - $name: the line to mutate is gone from $m->{file} (found $count)\n";
		$failed++;
		next;
	}
	my $seen = 0;
	$src =~ s/\Q$m->{find}\E/++$seen == $m->{nth} ? $m->{replace} : $m->{find}/ge;
	open my $out, '>', $path or die "$path: $!\n";
	print $out $src;
	close $out;
	my $log = "$dir/check.log";
	my $rc = system("cd '$dir' && make check-one CC=clang SAN=asan+ubsan > '$log' 2>&1");
	if ($rc != 0) {
		my $why = `grep -m1 -E '^not ok|Failed [0-9]|ERROR|SUMMARY' '$log'` // '';
		$why =~ s/\s+/ /g;
		$why =~ s/ $//;
		print "ok $n - $name: caught ($why)\n";
	} else {
		print "not ok $n - $name: the suite stays green with this bug (expected: $m->{expect})\n";
		$failed++;
	}
}
exit($failed ? 1 : 0);
