# Jobs.pm - what the fuzz-job scripts share: TAP output for the checks
# (restart-check.pl, report-check.pl, test_cli.pl, known-check.pl, doc-links.pl), HTML
# escaping for the reports (triage.pl, report.pl), running a command for its output
# (test_cli.pl, debug3-check.pl), reading one input's replay
# into a verdict and signature (triage.pl, restart-check.pl), and the known
# findings list with its matching (triage.pl, known-check.pl; fuzz/known.c is
# the fuzz targets' copy of sig_match).
package Jobs;
use strict;
use warnings;

my ($n, $failed) = (0, 0);

# One TAP line; done() prints the plan and gives the exit status.
sub check {
	my ($ok, $what) = @_;
	$n++;
	print(($ok ? 'ok' : 'not ok'), " $n - $what\n");
	$failed++ unless $ok;
	return $ok;
}

sub done {
	print "1..$n\n";
	return $failed ? 1 : 0;
}

# The known findings list: [pattern, comment] per line that has a pattern.
sub read_known {
	my ($path) = @_;
	my @known;

	open my $kf, '<', $path or return ();
	while (my $line = <$kf>) {
		chomp $line;
		my ($pat, $why) = split /#/, $line, 2;
		$pat =~ s/^\s+|\s+$//g;
		push @known, [$pat, $why // ''] if length $pat;
	}
	close $kf;
	return @known;
}

# A signature matches a pattern when its '*'-separated pieces occur in it in order and
# the last one ends it (unless the pattern ends with '*': 'x@*' for a prefix).
sub sig_match {
	my ($pat, $sig) = @_;
	my $pos = 0;
	my @pieces = split /\*/, $pat, -1;
	for my $i (0 .. $#pieces) {
		my $piece = $pieces[$i];
		next unless length $piece;
		# the last piece, with no '*' after it, ends the signature (fuzz/known.c alike)
		if ($i == $#pieces) {
			my $at = length($sig) - length($piece);
			return $at >= $pos && substr($sig, $at) eq $piece ? 1 : 0;
		}
		my $at = index($sig, $piece, $pos);
		return 0 if $at < 0;
		$pos = $at + length $piece;
	}
	return 1;
}

# The order findings are listed in, worst first: what breaks pafuzz or the model's
# own bookkeeping, then broken contracts, then loops, then the kernel's warnings.
my @SEVERITY = qw(harness-crash model-bug timeout buddy-corrupt leak gfp-contract livelock
		  retry-storm oom-overkill warning);
sub severity {
	my ($verdict) = @_;
	for my $i (0 .. $#SEVERITY) { return $i if $SEVERITY[$i] eq ($verdict // ''); }
	return scalar @SEVERITY;
}

# How two findings sort (verdict, signature each): worst first, then by signature.
sub finding_cmp {
	my ($va, $sa, $vb, $sb) = @_;
	return severity($va) <=> severity($vb) || $sa cmp $sb;
}

sub esc {
	my ($s) = @_;
	$s =~ s/&/&amp;/g;
	$s =~ s/</&lt;/g;
	$s =~ s/>/&gt;/g;
	$s =~ s/"/&quot;/g;
	return $s;
}

# Replays one input with `pafuzz run` (60 s at most) and returns (verdict, signature):
# the run's own verdict line, or what broke pafuzz itself - 'timeout' (the run did not
# end in time), 'model-bug' (MODEL_BUG_ON), 'harness-crash' (a UBSan or ASan report).
# Returns () when there is no verdict at all (a bad input).
sub classify {
	my ($pafuzz, $path) = @_;
	my $line = `timeout 60 '$pafuzz' run '$path' 2>&1`;

	return ('timeout', 'timeout:run-over-60s') if $? >> 8 == 124;
	return ('model-bug', "model-bug:$1") if $line =~ /^model-bug: (\S+?):? MODEL_BUG_ON/m;
	return ('harness-crash', "ubsan:$1:$2") if $line =~ /^(\S+?):(\d+):\d+: runtime error: /m;
	if ($line =~ /ERROR: (\w+Sanitizer): (\S+)/) {
		my ($san, $kind) = ($1, $2);
		my ($at) = $line =~ m{^\s+#\d+ 0x[0-9a-f]+ in \S+ \S*?((?:core|fuzz|fault)/[\w.]+:\d+)}m;
		return ('harness-crash', lc($san) . ":$kind@" . ($at // '?'));
	}
	return $line =~ /^\Q$path\E: (\S+) (\S+)/ ? ($1, $2) : ();
}

# Runs a command without a shell, environment changes first ({NAME => value}; undef
# removes NAME): (exit status, stdout and stderr together).  127 when it could not run.
sub run_capture {
	my ($env, @cmd) = @_;
	my $pid = open(my $fh, '-|');
	die "Jobs::run_capture: fork: $!\n" unless defined $pid;
	if (!$pid) {
		for (keys %$env) { if (defined $env->{$_}) { $ENV{$_} = $env->{$_} } else { delete $ENV{$_} } }
		open STDERR, '>&', \*STDOUT or die;
		exec(@cmd) or exit 127;
	}
	my $out = do { local $/; <$fh> } // '';
	close $fh;
	return ($? >> 8, $out);
}

# A verdict that is about pafuzz itself, not about the seed.
sub broke_pafuzz {
	my ($verdict) = @_;
	return !defined $verdict || $verdict =~ /^(timeout|model-bug|harness-crash)$/;
}

1;
