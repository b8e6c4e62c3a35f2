#!/usr/bin/env perl
# dedup-check.pl - what ClusterFuzz and ClusterFuzzLite would call each finding.
#
# Runs a fuzz target on each input (no suppression list: known findings crash too),
# reads the symbolized stack of its abort and keeps the top three frames their stack
# analyzer does not skip (abort and raise, libc, the sanitizer runtimes, libFuzzer,
# LLVMFuzzerTestOneInput, main): the crash state they deduplicate and track fixes by.
# Checks that every finding aborts through its verdict's frame (fuzz_<verdict>, and
# fuzz_loop_<loop> for a loop's verdict; for the diff target fuzz_diff_to_<patched>
# under fuzz_diff_from_<v4.2>, with the loop of the side that names the difference),
# that findings of one class and loop share a state and that findings of different
# ones do not; and that the target does not start
# with a PAFUZZ_FAULTS it cannot read.
# Prints TAP.  Usage: perl scripts/dedup-check.pl TARGET INPUT...
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Jobs;

my ($target, @inputs) = @ARGV;
die "usage: dedup-check.pl TARGET INPUT...\n" unless $target && @inputs;
delete @ENV{qw(PAFUZZ_SUPPRESS PAFUZZ_SEEN_DIR PAFUZZ_KNOWN_DIR PAFUZZ_FAULTS)};
sub check ($$) { return Jobs::check($_[0], $_[1]); }
# the frames' names and lines come from llvm-symbolizer (the clang/llvm packages)
my ($symbolizer) = grep { -x } map { "$_/llvm-symbolizer" } split /:/, $ENV{PATH} // '';
check(defined $symbolizer, 'llvm-symbolizer is in PATH (' . ($symbolizer // 'missing') . ')');
$ENV{ASAN_OPTIONS} = 'symbolize=1' . ($symbolizer ? ":external_symbolizer_path=$symbolizer" : '');

# frames the ClusterFuzz stack analyzer skips before it takes three (the ones an
# abort from a libFuzzer target passes through)
my @skip = (qr/^abort/, qr/^raise$/, qr/^gsignal/, qr/^__GI_/, qr/^__pthread_kill/,
	    qr/^pthread_kill/, qr/^__libc_/, qr/^__sanitizer/, qr/^__asan/, qr/^__ubsan/,
	    qr/^fuzzer::/, qr/^LLVMFuzzerTestOneInput/, qr/^main$/, qr/^_start/);

my (%state_of_class, %class_of_state);
for my $in (@inputs) {
	my (undef, $text) = Jobs::run_capture({}, $target, '-runs=1', $in);
	my @out = split /^/m, $text;
	my ($verdict, $sig) = map { /^pafuzz: (\S+) (\S+) \(op/ ? ($1, $2) : () } @out;
	# the diff target: "pafuzz: diff diff:V0>V1@... (op N)", then both runs' verdicts
	my %side = map { /^  (v4\.2|patched): (\S+) (\S+)$/ ? ($1, [$2, $3]) : () } @out;
	my (@frames, @where);
	for (@out) {
		next unless /^\s+#\d+ 0x[0-9a-f]+ in (\S+)(?: (\S+))?/;
		my ($f, $at) = ($1, $2 // '?');
		next if grep { $f =~ $_ } @skip;
		push @frames, $f;
		push @where, $at =~ s{.*/((?:fuzz|core)/)}{$1}r;
		last if @frames == 3;
	}
	my $state = join(' ', @frames);
	unless (check(defined $verdict, "$in: the target reports a finding")) {
		print "# $_" for @out[0 .. ($#out < 5 ? $#out : 5)];
		next;
	}
	my ($loop, $class);
	my $loop_of = sub {
		my ($v, $s) = @_;
		my $l = $v =~ /^(livelock|retry-storm)$/ && $s =~ /^[^@]*@([^:]*)/ ? $1 : '';
		return $l eq 'work' ? 'work_budget' : $l;
	};
	if ($verdict eq 'diff') {
		# frames: [fuzz_loop_LOOP] fuzz_diff_to_V1 fuzz_diff_from_V0, the loop of the side
		# that names the difference (a finding, patched first: diff_side())
		my ($v0, $v1) = $sig =~ /^diff:([^>]+)>([^@]+)@/;
		my $finding = sub { $_[0] && $_[0][0] !~ /^(ok|warning|oom-overkill)$/ };
		my $side = $finding->($side{patched}) ? $side{patched} : $finding->($side{'v4.2'}) ? $side{'v4.2'} : undef;
		$loop = $side ? $loop_of->(@$side) : '';
		my ($from, $to) = map { (my $f = $_ // '?') =~ tr/-/_/; $f } ($v0, $v1);
		check(defined $v1 && $state =~ /(^| )fuzz_diff_to_\Q$to\E fuzz_diff_from_\Q$from\E( |$)/
		      && (!$loop || $state =~ /^fuzz_loop_\Q$loop\E /),
		      "$in: $sig" . ($loop ? " (loop $loop)" : '') . ": crash state '$state' (@where)");
		$class = "diff:$from>$to\@$loop";
	} else {
		$loop = $loop_of->($verdict, $sig);
		(my $vf = "fuzz_$verdict") =~ tr/-/_/;
		check($state =~ /(^| )\Q$vf\E( |$)/ && (!$loop || $state =~ /^fuzz_loop_\Q$loop\E /),
		      "$in: $verdict" . ($loop ? "\@$loop" : '') . ": crash state '$state' (@where)");
		$class = "$verdict\@$loop";
	}
	push @{$state_of_class{$class}}, $state;
	$class_of_state{$state}{$class} = 1;
}
for my $class (sort keys %state_of_class) {
	my %s = map { $_ => 1 } @{$state_of_class{$class}};
	check(keys %s == 1, "$class: one crash state for its " . @{$state_of_class{$class}} . ' finding(s)');
}
for my $state (sort keys %class_of_state) {
	my @c = sort keys %{$class_of_state{$state}};
	check(@c == 1, "crash state '$state' belongs to one class (@c)");
}
check(keys %class_of_state >= 2, 'at least two different crash states (' . scalar(keys %class_of_state) . ')');
# and a job whose fault schedules cannot be read does not start (it would fuzz without them)
{
	my ($rc, $out) = Jobs::run_capture({ PAFUZZ_FAULTS => 'alloc.entry:probability=900' },
					   $target, '-runs=1', $inputs[0]);
	check($rc != 0 && $out =~ /^PAFUZZ_FAULTS: fault alloc.entry: key 'probability'/m && $out !~ /^pafuzz: /m,
	      'the target stops at its start on a bad PAFUZZ_FAULTS');
}
exit(Jobs::done());
