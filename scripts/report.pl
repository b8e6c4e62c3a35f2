#!/usr/bin/env perl
# report.pl - the report of a fuzz job, as an HTML page with SVG plots.
#
#   perl scripts/report.pl PAFUZZ FZ TARGET sample
#       appends one row to FZ/history/TARGET.tsv: the time, the size of the working
#       corpus (libFuzzer's and AFL++'s) and the seed steps it reaches together
#       (`pafuzz run --steps` over every input).  `make fuzz` samples at its start,
#       every REPORT_EVERY seconds while it runs and at its end, across restarts.
#   perl scripts/report.pl PAFUZZ FZ TARGET html
#       writes FZ/report/TARGET/index.html: exec/s over time (libFuzzer's log, every
#       AFL++ instance's plot_data), coverage over time (edges, and the seed's steps
#       from the history), the findings triage filed (new first, with links to their
#       reproducers), and for each finding an SVG of its replay: free pages of every
#       zone against its min/low/high watermarks, event by event, with direct reclaim,
#       compaction, kswapd wake-ups, OOM kills and allocation failures marked.
#
# Clocks here only label the report; nothing the model decides reads them.
use strict;
use warnings;
use File::Path qw(make_path);
use FindBin;
use lib "$FindBin::Bin/lib";
use Jobs;
use POSIX qw(strftime);

my ($pafuzz, $fz, $target, $mode) = @ARGV;
die "usage: report.pl PAFUZZ FZ TARGET sample|html\n"
	unless $pafuzz && $fz && $target && $mode && $mode =~ /^(sample|html)$/;

*esc = \&Jobs::esc;

sub corpus_files {
	my @f = grep { -f && -s } glob("$fz/work/$target/* $fz/work/$target-afl/*");
	push @f, grep { -f && -s } glob("$fz/afl-out/*/queue/id*");
	return @f;
}

# ---- sample ------------------------------------------------------------------------

