#!/usr/bin/env perl
# job.pl - one fuzz job, as `make fuzz` runs it: the engines, a progress line about
# every 10 s, the report's samples while it runs, then corpus care, triage and the
# job report.  `perl scripts/job.pl --help` lists the options; make passes its settings
# (DURATION, ENGINE, TARGET, JOBS, SUPPRESS, REPORT_EVERY, SEED_DIR, FZ, PATCHES).
#
# libFuzzer runs in process: each of the JOBS workers fuzzes for the whole duration.
# The first input of each new signature is written to seen/ and the worker goes on
# (PAFUZZ_KEEP_GOING); a crash of the harness itself (a sanitizer report, a model
# bug, a timeout) stops it, its input in findings/, and it is started again on the
# working corpus.  A -fork job restarted a worker every few seconds by design, each
# reloading its share of the corpus; on 2 cores that halved the executions of a
# 3-minute job.  Workers of one job share the corpus directory (-reload).
#
# AFL++ runs one main instance with the CmpLog build and JOBS-1 secondaries on one
# sync directory, every third of them an ASan+UBSan build.  Its crashes are copied
# into findings/ (by content) before and after the run, so a kill loses none.
#
# Clocks here only pace the job and label its report; nothing the model decides
# reads them.
use strict;
use warnings;
use Cwd qw(getcwd);
use File::Path qw(make_path remove_tree);
use Getopt::Long;
use POSIX qw(WNOHANG);
use Time::HiRes qw(time sleep);

my %o = (fz => 'build/fuzz', target => 'slowpath', engine => 'libfuzzer', duration => 180,
	 jobs => 1, suppress => 'corpus/known-findings.txt', 'report-every' => 20,
	 'progress-every' => 10, pafuzz => 'build/clang-asan-ubsan-d1/pafuzz', patches => '');
my $usage = <<'EOF';
usage: perl scripts/job.pl [options]
  --fz DIR              the job's directory (build/fuzz): work/, findings/, known/, seen/,
                        triage/, report/, history/ and the engines' logs
  --target T            slowpath | buddy | text | diff (slowpath)
  --patches P,P         diff: the patch variant run against v4.2 (PAFUZZ_PATCHES for the
                        engines, triage and the report; empty: every patch)
  --engine E            libfuzzer | afl | both (libfuzzer)
  --duration S          seconds of fuzzing (180)
  --jobs N              libFuzzer workers, or AFL++ instances; with both, N of each (1)
  --seed-dir DIR        the seeds (FZ/seeds/TARGET); empty: start from an empty corpus
  --suppress FILE       known findings, recorded once and fuzzed past (corpus/known-findings.txt)
  --report-every S      seconds between the report's samples of the corpus (20)
  --progress-every S    seconds between progress lines (10)
  --pafuzz PATH         the pafuzz that replays, triages and samples
                        (build/clang-asan-ubsan-d1/pafuzz)
The engines' binaries must be built (make fuzz builds them): FZ/fuzz_TARGET for
libFuzzer; build/afl/{,cmplog/,asan/}fuzz_TARGET for AFL++.
EOF
GetOptions(\%o, 'fz=s', 'target=s', 'engine=s', 'duration=i', 'jobs=i', 'seed-dir=s',
	   'suppress=s', 'report-every=i', 'progress-every=i', 'pafuzz=s', 'patches=s', 'help')
	or die $usage;
if ($o{help}) { print $usage; exit 0; }
die "job.pl: --engine wants libfuzzer, afl or both, not '$o{engine}'\n"
	unless $o{engine} =~ /^(libfuzzer|afl|both)$/;
die "job.pl: --target wants slowpath, buddy, text or diff, not '$o{target}'\n"
	unless $o{target} =~ /^(slowpath|buddy|text|diff)$/;
die "job.pl: --patches wants patch names, comma-separated (pafuzz patches), not '$o{patches}'\n"
	unless $o{patches} =~ /^[a-z0-9,-]*$/;
die "job.pl: --jobs wants 1 or more\n" if $o{jobs} < 1;
die "job.pl: --duration wants 1 or more seconds\n" if $o{duration} < 1;

