#!/usr/bin/env perl
# report-check.pl - the job report renders: headless Chromium opens the page and the
# plots are in the screenshot.
#
# Runs a short fuzz job with both engines (FZ=build/report-check), builds its report,
# has Chromium screenshot the page and every finding's SVG, decodes the PNGs and counts
# the pixels of the series colors scripts/report.pl draws with (crisp, so exact).  Prints
# TAP.  Usage: perl scripts/report-check.pl PAFUZZ [SECONDS]
use strict;
use warnings;
use Compress::Zlib qw(uncompress);
use FindBin;
use lib "$FindBin::Bin/lib";
use Jobs;

my $pafuzz = shift or die "usage: report-check.pl PAFUZZ [SECONDS]\n";
my $secs = shift // 20;
my $fz = 'build/report-check';
*check = \&Jobs::check;

# RGB(A) 8-bit non-interlaced PNG -> { w, h, px => string of RGB triples }
sub png_rgb {
	my ($file) = @_;
	open my $f, '<:raw', $file or return;
	local $/;
	my $d = <$f>;
	close $f;
	return unless substr($d, 0, 8) eq "\x89PNG\r\n\x1a\n";
	my ($pos, $idat, $w, $h, $depth, $ctype, $interlace) = (8, '');
	while ($pos + 8 <= length $d) {
		my ($len, $type) = unpack('N a4', substr($d, $pos, 8));
		my $body = substr($d, $pos + 8, $len);
		if ($type eq 'IHDR') { ($w, $h, $depth, $ctype, undef, undef, $interlace) = unpack('N N C C C C C', $body); }
		$idat .= $body if $type eq 'IDAT';
		$pos += 12 + $len;
	}
	return unless $w && $depth == 8 && ($ctype == 2 || $ctype == 6) && !$interlace;
	my $bpp = $ctype == 6 ? 4 : 3;
	my $raw = uncompress($idat) // return;
	my $stride = $w * $bpp;
	my ($prev, $px) = ("\0" x $stride, '');
	for my $y (0 .. $h - 1) {
		my $ft = ord(substr($raw, $y * ($stride + 1), 1));
		my @c = unpack('C*', substr($raw, $y * ($stride + 1) + 1, $stride));
		my @p = unpack('C*', $prev);
		for my $i (0 .. $#c) {
			my $a = $i >= $bpp ? $c[$i - $bpp] : 0;
			my $b = $p[$i];
			my $cc = $i >= $bpp ? $p[$i - $bpp] : 0;
			if ($ft == 1) { $c[$i] = ($c[$i] + $a) & 255; }
			elsif ($ft == 2) { $c[$i] = ($c[$i] + $b) & 255; }
			elsif ($ft == 3) { $c[$i] = ($c[$i] + (($a + $b) >> 1)) & 255; }
			elsif ($ft == 4) {
				my $pp = $a + $b - $cc;
				my ($pa, $pb, $pc) = (abs($pp - $a), abs($pp - $b), abs($pp - $cc));
				$c[$i] = ($c[$i] + ($pa <= $pb && $pa <= $pc ? $a : $pb <= $pc ? $b : $cc)) & 255;
			}
		}
		$prev = pack('C*', @c);
		if ($bpp == 4) { $px .= pack('C*', @c[grep { $_ % 4 != 3 } 0 .. $#c]); } else { $px .= $prev; }
	}
	return { w => $w, h => $h, px => $px };
}

sub count_color {
	my ($img, $hex) = @_;
	my $needle = pack('C3', map { hex } $hex =~ /^#(..)(..)(..)$/);
	my ($cnt, $pos) = (0, 0);
	while (($pos = index($img->{px}, $needle, $pos)) >= 0) {
		$cnt++ if $pos % 3 == 0;
		$pos++;
	}
	return $cnt;
}

sub shot {
	my ($url, $png, $size) = @_;
	unlink $png;
	system("timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars "
	       . "--window-size=$size --screenshot='$png' '$url' > /dev/null 2>&1");
	return -s $png ? png_rgb($png) : undef;
}

system("rm -rf '$fz'");
my $rc = system("make --no-print-directory fuzz FZ=$fz ENGINE=both DURATION=$secs > $fz.log 2>&1");
check($rc == 0, "a ${secs}s job with both engines ran (log: $fz.log)");
my $page = "$fz/report/slowpath/index.html";
check(-s $page, "make fuzz wrote the report $page");
my $img = shot("file://" . `pwd` =~ s/\n//r . "/$page", "$fz/report.png", '1000,1600');
check($img && $img->{w} == 1000, "headless Chromium rendered it ($fz/report.png)");
if ($img) {
	my $lf = count_color($img, '#1f77b4');	# libFuzzer series, first zone series
	my $afl = count_color($img, '#d62728');	# AFL++ main series, second zone series
	check($lf > 150, "the screenshot shows the libFuzzer exec/s and edges lines ($lf pixels)");
	check($afl > 150, "the screenshot shows the AFL++ lines ($afl pixels)");
}
my @svgs = glob("$fz/report/slowpath/*.svg");
check(@svgs > 0, "the report has a replay plot per finding (" . scalar(@svgs) . ")");
my $bad = 0;
for my $s (@svgs[0 .. ($#svgs < 4 ? $#svgs : 4)]) {
	my $si = shot("file://" . `pwd` =~ s/\n//r . "/$s", "$fz/svg.png", '800,320');
	$bad++ unless $si && count_color($si, '#1f77b4') > 100;
}
check(@svgs && !$bad, "each finding's plot renders with its free-pages line (checked "
	. (@svgs < 5 ? scalar(@svgs) : 5) . ")");
exit(Jobs::done());
