#!/usr/bin/env perl
# test_cli.pl - the pafuzz command's options that the C tests do not reach: fuzz's
# option checks (it must refuse before starting a job), run --steps, replay --zones.
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
exit(Jobs::done());
