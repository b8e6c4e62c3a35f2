#!/usr/bin/env perl
# bugbench.pl - how fast pafuzz finds the planted bugs, reported the way Magma does.
#
# For every planted bug (regress/planted/*.mut) a copy of the tree gets the bug, and
# two binaries are built from it with the reference model linked in beside it
# (bench/bugbench_target.c, reference symbols renamed ref_*): a libFuzzer target and a
# random-input driver.  An input "finds" the bug when the planted build's verdict or
# signature differs from the reference build's on it.  Engines:
#   libfuzzer  coverage-guided, from the shipped seed corpus
#   libfuzzer-timed  the same with -entropic_scale_per_exec_time=1 (fast inputs
#              picked for mutation up to 30x as often); opt-in.  Measured against
#              libfuzzer on bugs 09 and 14-17 (docs/benchmarks.md): about twice
#              the exec/s, and not a faster find, so make fuzz does not use it
#   defaults   libfuzzer, with every program's answers and faults dropped (no choice
#              or fault injection): what injection buys
#   random     uniformly random inputs, no guidance: what guidance buys
#   afl        AFL++ (afl-clang-fast, the libFuzzer harness), from the same seeds, run
#              as make fuzz ENGINE=afl runs its main instance: -M, a CmpLog build
#              (-c) and the target's dictionary (-x); opt-in: --engines ...,afl
# The seed's own findings are hunted too, on the unmodified model (PAFUZZ_HUNT):
#   seed-nofs-livelock    GFP_NOFS "keep looping as per tradition": a proven livelock
#   seed-nofail-null      the NOFAIL contract hole: __GFP_NOFAIL returning NULL
# Each (bug, engine) runs TRIALS trials of at most LIMIT seconds.  Reported per bug
# and engine: trials that found it, Kaplan-Meier median time (censored at LIMIT),
# restricted mean survival time, median executions of the finding trials, and, as
# Magma reports beside "detected", the trials that triggered it and their KM median:
# an input triggers a planted bug when both builds give the same verdict but their
# traces differ (the change ran and altered behaviour; no oracle saw it).  A bug
# triggered often but found rarely is an oracle's blind spot.  Writes
# DIR/results.json, DIR/table.txt and DIR/survival.svg.
#
# Usage: perl scripts/bugbench.pl [--trials N] [--trials-per ENGINE=N,...] [--limit S] [--jobs J]
#        [--engines libfuzzer,defaults,random] [--bugs FILTER] [--out DIR] [--cc COMPILER]
#        [--pgo PROFILE]
# --cc is the compiler of the libFuzzer and random builds, and so the libFuzzer
# version (default clang-19, make fuzz's FUZZ_CC; make bugbench passes FUZZ_CC).
# --pgo PROFILE builds them with the execution profile make's fuzzing build uses
# (scripts/pgo.sh; make bugbench passes build/pgo/fuzz.profdata).
# --trials-per gives some engines another number of trials (e.g. fewer for the
# baselines when time is short); the table says how many each cell had.
# --reuse-builds keeps the binaries an earlier run built into the same --out.
# --first-trial K numbers the trials from K (each trial's number is its fuzzer seed),
# so a later run can add trials to an earlier one; --merge DIR,... adds the results of
# earlier runs' results.json to this run's table (same limit); a trial a merged run
# already holds (its bug, engine and number) counts once, so merging a run together
# with a run that merged it adds nothing twice.
#        perl scripts/bugbench.pl --report-only [--out DIR]   (table and plot from results.json)
#        perl scripts/bugbench.pl --rejudge --limit S --engines LIST [--out DIR]
# --rejudge checks every trial of DIR that ended on a timeout against the reference
# (as trials now do) and writes the table and plot from the trial files of DIR.
use strict;
use warnings;
use Cwd qw(getcwd);
use File::Path qw(make_path remove_tree);
use Getopt::Long;
use POSIX qw(:sys_wait_h);
use Time::HiRes qw(time);
use FindBin;
use lib "$FindBin::Bin/lib";
use Planted;

my ($reuse, $rejudge, $cc, $pgo) = (0, 0, 'clang-19', '');
my ($trials, $limit, $jobs, $engines, $filter, $out, $report_only, $trials_per, $first, $merge) =
	(1, 30, 2, 'libfuzzer,defaults,random', '', 'build/bugbench', 0, '', 1, '');