if ($mode eq 'sample') {
	my @files = corpus_files();
	my $n = @files;
	my %steps;
	# each input's steps are kept in FZ/history/TARGET.steps (inputs are named by
	# their content or their queue id, so a name keeps its steps): a sample replays
	# only the inputs that are new since the last one, and can run every few seconds
	my %cache;
	make_path("$fz/history");
	my $cf = "$fz/history/$target.steps";
	if (open my $ch, '<', $cf) {
		while (<$ch>) { chomp; my ($f, $st) = split /\t/; $cache{$f} = $st // '' if defined $f; }
		close $ch;
	}
	my @todo = grep { !exists $cache{$_} } @files;
	while (my @chunk = splice(@todo, 0, 200)) {
		my $args = join ' ', map { "'$_'" } @chunk;
		for (`'$pafuzz' run --steps $args 2>/dev/null`) {
			$cache{$1} = $2 if /^(.*?): .* steps=(\S+)$/;
		}
		# an input that gave no verdict line (bad input) reaches nothing
		exists $cache{$_} or $cache{$_} = '' for @chunk;
	}
	for my $f (@files) { $steps{$_} = 1 for split /,/, $cache{$f} // ''; }
	delete @steps{qw(op yield kswapd)};	# not steps of the seed
	if (open my $ch, '>', "$cf.tmp") {
		print $ch "$_\t$cache{$_}\n" for grep { exists $cache{$_} } @files;
		close $ch and rename "$cf.tmp", $cf;
	}
	my $tmp = "$fz/history/$target.tsv.tmp";
	# append by rewrite and rename: a kill never leaves half a row
	my $old = -f "$fz/history/$target.tsv" ? do { local (@ARGV, $/) = "$fz/history/$target.tsv"; <> } : '';
	open my $h, '>', $tmp or die "$tmp: $!\n";
	print $h $old, join("\t", time, $n, scalar(keys %steps), join(',', sort keys %steps)), "\n";
	close $h or die "$tmp: $!\n";
	rename $tmp, "$fz/history/$target.tsv" or die "$fz/history/$target.tsv: $!\n";
	print "report: sampled $n corpus input(s), " . scalar(keys %steps) . " seed steps reached\n";
	exit 0;
}

# ---- SVG ---------------------------------------------------------------------------

# Series colors: solid, crisp lines so that a screenshot shows them pixel-exact.
my @palette = ('#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b');
my %mark_color = (reclaim => '#17becf', compaction => '#bcbd22', oom => '#e6007e',
	kswapd => '#7f7f7f', fail => '#000000');

sub nice_max { my ($v) = @_; return 1 if $v <= 0; my $p = 10 ** int(log($v) / log(10)); for my $m (1, 2, 5, 10) { return $m * $p if $m * $p >= $v; } return 10 * $p; }

# svg(title, xlabel, ylabel, series => [{name, color, dash, pts => [[x, y], ...]}],
#     marks => [[x, class], ...], hlines => [{y, color, dash, name}])
sub svg {
	my (%o) = @_;
	my ($w, $h, $l, $r, $t, $b) = (760, 300, 64, 180, 28, 40);
	my ($xmax, $ymax) = (0, 0);
	for my $s (@{$o{series}}) { for (@{$s->{pts}}) { $xmax = $_->[0] if $_->[0] > $xmax; $ymax = $_->[1] if $_->[1] > $ymax; } }
	for (@{$o{hlines} // []}) { $ymax = $_->{y} if $_->{y} > $ymax; }
	$xmax = nice_max($xmax);
	$ymax = nice_max($ymax * 1.05);
	my $pw = $w - $l - $r;
	my $ph = $h - $t - $b;
	my $X = sub { sprintf('%.1f', $l + $_[0] / $xmax * $pw) };
	my $Y = sub { sprintf('%.1f', $t + $ph - $_[0] / $ymax * $ph) };
	my $svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"$w\" height=\"$h\" "
		. "viewBox=\"0 0 $w $h\" font-family=\"sans-serif\" font-size=\"11\">\n"
		. "<rect width=\"$w\" height=\"$h\" fill=\"#ffffff\"/>\n"
		. "<text x=\"$l\" y=\"16\" font-size=\"13\" font-weight=\"bold\">" . esc($o{title}) . "</text>\n";
	for my $i (0 .. 4) {
		my ($xv, $yv) = ($xmax * $i / 4, $ymax * $i / 4);
		$svg .= "<line x1=\"$l\" x2=\"" . ($l + $pw) . "\" y1=\"" . $Y->($yv) . "\" y2=\"" . $Y->($yv)
			. "\" stroke=\"#e8e8e8\"/>\n"
			. "<text x=\"" . ($l - 4) . "\" y=\"" . ($Y->($yv) + 4) . "\" text-anchor=\"end\">"
			. (0 + sprintf('%.4g', $yv)) . "</text>\n"
			. "<text x=\"" . $X->($xv) . "\" y=\"" . ($t + $ph + 14) . "\" text-anchor=\"middle\">"
			. (0 + sprintf('%.4g', $xv)) . "</text>\n";
	}
	$svg .= "<rect x=\"$l\" y=\"$t\" width=\"$pw\" height=\"$ph\" fill=\"none\" stroke=\"#888\"/>\n"
		. "<text x=\"" . ($l + $pw / 2) . "\" y=\"" . ($h - 6) . "\" text-anchor=\"middle\">" . esc($o{xlabel}) . "</text>\n"
		. "<text x=\"14\" y=\"" . ($t + $ph / 2) . "\" transform=\"rotate(-90 14 " . ($t + $ph / 2)
		. ")\" text-anchor=\"middle\">" . esc($o{ylabel}) . "</text>\n";
	for my $m (@{$o{marks} // []}) {
		my $c = $mark_color{$m->[1]} // '#444444';
		$svg .= "<line x1=\"" . $X->($m->[0]) . "\" x2=\"" . $X->($m->[0]) . "\" y1=\"$t\" y2=\""
			. ($t + 10) . "\" stroke=\"$c\" stroke-width=\"2\" shape-rendering=\"crispEdges\"/>\n";
	}
	for my $hl (@{$o{hlines} // []}) {
		$svg .= "<line x1=\"$l\" x2=\"" . ($l + $pw) . "\" y1=\"" . $Y->($hl->{y}) . "\" y2=\"" . $Y->($hl->{y})
			. "\" stroke=\"$hl->{color}\" stroke-width=\"1\" stroke-dasharray=\"$hl->{dash}\"/>\n";
	}
	my $ly = $t + 4;
	for my $s (@{$o{series}}) {
		next unless @{$s->{pts}};
		my $d = join ' ', map { $X->($_->[0]) . ',' . $Y->($_->[1]) } @{$s->{pts}};
		$svg .= "<polyline fill=\"none\" stroke=\"$s->{color}\" stroke-width=\"2\" "
			. "shape-rendering=\"crispEdges\" points=\"$d\"/>\n";
		if (@{$s->{pts}} <= 40) {	# few samples: show each
			$svg .= "<circle cx=\"" . $X->($_->[0]) . "\" cy=\"" . $Y->($_->[1]) . "\" r=\"3\" "
				. "fill=\"$s->{color}\"/>\n" for @{$s->{pts}};
		}
	}
	for my $s (@{$o{series}}, @{$o{hlines} // []}, map { { name => "$_ (mark)", color => $mark_color{$_} } }
		   grep { my $c = $_; grep { $_->[1] eq $c } @{$o{marks} // []} } sort keys %mark_color) {
		next unless defined $s->{name};
		$svg .= "<line x1=\"" . ($l + $pw + 10) . "\" x2=\"" . ($l + $pw + 28) . "\" y1=\"$ly\" y2=\"$ly\" "
			. "stroke=\"$s->{color}\" stroke-width=\"2\"" . ($s->{dash} ? " stroke-dasharray=\"$s->{dash}\"" : '')
			. "/>\n<text x=\"" . ($l + $pw + 32) . "\" y=\"" . ($ly + 4) . "\">" . esc($s->{name}) . "</text>\n";
		$ly += 15;
	}
	return $svg . "</svg>\n";
}

# ---- the job's data ----------------------------------------------------------------

# libFuzzer: the job's progress rows (job.pl: time, elapsed, then per engine its name,
# executions, exec/s, corpus, coverage), or, from a job that left none, the status
# lines of a -fork run: "#N: cov: C ft: F corp: K exec/s E ... time: Ts"
my (@lf_execs, @lf_cov);
if (open my $pg, '<', "$fz/progress/$target.tsv") {
	my $t0;
	while (<$pg>) {
		chomp;
		my ($tm, undef, @eng) = split /\t/;
		while (my ($name, undef, $rate, undef, $cov) = splice(@eng, 0, 5)) {
			next unless $name eq 'libfuzzer' && defined $cov;
			$t0 //= $tm;
			push @lf_execs, [($tm - $t0) / 60, $rate];
			push @lf_cov, [($tm - $t0) / 60, $cov];
		}
	}
	close $pg;
}
if (!@lf_execs && open my $lf, '<', "$fz/$target.log") {
	my ($pn, $pt);
	while (<$lf>) {
		if (/^#(\d+): cov: (\d+) .* time: (\d+)s/) {
			my ($n, $c, $t) = ($1, $2, $3);
			push @lf_cov, [$t / 60, $c];
			push @lf_execs, [$t / 60, ($n - $pn) / ($t - $pt)] if defined $pt && $t > $pt;
			($pn, $pt) = ($n, $t);
		}
	}
	close $lf;
}
# AFL++: plot_data per instance; columns named by its header
my (@afl_execs, @afl_cov);
for my $pd (sort glob("$fz/afl-out/*/plot_data")) {
	my ($inst) = $pd =~ m{afl-out/([^/]+)/plot_data};
	open my $ph, '<', $pd or next;
	my %col;
	my (@e, @c);
	while (<$ph>) {
		chomp;
		if (s/^#\s*//) {
			my @n = split /,\s*/;
			%col = map { $n[$_] => $_ } 0 .. $#n;
			next;
		}
		my @v = split /,\s*/;
		next unless %col && defined $col{relative_time} && defined $col{execs_per_sec};
		my $tm = $v[$col{relative_time}] / 60;
		push @e, [$tm, $v[$col{execs_per_sec}]];
		push @c, [$tm, $v[$col{edges_found}]] if defined $col{edges_found};
	}
	close $ph;
	push @afl_execs, [$inst, \@e];
	push @afl_cov, [$inst, \@c];
}
# the seed's steps from the history samples (minutes since the first)
my (@steps, $last_steps);
if (open my $hh, '<', "$fz/history/$target.tsv") {
	my $t0;
	while (<$hh>) {
		chomp;
		my ($t, $n, $k, $list) = split /\t/;
		next unless defined $k;
		$t0 //= $t;
		push @steps, [($t - $t0) / 60, $k];
		$last_steps = $list;
	}
	close $hh;
}

# ---- findings ----------------------------------------------------------------------

sub zones_svg {
	my ($file, $title) = @_;
	my @rows = `'$pafuzz' replay '$file' --zones 2>/dev/null`;
	my (@zones, @names, @pts, @marks);
	for (@rows) {
		chomp;
		if (/^# zone (\S+) managed=\d+ min=(\d+) low=(\d+) high=(\d+)/) {
			push @zones, [$1, $2, $3, $4];
		} elsif (/^event\t/) {
			@names = (split /\t/)[4 .. 99];
		} elsif (/^(\d+)\t\d+\t\S+\t(\S+)\t(.*)$/) {
			my ($i, $class, @free) = ($1, $2, split /\t/, $3);
			push @pts, [$i, @free];
			push @marks, [$i, $class] if $class ne '-';
		}
	}
	return '' unless @pts && @zones;
	# at most ~1500 points per line: every k-th event, and every marked one
	my $k = int(@pts / 1500) + 1;
	my %keep = map { $_->[0] => 1 } @marks;
	my @p = grep { $_->[0] % $k == 0 || $keep{$_->[0]} || $_ == $pts[-1] } @pts;
	my (@series, @hl);
	for my $z (0 .. $#zones) {
		my $c = $palette[$z % @palette];
		push @series, { name => "$zones[$z][0] free", color => $c, pts => [map { [$_->[0], $_->[$z + 1]] } @p] };
		push @hl, { y => $zones[$z][1], color => $c, dash => '2,2', name => "min $zones[$z][1]" },
			{ y => $zones[$z][2], color => $c, dash => '6,3', name => "low $zones[$z][2]" },
			{ y => $zones[$z][3], color => $c, dash => '10,2,2,2', name => "high $zones[$z][3]" };
	}
	# one mark per class per ~200 events is enough to see where they happen
	my (%seen, @m);
	for (@marks) { my $b = int($_->[0] / ($k * 4)); push @m, $_ unless $seen{"$_->[1]/$b"}++; }
	return svg(title => $title, xlabel => 'event', ylabel => 'free pages', series => \@series,
		   hlines => \@hl, marks => \@m);
}

my $tri = "$fz/triage/$target";
my $out = "$fz/report/$target";
make_path($out);
my @findings;
for my $info (sort glob("$tri/*/info.txt")) {
	open my $ih, '<', $info or next;
	my %i = map { chomp; /^(\w+): (.*)$/ ? ($1 => $2) : () } <$ih>;
	close $ih;
	(my $dir = $info) =~ s{/info\.txt$}{};
	(my $slug = $dir) =~ s{.*/}{};
	my $repro = -s "$dir/minimized.pz" ? "$dir/minimized.pz" : "$dir/reproducer.pz";
	my $svg = zones_svg($repro, "$i{verdict}: replay of " . ($repro =~ /minimized/ ? 'the minimized' : 'the first') . ' reproducer');
	if ($svg) {
		open my $sf, '>', "$out/$slug.svg" or die "$out/$slug.svg: $!\n";
		print $sf $svg;
		close $sf;
	}
	push @findings, { %i, dir => $dir, slug => $slug, svg => $svg ? "$slug.svg" : '' };
}
@findings = sort { (($a->{known} // '') =~ /^yes/ <=> ($b->{known} // '') =~ /^yes/) ||
		   Jobs::finding_cmp($a->{verdict}, $a->{signature}, $b->{verdict}, $b->{signature}) }
	@findings;

my @exec_series = (@lf_execs ? { name => 'libFuzzer', color => $palette[0], pts => \@lf_execs } : ());
my @cov_series = (@lf_cov ? { name => 'libFuzzer edges', color => $palette[0], pts => \@lf_cov } : ());
my $ci = 1;
for (@afl_execs) { push @exec_series, { name => "AFL++ $_->[0]", color => $palette[$ci++ % @palette], pts => $_->[1] }; }
$ci = 1;
for (@afl_cov) { push @cov_series, { name => "AFL++ $_->[0] edges", color => $palette[$ci++ % @palette], pts => $_->[1] } if @{$_->[1]}; }

my $new = grep { ($_->{known} // '') !~ /^yes/ } @findings;
open my $html, '>', "$out/index.html.tmp" or die "$out/index.html: $!\n";
print $html "<!doctype html><html><head><meta charset=\"utf-8\"><title>pafuzz report: $target</title>"
	. "<style>body{font-family:sans-serif;margin:16px}td,th{padding:2px 8px;text-align:left;vertical-align:top}"
	. ".new{color:#b00}code{font-size:12px}</style></head><body>\n"
	. "<h1>pafuzz report: " . esc($target) . "</h1>\n<p>" . strftime('%Y-%m-%d %H:%M:%S UTC', gmtime)
	. " &middot; work directory <code>" . esc($fz) . "</code> &middot; $new new and "
	. (@findings - $new) . " known finding(s)</p>\n<h2>Throughput</h2>\n"
	. (@exec_series ? svg(title => 'exec/s over time', xlabel => 'minutes into the job', ylabel => 'exec/s',
			       series => \@exec_series) : "<p>No engine statistics yet.</p>\n")
	. "<h2>Coverage</h2>\n"
	. (@cov_series ? svg(title => 'edges over time', xlabel => 'minutes into the job', ylabel => 'edges',
			      series => \@cov_series) : '')
	. (@steps ? svg(title => "the seed's steps the corpus reaches", xlabel => 'minutes since the first sample',
			 ylabel => 'steps', series => [{ name => 'seed steps', color => $palette[2], pts => \@steps }])
		  . "<p style=\"word-break:break-all\">Reached now: <code>" . esc(join(', ', split(/,/, $last_steps // ''))) . "</code></p>\n"
		  : "<p>No history samples (run <code>make fuzz</code>).</p>\n")
	. "<h2>Findings</h2>\n";
for my $f (@findings) {
	my $rel = "../../triage/$target/$f->{slug}";
	my $isnew = ($f->{known} // '') !~ /^yes/;
	print $html "<h3 class=\"" . ($isnew ? 'new' : 'known') . "\">" . ($isnew ? 'new' : 'known') . ": "
		. esc($f->{verdict} // '?') . "</h3>\n<p><code>" . esc($f->{signature} // '') . "</code><br>"
		. esc($f->{count} // 0) . " input(s), first seen " . esc($f->{first_seen} // '?') . ", last seen "
		. esc($f->{last_seen} // '?') . " &middot; <a href=\"$rel/reproducer.pz\">reproducer</a> "
		. "<a href=\"$rel/minimized.pz\">minimized</a> <a href=\"$rel/trace.txt\">trace</a> "
		. "<a href=\"$rel/reproducer.bin\">binary</a></p>\n"
		. ($f->{svg} ? "<img src=\"$f->{svg}\" alt=\"free pages against the watermarks\">\n" : '');
}
print $html "<p>Replay any of them: <code>" . esc($pafuzz) . " replay FILE --trace</code></p>\n</body></html>\n";
close $html;
rename "$out/index.html.tmp", "$out/index.html" or die "$out/index.html: $!\n";
print "report: $out/index.html (" . scalar(@findings) . " finding(s), " . scalar(@steps) . " history sample(s))\n";
