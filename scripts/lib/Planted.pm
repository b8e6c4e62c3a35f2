# Planted.pm - the planted bugs of regress/planted/*.mut: reading one, and making
# a copy of the tree with it applied.  Used by scripts/planted.pl (must the suite
# catch it?) and scripts/bugbench.pl (how fast do the fuzzers find it?).
package Planted;
use strict;
use warnings;
use File::Path qw(make_path remove_tree);

# A .mut file: file:, find:, replace:, expect:, optional nth: (default 1) and of:
# (how many times the find: text occurs in the file; required when it is more than
# once, so that a new occurrence above the intended one cannot move the mutation
# to another line unnoticed: bug 12's nth pointed at a different mark_oom_victim
# for days after the OOM reaper variant added one above it).
sub parse {
	my ($f) = @_;
	my %m = (nth => 1);
	local $_;	# the loop below reads into $_, which a caller's grep or map aliases
	open my $fh, '<', $f or die "$f: $!\n";
	while (<$fh>) {
		chomp;
		next if /^#/ || !/\S/;
		/^(file|find|replace|expect|nth|of): ?(.*)$/
			or die "$f:$.: expected file:, find:, replace:, nth:, of: or expect:\n";
		$m{$1} = $2;
	}
	for (qw(file find replace)) { die "$f: missing '$_:'\n" unless defined $m{$_}; }
	($m{name} = $f) =~ s{.*/(.*)\.mut$}{$1};
	return \%m;
}

# A fresh copy of the tracked files of $top in $dir.
sub copy_tree {
	my ($top, $dir) = @_;
	remove_tree($dir);
	make_path($dir);
	system("cd '$top' && git ls-files -z | xargs -0 -I{} cp --parents {} '$dir'") == 0
		or die "planted: cannot copy the tree\n";
}

# The text of the file a mutation applies to, in the tree at $top.
sub source {
	my ($top, $m) = @_;
	my $path = "$top/$m->{file}";
	open my $in, '<', $path or die "$path: $!\n";
	my $src = do { local $/; <$in> };
	close $in;
	return $src;
}

# '' if the mutation's line is in $src, its file's text (at least nth times, and as
# many times as of: says), else why not.
sub line_missing {
	my ($m, $src) = @_;
	my $count = () = $src =~ /\Q$m->{find}\E/g;
	my $of = $m->{of} // 1;
	return "the line to mutate is gone from $m->{file} (found $count)" if $count < $m->{nth};
	return "the line to mutate occurs $count times in $m->{file}, not $of as when the "
	       . "mutation was written: check that nth: still names the intended one" if $count != $of;
	return '';
}

# Copies the tracked files of $top into $dir and applies the mutation there.
# Returns '' or why it could not (the line to mutate is gone).
sub apply {
	my ($top, $dir, $m) = @_;
	copy_tree($top, $dir);
	system("cp -r '$top/regress/planted' '$dir/regress/' 2>/dev/null");
	return '' if !$m->{nth};	# no mutation: the reference tree
	my $path = "$dir/$m->{file}";
	my $src = source($dir, $m);
	my $why = line_missing($m, $src);
	return $why if $why;
	my $seen = 0;
	$src =~ s/\Q$m->{find}\E/++$seen == $m->{nth} ? $m->{replace} : $m->{find}/ge;
	open my $out, '>', $path or die "$path: $!\n";
	print $out $src;
	close $out;
	return '';
}

1;