GetOptions('trials=i' => \$trials, 'limit=f' => \$limit, 'jobs=i' => \$jobs,
	'engines=s' => \$engines, 'bugs=s' => \$filter, 'out=s' => \$out,
	'report-only' => \$report_only, 'trials-per=s' => \$trials_per, 'first-trial=i' => \$first,
	'merge=s' => \$merge, 'reuse-builds' => \$reuse, 'rejudge' => \$rejudge, 'cc=s' => \$cc,
	'pgo=s' => \$pgo)
	or die "usage: bugbench.pl [--trials N] [--trials-per E=N,...] [--first-trial K] [--limit S] [--jobs J] "
	. "[--engines LIST] [--bugs F] [--merge DIR,...] [--reuse-builds] [--out DIR] [--cc CC] [--pgo PROFILE]\n";
die "bugbench: --cc wants a compiler name, not '$cc'\n" unless $cc =~ /^[\w.+\/-]+$/;
# every engine, in the order the tables list them
my @ENGINES = qw(libfuzzer libfuzzer-timed afl random defaults);
my %is_engine = map { $_ => 1 } @ENGINES;
my @engines = split /,/, $engines;
for (@engines) { die "bugbench: unknown engine '$_'\n" unless $is_engine{$_}; }
my %trials_of = map { $_ => $trials } @engines;
for (split /,/, $trials_per) {
	/^([a-z-]+)=([1-9]\d*)$/ && $is_engine{$1}
		or die "bugbench: --trials-per wants ENGINE=N (N >= 1), not '$_'\n";
	$trials_of{$1} = $2;
}
my $with_afl = grep { $_ eq 'afl' } @engines;
my $top = getcwd();
$out = "$top/$out" unless $out =~ m{^/};
make_path($out);

my $CC = "$cc -std=c11 -D_DEFAULT_SOURCE -DDEBUG=1";
# --pgo PROFILE: every build optimized with the execution profile make's fuzzing
# build uses (scripts/pgo.sh; a planted function no longer matches its profile and
# is built without it, quietly)
if ($pgo) {
	die "bugbench: --pgo: no profile $pgo\n" unless -f $pgo;
	$pgo = "$top/$pgo" unless $pgo =~ m{^/};
	$CC .= " -fprofile-instr-use='$pgo' -Wno-profile-instr-unprofiled -Wno-profile-instr-out-of-date";
}
my @LIB = qw(fuzz/prog.c fuzz/runner.c fuzz/known.c fuzz/diff.c fuzz/mutate.c fault/fault.c);

sub run { my ($cmd) = @_; system($cmd) == 0 or die "bugbench: failed: $cmd\n"; }

# The reference model, relocatable, every global renamed ref_*.
sub build_reference {
	my $dir = "$out/ref";
	remove_tree($dir);
	make_path($dir);
	my @src = (glob("$top/core/*.c"), map { "$top/$_" } @LIB);
	for my $s (@src) {
		(my $o = $s) =~ s{.*/(.*)\.c$}{$dir/$1.o};
		run("$CC -O2 -I$top/core -c '$s' -o '$o'");
	}
	run("cd '$dir' && ld -r -o all.o " . join(' ', map { (my $b = $_) =~ s{.*/(.*)\.c$}{$1.o}; $b } @src));
	run("cd '$dir' && nm --defined-only -g all.o | awk '{print \$3\" ref_\"\$3}' > map");
	run("cd '$dir' && objcopy --redefine-syms=map all.o ref.o");
	return "$dir/ref.o";
}

# Seeds: the shipped corpus in binary form (make fuzz-seeds).
sub seeds {
	# one at a time: two benchmarks started together would relink pafuzz under each other
	make_path("$top/build");
	run("flock '$top/build/.fuzz-seeds.lock' make --no-print-directory fuzz-seeds > /dev/null");
	return "$top/build/fuzz/seeds/slowpath";
}

my %seed_hunts = (
	'seed-nofs-livelock' => 'livelock@retry*oom_no_fs',
	'seed-nofail-null'   => 'gfp-contract:nofail-null@*',
	# the diff target (spec/patches.md): the OOM detection rework's premature OOM of a
	# non-costly high-order request, v4.2 against the v4.7 tree (oom-reaper and
	# oom-detection-rework), from the diff target's seeds
	'diff-rework-premature-oom' => 'diff:ok>premature-oom@*',
	# real bugs (issue 25): a historic slowpath bug put back into v4.2 as a revert
	# variant (pafuzz patches); found by the first input whose verdict differs
	# between the variant and v4.2
	'diff-revert-rebalance-label' => 'diff:*',
	'diff-revert-all-unreclaimable' => 'diff:*',
	'diff-revert-defer-preferred' => 'diff:*',
	'diff-revert-gfp-thisnode' => 'diff:*',
	'diff-revert-pfmemalloc-node' => 'diff:*',
);
# what a diff hunt runs against (PAFUZZ_PATCHES, which overrides an input's own
# patch line in the bench target), and its seeds
my %hunt_patches = ('diff-rework-premature-oom' => 'oom-reaper,oom-detection-rework',
	map { ("diff-$_" => $_) } qw(revert-rebalance-label revert-all-unreclaimable
		revert-defer-preferred revert-gfp-thisnode revert-pfmemalloc-node));

