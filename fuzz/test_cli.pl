#!/usr/bin/env perl
# test_cli.pl - the pafuzz command's options that the C tests do not reach: fuzz's
# option checks (it must refuse before starting a job), run --steps, replay --zones,
# every command refusing a bad program or fault, the order findings are listed in,
# run's exit status when a case's pinned trace or expected verdict is not met, and
# the expect lines minimize keeps.
# Prints TAP.  Usage: perl fuzz/test_cli.pl PAFUZZ
use strict;
use warnings;
use FindBin;
use lib $FindBin::Bin;
use Jobs;

my $pafuzz = shift or die "usage: test_cli.pl PAFUZZ\n";
*check = \&Jobs::check;
sub run { my ($args) = @_; my $out = `'$pafuzz' $args 2>&1`; return ($? >> 8, $out); }

my ($rc, $out) = run('fuzz --help');
check($rc == 0 && $out =~ /--engine libfuzzer\|afl\|both/, 'pafuzz fuzz --help names the engines');
for my $bad (['--engine foo', 'bad option or value: --engine foo'],
	     ['--duration 10s', 'bad option or value: --duration 10s'],
	     ['--jobs 0', 'bad option or value: --jobs 0'],
	     ['--workdir /tmp/x', 'bad option or value: --workdir /tmp/x'],
	     ['--workdir ../x', 'bad option or value: --workdir ../x'],
	     ['--target', '--target needs a value'],
	     ['--fault compact.migrat:times=1', "fault 'compact.migrat': unknown fault point"],
	     ['--fault compact.migrate:probability=130', "expected a number 0..100, got '130'"]) {
	($rc, $out) = run("fuzz $bad->[0]");
	check($rc == 2 && index($out, $bad->[1]) >= 0, "pafuzz fuzz $bad->[0]: exit 2, says '$bad->[1]'");
}
($rc, $out) = run('run --steps regress/0002-nofs-keeps-looping.pz');
my ($steps) = $out =~ / steps=(\S+)$/m;
$steps //= '';
check($steps =~ /(^|,)retry(,|$)/ && $steps =~ /__alloc_pages_may_oom/ && $steps !~ /thp-nopage/,
      "run --steps lists the seed steps the NOFS livelock passes ($steps)");
