#!/usr/bin/env perl
# triage.pl - turns a fuzz job's crashes into deduplicated findings.
#
# Every input in the findings and known directories is replayed with pafuzz and
# filed under its signature: one directory per signature holding the first
# reproducer (binary and text), a minimized reproducer, its decision trace and
# info.txt (verdict, signature, count, first and last seen, known or new).
# Signatures matching corpus/known-findings.txt are known; the rest are new.
# Writes report.txt and report.html beside them.  Idempotent: a restarted job
# triages again from scratch and loses nothing (inputs are never moved).
#
# Usage: perl scripts/triage.pl PAFUZZ OUTDIR KNOWN-LIST DIR...
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Jobs;
use File::Path qw(make_path remove_tree);
use POSIX qw(strftime);

my ($pafuzz, $out, $known_list, @dirs) = @ARGV;
die "usage: triage.pl PAFUZZ OUTDIR KNOWN-LIST DIR...\n" unless $pafuzz && $out && @dirs;
my $minimize = ($ENV{TRIAGE_MINIMIZE} // 1) ? 1 : 0;

my @known = $known_list ? map { $_->[0] } Jobs::read_known($known_list) : ();

sub is_known {
	my ($sig) = @_;
	for (@known) { return $_ if Jobs::sig_match($_, $sig); }
	return '';
}

# a file name for a signature: readable prefix and a short hash (signatures are long)
sub slug {
	my ($sig) = @_;
	my $h = 0;
	$h = ($h * 31 + ord($_)) % 4294967291 for split //, $sig;
	(my $s = $sig) =~ s/[^A-Za-z0-9_.-]+/_/g;
	return substr($s, 0, 48) . sprintf('-%08x', $h);
}

*esc = \&Jobs::esc;

# The diff target's findings (an output directory .../diff) are verdict differences:
# classified, traced and minimized with `pafuzz diff` (PAFUZZ_PATCHES as the job had it).
my $diff = $out =~ m{(^|/)diff/?$} ? 1 : 0;
my %patches_of;	# sig -> the patches the difference was found with

sub classify_diff {
	my ($path) = @_;
	my $out = `timeout 120 '$pafuzz' diff '$path' 2>&1`;

	return ('timeout', 'timeout:diff-over-120s') if $? >> 8 == 124;
	return ('model-bug', "model-bug:$1") if $out =~ /^model-bug: (\S+?):? MODEL_BUG_ON/m;
	return ('harness-crash', "ubsan:$1:$2") if $out =~ /^(\S+?):(\d+):\d+: runtime error: /m;
	if ($out =~ /ERROR: (\w+Sanitizer): (\S+)/) {
		my ($san, $kind) = ($1, $2);
		my ($at) = $out =~ m{^\s+#\d+ 0x[0-9a-f]+ in \S+ \S*?((?:core|fuzz|fault)/[\w.]+:\d+)}m;
		return ('harness-crash', lc($san) . ":$kind@" . ($at // '?'));
	}
	my ($sig) = $out =~ /^\Q$path\E: (diff:\S+)/m;
	return ('ok', 'ok') unless $sig;
	my ($p) = $out =~ /^  patches: (\S+)/m;
	$patches_of{$sig} //= $p;
	return ('diff', $sig);
}

# A reproducer replays alone: the patches it was found with go into its text form.
sub add_patch_line {
	my ($pz, $patches) = @_;
	return unless $patches && -s $pz;
	open my $in, '<', $pz or return;
	my @l = <$in>;
	close $in;
	return if grep { /^patch / } @l;
	@l = map { /^pafuzz 1/ ? ($_, "patch $patches\n") : ($_) } @l;
	open my $o, '>', $pz or return;
	print $o @l;
	close $o;
}

my %by;		# sig -> { verdict, files => [[mtime, path]] }
for my $d (@dirs) {
	next unless -d $d;
	opendir my $dh, $d or next;
	for my $f (sort readdir $dh) {
		next if $f =~ /^\./ || !-f "$d/$f" || !-s "$d/$f";
		my $path = "$d/$f";
		my ($verdict, $sig) = $diff ? classify_diff($path) : Jobs::classify($pafuzz, $path);
		next unless defined $verdict;
		next if $verdict eq 'ok';
		$by{$sig}{verdict} = $verdict;
		push @{$by{$sig}{files}}, [(stat $path)[9], $path];
	}
	closedir $dh;
}

make_path($out);
my (@new, @old);
for my $sig (sort keys %by) {
	my $e = $by{$sig};
	my @files = sort { $a->[0] <=> $b->[0] || $a->[1] cmp $b->[1] } @{$e->{files}};
	my $dir = "$out/" . slug($sig);
	make_path($dir);
	my $first = $files[0][1];
	system("cp '$first' '$dir/reproducer.bin'");
	system("'$pafuzz' convert -f '$first' '$dir/reproducer.pz' > /dev/null 2>&1");
	if ($diff) {
		add_patch_line("$dir/reproducer.pz", $patches_of{$sig});
		system("timeout 60 '$pafuzz' diff '$dir/reproducer.pz' --trace 2>&1 | tail -n 4000 > '$dir/trace.txt'");
		system("timeout 30 '$pafuzz' diff -f '$dir/reproducer.pz' --minimize -o '$dir/minimized.pz' > /dev/null 2>&1")
			if $minimize && !-s "$dir/minimized.pz";
	} else {
		system("timeout 60 '$pafuzz' replay '$first' --trace 2>&1 | tail -n 4000 > '$dir/trace.txt'");
		if ($minimize && !-s "$dir/minimized.pz") {
			system("timeout 10 '$pafuzz' minimize -f '$dir/reproducer.pz' -o '$dir/minimized.pz' > /dev/null 2>&1");
		}
	}
	my $known = is_known($sig);
	my %i = (verdict => $e->{verdict}, signature => $sig, count => scalar @files,
		first_seen => strftime('%Y-%m-%d %H:%M:%S', gmtime $files[0][0]),
		last_seen => strftime('%Y-%m-%d %H:%M:%S', gmtime $files[-1][0]),
		known => $known ? "yes ($known)" : 'no (new)', first_input => $first);
	open my $if, '>', "$dir/info.txt" or die "$dir/info.txt: $!\n";
	print $if "$_: $i{$_}\n" for qw(verdict signature known count first_seen last_seen first_input);
	close $if;
	push @{$known ? \@old : \@new}, [$sig, \%i, $dir];
}

# worst first within new and known, then by signature
for my $set (\@new, \@old) {
	@$set = sort { Jobs::finding_cmp($a->[1]{verdict}, $a->[0], $b->[1]{verdict}, $b->[0]) } @$set;
}

open my $rt, '>', "$out/report.txt" or die;
print $rt "pafuzz triage: " . scalar(@new) . " new and " . scalar(@old) . " known signature(s)\n";
for my $set (['new', \@new], ['known', \@old]) {
	print $rt "\n$set->[0]:\n";
	for my $f (@{$set->[1]}) {
		printf $rt "  %-13s %s\n    %d input(s), first %s, last %s\n    %s/minimized.pz\n",
			$f->[1]{verdict}, $f->[0], $f->[1]{count}, $f->[1]{first_seen},
			$f->[1]{last_seen}, $f->[2];
	}
}
close $rt;

open my $rh, '>', "$out/report.html" or die;
print $rh "<!doctype html><html><head><meta charset=\"utf-8\"><title>pafuzz findings</title>"
	. "<style>body{font-family:sans-serif}td,th{padding:2px 8px;text-align:left}"
	. ".new{color:#b00}</style></head><body>\n<h1>pafuzz findings</h1>\n"
	. "<p>" . scalar(@new) . " new, " . scalar(@old) . " known</p>\n";
for my $set (['new', \@new], ['known', \@old]) {
	print $rh "<h2>$set->[0]</h2>\n<table><tr><th>verdict</th><th>signature</th><th>count</th>"
		. "<th>first seen</th><th>last seen</th><th>reproducers</th></tr>\n";
	for my $f (@{$set->[1]}) {
		(my $rel = $f->[2]) =~ s{^\Q$out\E/}{};
		printf $rh "<tr class=\"%s\"><td>%s</td><td><code>%s</code></td><td>%d</td><td>%s</td>"
			. "<td>%s</td><td><a href=\"%s/reproducer.pz\">text</a> <a href=\"%s/minimized.pz\">"
			. "minimized</a> <a href=\"%s/trace.txt\">trace</a> <a href=\"%s/info.txt\">info</a>"
			. "</td></tr>\n", $set->[0], esc($f->[1]{verdict}), esc($f->[0]), $f->[1]{count},
			$f->[1]{first_seen}, $f->[1]{last_seen}, $rel, $rel, $rel, $rel;
	}
	print $rh "</table>\n";
}
print $rh "</body></html>\n";
close $rh;
print "triage: " . scalar(@new) . " new and " . scalar(@old) . " known signature(s); "
	. "$out/report.txt, $out/report.html\n";
for my $f (@new) { printf "  new   %-13s %s\n        %s/minimized.pz\n", $f->[1]{verdict}, $f->[0], $f->[2]; }
for my $f (@old) { printf "  known %-13s %s\n", $f->[1]{verdict}, $f->[0]; }
