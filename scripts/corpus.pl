#!/usr/bin/env perl
# corpus.pl - `make bench`'s rows over an evolved corpus: what a fuzz job's inputs
# cost, in each build, and where the time goes.
#
# The evolved corpus is grown by the project's own fuzzer from the shipped seeds:
# the libFuzzer target (the fuzzing build, as `make fuzz` runs it) with a fixed seed
# for a fixed number of runs, address randomization off, every finding treated as
# known (so nothing stops the run), then merged as a job's corpus is.  It is kept in
# build/bench/evolved/slowpath and reused until `make bench-corpus` grows it again;
# the bench prints which corpus it measured.  Every libFuzzer process here runs in a
# fixed environment (fixed_env below), so one commit grows one corpus, in any
# checkout and from any shell.
#
# Rows (each printed with what it ran on):
#   - libFuzzer in process, the ASan+UBSan fuzzing build: -runs=R -seed=1 over the
#     corpus (its inputs first, then mutants of them), exec/s per CPU-second
#     (budget 2000) and per wall-clock second; and -runs=0 (each of the corpus's
#     inputs once), its CPU time per input, for the split below; the first run less
#     the second, the mutants' own exec/s (a job loads its corpus once);
#   - AFL++ persistent (build/afl), one instance on the corpus for S seconds, exec/s of
#     its own count over its run time (2000);
#   - plain `pafuzz run` (DEBUG=0, no sanitizers) of every input, inputs per CPU-second
#     (10000) and per wall-clock second;
#   - per build (DEBUG=0 with and without the trace hash, DEBUG=1, ASan+UBSan), the
#     in-process cost per input and per verdict class (bench/corpus.c);
#   - where an execution's time goes, from the differences between those builds
#     and, for the state hash, callgrind's instruction share.
#
# Usage: perl scripts/corpus.pl [--grow | --grow-only] [--runs N] [--lf-runs R] [--afl-seconds S]
#        [--corpus DIR] [--fuzz BIN] [--afl BIN] [--pafuzz BIN] KEY:LABEL:DRIVER[:--trace] ...
# Prints rows in bench_core's form and one JSON line.  Clocks here only measure.
use strict;
use warnings;
use File::Path qw(make_path remove_tree);
use Getopt::Long;
use POSIX qw(floor);
use Time::HiRes qw(time);

my %o = (runs => 200000, 'lf-runs' => 30000, 'afl-seconds' => 30,
	 corpus => 'build/bench/evolved/slowpath', fuzz => 'build/fuzz/fuzz_slowpath',
	 afl => 'build/afl/fuzz_slowpath', pafuzz => 'build/clang-none-d0/pafuzz',
	 seeds => 'build/fuzz/seeds/slowpath');
GetOptions(\%o, 'grow', 'grow-only', 'runs=i', 'lf-runs=i', 'afl-seconds=i', 'corpus=s', 'fuzz=s', 'afl=s',
	   'pafuzz=s', 'seeds=s', 'help') or die "corpus.pl: bad options (see the file's head)\n";
