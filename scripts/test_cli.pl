#!/usr/bin/env perl
# test_cli.pl - the pafuzz command's options that the C tests do not reach: fuzz's
# option checks (it must refuse before starting a job), run --steps, replay --zones,
# every command refusing a bad program or fault, the order findings are listed in,
# run's exit status when a case's pinned trace or expected verdict is not met, the
# expect lines minimize keeps; and the edges (issue 28): the input contract (what is
# read, what is text, references in text), one option parser with help and version,
# outputs written whole and never over a file without -f, minimize's contract (a
# finding only, repeated answers and unneeded faults go), PAFUZZ_FAULTS and
# PAFUZZ_TARGET checked, --target buddy, a named slowpath or buddy target refusing
# programs that name patches, and the regression runner's quoting; pafuzz diff and
# patches on the same rules.
# Prints TAP.  Usage: perl scripts/test_cli.pl PAFUZZ
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Jobs;

my $pafuzz = shift or die "usage: test_cli.pl PAFUZZ\n";
# the prototype gives the condition scalar context: `$rc == 1 && $out =~ /x/` in list
# context is an empty list when the match fails, and the name would count as a pass
sub check ($$) { return Jobs::check($_[0], $_[1]); }
sub run { my ($args) = @_; my $out = `'$pafuzz' $args 2>&1`; return ($? >> 8, $out); }