my ($fz, $t) = ($o{fz}, $o{target});
my $top = getcwd();
my $afz = $fz =~ m{^/} ? $fz : "$top/$fz";
$o{'seed-dir'} //= "$fz/seeds/$t";
my @seeds = length $o{'seed-dir'} ? ($o{'seed-dir'}) : ();
my $lf = $o{engine} ne 'afl';
my $afl = $o{engine} ne 'libfuzzer';
my %env = (PAFUZZ_SUPPRESS => $o{suppress}, PAFUZZ_KNOWN_DIR => "$afz/known/$t");
# the diff target's variant: its engines, and the pafuzz diff of triage and the report
# (children of this process) run the same one
$ENV{PAFUZZ_PATCHES} = $env{PAFUZZ_PATCHES} = $o{patches};

# a job killed while swapping in its merged corpus: keep whichever copy is whole
if (-d "$fz/work/$t.old") {
	if (-d "$fz/work/$t") { remove_tree("$fz/work/$t.old"); }
	else { rename "$fz/work/$t.old", "$fz/work/$t"; }
}
make_path(map { "$fz/$_/$t" } qw(work findings known seen));
make_path("$fz/progress");
print "fuzz: $o{engine} on $t for $o{duration}s, $o{jobs} job(s)"
	. ($t eq 'diff' ? ", v4.2 against " . ($o{patches} || 'every patch') : '') . "\n";
report('sample');

# ---- the engines -----------------------------------------------------------------

my $start = time;
my $end = $start + $o{duration};
my %child;			# pid => what it is
my %afl_base;			# AFL++'s counts when the job began (afl_stats)
my $running;			# in a child: the engine process it waits for

sub spawn {
	my ($what, $code) = @_;
	my $pid = fork();
	die "job.pl: fork: $!\n" unless defined $pid;
	if (!$pid) {
		# stopped with the job: the engine it waits for goes too
		$SIG{TERM} = $SIG{INT} = sub { kill 'TERM', $running if $running; exit 143; };
		exit($code->());
	}
	$child{$pid} = $what;
	return $pid;
}

# A command with the job's environment, its output appended to a log; returns its
# status ($?).  The process waited for is in $running, for the TERM handler.
sub run_logged {
	my ($log, $extra_env, @cmd) = @_;
	my $pid = fork();
	die "job.pl: fork: $!\n" unless defined $pid;
	if (!$pid) {
		@ENV{keys %env} = values %env;
		@ENV{keys %$extra_env} = values %$extra_env;
		open STDOUT, '>>', $log or exit 127;
		open STDERR, '>&', \*STDOUT or exit 127;
		exec { $cmd[0] } @cmd or exit 127;
	}
	$running = $pid;
	waitpid($pid, 0);
	$running = undef;
	return $?;
}

# libFuzzer worker k: in process, restarted after each finding until the end
sub libfuzzer_worker {
	my ($k) = @_;
	my $log = $k == 1 ? "$fz/$t.log" : "$fz/$t-$k.log";
	my ($runs, $quick) = (0, 0);

	while ((my $left = int($end - time)) > 0) {
		my $t0 = time;
		open my $lh, '>>', $log or return 1;
		printf $lh "==== pafuzz job: worker %d run %d, %d s left\n", $k, ++$runs, $left;
		close $lh;
		my $rc = run_logged($log, { PAFUZZ_SEEN_DIR => "$afz/seen/$t", PAFUZZ_KEEP_GOING => 1 },
			"$fz/fuzz_$t",
			"-max_total_time=$left", "-dict=fuzz/fuzz_$t.dict", '-print_final_stats=1',
			'-timeout=30', ($o{jobs} > 1 ? ('-reload=1') : ()), "-artifact_prefix=$fz/findings/$t/",
			"$fz/work/$t", @seeds);
		# a worker that keeps stopping at once would spin: give up after 5 in a row
		$quick = time - $t0 < 3 ? $quick + 1 : 0;
		if ($quick >= 5) {
			open my $lh2, '>>', $log;
			print $lh2 "==== pafuzz job: worker $k stopped: 5 runs in a row ended within 3 s\n";
			return 1;
		}
	}
	return 0;
}

sub afl_env {
	return (AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES => 1, AFL_SKIP_CPUFREQ => 1, AFL_NO_UI => 1,
		AFL_AUTORESUME => 1, AFL_NO_AFFINITY => 1);
}

