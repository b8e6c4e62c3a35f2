#!/usr/bin/env perl
# fuzzops.pl - `make bench-fuzz`: what the continuous-fuzzing issue budgets, measured.
#
#  1. Scaling: AFL++ (plain persistent build of TARGET) with one instance for SECONDS,
#     then a main and a secondary for SECONDS; total exec/s read from fuzzer_stats.
#     Budget: at least 1.8x from 1 to 2 instances on a 2-core machine.
#  2. Triage of one crash: for each finding shipped in corpus/findings/, the time of
#     `pafuzz run` (replay and signature) and of `pafuzz minimize`.  Budget: under 10 s.
#  3. Stability (AFL++'s share of edges that come out the same when an input runs again
#     in the same persistent process): of one-instance runs of STAB-SECONDS from the
#     seeds and from the evolved corpus (EVOLVED, the bench's; skipped when it was not
#     grown).  Budget: at least 99.5% each.
#
# Prints a table and one JSON line.
# Usage: perl scripts/fuzzops.pl PAFUZZ AFL-BIN SEEDS [SECONDS [EVOLVED [STAB-SECONDS]]]
use strict;
use warnings;
use Time::HiRes qw(time);

my ($pafuzz, $afl_bin, $seeds, $secs, $evolved, $stab_secs) = @ARGV;
die "usage: fuzzops.pl PAFUZZ AFL-BIN SEEDS [SECONDS [EVOLVED [STAB-SECONDS]]]\n"
	unless $pafuzz && $afl_bin && $seeds;
$secs //= 30;
$stab_secs //= 120;
my $dir = 'build/bench-fuzz';
my $env = 'AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 '
	. 'AFL_NO_AFFINITY=0 PAFUZZ_SUPPRESS=corpus/known-findings.txt';

my %stability;		# run name => AFL++'s stability of its main instance

sub afl_execs {
	my ($n, $in, $run_secs, $name) = @_;
	$in //= $seeds;
	$run_secs //= $secs;
	$name //= "out$n";
	system("rm -rf '$dir/$name'");
	my @pids;
	for my $i (1 .. $n) {
		my $role = $i == 1 ? '-M main' : "-S s$i";
		my $pid = fork();
		die "fork: $!\n" unless defined $pid;
		if (!$pid) {
			exec("$env timeout " . ($run_secs + 60) . " afl-fuzz -i '$in' -o '$dir/$name' $role "
			     . "-V $run_secs -- '$afl_bin' > '$dir/$name-$i.log' 2>&1") or exit 127;
		}
		push @pids, $pid;
	}
	waitpid($_, 0) for @pids;
	my ($total, @each) = (0);
	for my $st (glob("$dir/$name/*/fuzzer_stats")) {
		open my $f, '<', $st or next;
		my ($execs, $run) = (0, 0);
		while (<$f>) {
			$execs = $1 if /^execs_done\s*:\s*(\d+)/;
			$run = $1 if /^run_time\s*:\s*(\d+)/;
			# (the instance test first: a later match would reset $1)
			$stability{$name} = $1 if $st =~ m{/main/} && /^stability\s*:\s*([\d.]+)%/;
		}
		close $f;
		my $rate = $run ? $execs / $run : 0;
		push @each, sprintf('%.0f', $rate);
		$total += $rate;
	}
	return ($total, @each);
}

system("mkdir -p '$dir'");
my ($one, @e1) = afl_execs(1);
my ($two, @e2) = afl_execs(2);
my $ratio = $one ? $two / $one : 0;
my @ev = $evolved ? grep { -f } glob("$evolved/*") : ();
afl_execs(1, $seeds, $stab_secs, 'stab-seeds');
afl_execs(1, $evolved, $stab_secs, 'evolved') if @ev;

my @triage;
my ($worst_run, $worst_min) = (0, 0);
for my $bin (sort glob('corpus/findings/*.bin')) {
	my $t0 = time;
	my $line = `'$pafuzz' run '$bin' 2>&1`;
	my $t1 = time;
	system("'$pafuzz' minimize -f '$bin' -o '$dir/min.pz' > /dev/null 2>&1");
	my $t2 = time;
	my ($sig) = $line =~ /^\S+: \S+ (\S+)/;
	push @triage, [$bin, $sig // '?', $t1 - $t0, $t2 - $t1];
	$worst_run = $t1 - $t0 if $t1 - $t0 > $worst_run;
	$worst_min = $t2 - $t1 if $t2 - $t1 > $worst_min;
}

printf "pafuzz bench-fuzz (AFL++ plain build, %d s per run; %s cpus)\n\n", $secs, `nproc` =~ s/\n//r;
printf "%-58s %10.0f exec/s  (%s)\n", 'AFL++, 1 instance', $one, join(' + ', @e1);
printf "%-58s %10.0f exec/s  (%s)\n", 'AFL++, 2 instances (main + secondary)', $two, join(' + ', @e2);
printf "%-58s %10.2f x       >= 1.8    %s\n", '  scaling 1 -> 2', $ratio, $ratio >= 1.8 ? 'PASS' : 'MISS';
for (@triage) {
	printf "triage %-51s %6.2f s replay + %6.2f s minimize  %s\n", $_->[0], $_->[2], $_->[3],
		$_->[2] + $_->[3] < 10 ? 'PASS' : 'MISS';
}
printf "%-58s %10.2f s       < 10     %s\n", 'triage, worst of the shipped findings', $worst_run + $worst_min,
	$worst_run + $worst_min < 10 ? 'PASS' : 'MISS';
for (['stab-seeds' => "AFL++ stability, from the shipped seeds ($stab_secs s)"],
     [evolved => "AFL++ stability, from the evolved corpus ($stab_secs s, " . scalar(@ev) . " inputs)"]) {
	my ($name, $what) = @$_;
	if (!defined $stability{$name}) {
		printf "%-58s %10s\n", $what, $name eq 'evolved' && !@ev ? 'skipped (make bench-corpus)' : 'none';
		next;
	}
	printf "%-58s %10.2f %%       >= 99.5   %s\n", $what, $stability{$name},
		$stability{$name} >= 99.5 ? 'PASS' : 'MISS';
}
printf "{\"afl_1\":%.0f,\"afl_2\":%.0f,\"scaling\":%.2f,\"triage_worst_s\":%.2f,\"stability_seeds\":%s,"
	. "\"stability_evolved\":%s}\n", $one, $two, $ratio, $worst_run + $worst_min,
	$stability{'stab-seeds'} // 'null', $stability{evolved} // 'null';
