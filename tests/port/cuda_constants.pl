#!/usr/bin/env perl
# port.cuda_constants: every constant macro CUDA's cuda_runtime_api.h and
# driver_types.h define (cuda*, CUDA*, CUDART*) has its InfiniRT twin, named
# by infinirt-port's rule, with the same value, unless the allow-list names
# it with the reason. Values are compared by compiling a generated C file
# that includes both headers and static-asserts equality; aliases (a name
# for another name) and empty macros are compared as text. An allow-list
# entry whose twin exists, or that names no CUDA constant, fails too: the
# list stays exact.
#   cuda_constants.pl TOOL INCLUDE_DIR CUDA_INCLUDE_DIR CC ALLOW_LIST WORK
use strict;
use warnings;
use File::Path qw(make_path);

my ($tool, $inc, $cuda_inc, $cc, $allow_file, $work) = @ARGV;
die "usage: cuda_constants.pl TOOL INCLUDE CUDA_INCLUDE CC ALLOW WORK\n"
  unless defined $work;
my @cuda_headers = ('cuda_runtime_api.h', 'driver_types.h');
for my $h (@cuda_headers) {
  next if -f "$cuda_inc/$h";
  print "SKIP: no CUDA toolkit header $h in '$cuda_inc'\n";
  exit 77;
}
make_path($work); # its parent too: no other test may have made it yet

sub slurp {
  my ($path) = @_;
  open(my $fh, '<', $path) or die "cannot read $path: $!\n";
  local $/;
  return scalar <$fh>;
}

# The names CUDA defines as object-like macros, in header order. The
# per-thread names (#define cudaMemcpy __CUDART_API_PTDS(cudaMemcpy)) are no
# constants: port.ptds_coverage checks them.
my (@names, %from);
for my $h (@cuda_headers) {
  for (split /\n/, slurp("$cuda_inc/$h")) {
    next unless /^\s*#\s*define\s+((?:cuda|CUDA)\w*)(?:\s+(.*))?$/;
    my ($n, $v) = ($1, $2 // '');
    next if /#\s*define\s+\w+\(/ || $v =~ /__CUDART_API_PT(?:DS|SZ)\(/;
    push @names, $n unless $from{$n};
    $from{$n} = $h;
  }
}

# Macro definitions as the preprocessor sees them here.
sub macros {
  my ($include, @dirs) = @_;
  my $src = "$work/macros_$include.c";
  $src =~ s/\.h\.c$/.c/;
  open(my $fh, '>', $src) or die "$src: $!\n";
  print $fh "#include <$include>\n";
  close $fh;
  my @cmd = ($cc, '-E', '-dM', (map { "-I$_" } @dirs), $src);
  open(my $p, '-|', @cmd) or die "cannot run $cc: $!\n";
  my %m;
  while (<$p>) {
    $m{$1} = $2 // '' if /^#define\s+(\w+)(?:\s+(.*?))?\s*$/ && !/^#define\s+\w+\(/;
  }
  close $p or die "'@cmd' failed\n";
  return \%m;
}
my $theirs = macros('cuda_runtime_api.h', $cuda_inc);
my $ours = macros('infinirt.h', $inc);

# The twins, by the tool's own rule.
open(my $tp, '-|', $tool, '--twin', @names) or die "cannot run $tool: $!\n";
chomp(my @twins = <$tp>);
close $tp or die "$tool --twin failed\n";
die "$tool --twin gave " . @twins . " names for " . @names . "\n"
  unless @twins == @names;
my %twin;
@twin{@names} = @twins;

# The allow-list: NAME reason..., '#' comments, '## ' section headings.
my (%allowed, %section_of, @problems);
my $section = '(no heading)';
my $ln = 0;
for (split /\n/, slurp($allow_file)) {
  $ln++;
  if (/^##\s*(.*?)\s*$/) { $section = $1; next }
  next if /^\s*(?:#|$)/;
  if (/^\s*(\S+)\s+(\S.*?)\s*$/) {
    push @problems, "$allow_file:$ln: $1 is listed twice" if $allowed{$1};
    $allowed{$1} = $2;
    $section_of{$1} = $section;
  } else {
    push @problems, "$allow_file:$ln: an entry is NAME and a reason";
  }
}
for my $n (sort keys %allowed) {
  push @problems, "$allow_file: $n is not a constant of CUDA's "
    . "@cuda_headers: remove it" unless $from{$n};
}

# Compare.
my (@c_checks, %count);
my $i = 0;
for my $n (@names) {
  my $t = $twin{$n};
  my $v = $theirs->{$n};
  if (!defined $v) {
    # Defined only in a branch this compiler does not take (Windows).
    $count{inactive}++;
    next;
  }
  if (!exists $ours->{$t}) {
    if ($allowed{$n}) {
      $count{"allowed: $section_of{$n}"}++;
    } else {
      push @problems, "$n ($from{$n}, value '$v') has no twin $t in "
        . "infinirt.h: add it, or name it in $allow_file with the reason";
    }
    next;
  }
  if ($allowed{$n}) {
    push @problems, "$n has its twin $t now: remove it from $allow_file "
      . "(section '$section_of{$n}')";
  }
  my $w = $ours->{$t};
  if ($v eq '' || $v =~ /^[A-Za-z_]\w*$/) {
    # Empty, or another name: the twin is the other name's twin.
    my $want = $v eq '' ? '' : `$tool --twin $v`;
    chomp $want;
    push @problems, "$t is '$w', expected '$want' (CUDA's $n is '$v')"
      unless $w eq $want;
    $count{'compared as text'}++;
  } elsif ($v =~ /\(\s*cuda\w+_t\s*\)/) {
    # A handle constant: a pointer cast, no integer constant expression;
    # GCC and Clang fold it in an enumerator.
    push @c_checks, "enum { ours_$i = (int)(size_t)$t, theirs_$i = "
      . "(int)(size_t)$n };\n_Static_assert(ours_$i == theirs_$i, "
      . "\"$t differs from $n\");\n";
    $i++;
    $count{'compared as values'}++;
  } else {
    push @c_checks, "_Static_assert((long long)($t) == (long long)($n), "
      . "\"$t differs from $n\");\n";
    $count{'compared as values'}++;
  }
}

if (@c_checks) {
  my $src = "$work/cuda_constants_check.c";
  open(my $fh, '>', $src) or die "$src: $!\n";
  print $fh "/* Generated by tests/port/cuda_constants.pl. */\n",
    "#include <cuda_runtime_api.h>\n#include <stddef.h>\n\n",
    "#include <infinirt.h>\n\n", @c_checks;
  close $fh;
  my @cmd = ($cc, '-std=gnu11', '-Wall', '-Wextra', '-Werror',
             '-fsyntax-only', "-I$cuda_inc", "-I$inc", $src);
  if (system(@cmd) != 0) {
    push @problems, "the value checks ($src) do not compile: a twin has "
      . "another value than CUDA's constant (the compiler says which)";
  }
}

printf "%d constants in %s\n", scalar @names, join(', ', @cuda_headers);
printf "  %-60s %d\n", $_, $count{$_} for sort keys %count;
if (@problems) {
  print "FAIL: $_\n" for @problems;
  exit 1;
}
print "ok: every constant has its twin with CUDA's value, or an allow-list "
  . "entry\n";
exit 0;