# AFL++'s crashes into findings/, named by instance and content; never replaces a file
sub afl_rescue {
	for my $c (glob("$fz/afl-out/*/crashes/id*")) {
		next unless -f $c;
		my ($inst) = $c =~ m{afl-out/([^/]+)/crashes/};
		my ($sum) = split ' ', `cksum < '$c'`;
		my $d = "$fz/findings/$t/afl-$inst-$sum";
		next if -f $d;
		system("cp '$c' '$d.tmp' && mv '$d.tmp' '$d'");
	}
}

sub afl_instances {
	remove_tree("$fz/afl-in");
	make_path("$fz/afl-in");
	my @s = @seeds ? grep { -f } glob("$seeds[0]/*") : ();
	if (@s) { system('cp', @s, "$fz/afl-in/"); }
	else { open my $e, '>', "$fz/afl-in/empty"; print $e "\0"; close $e; }
	print "fuzz: afl++: main (CmpLog) + " . ($o{jobs} - 1) . " secondaries; logs in $fz/afl-*.log\n";
	my $dur = int($end - time);
	$dur = 1 if $dur < 1;
	for my $i (1 .. $o{jobs}) {
		my ($name, $bin, @role) = $i == 1 ? ('main', "build/afl/fuzz_$t", '-M', 'main',
					   '-c', "build/afl/cmplog/fuzz_$t")
				      : ("s$i", $i % 3 == 0 ? "build/afl/asan/fuzz_$t" : "build/afl/fuzz_$t",
					 '-S', "s$i");
		spawn("afl $name", sub {
			my $log = "$fz/afl-$name.log";
			unlink $log;
			return run_logged($log, { afl_env() }, 'timeout', $dur + 30, 'afl-fuzz', '-i',
				"$fz/afl-in", '-o', "$fz/afl-out", @role, '-V', $dur,
				($i == 1 ? ('-x', "fuzz/fuzz_$t.dict") : ()), '--', $bin) ? 1 : 0;
		});
	}
}

if ($afl) {
	afl_rescue();
	# where a resumed instance's counts start (afl_stats)
	for my $pd (glob("$fz/afl-out/*/plot_data")) { $afl_base{$pd} = afl_last_row($pd); }
	afl_instances();
}
if ($lf) {
	# each job starts its workers' logs afresh: the progress lines count this job's runs
	unlink grep { -f } ("$fz/$t.log", map { "$fz/$t-$_.log" } 2 .. $o{jobs});
	for my $k (1 .. $o{jobs}) { spawn("libfuzzer $k", sub { libfuzzer_worker($k) }); }
}

# ---- progress while it runs ----------------------------------------------------------