my ($rc, $out) = run('fuzz --help');
check($rc == 0 && $out =~ /--engine .*libfuzzer\|afl\|both/, 'pafuzz fuzz --help names the engines');
for my $bad (['--engine foo', 'bad option or value: --engine foo'],
	     ['--duration 10s', 'bad option or value: --duration 10s'],
	     ['--jobs 0', 'bad option or value: --jobs 0'],
	     ['--workdir /tmp/x', 'bad option or value: --workdir /tmp/x'],
	     ['--workdir ../x', 'bad option or value: --workdir ../x'],
	     ['--target', '--target needs a value'],
	     ['--fault compact.migrat:times=1', "fault 'compact.migrat': unknown fault point"],
	     ['--fault compact.migrate:probability=130', "expected a number 0..100, got '130'"],
	     ['--patches oom-reapr', '--patches oom-reapr: expected patch names'],
	     ['--patches "x;y"', 'expected patch names']) {
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
	($rc, $out) = run("minimize -f regress/0002-nofs-keeps-looping.pz -o $tmp.min.pz");
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
# ---- the input contract, options, safe writes, minimize's contract (issue 28) ----
# Each case was tried as a new user would; each must give exit 2 (or the right
# verdict), a message naming the file (and line) and the problem, and no sanitizer
# report.  The arguments go to pafuzz without a shell.
my $dir = ($ENV{TMPDIR} // '/tmp') . "/pafuzz-test-cli-$$";
mkdir $dir or die "$dir: $!\n";
sub runv {
	my $env = ref $_[0] eq 'HASH' ? shift : {};
	return Jobs::run_capture($env, $pafuzz, @_);
}
sub spew { my ($path, $data) = @_; open my $f, '>:raw', $path or die "$path: $!\n"; print $f $data; close $f; }
sub slurp { my ($path) = @_; open my $f, '<:raw', $path or return undef; local $/; my $d = <$f>; close $f; return $d; }
sub clean { return $_[0] !~ /Sanitizer|runtime error|ERROR:|LeakSanitizer/; }
my $ok_prog = "pafuzz 1\ntask A\nalloc A GFP_KERNEL order=0 -> h0\n";

# directories, devices, missing files: refused, never run as an empty binary program
($rc, $out) = runv('run', $dir);
check($rc == 2 && $out =~ /^pafuzz run: \Q$dir\E: is a directory; expected a program file$/m
      && $out !~ /: ok / && clean($out), 'run DIR: exit 2, "DIR: is a directory"');
($rc, $out) = runv('convert', $dir, "$dir/out.pz");
check($rc == 2 && $out =~ /\Q$dir\E: is a directory/ && !-e "$dir/out.pz" && clean($out),
      'convert DIR OUT: exit 2, nothing written');
($rc, $out) = runv('replay', '/dev/null');
check($rc == 2 && $out =~ m{^pafuzz replay: /dev/null: not a regular file}m && clean($out),
      'replay /dev/null: exit 2, "not a regular file"');
($rc, $out) = runv('explain', "$dir/missing.pz");
check($rc == 2 && $out =~ /missing.pz: cannot read: No such file or directory/ && clean($out),
      'explain of a missing file: exit 2, says so');
if ($>) {	# root reads any file
	spew("$dir/noread.pz", $ok_prog);
	chmod 0, "$dir/noread.pz";
	($rc, $out) = runv('run', "$dir/noread.pz");
	check($rc == 2 && $out =~ /noread.pz: cannot read: Permission denied/ && clean($out),
	      'an unreadable file: exit 2, says so');
}
spew("$dir/empty.pz", '');
($rc, $out) = runv('run', "$dir/empty.pz");
check($rc == 2 && $out =~ /empty.pz: empty; expected a program/ && clean($out), 'an empty file: exit 2');

# read whole: an expect line past 64 KiB counts; a line across the 64 KiB mark parses
{
	my $head = "pafuzz 1\ntask A\n";
	my $pad = "# " . ('x' x 61) . "\n";
	my $text = $head . ($pad x int((65536 - 20 - length $head) / length $pad));
	$text .= '#' x (65530 - length $text) . "\n";
	$text .= "alloc A GFP_KERNEL order=0 -> h0\n" . ($pad x 40) . "expect livelock\n";
	spew("$dir/long.pz", $text);
	($rc, $out) = runv('run', "$dir/long.pz");
	check($rc == 1 && $out =~ /long.pz: expect not met: got ok ok; expected livelock/ && clean($out),
	      'a ' . length($text) . '-byte program: read whole, its last expect line counts (exit 1)');
	# at the cap: a program of 4 MiB is read whole; one byte more is refused, unread
	my $big = $head . ($pad x int((4194304 - length($head) - 40) / length $pad));
	$big .= '#' x (4194304 - 17 - length $big) . "\nexpect livelock\n";
	spew("$dir/cap.pz", $big);
	($rc, $out) = runv('run', "$dir/cap.pz");
	check(length($big) == 4194304 && $rc == 1 && $out =~ /cap.pz: expect not met/,
	      'a program of exactly 4 MiB is read whole');
	open my $f, '>', "$dir/over.pz" or die;
	truncate $f, 4194305;
	close $f;
	($rc, $out) = runv('convert', "$dir/over.pz", "$dir/over.out");
	check($rc == 2 && $out =~ /over.pz: too large: 4194305 bytes; a program is at most 4194304/
	      && !-e "$dir/over.out" && clean($out), 'a file over 4 MiB: exit 2, "too large"');
}

# text is text: a BOM, blank or comment lines or spaces before the version line; text
# without it is refused, not run as binary bytes
for my $c (["\xEF\xBB\xBF", 'a UTF-8 BOM'], ["\n\n", 'blank lines'], ['  ', 'spaces'],
	   ["  # an indented comment\n\n# more\n", 'comment lines'], ["\r\n", 'a CRLF blank line']) {
	spew("$dir/lead.pz", $c->[0] . $ok_prog . "expect livelock\n");
	($rc, $out) = runv('run', "$dir/lead.pz");
	check($rc == 1 && $out =~ /lead.pz: ok ok .*\n.*expect not met: got ok ok; expected livelock/,
	      "a program that starts with $c->[1] is text: its expect line counts");
}
spew("$dir/nohdr.pz", "# a case without its version line\ntask A\nalloc A GFP_KERNEL order=0 -> h0\n"
     . "expect livelock\n");
for my $cmd (qw(run replay explain minimize convert)) {
	($rc, $out) = runv($cmd, "$dir/nohdr.pz", $cmd eq 'convert' ? ("$dir/nohdr.out") : ());
	check($rc == 2 && $out =~ /^pafuzz $cmd: \Q$dir\E\/nohdr.pz:2:1: expected the version line 'pafuzz 1' first$/m
	      && !-e "$dir/nohdr.out" && clean($out), "$cmd of text without 'pafuzz 1': exit 2, at line 2");
}

# a fuzzer's binary input that begins with '#' is binary: every one replays
{
	my $x = 12345;
	my $rnd = sub { $x = ($x * 1103515245 + 12345) % 2147483648; return ($x >> 16) & 255; };
	my @files;
	for my $i (1 .. 200) {
		my $len = 6 + $rnd->() % 90;
		my $bytes = '#' . join('', map { chr($rnd->()) } 1 .. $len);
		substr($bytes, 3, 1) = chr(1 + $rnd->() % 8);	# a byte no text has
		spew("$dir/hash-$i.bin", $bytes);
		push @files, "$dir/hash-$i.bin";
	}
	($rc, $out) = runv('run', @files);
	my $ran = () = $out =~ /^\S+hash-\d+\.bin: [a-z-]+ \S+ trace=[0-9a-f]{16}/mg;
	check($ran == 200 && $rc != 2 && clean($out),
	      "200 binary inputs that begin with '#' all run (ran $ran, exit $rc)");
}

# handles are made before use and freed once (text: file:line:column)
spew("$dir/h7.pz", $ok_prog . "free h7\n");
($rc, $out) = runv('run', "$dir/h7.pz");
check($rc == 2 && $out =~ /h7.pz:4:6: no handle h7: the lines so far made h0..h0/ && clean($out),
      'free h7 of no allocation: exit 2 at 4:6');
spew("$dir/twice.pz", $ok_prog . "free h0\nfree h0\n");
($rc, $out) = runv('replay', "$dir/twice.pz");
check($rc == 2 && $out =~ /twice.pz:5:6: h0 is freed twice \(line 4 freed it\)/ && clean($out),
      'free h0 twice: exit 2 at 5:6, names the line of the first free');
spew("$dir/v3.pz", "pafuzz 1\ntask A\nmmap_anon A 8 -> v0\ntouch A v3 0 8\n");
($rc, $out) = runv('run', "$dir/v3.pz");
check($rc == 2 && $out =~ /v3.pz:4:9: no mapping v3/ && clean($out), 'touch of no mapping: exit 2');

# groups, give and release follow the same rule (issue 23's shaping operations): a
# handle given away is not freed, a group given away or released whole is not used
spew("$dir/gave.pz", $ok_prog . "give h0\nfree h0\n");
($rc, $out) = runv('run', "$dir/gave.pz");
check($rc == 2 && $out =~ /gave.pz:5:6: h0 is freed after line 4 gave it away/ && clean($out),
      'free of a handle given away: exit 2 at 5:6');
spew("$dir/g1.pz", "pafuzz 1\ntask A\nfill A\nrelease g1 every=2\n");
($rc, $out) = runv('run', "$dir/g1.pz");
check($rc == 2 && $out =~ /g1.pz:4:9: no group g1: the lines so far made g0..g0/ && clean($out),
      'release of no group: exit 2 at 4:9');

# minimize knows which operations make and use groups: removing a group's maker takes
# its release and give along, and renumbers the gN of the rest, so the result parses
{
	# the release is needed while the fill is there (without it: another warning);
	# without both, free memory gives the same warning in the fast path
	spew("$dir/grp.pz", "pafuzz 1\nlayout tiny\nwarnings_fatal\ntask A\ntask B\nfill B -> g0\n"
	     . "release g0 every=16 keep=8\nalloc A GFP_KERNEL|__GFP_NOFAIL order=3 -> h0\n");
	($rc, $out) = runv('minimize', "$dir/grp.pz", '-o', "$dir/grp.min.pz");
	my $min = slurp("$dir/grp.min.pz") // '';
	my ($r2, $o2) = runv('run', "$dir/grp.min.pz");
	check($rc == 0 && $min !~ /^(fill|release)/m && $r2 == 1
	      && $o2 =~ /grp.min.pz: warning warning:nofail-high-order\@fastpath/,
	      'minimize removes a fill with the release of its group; the result parses and keeps '
	      . "the finding (exit $r2)");
	# a fragment's group nothing needs goes; the give of the next group, needed, is
	# renumbered from g1 to g0
	spew("$dir/ren.pz", "pafuzz 1\nlayout tiny\nwarnings_fatal\ntask A\ntask B\n"
	     . "fragment A zone=Normal every=2 keep=0 unmovable -> g0\nrelease g0 every=2 keep=1\n"
	     . "fill B -> g1\ngive g1\nyield_free 64\nanswer yield=free forever\n"
	     . "alloc A GFP_NOFS|__GFP_NOFAIL order=3 -> h0\n");
	($rc, $out) = runv('minimize', "$dir/ren.pz", '-o', "$dir/ren.min.pz");
	$min = slurp("$dir/ren.min.pz") // '';
	($r2, $o2) = runv('run', "$dir/ren.min.pz");
	check($rc == 0 && $min !~ /^(fragment|release)/m && $min =~ /^fill B\ngive g0\n/m && $r2 == 1
	      && $o2 =~ /ren.min.pz: warning warning:nofail-high-order\@__alloc_pages_may_oom/,
	      'minimize removes an unneeded group and renumbers the give of the next one');
}

# a text program of 4096 operations, a file larger than 64 KiB, runs whole from a file;
# one operation more is refused
{
	my $ops = join '', map { "alloc A GFP_KERNEL -> h$_\nfree h$_\n" } 0 .. 2047;
	my $src = "pafuzz 1\nlayout tiny\ntask A\n$ops";
	spew("$dir/4096.pz", $src . "expect ok\n");
	($rc, $out) = runv('run', "$dir/4096.pz");
	my ($r2, $text) = runv('convert', '--text', "$dir/4096.pz", '-');
	my $nops = () = $text =~ /^(alloc|free) /mg;
	spew("$dir/4096x.pz", $src . "expect livelock\n");
	my ($r3, $o3) = runv('run', "$dir/4096x.pz");
	spew("$dir/4097.pz", $src . "alloc A GFP_KERNEL -> h2048\n");
	my ($r4, $o4) = runv('run', "$dir/4097.pz");
	check(length($src) > 65536 && $rc == 0 && $out =~ /4096.pz: ok ok / && $r2 == 0 && $nops == 4096
	      && $r3 == 1 && $o3 =~ /4096x.pz: expect not met: got ok ok; expected livelock/
	      && $r4 == 2 && $o4 =~ /4097.pz:4100:1: at most 4096 operations/ && clean($out . $o4),
	      'run: a ' . length($src) . '-byte file of 4096 operations runs whole (its expect line '
	      . 'counts); 4097 are refused at the line');
}

# writes: whole or not at all, checked, never over an existing file without -f
spew("$dir/ok.pz", $ok_prog);
($rc, $out) = runv('convert', "$dir/ok.pz", '/dev/full');
check($rc == 2 && $out =~ m{^pafuzz convert: /dev/full: write error: No space left on device$}m,
      'convert IN /dev/full: exit 2, "write error"');
($rc, $out) = runv('convert', "$dir/ok.pz", "$dir/a", "$dir/b", "$dir/c");
check($rc == 2 && $out =~ /expected IN OUT, got 4 arguments/ && !-e "$dir/a" && !-e "$dir/c",
      'convert IN a b c: exit 2, writes nothing');
spew("$dir/keep.bin", 'keep');
($rc, $out) = runv('convert', "$dir/ok.pz", "$dir/keep.bin");
check($rc == 2 && $out =~ /keep.bin exists; -f replaces it/ && slurp("$dir/keep.bin") eq 'keep',
      'convert onto an existing file: exit 2, the file untouched');
($rc, $out) = runv('convert', '-f', "$dir/ok.pz", "$dir/keep.bin");
{
	my ($r2, $back) = runv('convert', "$dir/keep.bin", '-');
	my ($r3, $text) = runv('convert', '--text', "$dir/ok.pz", '-');
	check($rc == 0 && $r2 == 0 && $r3 == 0 && $back eq $text && $back =~ /^alloc A GFP_KERNEL/m
	      && !grep({ /\/\.[^\/]*\.[A-Za-z0-9]{6}$/ } glob("$dir/.*")),
	      'convert -f replaces it, leaves no temporary file; the binary converts back the same');
}

# minimize keeps its contract
($rc, $out) = runv('minimize', "$dir/ok.pz");
check($rc == 2 && $out =~ /ok.pz: not a finding \(ok ok\)/ && !-e "$dir/ok.pz.min.pz" && clean($out),
      'minimize of an ok program: exit 2, "not a finding", nothing written');
spew("$dir/case.pz", slurp('regress/0002-nofs-keeps-looping.pz'));
spew("$dir/case.pz.min.pz", 'mine');
($rc, $out) = runv('minimize', "$dir/case.pz");
{
	my $kept = slurp("$dir/case.pz.min.pz");
	my ($r2) = runv('minimize', '-f', "$dir/case.pz");

	check($rc == 2 && $out =~ /case.pz.min.pz exists; -f replaces it/ && $kept eq 'mine'
	      && $r2 == 0 && slurp("$dir/case.pz.min.pz") =~ /^expect livelock /m,
	      'minimize over an existing FILE.min.pz: exit 2, the file untouched; -f replaces it');
}
($rc, $out) = runv('minimize', "$dir/case.pz", '-o');
check($rc == 2 && $out =~ /^pafuzz minimize: -o needs a value \(OUT\)$/m, 'minimize -o without a value: exit 2');
for my $to ("$dir/no/such/dir/x.pz", ($> ? ("$dir/ro/x.pz") : ())) {
	mkdir "$dir/ro", 0555 if $to =~ m{/ro/};
	($rc, $out) = runv('minimize', "$dir/case.pz", '-o', $to);
	check($rc == 2 && $out =~ /x.pz: cannot create a file beside it/ && clean($out),
	      "minimize into a directory it cannot write: exit 2, no sanitizer report ($to)");
}
{
	# a real job's reproducer kept 30 copies of one forever answer and a fault it did not need
	my $src = slurp('regress/0035-fault-too-many-isolated.pz');
	$src =~ s/^(fault|expect) .*\n//mg;
	$src .= "answer too_many_isolated=yes forever\n" x 30 . "fault kswapd.stall:times=1\n";
	spew("$dir/dups.pz", $src);
	($rc, $out) = runv('minimize', "$dir/dups.pz", '-o', "$dir/dups.min.pz");
	my $min = slurp("$dir/dups.min.pz") // '';
	my $copies = () = $min =~ /^answer too_many_isolated=yes forever$/mg;
	my ($r2, $o2) = runv('run', "$dir/dups.min.pz");
	check($rc == 0 && $copies == 1 && $min !~ /^fault /m && $out =~ /29 repeating one kept/
	      && $out =~ /kswapd.stall:times=1/ && $r2 == 1 && $o2 =~ /livelock\@too_many_isolated/,
	      "minimize collapses 30 copies of a named answer to $copies, drops the unneeded fault, "
	      . 'says so, and keeps the livelock');
}

# options: one parser, one prefix, help and version
{
	my $all = 1;

	for my $h (['-h'], ['--help'], ['help']) {
		($rc, $out) = runv(@$h);
		$all &&= $rc == 0 && $out =~ /^usage: pafuzz COMMAND/ && $out =~ /minimize/;
	}
	check($all, 'pafuzz -h, --help and help: the usage, exit 0');
}
($rc, $out) = runv('--version');
check($rc == 0 && $out =~ /^pafuzz \d+\.\d+ /, 'pafuzz --version: exit 0');
($rc, $out) = runv('--bogus');
{
	my ($r2, $o2) = runv('frobnicate');

	check($rc == 2 && $out =~ /^pafuzz: unknown option '--bogus'/ && $r2 == 2
	      && $o2 =~ /^pafuzz: unknown command 'frobnicate'/m, 'pafuzz --bogus and an unknown command: exit 2');
}
for my $cmd (qw(run replay convert minimize explain diff patches faults layouts choices fuzz)) {
	($rc, $out) = runv($cmd, '--help');
	check($rc == 0 && $out =~ /^usage: pafuzz \Q$cmd\E / && $out =~ /-h, --help/, "pafuzz $cmd --help: exit 0");
}
($rc, $out) = runv('run', 'regress/0001-kernel-plenty.pz', '--trace', 'X');
check($rc == 2 && $out =~ /^pafuzz run: unknown option '--trace' \(see pafuzz run --help\)$/m
      && $out !~ /kernel-plenty.pz: ok/, 'run FILE --trace X: exit 2 before running anything');
for my $cmd (qw(replay explain run)) {
	($rc, $out) = runv($cmd, 'regress/0001-kernel-plenty.pz', '--fault');
	check($rc == 2 && $out =~ /^pafuzz $cmd: --fault needs a value \(SPEC\)$/m, "$cmd FILE --fault: exit 2");
}
($rc, $out) = runv('replay', '--trace', '--trace', 'regress/0001-kernel-plenty.pz');
check($rc == 2 && $out =~ /--trace given twice/, 'an option given twice: exit 2');
($rc, $out) = runv('run');
check($rc == 2 && $out =~ /^pafuzz run: expected FILE\.\.\., got 0 arguments/m, 'run without a file: exit 2');
($rc, $out) = runv('layouts', 'x');
check($rc == 2 && $out =~ /^pafuzz layouts: takes no arguments, got 'x'/m, 'layouts x: exit 2');
($rc, $out) = runv('run', '--', "$dir/ok.pz");
check($rc == 0 && $out =~ /ok.pz: ok ok/, '-- ends the options');
# a bad PAFUZZ_FAULTS stops every command that runs programs, never a silent fault-free run
for my $cmd (qw(run replay explain minimize)) {
	($rc, $out) = runv({ PAFUZZ_FAULTS => 'alloc.entry:probability=900' }, $cmd, 'regress/0002-nofs-keeps-looping.pz');
	check($rc == 2 && $out =~ /^pafuzz $cmd: PAFUZZ_FAULTS: fault alloc.entry: key 'probability': expected a number 0\.\.100, got '900'$/m
	      && $out !~ /livelock/, "$cmd with PAFUZZ_FAULTS=probability=900: exit 2");
}
($rc, $out) = runv({ PAFUZZ_FAULTS => 'alloc.entry:nth=1;oom.lock:probability=101' }, 'run',
		   'regress/0001-kernel-plenty.pz');
{
	# fail-nth with v4.2's filters off (by default min-order 1 and ignore-gfp-wait leave
	# this GFP_KERNEL order-0 call uncounted, as the kernel does)
	my ($r2, $o2) = runv({ PAFUZZ_FAULTS => 'alloc.entry:nth=1,min-order=0,ignore-gfp-wait=0' }, 'run',
			     'regress/0001-kernel-plenty.pz');

	check($rc == 2 && $out =~ /PAFUZZ_FAULTS: fault oom.lock: key 'probability'/ && $out !~ /trace=/
	      && $r2 == 0 && $o2 =~ /faults=alloc.entry#1/,
	      'a bad second schedule in PAFUZZ_FAULTS stops the run; a good one applies');
}
($rc, $out) = runv({ PAFUZZ_TARGET => 'buddi' }, 'run', "$dir/ok.pz");
check($rc == 2 && $out =~ /PAFUZZ_TARGET: expected slowpath, buddy, text or diff, got 'buddi'/, 'a bad PAFUZZ_TARGET: exit 2');

# --target buddy: a buddy target's input replays as that target ran it
{
	my $case = 'regress/0002-nofs-keeps-looping.pz';
	my ($r1, $o1) = runv('run', '--target', 'buddy', $case);
	my ($r2, $o2) = runv({ PAFUZZ_TARGET => 'buddy' }, 'convert', '--binary', $case, "$dir/buddy.bin");
	my ($r3, $o3) = runv('run', "$dir/buddy.bin");
	my ($full) = runv('run', $case);
	my ($h1) = $o1 =~ /trace=(\S+)/;
	my ($h3) = $o3 =~ /trace=(\S+)/;
	check($r2 == 0 && defined $h1 && defined $h3 && $h1 eq $h3 && $o1 !~ /livelock/,
	      "run --target buddy runs the buddy view (trace $h1) and convert writes that view");
}

# a program naming patches: the slowpath and buddy targets refuse it unrun, so with
# either named (--target, PAFUZZ_TARGET) the commands that run programs refuse it too;
# with no target named, or the diff target, it runs patches and all
{
	my $case = 'regress/0079-reaper-frees-blocked-victim.pz';
	my ($r1, $o1) = runv('run', '--target', 'slowpath', $case);
	my ($r2, $o2) = runv({ PAFUZZ_TARGET => 'buddy' }, 'replay', $case);
	my ($r3, $o3) = runv({ PAFUZZ_TARGET => 'slowpath' }, 'explain', $case);
	my ($r4, $o4) = runv('run', $case);
	my ($r5, $o5) = runv('run', '--target', 'diff', $case);
	my ($r6, $o6) = runv('run', '--target', 'slowpath', 'regress/0001-kernel-plenty.pz');
	check($r1 == 2 && $o1 =~ /^pafuzz run: \Q$case\E: names patches \(oom-reaper\), and the slowpath fuzz target/m
	      && $o1 !~ /trace=/ && $r2 == 2 && $o2 =~ /the buddy fuzz target runs v4\.2 alone/ && $o2 !~ /verdict:/
	      && $r3 == 2 && $o3 =~ /names patches/,
	      'a named slowpath or buddy target refuses a program naming patches: exit 2, nothing run');
	check($r4 == 0 && $o4 =~ /^\Q$case\E: ok ok trace=/m && $r5 == 0 && $o5 =~ /: ok ok trace=/
	      && $r6 == 0 && $o6 =~ /: ok ok trace=/,
	      'with no target named, or --target diff, it runs; a v4.2 program runs under --target slowpath');
}

# the regression runner passes a case's name to pafuzz unchanged, quotes and all
{
	my $q = "$dir/0001-it's \"quoted\" \$HOME.pz";
	spew($q, slurp('regress/0001-kernel-plenty.pz'));
	my (undef, $tap) = Jobs::run_capture({}, 'perl', 'regress/run.pl', $pafuzz, $q);
	check($tap =~ /^ok 1 - 0001-it's "quoted" \$HOME\.pz: ok ok trace=/m, 'regress/run.pl runs a case named with quotes');
}
# ... and, given a case where the binary goes, says so instead of failing every case
{
	my ($rc, $out) = Jobs::run_capture({}, 'perl', 'regress/run.pl', 'regress/0001-kernel-plenty.pz');
	check($rc == 2 && $out =~ /^usage: .*'regress\/0001-kernel-plenty\.pz' is not an executable file/m
	      && $out !~ /^not ok/m, 'regress/run.pl with a case for the binary: a usage error, exit 2');
}
# make check (any target that pulls in deps) stops first when a package is missing,
# naming it and the one command that installs it; DEPS_INSTALL=0 is what a non-root
# user gets by default
{
	my ($r, $o) = Jobs::run_capture({ MAKEFLAGS => undef, MFLAGS => undef, MAKELEVEL => undef },
					'make', '--no-print-directory', 'check',
					'DEB_PACKAGES=perl pafuzz-no-such-package', 'DEPS_INSTALL=0');
	check($r != 0 && $o =~ /^deps: missing Debian packages: pafuzz-no-such-package$/m
	      && $o =~ /^deps: install them with: sudo sh -c 'apt-get update && apt-get install -y pafuzz-no-such-package'$/m
	      && $o !~ /prove|clang|gcc /, 'make check with a package missing: stops at deps, names it and the command');
}
# pafuzz diff and patches (issue 24), on main's option table and output rules
{
	my $reaper = 'regress/0079-reaper-frees-blocked-victim.pz';
	($rc, $out) = runv('patches');
	check($rc == 0 && $out =~ /^oom-reaper\s+aac453635549\s+v4\.6 /m
	      && $out =~ /^oom-detection-rework\s+0a0337e0d1d1\s+v4\.7 /m
	      && $out =~ /^premature-oom-workaround\s+6b4e3181d7bd .*needs oom-detection-rework$/m,
	      'pafuzz patches lists the three variants with their commits');
	($rc, $out) = runv('diff', $reaper);
	check($rc == 1 && $out =~ /^\Q$reaper\E: diff:livelock>ok\@retry:/m && $out =~ /^  patches: oom-reaper$/m
	      && $out =~ /^  the traces part at event \d+: op \d+, slowpath step /m,
	      'diff of a reaper case: exit 1, livelock>ok, where the traces part');
	($rc, $out) = runv('diff', 'regress/0001-kernel-plenty.pz', '--patch', 'oom-detection-rework');
	check($rc == 0 && $out =~ /: same verdict$/m, 'diff of an ok program: exit 0, same verdict');
	($rc, $out) = runv('diff', $reaper, '--patch', 'oom-reapr');
	check($rc == 2 && $out =~ /^pafuzz diff: --patch: unknown patch 'oom-reapr'/m && $out !~ /v4\.2:/,
	      'diff --patch with an unknown name: exit 2 before running');
	($rc, $out) = runv('diff', $reaper, '-o', "$dir/d.pz");
	check($rc == 2 && $out =~ /-o and -f go with --minimize/ && !-e "$dir/d.pz", 'diff -o without --minimize: exit 2');
	($rc, $out) = runv('diff', "$dir/ok.pz", '--minimize', '-o', "$dir/d.pz");
	check($rc == 2 && $out =~ /the verdicts agree/ && !-e "$dir/d.pz",
	      'diff --minimize of a program whose verdicts agree: exit 2, nothing written');
	($rc, $out) = runv('diff', $reaper, '--minimize', '-o', "$dir/d.pz");
	my $min = slurp("$dir/d.pz") // '';
	my ($r2, $o2) = runv('diff', "$dir/d.pz");
	check($rc == 1 && $min =~ /^patch oom-reaper$/m && $min !~ /^expect /m && $r2 == 1
	      && $o2 =~ /diff:livelock>ok\@retry:/, 'diff --minimize writes a program with its patch line that '
	      . 'keeps the difference');
	spew("$dir/d.pz", "keep\n");
	($rc, $out) = runv('diff', $reaper, '--minimize', '-o', "$dir/d.pz");
	($r2) = runv('diff', '-f', $reaper, '--minimize', '-o', "$dir/d.pz");
	check($rc == 2 && $out =~ /exists; -f replaces it/ && $r2 == 1 && (slurp("$dir/d.pz") // '') =~ /^patch /m,
	      'diff --minimize over an existing file: exit 2 untouched; -f replaces it');
	($rc, $out) = runv({ PAFUZZ_FAULTS => 'alloc.entry:probability=900' }, 'diff', $reaper);
	check($rc == 2 && $out =~ /^pafuzz diff: PAFUZZ_FAULTS: /m && $out !~ /v4\.2:/,
	      'diff with a bad PAFUZZ_FAULTS: exit 2');
	($rc, $out) = runv({ PAFUZZ_PATCHES => 'nope' }, 'diff', 'regress/0001-kernel-plenty.pz');
	check($rc == 2 && $out =~ /PAFUZZ_PATCHES: unknown patch 'nope'/, 'diff with a bad PAFUZZ_PATCHES: exit 2');
	# revert variants (issue 25): listed with their fixes; the one v4.2 cannot express
	# is listed as such and refused wherever it is named; "all" means the forward ones
	($rc, $out) = runv('patches');
	check($rc == 0 && $out =~ /^revert-all-unreclaimable\s+6e543d5780e3\s+v3\.12\s+reverts the fix: /m
	      && $out =~ /^revert-gfp-thisnode\s+4167e9b2cf10\s+v4\.0\s+reverts the fix: /m
	      && $out =~ /^revert-suspend-noio\s+f90ac3982a78\s+v3\.3\s+NOT MODELLED/m,
	      'pafuzz patches lists the revert variants with the fixes they revert, and the one not modelled');
	spew("$dir/s.pz", "pafuzz 1\nlayout tiny\npatch revert-suspend-noio\ntask A\nalloc A GFP_KERNEL\n");
	($rc, $out) = runv('run', "$dir/s.pz");
	check($rc == 2 && $out =~ /s\.pz:3:7: patch 'revert-suspend-noio' \(reverts f90ac3982a78, v3\.3\) cannot be expressed/,
	      'a program naming the unmodelled revert: exit 2, FILE:LINE:COL and why');
	($rc, $out) = runv('diff', 'regress/0001-kernel-plenty.pz', '--patch', 'revert-suspend-noio');
	check($rc == 2 && $out =~ /not modelled: v4\.2 no longer has the fix's effect/ && $out !~ /v4\.2:/,
	      'diff --patch of the unmodelled revert: exit 2, saying why');
	($rc, $out) = runv('diff', 'regress/0001-kernel-plenty.pz');
	check($rc == 0 && $out =~ /^  patches: oom-reaper,oom-detection-rework,premature-oom-workaround$/m,
	      'diff without patches named runs every forward patch and no revert');
}
system('chmod', '-R', 'u+w', $dir);
system('rm', '-rf', $dir);

# triage and the job report list findings worst first
{
	my @v = sort { Jobs::severity($a) <=> Jobs::severity($b) }
		qw(warning retry-storm livelock gfp-contract leak buddy-corrupt model-bug harness-crash);
	check("@v" eq 'harness-crash model-bug buddy-corrupt leak gfp-contract livelock retry-storm warning',
	      "findings are listed worst first (@v)");
}
exit(Jobs::done());