sub build_bug {
	my ($m, $refo) = @_;
	my $dir = "$out/$m->{name}";
	my $why = $m->{hunt} ? Planted::apply($top, "$dir/src", { %$m, find => '', nth => 0 })
			     : Planted::apply($top, "$dir/src", $m);
	die "bugbench: $m->{name}: $why\n" if $why;
	my $src = "$dir/src";
	my $srcs = join(' ', glob("$src/core/*.c"), map { "$src/$_" } @LIB);
	# the libFuzzer build instruments each file as make fuzz's does (fuzz/sancov-flags.sh)
	my @objs;
	make_path("$dir/obj");
	for my $s (glob("$src/core/*.c"), (map { "$src/$_" } @LIB), "$top/bench/bugbench_target.c") {
		(my $o = $s) =~ s{^.*/(\w+)/(\w+)\.c$}{$dir/obj/$1_$2.o};
		my $cov = `sh '$top/fuzz/sancov-flags.sh' '$s'`;
		chomp $cov;
		run("$CC -O2 -g -fsanitize=fuzzer-no-link $cov -I$src/core -c '$s' -o '$o'");
		push @objs, "'$o'";
	}
	run("$CC -fsanitize=fuzzer @objs '$refo' -o '$dir/fuzz_diff' -lm");
	run("$CC -O2 -g -I$src/core $top/bench/random_driver.c $top/bench/bugbench_target.c $srcs '$refo' "
	    . "-o '$dir/random_diff' -lm");
	# AFL++'s build, and its CmpLog build as make fuzz's main instance has (make afl)
	for my $v (['afl_diff', ''], ['afl_diff_cmplog', 'AFL_LLVM_CMPLOG=1 ']) {
		last unless $with_afl;
		run("AFL_QUIET=1 $v->[1]AFL_LLVM_DENYLIST='$top/fuzz/coverage.ignore' afl-clang-fast "
		    . "-std=c11 -D_DEFAULT_SOURCE -DDEBUG=1 -O2 -fsanitize=fuzzer "
		    . "-I$src/core $top/bench/bugbench_target.c $srcs '$refo' -o '$dir/$v->[0]' -lm");
	}
	return $dir;
}

# A trial that ended on an input running past 20 s (libFuzzer's -timeout, the random
# driver's alarm; both builds run each input, both at -O2) found the bug
# only if the planted build is what differs: each build runs the input alone for up
# to 40 s (twice the per-input limit), and it is a find when the reference finishes
# and the planted build does not, or both finish with different verdicts.  Otherwise
# the input is a slow input of the model, not the planted bug; the trial then counts
# as not found at the limit (it stopped early, so this undercounts the engine: said
# in docs/benchmarks.md).  AFL++ trials count crashes only, never hangs; a hunt for a
# seed finding wants its signature, which a timeout never gives.
# Returns 1 for a find, 0 for not a find, undef when the log shows no timeout or the
# input cannot be had (the trial then stands as it was).
sub timeout_is_find {
	my ($dir, $engine, $t, $log, $execs, $hunt) = @_;
	return undef if $engine eq 'afl';
	my $text = do { local $/; open my $lf, '<', $log; $lf ? <$lf> : '' };
	return undef unless $text =~ /ERROR: libFuzzer: timeout|^timeout$/m;
	return 0 if $hunt;
	my $input;
	if ($engine eq 'random') {
		$input = "$dir/random-$t.timeout-input";
		system("'$dir/random_diff' --input $t $execs > '$input'") == 0 or return undef;
	} else {
		($input) = glob("$dir/$engine-$t-timeout-*");
		return undef unless $input;
	}
	my $env = $engine eq 'defaults' ? 'PAFUZZ_DEFAULTS=1 ' : '';
	my (%done, %verdict);
	for my $b (qw(ref mut)) {
		my $chk = "$dir/$engine-$t.timeout-check-$b";
		$done{$b} = 0;
		next if $b eq 'mut' && !$done{ref};	# not a find whatever the planted build does
		$done{$b} = system("timeout -s KILL 40 env ${env}PAFUZZ_ONLY=$b '$dir/fuzz_diff' "
				   . "-timeout=50 '$input' > '$chk' 2>&1") == 0;
		$verdict{$b} = '(none)';
		if (open my $cf, '<', $chk) {
			while (<$cf>) { $verdict{$b} = $1 if /^pafuzz-only: (.*)$/; }
			close $cf;
		}
	}
	my $find = $done{ref} && (!$done{mut} || $verdict{ref} ne $verdict{mut}) ? 1 : 0;
	if (open my $lf, '>>', $log) {
		print $lf "bugbench: timeout check: reference ", $done{ref} ? $verdict{ref} : 'hangs',
			"; planted ", $done{mut} ? $verdict{mut} : 'hangs', ": ",
			$find ? "a find\n" : "not a find\n";
		close $lf;
	}
	return $find;
}

