#!/usr/bin/env perl
# doc-links.pl - every relative link in the Markdown pages points to a file that
# exists, and every #anchor to a heading of that page (GitHub's slugs: lower case,
# punctuation dropped, spaces to hyphens, -1, -2 ... for repeats).  Links to other
# hosts are not followed.  Text inside ``` blocks and `code spans` is not read.
# Prints TAP, one line per page.
# Usage: perl scripts/doc-links.pl [PAGE.md...]   (default: README.md, docs/*.md and
#        every folder's README.md)
use strict;
use warnings;
use File::Basename qw(dirname);
use File::Spec;
use FindBin;
use lib "$FindBin::Bin/lib";
use Jobs;

my @pages = @ARGV ? @ARGV : ('README.md', sort(glob('docs/*.md')), sort(glob('*/README.md')), sort(glob('*/*/README.md')));
my %anchors;

sub slurp_lines {
	my ($f) = @_;
	open my $fh, '<', $f or return;
	my @l = <$fh>;
	close $fh;
	return @l;
}

# the anchors a page's headings get
sub anchors {
	my ($f) = @_;
	return $anchors{$f} if $anchors{$f};
	my (%a, %seen, $fence);
	for (slurp_lines($f)) {
		if (/^\s*```/) { $fence = !$fence; next; }
		next if $fence || !/^#{1,6}\s+(.*?)\s*$/;
		my $s = lc $1;
		$s =~ s/[^\w\- ]//g;
		$s =~ tr/ /-/;
		my $n = $seen{$s}++;
		$a{$n ? "$s-$n" : $s} = 1;
	}
	return $anchors{$f} = \%a;
}

for my $page (@pages) {
	my (@bad, $fence, $links);
	my $ln = 0;
	for (slurp_lines($page)) {
		$ln++;
		if (/^\s*```/) { $fence = !$fence; next; }
		next if $fence;
		(my $text = $_) =~ s/`[^`]*`//g;
		while ($text =~ /\]\(([^)\s]+)\)/g) {
			my $l = $1;
			next if $l =~ m{^[a-z]+:}i;
			$links++;
			my ($path, $frag) = $l =~ /^([^#]*)(?:#(.*))?$/;
			my $target = $path eq '' ? $page : File::Spec->catfile(dirname($page), $path);
			if (!-e $target) { push @bad, "$page:$ln: $l: no such file"; next; }
			next unless defined $frag;
			if (-d $target || $target !~ /\.md$/) { push @bad, "$page:$ln: $l: an anchor in a non-page"; next; }
			push @bad, "$page:$ln: $l: no heading makes #$frag in $target" unless anchors($target)->{$frag};
		}
	}
	if (!-f $page) { push @bad, "$page: no such page"; }
	Jobs::check(!@bad, "$page: " . ($links // 0) . " relative link(s) resolve");
	print "# $_\n" for @bad;
}
exit(Jobs::done());