if ($o{help}) { open my $me, '<', $0; while (<$me>) { last unless /^#/; print; } exit 0; }
my @drivers = map { [split /:/, $_, 4] } @ARGV;
my $c = $o{corpus};
my (%json, @rows);

# The environment and address space of every libFuzzer run here.  libFuzzer's
# stack-depth feature counted how deep the stack went from where it began; the
# kernel puts the environment's strings above the stack, so the same input gave one
# feature more or less with a longer or shorter environment (a make variable, the
# shell's PWD), and two growths of one commit ended 2316 and 2243 inputs with 72 in
# common.  The fuzzing build leaves that feature out since c6c5552; the fixed
# environment stays, so that nothing else a process inherits (a PAFUZZ_ variable,
# the stack's start) can part two growths.  Returns the command's start, with the
# variables given (NAME=VALUE, quoted) in that environment.
my $setarch = system('setarch -R true 2>/dev/null') == 0 ? ' setarch -R' : '';
sub fixed_env {
	return join(' ', 'env -i PATH=/usr/bin:/bin LC_ALL=C', @_) . $setarch;
}

sub row {
	my ($what, $v, $unit, $budget, $below) = @_;
	my $line = sprintf "%-70s %12.1f %-6s", $what, $v, $unit;
	if (defined $budget) {
		my $pass = $below ? $v <= $budget : $v >= $budget;
		$line .= sprintf " %s %-8g %s", $below ? '<=' : '>=', $budget, $pass ? 'PASS' : 'MISS';
	}
	print "$line\n";
}

sub count_files { my ($d) = @_; opendir my $dh, $d or return 0; my $n = grep { !/^\./ } readdir $dh; return $n; }

sub files { my ($d) = @_; opendir my $dh, $d or return (); return map { "$d/$_" } sort grep { !/^\./ } readdir $dh; }

# the child processes' CPU seconds so far (user + system)
sub child_cpu { my @t = times; return $t[2] + $t[3]; }

# ---- the corpus --------------------------------------------------------------------

sub grow {
	my $tmp = "$c.grow";
	remove_tree($tmp, "$c.merge");
	make_path($tmp, "$c.merge");
	open my $sf, '>', "$c.suppress" or die "corpus.pl: $c.suppress: $!\n";
	print $sf "*\n";	# every finding is known: the run goes on past them all
	close $sf;
	my $env = fixed_env("PAFUZZ_SUPPRESS='$c.suppress'");
	print STDERR "corpus.pl: growing the evolved corpus: $o{fuzz} -seed=1 -runs=$o{runs} from $o{seeds}\n";
	system("$env '$o{fuzz}' -seed=1 -runs=$o{runs} "
	       . "-dict=fuzz/fuzz_slowpath.dict '$tmp' '$o{seeds}' > '$c.grow.log' 2>&1") == 0
		or die "corpus.pl: the growing run failed: $c.grow.log\n";
	system("$env '$o{fuzz}' -merge=1 '$c.merge' '$tmp' > '$c.merge.log' 2>&1") == 0
		or die "corpus.pl: the merge failed: $c.merge.log\n";
	remove_tree($c, $tmp);
	rename "$c.merge", $c or die "corpus.pl: $c: $!\n";
	my $commit = `git rev-parse --short HEAD 2>/dev/null` || "?\n";
	chomp $commit;
	open my $st, '>', "$c.stamp" or die;
	print $st "grown by $o{fuzz} -seed=1 -runs=$o{runs} from $o{seeds} at commit $commit\n";
	close $st;
}

grow() if $o{grow} || $o{'grow-only'} || !-d $c || !count_files($c);
my @inputs = files($c);
my $bytes = 0;
$bytes += -s $_ for @inputs;
my $stamp = -f "$c.stamp" ? do { local (@ARGV, $/) = "$c.stamp"; my $s = <>; $s =~ s/\s+$//; $s } : "origin unknown";
printf "evolved corpus: %s, %d inputs, %d bytes (%s; make bench-corpus grows it again)\n",
	$c, scalar @inputs, $bytes, $stamp;
exit 0 if $o{'grow-only'};
$json{corpus_inputs} = scalar @inputs;
$json{corpus_bytes} = $bytes;

# ---- each build in one process -------------------------------------------------------

my %d;		# key => { field => value } from the drivers' JSON
for my $dr (@drivers) {
	my ($key, $label, $bin, $flags) = @$dr;
	my $out = `'$bin' '$key' '$label' '$c' --passes 3 ${\($flags // '')}`;
	die "corpus.pl: $bin failed\n" if $?;
	for (split /\n/, $out) {
		if (/^\{(.*)\}$/) {
			for (split /,(?=")/, $1) {
				my ($k, $v) = /^"([^"]+)":(.*)$/ or next;
				$json{$k} = $v;
				(my $f = $k) =~ s/^corpus_\Q$key\E_//;
				$d{$key}{$f} = $v;
			}
		} else {
			print "$_\n";
		}
	}
}

# ---- libFuzzer in process ----------------------------------------------------------------

# one in-process libFuzzer run over a corpus (the evolved one by default):
# (executions, CPU seconds, wall seconds)
sub libfuzzer {
	my ($runs, $log, $corpus) = @_;
	$corpus //= $c;
	my $w = "$c.lf";
	remove_tree($w);
	make_path($w);
	open my $sf, '>', "$c.suppress" or die;
	print $sf "*\n";
	close $sf;
	my ($c0, $t0) = (child_cpu(), time);
	system(fixed_env("PAFUZZ_SUPPRESS='$c.suppress'") . " '$o{fuzz}' -runs=$runs -seed=1 "
	       . "-dict=fuzz/fuzz_slowpath.dict -print_final_stats=1 '$w' '$corpus' > '$log' 2>&1");
	my ($cpu, $wall) = (child_cpu() - $c0, time - $t0);
	my $text = do { local (@ARGV, $/) = $log; <> } // '';
	my ($n) = $text =~ /stat::number_of_executed_units: (\d+)/;
	remove_tree($w);
	return ($n, $cpu, $wall);
}

my ($lf_cpu_rate, $lf_corpus_us);
{
	# which compiler, and so which libFuzzer, the fuzzing build came from (the Makefile's FUZZ_CC)
	(my $fdir = $o{fuzz}) =~ s{/[^/]*$}{};
	if (open my $cf, '<', "$fdir/obj/compiler") {
		chomp(my $fcc = <$cf> // '');
		my ($ver) = $fcc =~ /^[\w.+-]+$/ ? `$fcc --version 2>/dev/null` : ();
		chomp $ver if defined $ver;
		print "the fuzzing build's compiler and libFuzzer: $fcc" . ($ver ? " ($ver)" : '') . "\n";
	}
	# the corpus's own inputs once each (-runs=0): the build's cost on exactly these
	# inputs, less the process's start (models built, ASan's start), measured on one input
	make_path("$c.one");
	system('cp', $inputs[0], "$c.one/") == 0 or die "corpus.pl: cp: $!\n";
	my ($n1, $cpu1) = libfuzzer(0, "$c.lf1.log", "$c.one");
	remove_tree("$c.one");
	my ($n0, $cpu0) = libfuzzer(0, "$c.lf0.log");
	$lf_corpus_us = 1e6 * ($cpu0 - ($cpu1 // 0)) / ($n0 - ($n1 // 0))
		if $n0 && $n1 && $n0 > $n1 && $cpu0 > $cpu1;
	row("libFuzzer, each of the corpus's inputs once (-runs=0): CPU us per input",
	    $lf_corpus_us, 'us') if $lf_corpus_us;
	# fuzzing from the corpus, as a job does: its inputs, then mutants of them
	my ($n, $cpu, $wall) = libfuzzer($o{'lf-runs'}, "$c.lf.log");
	if ($n && $cpu > 0) {
		$lf_cpu_rate = $n / $cpu;
		row("libFuzzer in process, ASan+UBSan fuzzing build: exec/s per CPU-second", $lf_cpu_rate,
		    'exec/s', 2000, 0);
		row("  the same run: exec/s of wall-clock time ($n runs, the corpus first)", $n / $wall,
		    'exec/s');
		# the run less its first part, the corpus's own inputs (the -runs=0 run above):
		# what the mutants cost once a job has loaded its corpus
		row("  mutants alone (the run less -runs=0): exec/s per CPU-second",
		    ($n - $n0) / ($cpu - $cpu0), 'exec/s')
			if $n0 && $n > $n0 && $cpu > $cpu0;
		$json{libfuzzer_exec_s_cpu} = sprintf '%.0f', $lf_cpu_rate;
		$json{libfuzzer_exec_s_wall} = sprintf '%.0f', $n / $wall;
	} else {
		print "libFuzzer in process: no figure (see $c.lf.log)\n";
	}
}

# ---- AFL++ persistent ------------------------------------------------------------------------

if (-x $o{afl} && system('command -v afl-fuzz > /dev/null') == 0) {
	my $w = "$c.afl";
	remove_tree($w);
	make_path("$w/in");
	system('cp', @inputs, "$w/in/") == 0 or die "corpus.pl: cp: $!\n";
	my $s = $o{'afl-seconds'};
	# Judged on AFL++'s own count over its own run time: one instance keeps one core busy.
	# Not per CPU-second: this script's child times hold the target's CPU only if
	# afl-fuzz reaps its fork server, where the target runs, before it exits, and it does
	# not always (a 10 s run showed 3.3 CPU s for 11.8 s of wall clock; one table said
	# 33,412 exec/s per CPU-second where AFL++ counted 12,158 per second).
	system("AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 "
	       . "PAFUZZ_SUPPRESS='$c.suppress' timeout " . ($s + 60) . " afl-fuzz -i '$w/in' -o '$w/out' "
	       . "-V $s -- '$o{afl}' > '$w.log' 2>&1");
	my %st;
	if (open my $f, '<', "$w/out/default/fuzzer_stats") {
		%st = map { /^(\S+)\s*:\s*(.*)$/ ? ($1, $2) : () } <$f>;
	}
	if ($st{execs_done} && $st{run_time}) {
		my $rate = $st{execs_done} / $st{run_time};
		row("AFL++ persistent, one instance: exec/s ($st{execs_done} runs in $st{run_time} s)",
		    $rate, 'exec/s', 2000, 0);
		$json{afl_exec_s} = sprintf '%.0f', $rate;
		$json{afl_stability} = "\"" . ($st{stability} // '?') . "\"";
	} else {
		print "AFL++: no figure (see $w.log)\n";
	}
	remove_tree($w);
} else {
	print "AFL++: not measured ($o{afl} or afl-fuzz missing; make afl builds it)\n";
}

# ---- plain pafuzz run ---------------------------------------------------------------------------

# Five runs; the budget is judged on their median CPU time (user + system), as the
# libFuzzer row is: one table's wall-clock median came out a fifth below hand-timed runs
# of the same build right after.  The wall-clock rate is printed beside it.
{
	my (@t, @cpu);
	for (1 .. 5) {
		my ($c0, $t0) = (child_cpu(), time);
		system('sh', '-c', "'$o{pafuzz}' run \"\$@\" > /dev/null 2>&1", 'sh', @inputs);
		push @t, time - $t0;
		push @cpu, child_cpu() - $c0;
	}
	@t = sort { $a <=> $b } @t;
	@cpu = sort { $a <=> $b } @cpu;
	if ($cpu[2] > 0) {
		my $rate = @inputs / $cpu[2];
		row('pafuzz run (DEBUG=0, no sanitizers), one process: inputs per CPU-second', $rate,
		    'in/s', 10000, 0);
		$json{pafuzz_run_inputs_s} = sprintf '%.0f', $rate;
	}
	if ($t[2] > 0) {
		row('  the same runs: inputs/s of wall-clock time (median of 5)', @inputs / $t[2], 'in/s');
		$json{pafuzz_run_inputs_s_wall} = sprintf '%.0f', @inputs / $t[2];
	}
}

# ---- where the time goes ---------------------------------------------------------------------------

# the state hash's share of a run, in instructions (callgrind, DEBUG=0 build, trace off)
my $hash_share;
if (my ($d0) = grep { $_->[0] eq 'd0' } @drivers) {
	if (system('command -v valgrind > /dev/null') == 0) {
		my $cg = "$c.callgrind";
		system("valgrind --tool=callgrind --callgrind-out-file='$cg' '$d0->[2]' d0 x '$c' --passes 1 "
		       . "> /dev/null 2>&1");
		my (%incl);
		for (`callgrind_annotate --inclusive=yes '$cg' 2>/dev/null`) {
			$incl{$2} //= $1 =~ s/,//gr if /^\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+\S*?:(\w+)\s/;
		}
		if ($incl{runner_run} && $incl{watchdog_state_hash}) {
			$hash_share = $incl{watchdog_state_hash} / $incl{runner_run};
		}
		unlink $cg;
	}
}
if ($d{d0} && $d{d0trace} && $d{d1} && $d{asan}) {
	my $model = $d{d0}{run_us} - $d{d0}{reset_us};
	my @parts = (
		['program decode', $d{d0}{decode_us}],
		['reset, task setup, teardown (an empty run)', $d{d0}{reset_us}],
		(defined $hash_share
		 ? (['the model\'s own work', $model * (1 - $hash_share)],
		    ['the livelock proof\'s state hash (callgrind share)', $model * $hash_share])
		 : (['the model\'s own work (state hash included: callgrind gave no share)', $model])),
		['the trace hash (pafuzz run keeps it; fuzz targets do not)', $d{d0trace}{run_us} - $d{d0}{run_us}],
		['DEBUG=1 checks', $d{d1}{run_us} - $d{d0}{run_us}],
		# the ASan+UBSan driver is built as the fuzzing build is (FUZZ_CC, no link-time
		# optimization), the others by clang with it
		['ASan+UBSan (and the fuzzing build\'s compiler, no LTO)', $d{asan}{run_us} - $d{d1}{run_us}],
	);
	push @parts, ['coverage instrumentation and libFuzzer (the same inputs)',
		      $lf_corpus_us - $d{asan}{run_us} - $d{asan}{decode_us}] if $lf_corpus_us;
	print "where an execution's time goes, per input (differences between the builds above):\n";
	row("  $_->[0]", $_->[1], 'us') for @parts;
	my $i = 0;
	$json{"split_" . ($i++) . "_us"} = sprintf '%.2f', $_->[1] for @parts;
}
print '{', join(',', map { "\"$_\":$json{$_}" } sort keys %json), "}\n";