# One trial: (found, seconds, execs).
sub trial {
	my ($dir, $engine, $t, $seeds, $hunt) = @_;
	my $log = "$dir/$engine-$t.log";
	my $cmd;
	my $trig = "$dir/$engine-$t.trigger";
	unlink $trig;
	my $env = ($hunt ? "PAFUZZ_HUNT='$hunt' " : '') . "PAFUZZ_TRIGGER_FILE='$trig' ";
	my $dict = 'fuzz_slowpath';	# AFL++'s dictionary, as make fuzz gives the target's
	if ($hunt && $hunt =~ /^diff:/) {
		$dict = 'fuzz_diff';
		(my $bug = $dir) =~ s{.*/}{};
		$env .= "PAFUZZ_PATCHES='" . ($hunt_patches{$bug} // '') . "' ";
		$seeds = "$top/build/fuzz/seeds/diff";
	}
	if ($engine eq 'random') {
		$cmd = "$env'$dir/random_diff' $t $limit";
	} elsif ($engine eq 'afl') {
		my $o = "$dir/afl-out-$t";
		remove_tree($o);
		# No -s: with a fixed seed AFL++ (4.04c) books every execution at its timeout
		# less one and ranks queue entries by length alone, so it stops preferring
		# fast inputs, which no user's run does.  Since the shaping operations
		# (11b2822) a mutant can cost milliseconds, and the fixed-seed trials found
		# bug 16 in 5/10 against 10/10 without -s.  AFL++'s trials were never
		# repeatable anyway: its calibration and hang detection read the clock.
		# As the main instance of make fuzz ENGINE=afl (scripts/job.pl): -M (which
		# sets -Z, queue entries in order, and turns trimming off), CmpLog, dictionary.
		$cmd = "${env}AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 "
			. "AFL_BENCH_UNTIL_CRASH=1 AFL_EXIT_ON_SEED_ISSUES=1 AFL_NO_AFFINITY=1 afl-fuzz -t 20000 -i '$seeds' -o '$o' "
			. "-M main -c '$dir/afl_diff_cmplog' -x '$top/fuzz/$dict.dict' "
			. "-V " . int($limit) . " -- '$dir/afl_diff'";
	} else {
		my $work = "$dir/work-$engine-$t";
		remove_tree($work);
		make_path($work);
		$cmd = $env . ($engine eq 'defaults' ? 'PAFUZZ_DEFAULTS=1 ' : '')
			. "'$dir/fuzz_diff' -seed=$t -max_total_time=" . int($limit)
			. ($engine eq 'libfuzzer-timed' ? ' -entropic_scale_per_exec_time=1' : '')
			. " -timeout=20 -rss_limit_mb=4096 -print_final_stats=1"
			. " -artifact_prefix='$dir/$engine-$t-' '$work' '$seeds'";
	}
	my $t0 = time();
	system("timeout -s KILL " . int($limit + 60) . " sh -c \"$cmd\" > '$log' 2>&1");
	my $secs = time() - $t0;
	open my $fh, '<', $log or die "$log: $!\n";
	my ($found, $execs) = (0, 0);
	while (<$fh>) {
		# the verdicts differ, or the planted build crashed (MODEL_BUG_ON, a signal)
		# or hung on one input (checked against the reference below)
		$found = 1 if /^pafuzz-diff: |^model-bug: |ERROR: libFuzzer: (deadly signal|timeout)|^execs \d+$/;
		$execs = $1 if /^execs (\d+)/ || /stat::number_of_executed_units:\s*(\d+)/ || /^#(\d+)\s/;
	}
	close $fh;
	if ($found) {
		my $f = timeout_is_find($dir, $engine, $t, $log, $execs, $hunt);
		($found, $secs) = (0, $limit) if defined $f && !$f;
	}
	if ($engine eq 'afl') {	# AFL++ says it in its output directory
		my $o = "$dir/afl-out-$t/main";
		$found = () = glob("$o/crashes/id*");
		$found = $found ? 1 : 0;
		# a seed that already crashes stops AFL++'s dry run (AFL_EXIT_ON_SEED_ISSUES):
		# the bug shows on the shipped corpus, as libFuzzer reports it on its first inputs
		my $seed_issue = 0;
		if (open my $lf, '<', $log) {
			while (<$lf>) {
				$found = 1 if /Test case '[^']*' results in a crash/;
				$seed_issue = 1 if /AFL_EXIT_ON_SEED_ISSUES is set/;
			}
			close $lf;
		}
		if ($seed_issue && !$found) {	# a seed timed out: no fuzzing happened
			warn "bugbench: $log: AFL++ stopped on a seed that is not a crash; trial counted "
				. "as not found at the limit\n";
			$secs = $limit;
		}
		if (open my $st, '<', "$o/fuzzer_stats") {
			while (<$st>) { $execs = $1 if /^execs_done\s*:\s*(\d+)/; }
			close $st;
		}
	}
	# a find after the limit (the last input outran max_total_time) is censored at it
	($found, $secs) = (0, $limit) if $secs > $limit;
	# the first trigger of any process of the trial (AFL++ forks many); a find is one too
	my $tsecs = $found ? $secs : $limit;
	if (open my $tf, '<', $trig) {
		while (<$tf>) {
			$tsecs = $1 - $t0 if /^([\d.]+) / && $1 - $t0 < $tsecs;
		}
		close $tf;
	}
	$tsecs = 0 if $tsecs < 0;
	my $triggered = ($found || $tsecs < $limit) ? 1 : 0;
	$tsecs = $limit unless $triggered;
	return ($found, $secs, $execs, $triggered, $tsecs);
}