($rc, $out) = run('run regress/0002-nofs-keeps-looping.pz');
check($out !~ /steps=/, 'run without --steps prints no steps');
($rc, $out) = run('replay regress/0043-fault-compact-migrate.pz --zones');
my @rows = grep { /^\d+\t/ } split /\n/, $out;
my ($events) = $out =~ /\((\d+) events/;
check($out =~ /^# zone 0\/Normal managed=256 min=\d+ low=\d+ high=\d+$/m && $events && @rows == $events,
      'replay --zones: a zone header and one row per event (' . scalar(@rows) . ')');
check((grep { (split /\t/)[3] eq 'compaction' } @rows) && (grep { (split /\t/)[3] eq 'reclaim' } @rows),
      'replay --zones marks compaction and reclaim');
# a regression case whose run differs from what it pins: exit 1 and say why
my $case = 'regress/0061-oom-score-adj-min-protects.pz';
open my $cf, '<', $case or die "$case: $!\n";
my @lines = <$cf>;
close $cf;
my ($pin) = map { /^trace (\S+)/ ? $1 : () } @lines;
for my $c (['trace 0123456789abcdef', "expect not met: trace hash $pin, the case pins 0123456789abcdef"],
	   ['expect livelock livelock@', 'expect not met: got ok ok; expected livelock livelock@']) {
	my ($line, $want) = @$c;
	my $kind = (split / /, $line)[0];
	my $tmp = ($ENV{TMPDIR} // '/tmp') . "/pafuzz-test-cli-$$.pz";
	open my $o, '>', $tmp or die "$tmp: $!\n";
	print $o map { /^\Q$kind\E / ? "$line\n" : $_ } @lines;
	close $o;
	($rc, $out) = run("run $tmp");
	unlink $tmp;
	check($rc == 1 && index($out, $want) >= 0, "run of a case with a wrong '$kind' line: exit 1, says '$want'");
}
($rc, $out) = run("run $case");
check($rc == 0 && $out !~ /expect not met/, 'run of the case as pinned: exit 0');
# minimize keeps the expect lines and the trace pin its result meets, drops the rest:
# a finding minimized from a file that expected ok then reports the finding
{
	my $tmp = ($ENV{TMPDIR} // '/tmp') . "/pafuzz-test-cli-min-$$";
	open my $lf, '<', 'regress/0002-nofs-keeps-looping.pz' or die "0002: $!\n";
	my @l = <$lf>;
	close $lf;
	open my $o, '>', "$tmp.pz" or die "$tmp.pz: $!\n";
	print $o map { /^expect / ? "expect ok\n" : $_ } @l;
	close $o;
	($rc, $out) = run("minimize $tmp.pz -o $tmp.min.pz");
	my $min = do { local (@ARGV, $/) = ("$tmp.min.pz"); <> } // '';
	check($rc == 0 && $out =~ /dropped 2 expect or trace lines/ && $min !~ /^(expect|trace) /m,
	      'minimize drops an expect line and a trace pin its result does not meet');
	($rc, $out) = run("run $tmp.min.pz");
	check($rc == 1 && $out =~ /: livelock / && $out !~ /expect not met/,
	      'run of that minimized case reports the livelock (exit 1)');
	($rc, $out) = run("minimize regress/0002-nofs-keeps-looping.pz -o $tmp.min.pz");
	$min = do { local (@ARGV, $/) = ("$tmp.min.pz"); <> } // '';
	check($rc == 0 && $out !~ /dropped/ && $min =~ /^expect livelock /m && $min =~ /^trace /m,
	      'minimize keeps the expect line and the trace pin its result meets');
	($rc, $out) = run("run $tmp.min.pz");
	check($rc == 0, 'run of that minimized case: as expected (exit 0)');
	unlink "$tmp.pz", "$tmp.min.pz";
}
# a bad program or a bad fault: every command says where and exits 2, with no
# sanitizer report (the runner must be freed on the error path too)
{
	my $bad = ($ENV{TMPDIR} // '/tmp') . "/pafuzz-test-cli-bad-$$.pz";
	open my $o, '>', $bad or die "$bad: $!\n";
	print $o "pafuzz 1\nlayout default\ntask A\nalloc A GFP_KERNEL order=zero -> h0\n";
	close $o;
	for my $cmd ("run $bad", "replay $bad", "explain $bad", "minimize $bad",
		     'run --fault nosuch:times=1 regress/0001-kernel-plenty.pz',
		     'replay --fault nosuch:times=1 regress/0001-kernel-plenty.pz',
		     'explain --fault nosuch:times=1 regress/0001-kernel-plenty.pz') {
		($rc, $out) = run($cmd);
		my $where = $cmd =~ /nosuch/ ? "fault 'nosuch'" : "$bad:4:";
		check($rc == 2 && index($out, $where) >= 0 && $out !~ /Sanitizer|ERROR:/,
		      "pafuzz $cmd: exit 2, says '$where', no sanitizer report");
	}
	unlink $bad;
}
# explain ablates named answers too: the livelock of 0072 needs both of its own
($rc, $out) = run('explain regress/0072-killed-task-throttled-fake-progress.pz');
check($out =~ /^named answer ablation/m && $out =~ /^  answer kswapd_run=stalls forever: needed$/m &&
      $out =~ /^  answer too_many_isolated=yes forever: needed$/m,
      'explain: each named answer of a livelock is ablated and said needed');
# a text program larger than the binary form: convert refuses it, saying why
{
	my $big = ($ENV{TMPDIR} // '/tmp') . "/pafuzz-test-cli-big-$$.pz";
	open my $o, '>', $big or die "$big: $!\n";
	print $o "pafuzz 1\nlayout tiny\ntask A\n", map { "alloc A GFP_KERNEL -> h$_\nfree h$_\n" } 0 .. 99;
	close $o;
	($rc, $out) = run("convert --binary $big $big.bin");
	check($rc == 2 && $out =~ /no binary form: 200 operations: the binary form holds at most 64/ &&
	      !-s "$big.bin", 'convert: a 200-operation program has no binary form (exit 2, says why)');
	($rc, $out) = run("run $big");
	check($rc == 0 && $out =~ /: ok ok /, 'run: the 200-operation text program runs');
	unlink $big, "$big.bin";
}
# triage and the job report list findings worst first
{
	my @v = sort { Jobs::severity($a) <=> Jobs::severity($b) }
		qw(warning retry-storm livelock gfp-contract leak buddy-corrupt model-bug harness-crash);
	check("@v" eq 'harness-crash model-bug buddy-corrupt leak gfp-contract livelock retry-storm warning',
	      "findings are listed worst first (@v)");
}
exit(Jobs::done());