# libFuzzer: executions of the finished runs (their final stats) plus the running one's
# last status line; coverage from the last status line of any run
sub libfuzzer_stats {
	my ($execs, $cov) = (0, 0);
	for my $log (grep { -f } ("$fz/$t.log", map { "$fz/$t-$_.log" } 2 .. $o{jobs})) {
		my ($done, $cur) = (0, 0);
		open my $h, '<', $log or next;
		while (<$h>) {
			if (/^==== pafuzz job: worker/) { $done += $cur; $cur = 0; }
			elsif (/^#(\d+)\s.*cov: (\d+)/) { $cur = $1; $cov = $2 if $2 > $cov; }
			elsif (/^stat::number_of_executed_units: (\d+)/) { $cur = $1; }
		}
		close $h;
		$execs += $done + $cur;
	}
	return ($execs, $cov);
}

# AFL++: the last row of each instance's plot_data written in this job, and how many
# instances had one.  AFL++ without its UI writes its first row about a minute in (seen
# with 4.04c); until then its queue directory is all there is.  A job that
# resumes an earlier one's output (AFL_AUTORESUME) finds that job's rows there, and the
# counts go on from them: %afl_base holds each instance's executions and crashes at the
# start, and a plot_data not written since is not read.
sub afl_last_row {
	my ($pd) = @_;
	open my $h, '<', $pd or return;
	my (%col, @v);
	while (my $l = <$h>) {	# not $_: callers loop over it
		chomp $l;
		if ($l =~ s/^#\s*//) { my @n = split /,\s*/, $l; %col = map { $n[$_] => $_ } 0 .. $#n; next; }
		@v = split /,\s*/, $l;
	}
	close $h;
	return unless @v && defined $col{total_execs};
	return +{ map { ($_ => $v[$col{$_}] // 0) } qw(total_execs corpus_count saved_crashes edges_found) };
}

sub afl_base { return $afl_base{$_[0]} // { total_execs => 0, saved_crashes => 0 }; }

sub afl_stats {
	my ($execs, $edges, $queue, $crashes, $rows) = (0, 0, 0, 0, 0);
	for my $pd (glob("$fz/afl-out/*/plot_data")) {
		next if (stat $pd)[9] < int($start);
		my $r = afl_last_row($pd) or next;
		my $base = afl_base($pd);
		$rows++;
		$execs += $r->{total_execs} - $base->{total_execs};
		$queue += $r->{corpus_count};
		$crashes += $r->{saved_crashes} - $base->{saved_crashes};
		$edges = $r->{edges_found} if $r->{edges_found} > $edges;
	}
	$queue = count("$fz/afl-out/*/queue/id*") unless $rows;
	return ($execs, $edges, $queue, $crashes, $rows);
}

sub count { my ($glob) = @_; return scalar(grep { -f } glob($glob)); }

my ($last_lf, $last_afl, $last_at) = (0, 0, $start);
sub progress {
	my ($final) = @_;
	my $now = time;
	my $el = $now - $start;
	my $line = sprintf "fuzz: %d:%02d", int($el / 60), int($el) % 60;
	my @row = (int($now), sprintf('%.1f', $el));
	if ($lf) {
		my ($execs, $cov) = libfuzzer_stats();
		my $rate = $now > $last_at ? ($execs - $last_lf) / ($now - $last_at) : 0;
		$line .= sprintf ", libFuzzer %d exec/s (%d runs, %d/s over the job), corpus %d, cov %d",
			$rate, $execs, $el > 0 ? $execs / $el : 0, count("$fz/work/$t/*"), $cov;
		push @row, 'libfuzzer', $execs, int($rate), count("$fz/work/$t/*"), $cov;
		$last_lf = $execs;
	}
	if ($afl) {
		my ($execs, $edges, $queue, $crashes, $rows) = afl_stats();
		# since the last line; the first line with statistics: since the job began
		my $since = $last_afl ? $last_at : $start;
		my $rate = $now > $since ? ($execs - $last_afl) / ($now - $since) : 0;
		if ($rows) {
			$line .= sprintf ", AFL++ %d exec/s (%d runs), queue %d, edges %d, crashes %d",
				$rate, $execs, $queue, $edges, $crashes;
			push @row, 'afl', $execs, int($rate), $queue, $edges;
		} else {
			# no rate of zero where AFL++ has not said yet
			$line .= sprintf ", AFL++ running, no statistics from it yet (queue %d)", $queue;
		}
		$last_afl = $execs;
	}
	$last_at = $now;
	$line .= sprintf "; findings: %d new signature(s), %d known", count("$fz/seen/$t/*"),
		count("$fz/known/$t/*");
	print "$line\n" unless $final;
	if (open my $p, '>>', "$fz/progress/$t.tsv") { print $p join("\t", @row), "\n"; close $p; }
}

sub report {
	my ($mode) = @_;
	system('perl', 'scripts/report.pl', $o{pafuzz}, $fz, $t, $mode) == 0
		or print "fuzz: report.pl $mode failed\n";
}

$| = 1;
# stop the engines with the job (make interrupted, or killed)
for my $sig (qw(INT TERM)) {
	$SIG{$sig} = sub { kill 'TERM', keys %child; exit 130; };
}
my ($next_progress, $next_sample) = ($start + $o{'progress-every'}, $start + $o{'report-every'});
while (%child) {
	my $pid = waitpid(-1, WNOHANG);
	if ($pid > 0) { delete $child{$pid}; next; }
	my $now = time;
	if ($now >= $next_progress) {
		progress(0);
		$next_progress += $o{'progress-every'} while $next_progress <= $now;
	}
	if ($now >= $next_sample && $now < $end) {
		report('sample');
		$next_sample += $o{'report-every'} while $next_sample <= $now;
	}
	if ($now > $end + 60) {
		print "fuzz: engines still running 60 s past the end: stopping them\n";
		kill 'TERM', keys %child;
	}
	sleep 0.5;
}
progress(1);

# ---- after the engines: statistics, corpus care ----------------------------------------

my $secs = time - $start;
if ($lf) {
	my ($execs) = libfuzzer_stats();
	printf "fuzz: libFuzzer: %d executions in %d s: %d exec/s on average (%d worker(s))\n",
		$execs, $secs, $execs / ($secs || 1), $o{jobs};
}
if ($afl) {
	afl_rescue();
	for my $st (sort glob("$fz/afl-out/*/fuzzer_stats")) {
		my ($inst) = $st =~ m{afl-out/([^/]+)/};
		open my $h, '<', $st or next;
		my %s = map { /^(\S+)\s*:\s*(.*)$/ ? ($1, $2) : () } <$h>;
		close $h;
		# this job's share of a resumed instance's counts (afl_stats)
		my $base = afl_base("$fz/afl-out/$inst/plot_data");
		my $execs = ($s{execs_done} // 0) - $base->{total_execs};
		my $crashes = ($s{saved_crashes} // $s{unique_crashes} // 0) - $base->{saved_crashes};
		printf "fuzz: afl++ %s: %d executions in %d s: %d exec/s on average (AFL++ says %s), "
			. "stability %s, %d crash(es)\n", $inst, $execs, $secs, $execs / ($secs || 1),
			$s{execs_per_sec} // '?', $s{stability} // '?', $crashes;
	}
	# corpus care: afl-cmin keeps the inputs of the main queue that add coverage; it refuses
	# paths under /tmp unless told (its temporaries are in our own FZ, even there)
	my $q = "$fz/afl-out/main/queue";
	if (-d $q) {
		remove_tree("$fz/work/$t-afl.cmin");
		my $rc = run_logged("$fz/afl-cmin.log", { afl_env(), AFL_ALLOW_TMP => 1 }, 'afl-cmin',
			'-i', $q, '-o', "$fz/work/$t-afl.cmin", '--', "build/afl/fuzz_$t");
		if ($rc == 0) {
			remove_tree("$fz/work/$t-afl");
			rename "$fz/work/$t-afl.cmin", "$fz/work/$t-afl";
			printf "fuzz: afl-cmin: %d queue entries -> %d in %s\n", count("$q/id*"),
				count("$fz/work/$t-afl/*"), "$fz/work/$t-afl";
		} else {
			print "fuzz: afl-cmin failed (see $fz/afl-cmin.log)\n";
		}
	}
}
if ($lf) {
	# corpus care: keep the working corpus minimal (libFuzzer -merge=1 into a new directory,
	# then swap); AFL++'s minimized queue from this or an earlier run joins the merge
	my $w = "$fz/work/$t";
	remove_tree("$w.merge");
	make_path("$w.merge");
	my $before = count("$w/*");
	my $rc = run_logged("$fz/$t.merge.log", { PAFUZZ_SEEN_DIR => "$afz/seen/$t" }, "$fz/fuzz_$t",
		'-merge=1', "$w.merge", $w, grep { -d } ("$fz/work/$t-afl"));
	if ($rc == 0) {
		remove_tree("$w.old");
		rename $w, "$w.old" and rename "$w.merge", $w and remove_tree("$w.old");
		printf "fuzz: corpus merged: %d -> %d inputs\n", $before, count("$w/*");
	} else {
		print "fuzz: corpus merge failed (kept as it was): $fz/$t.merge.log\n";
	}
}

# ---- triage and the report -----------------------------------------------------------------

print "fuzz: done; triage of $fz/findings/$t and $fz/known/$t:\n";
system('perl', 'scripts/triage.pl', $o{pafuzz}, "$fz/triage/$t", $o{suppress}, "$fz/findings/$t",
       "$fz/seen/$t", "$fz/known/$t") == 0 or print "fuzz: triage failed\n";
report('sample');
report('html');
print "fuzz: replay one with: $o{pafuzz} " . ($t eq 'diff' ? 'diff' : 'replay')
	. " $fz/triage/$t/<signature>/reproducer.pz --trace\n";
exit 0;