# Kaplan-Meier over (time, found) pairs censored at $limit: (median or undef, RMST).
sub kaplan_meier {
	my @obs = sort { $a->[0] <=> $b->[0] } @_;
	my ($s, $prev, $rmst, $median, $n) = (1, 0, 0, undef, scalar @obs);
	for my $o (@obs) {
		my ($t, $ev) = @$o;
		$t = $limit if $t > $limit;
		$rmst += $s * ($t - $prev);
		$prev = $t;
		if ($ev) {
			$s *= 1 - 1 / $n;
			$median = $t if !defined $median && $s <= 0.5;
		}
		$n--;
	}
	$rmst += $s * ($limit - $prev);
	return ($median, $rmst);
}

sub median {
	my @v = sort { $a <=> $b } @_;
	return undef unless @v;
	return @v % 2 ? $v[$#v / 2] : ($v[@v / 2 - 1] + $v[@v / 2]) / 2;
}

my (%res, @queue, %seen);
# Records one trial of a bug and engine; a find after the limit is censored at it.
# A trial's number is its fuzzer seed: a (bug, engine, number) counted already is the
# same trial again (say, a merged run that had merged this one) and is not added;
# returns 0 then, else 1.  Results written before trial numbers were kept have none.
my %counted;
sub add_trial {
	my ($bug, $e, $lim, $found, $secs, $execs, $trig, $tsecs, $trial) = @_;
	if (defined $trial) {
		return 0 if $counted{$bug}{$e}{$trial}++;
	}
	($found, $secs) = (0, $lim) if $secs > $lim;
	push @{$res{$bug}{$e}}, { found => $found, secs => $secs, execs => $execs,
				  triggered => $trig, tsecs => $tsecs, trial => $trial };
	$seen{$e} = 1;
	return 1;
}

# A trial's result file: (found, secs, execs, triggered, trigger secs), or () if it is missing.
sub read_result {
	my ($rf) = @_;
	open my $fh, '<', $rf or return ();
	my @r = split ' ', scalar <$fh>;
	close $fh;
	return @r;
}

# Adds the trials of a results.json to %res; returns its limit and the compiler its
# trials ran with ('not recorded' in results written before --cc).
sub load_results {
	my ($file) = @_;
	open my $jf, '<', $file or die "bugbench: $file: $!\n";
	my $j = do { local $/; <$jf> };
	close $jf;
	my ($lim) = $j =~ /"limit":([\d.]+)/;
	die "bugbench: $file: no limit\n" unless defined $lim;
	my $again = 0;
	while ($j =~ /\{"bug":"([^"]+)","engine":"([^"]+)","found":(\d+),"secs":([\d.]+),"execs":(\d+)(?:,"triggered":(\d+),"trigger_secs":([\d.]+))?(?:,"trial":(\d+))?\}/g) {
		$again += !add_trial($1, $2, $lim, $3, $4, $5, $6 // $3, $7 // $4, $8);
	}
	print "bugbench: $file: $again trial(s) counted already (the same bug, engine and trial number), "
		. "not added again\n" if $again;
	return ($lim, $j =~ /"cc":"([^"]*)"/ ? $1 : 'not recorded');
}
if ($report_only) {
	($limit, $cc) = load_results("$out/results.json");
	@engines = grep { $seen{$_} } @ENGINES;
	report();
	exit 0;
}
if ($rejudge) {
	for my $dir (sort grep { -d && !m{/ref$} } glob("$out/*")) {
		(my $bug = $dir) =~ s{.*/}{};
		for my $e (@engines) {
			for my $rf (glob("$dir/$e-*.result")) {
				my ($t) = $rf =~ /-(\d+)\.result$/;
				my ($found, $secs, $execs, $trig, $tsecs) = read_result($rf) or next;
				my $log = "$dir/$e-$t.log";
				my $done = -e "$dir/$e-$t.timeout-check-ref";	# judged already
				my $f = $found && !$done ? timeout_is_find($dir, $e, $t, $log, $execs,
									   $bug =~ /^seed-/) : undef;
				if (defined $f) {
					if (!$f) {
						# triggered before the hang, or only by the find
						($trig, $tsecs) = (0, $limit) unless $tsecs < $secs;
						($found, $secs) = (0, $limit);
						open my $wf, '>', $rf or die "bugbench: $rf: $!\n";
						print $wf "$found $secs $execs $trig $tsecs\n";
						close $wf;
					}
					printf "bugbench: %-32s %-9s trial %d: timeout input: %s\n", $bug, $e, $t,
						$f ? 'a find' : 'not a find';
				}
				add_trial($bug, $e, $limit, $found, $secs, $execs, $trig, $tsecs, $t);
			}
		}
	}
	@engines = grep { $seen{$_} } @ENGINES;
	report();
	exit 0;
}
# a planted carry-over (expect: determinism) changes no verdict by design: the
# determinism check catches it, a verdict difference never can
my @muts = sort grep { index($_, $filter) >= 0 && Planted::parse($_)->{expect} ne 'determinism' }
	glob("$top/regress/planted/*.mut");
my @hunts = sort grep { index($_, $filter) >= 0 } keys %seed_hunts;
die "bugbench: no planted bugs match '$filter'\n" unless @muts || @hunts;
print "bugbench: ", scalar(@muts), " planted bugs + ", scalar(@hunts), " seed findings x engines ",
	join(', ', map { "$_ ($trials_of{$_} trials)" } @engines), ", at most ${limit}s each, $jobs at a time\n";
# --reuse-builds: the binaries of an earlier run into the same --out (same tree) are kept
my $refo = $reuse && -e "$out/ref/ref.o" ? "$out/ref/ref.o" : build_reference();
my $seeds = seeds();
my @bugs = ((map { Planted::parse($_) } @muts),
	    (map { { name => $_, hunt => $seed_hunts{$_}, file => 'core/page_alloc.c',
		     replace => '' } } @hunts));
# the builds, $jobs at a time
{
	my %building;
	my @todo = grep { !($reuse && -x "$out/$_->{name}/fuzz_diff" && -x "$out/$_->{name}/random_diff"
			    && (!$with_afl || -x "$out/$_->{name}/afl_diff_cmplog")) } @bugs;
	# every hunt runs the unmodified tree: one build, copied to the other hunts' rows
	my @hunts_todo = grep { $_->{hunt} } @todo;
	@todo = grep { !$_->{hunt} } @todo;
	if (@hunts_todo) {
		my $h = shift @hunts_todo;
		print "bugbench: building $h->{name} (the unmodified model, for every hunt)\n";
		build_bug($h, $refo);
		for my $o (@hunts_todo) {
			make_path("$out/$o->{name}");
			for my $b (qw(fuzz_diff random_diff afl_diff afl_diff_cmplog)) {
				next unless -e "$out/$h->{name}/$b";
				run("cp '$out/$h->{name}/$b' '$out/$o->{name}/$b'");
			}
		}
	}
	while (@todo || %building) {
		while (@todo && keys(%building) < $jobs) {
			my $m = shift @todo;
			print "bugbench: building $m->{name}\n";
			my $pid = fork();
			die "bugbench: fork: $!\n" unless defined $pid;
			if (!$pid) {
				build_bug($m, $refo);
				exit 0;
			}
			$building{$pid} = $m->{name};
		}
		my $pid = waitpid(-1, 0);
		last if $pid < 0;
		my $name = delete $building{$pid};
		die "bugbench: building $name failed\n" if $? && defined $name;
	}
}
for my $m (@bugs) {
	my $dir = "$out/$m->{name}";
	for my $e (@engines) {
		push @queue, [$m->{name}, $dir, $e, $_, $m->{hunt}] for $first .. $first + $trials_of{$e} - 1;
	}
}
# run the trials, $jobs at a time; each child writes its result line to a file
my %running;
while (@queue || %running) {
	while (@queue && keys(%running) < $jobs) {
		my $q = shift @queue;
		my $pid = fork();
		die "bugbench: fork: $!\n" unless defined $pid;
		if (!$pid) {
			my @r = trial($q->[1], $q->[2], $q->[3], $seeds, $q->[4]);
			open my $fh, '>', "$q->[1]/$q->[2]-$q->[3].result" or exit 1;
			print $fh "@r\n";
			close $fh;
			exit 0;
		}
		$running{$pid} = $q;
	}
	my $pid = waitpid(-1, 0);
	last if $pid < 0;
	my $q = delete $running{$pid} or next;
	my ($found, $secs, $execs, $trig, $tsecs) = read_result("$q->[1]/$q->[2]-$q->[3].result")
		or die "bugbench: trial $q->[0] lost\n";
	add_trial($q->[0], $q->[2], $limit, $found, $secs, $execs, $trig, $tsecs, $q->[3]);
	printf "bugbench: %-32s %-9s trial %d: %s after %.1fs, %d execs%s\n", $q->[0], $q->[2],
		$q->[3], $found ? 'FOUND' : 'not found', $secs, $execs,
		!$found && $trig ? sprintf(' (triggered after %.1fs)', $tsecs) : '';
}

for my $d (grep { length } split /,/, $merge) {
	my ($lim) = load_results("$d/results.json");
	die "bugbench: $d was run with a limit of ${lim}s, this run ${limit}s\n" if $lim != $limit;
}
my %have = map { $_ => 1 } @engines, keys %seen;
@engines = grep { $have{$_} } @ENGINES;
report();
exit 0;

sub report {
# two tables: the planted bugs (and the seed's own findings), then the real ones
# (the diff rows: historic bugs as revert variants, and the 4.7 premature OOM)
my (@lines, %curve);
my @planted = grep { !/^diff-/ } sort keys %res;
my @real = grep { /^diff-/ } sort keys %res;
push @lines, table_lines(\%curve, @planted) if @planted;
if (@real) {
	push @lines, '' if @planted;
	push @lines, 'real bugs: the diff target, v4.2 against a variant (pafuzz patches); '
		. 'found = the first input whose verdicts differ';
	push @lines, table_lines(\%curve, @real);
}
table_end(\@lines, \%curve);
}

# The rows of one table and its summary lines.
sub table_lines {
my ($curve, @bugs) = @_;
my @lines;
push @lines, sprintf("%-32s %-9s %6s %9s %9s %12s %6s %9s", 'bug', 'engine', 'found', 'median s',
	'RMST s', 'median execs', 'trig', 'trig med');
my (%bug_best, %every, %med_of);
my %in = map { $_ => 1 } @bugs;
for my $bug (@bugs) {
	for my $e (@engines) {
		my @t = @{$res{$bug}{$e} // []};
		next unless @t;
		my ($med, $rmst) = kaplan_meier(map { [$_->{secs}, $_->{found}] } @t);
		my $k = grep { $_->{found} } @t;
		my $mex = median(map { $_->{execs} } grep { $_->{found} } @t);
		my $hunt = $bug =~ /^seed-/;	# no reference build: nothing to trigger against
		my ($tmed) = kaplan_meier(map { [$_->{tsecs} // $_->{secs}, $_->{triggered} // $_->{found}] } @t);
		my $tk = grep { $_->{triggered} // $_->{found} } @t;
		push @lines, sprintf("%-32s %-9s %3d/%-2d %9s %9.1f %12s %6s %9s", $bug, $e, $k, scalar @t,
			defined $med ? sprintf('%.1f', $med) : ">$limit", $rmst,
			defined $mex ? $mex : '-', $hunt ? '-' : sprintf('%d/%d', $tk, scalar @t),
			$hunt ? '-' : defined $tmed ? sprintf('%.1f', $tmed) : ">$limit");
		$bug_best{$bug} = $med if defined $med && (!defined $bug_best{$bug} || $med < $bug_best{$bug});
		$every{$bug} = 1 if $k == @t;
		$med_of{$bug}{$e} = $med // 1e9;
		push @{$curve->{$e}}, map { [$_->{secs}, $_->{found}] } @t;
	}
}
my @best = map { $bug_best{$_} // 1e9 } @bugs;
my $overall = median(@best);
push @lines, '';
push @lines, sprintf("bugs found by some engine (KM median within %ds): %d/%d; median over bugs of "
	. "the best engine's median: %s", $limit, scalar(grep { $_ < 1e9 } @best), scalar @best,
	$overall >= 1e9 ? ">$limit s" : sprintf('%.1f s', $overall));
push @lines, sprintf("bugs found in every trial by some engine: %d/%d", scalar(keys %every),
	scalar @bugs);
if (grep { $_ eq 'random' } @engines) {
	my ($win, $lose, $tie) = (0, 0, 0);
	for my $bug (@bugs) {
		my $r = $med_of{$bug}{random} // next;
		my @g = grep { defined } map { $med_of{$bug}{$_} } qw(libfuzzer afl);
		next unless @g;
		my ($g) = sort { $a <=> $b } @g;
		if ($g < $r) { $win++ } elsif ($g > $r) { $lose++ } else { $tie++ }
	}
	push @lines, "guided (best of libfuzzer, afl) vs random, KM median: faster on $win bugs, "
		. "slower on $lose, equal on $tie (equal includes found by neither)";
}
my %cells;
for my $bug (@bugs) { $cells{$_}{scalar @{$res{$bug}{$_}}} = 1 for keys %{$res{$bug}}; }
push @lines, "trials per bug: " . join(', ', map { "$_ " . join('/', sort { $a <=> $b } keys %{$cells{$_}}) }
	grep { $cells{$_} } @engines) . " (the published table wants >= 10), limit ${limit}s;"
	. " machine: " . (`nproc` =~ s/\s+//r) . " cpus; compiler: $cc";
return @lines;
}

# Writes the tables, the raw results and the survival plot.
sub table_end {
my ($lref, $curve) = @_;
my @lines = @$lref;
my %curve = %$curve;
open my $tf, '>', "$out/table.txt" or die;
print $tf "$_\n" for @lines;
close $tf;
print "\n", map { "$_\n" } @lines;

# raw results
open my $jf, '>', "$out/results.json" or die;
print $jf "{\"limit\":$limit,\"trials\":$trials,\"cc\":\"$cc\",\"results\":[";
my $first = 1;
for my $bug (sort keys %res) {
	for my $e (sort keys %{$res{$bug}}) {
		for my $r (@{$res{$bug}{$e}}) {
			print $jf ($first ? '' : ','), sprintf('{"bug":"%s","engine":"%s","found":%d,"secs":%.2f,"execs":%d,'
				. '"triggered":%d,"trigger_secs":%.2f%s}', $bug, $e, $r->{found}, $r->{secs},
				$r->{execs}, $r->{triggered} // $r->{found}, $r->{tsecs} // $r->{secs},
				defined $r->{trial} ? ",\"trial\":$r->{trial}" : '');
			$first = 0;
		}
	}
}
print $jf "]}\n";
close $jf;

# survival curves: fraction of (bug, trial) pairs not found yet, per engine
my ($W, $H, $L, $B) = (640, 400, 60, 40);
my %colour = (libfuzzer => '#1f77b4', defaults => '#ff7f0e', random => '#2ca02c', afl => '#d62728',
	      'libfuzzer-timed' => '#9467bd');
open my $sf, '>', "$out/survival.svg" or die;
print $sf qq{<svg xmlns="http://www.w3.org/2000/svg" width="$W" height="$H" font-family="sans-serif" font-size="12">\n};
print $sf qq{<rect width="$W" height="$H" fill="white"/>\n};
my ($pw, $ph) = ($W - $L - 20, $H - $B - 30);
print $sf qq{<line x1="$L" y1="20" x2="$L" y2="}, 20 + $ph, qq{" stroke="black"/>\n};
print $sf qq{<line x1="$L" y1="}, 20 + $ph, qq{" x2="}, $L + $pw, qq{" y2="}, 20 + $ph, qq{" stroke="black"/>\n};
print $sf qq{<text x="}, $L + $pw / 2 - 40, qq{" y="}, $H - 8, qq{">seconds (limit $limit)</text>\n};
print $sf qq{<text x="5" y="15">survival: share of (bug, trial) not found yet</text>\n};
for my $k (0 .. 4) {
	my $y = 20 + $ph * $k / 4;
	printf $sf qq{<text x="%d" y="%d">%.2f</text>\n}, 20, $y + 4, 1 - $k / 4;
}
my $ei = 0;
for my $e (@engines) {
	my @obs = sort { $a->[0] <=> $b->[0] } @{$curve{$e} // []};
	next unless @obs;
	my ($s, $n, @pts) = (1, scalar @obs);
	push @pts, [0, 1];
	for my $o (@obs) {
		my $t = $o->[0] > $limit ? $limit : $o->[0];
		push @pts, [$t, $s];
		$s *= 1 - 1 / $n if $o->[1];
		push @pts, [$t, $s];
		$n--;
	}
	push @pts, [$limit, $s];
	my $path = join ' ', map { sprintf('%.1f,%.1f', $L + $pw * $_->[0] / $limit, 20 + $ph * (1 - $_->[1])) } @pts;
	my $c = $colour{$e} // 'black';
	print $sf qq{<polyline fill="none" stroke="$c" stroke-width="2" points="$path"/>\n};
	printf $sf qq{<text x="%d" y="%d" fill="%s">%s</text>\n}, $L + $pw - 90, 40 + 16 * $ei++, $c, $e;
}
print $sf "</svg>\n";
close $sf;
print "\nbugbench: $out/table.txt, $out/results.json, $out/survival.svg\n";
}
