#!/usr/bin/env perl
# restart-check.pl - a fuzz job survives kill -9 and a restart without losing anything.
#
# Starts `make fuzz` in build/fuzz-rc (its own process group), lets it run, kills the
# whole group with SIGKILL in the middle, notes every finding and known input on disk,
# restarts the job, and checks: every noted file is still there; every finding and
# known input replays with `pafuzz run` (a verdict, not a crash or a bad input); the
# working corpus is not empty; triage filed every signature seen before the kill.
# With AFL++ (ENGINE=afl or both), every crash in AFL++'s output directory at the kill
# must reach findings/ (compared by content).
# Prints TAP.  Usage: perl scripts/restart-check.pl [SECONDS-BEFORE-KILL] [TARGET] [ENGINE]
use strict;
use warnings;
use POSIX qw(setsid);
use FindBin;
use lib "$FindBin::Bin/lib";
use Jobs;
use Time::HiRes qw(sleep);

my $before = shift // 40;
my $target = shift // 'slowpath';
my $engine = shift // 'libfuzzer';
$ENV{PAFUZZ_TARGET} = $target;	# findings replay as the target ran them (pafuzz --target)
my $fz = 'build/fuzz-rc';
my $pafuzz = 'build/clang-asan-ubsan-d1/pafuzz';
system("rm -rf '$fz'");
*check = \&Jobs::check;

# the first job, in its own session so that kill -9 reaches libFuzzer's workers too
my $pid = fork();
die "restart-check: fork: $!\n" unless defined $pid;
if (!$pid) {
	setsid();
	exec("make --no-print-directory fuzz FZ=$fz TARGET=$target ENGINE=$engine DURATION=" . ($before * 4)
	     . " > $fz.first.log 2>&1") or exit 127;
}
# wait until the fuzzer runs, then let it work
for (1 .. 600) { last if -s "$fz/$target.log" || -s "$fz/afl-main.log"; sleep 0.5; }
sleep $before;
my %noted;
for my $d ("$fz/findings/$target", "$fz/seen/$target", "$fz/known/$target") {
	$noted{$_} = 1 for grep { -f } glob("$d/*");
}
my $corpus_before = () = glob("$fz/work/$target/*");
# AFL++'s crashes still in its output directory: their contents must reach findings/
my %afl_crash;
for my $c (grep { -f } glob("$fz/afl-out/*/crashes/id*")) {
	my $sum = `cksum < '$c'`;
	$afl_crash{(split ' ', $sum)[0]} = $c;
}
kill 'KILL', -$pid;
waitpid($pid, 0);
print "# killed the job after ${before}s: ", scalar(keys %noted), " finding/known input(s) and ",
	"$corpus_before corpus input(s) on disk\n";

# the restart
my $rc = system("make --no-print-directory fuzz FZ=$fz TARGET=$target ENGINE=$engine DURATION=$before "
	. "> $fz.second.log 2>&1");
check($rc == 0, "the restarted job ran to its end");
my @lost = grep { !-f $_ } sort keys %noted;
check(!@lost, "every finding and known input noted before the kill is still there"
	. (@lost ? " (lost: @lost)" : ''));
my %have;
for my $f (grep { -f } glob("$fz/findings/$target/*")) {
	my $sum = `cksum < '$f'`;
	$have{(split ' ', $sum)[0]} = 1;
}
my @afl_lost = grep { !$have{$_} } sort keys %afl_crash;
check(!@afl_lost, "every AFL++ crash on disk at the kill (" . scalar(keys %afl_crash)
	. ") was copied into findings/" . (@afl_lost ? " (lost: @afl_crash{@afl_lost})" : ''));
my (@bad, %sigs);
for my $f (grep { -f } glob("$fz/findings/$target/* $fz/seen/$target/* $fz/known/$target/*")) {
	# a verdict for the file itself; a timeout, sanitizer report or abort broke pafuzz
	my ($verdict, $sig) = Jobs::classify($pafuzz, $f);
	push @bad, $f if Jobs::broke_pafuzz($verdict);
	$sigs{$sig} = 1 if $noted{$f} && defined $verdict && $verdict ne 'ok';
}
check(!@bad, "every finding replays with pafuzz run" . (@bad ? " (not: @bad)" : ''));
my $corpus_after = () = glob("$fz/work/$target/*");
check($corpus_after > 0, "the working corpus survived ($corpus_before before the kill, "
	. "$corpus_after after the restart and its merge)");
my $report = -f "$fz/triage/$target/report.txt" ? `cat '$fz/triage/$target/report.txt'` : '';
my @missing = grep { index($report, $_) < 0 } sort keys %sigs;
check($report && !@missing, "triage lists every signature found before the kill ("
	. scalar(keys %sigs) . ")" . (@missing ? "; missing: @missing" : ''));
exit(Jobs::done());
