#!/usr/bin/env perl
# port.ptds_coverage: include/infinirt_ptds.h covers every function that
# CUDA's cuda_runtime_api.h routes to a per-thread entry point
# (#define cudaX __CUDART_API_PTDS(cudaX) or __CUDART_API_PTSZ(cudaX)) and
# that infinirt.h declares, with the same form (_ptds: synchronous, on the
# thread's stream; _ptsz: stream 0 is the thread's stream), and nothing
# else; each wrapper has its #define and each #define its wrapper. Without
# CUDA's header only the second part is checked.
#   ptds_coverage.pl INCLUDE_DIR CUDA_INCLUDE_DIR
use strict;
use warnings;

my ($inc, $cuda_inc) = @ARGV;
die "usage: ptds_coverage.pl INCLUDE CUDA_INCLUDE\n" unless defined $cuda_inc;

sub slurp {
  my ($path) = @_;
  open(my $fh, '<', $path) or die "cannot read $path: $!\n";
  local $/;
  return scalar <$fh>;
}

my $ptds = slurp("$inc/infinirt_ptds.h");
my $api = slurp("$inc/infinirt.h");
$api =~ s{/\*.*?\*/}{ }gs;

my (%wrapper, %define, @problems);
$wrapper{$1} = 'ptsz' while $ptds =~ /^INFINIRT_PTSZ\((\w+),/mg;
$wrapper{$1} = 'ptds'
  while $ptds =~ /^(?:static inline infinirtError_t\s+)?infinirt(\w+)_ptds\(/mg;
$define{$1} = $2 while $ptds =~ /^#define infinirt(\w+) infinirt\1_(pt(?:ds|sz))$/mg;
for my $f (sort keys %wrapper) {
  push @problems, "infinirt${f}_$wrapper{$f} has no #define infinirt$f"
    unless ($define{$f} // '') eq $wrapper{$f};
}
for my $f (sort keys %define) {
  push @problems, "#define infinirt$f names infinirt${f}_$define{$f}, which "
    . "is not defined there" unless ($wrapper{$f} // '') eq $define{$f};
}

my %declared;
$declared{$1} = 1 while $api =~ /INFINIRT_API\s+[^;{(]*?\binfinirt(\w+)\s*\(/g;
for my $f (sort keys %wrapper) {
  push @problems, "infinirt_ptds.h wraps infinirt$f, which infinirt.h does "
    . "not declare" unless $declared{$f};
}

my $cuda_api = "$cuda_inc/cuda_runtime_api.h";
if (-f $cuda_api) {
  my %cuda;
  my $text = slurp($cuda_api);
  $cuda{$1} = lc $2
    while $text =~ /^\s*#\s*define\s+cuda(\w+)\s+__CUDART_API_(PTDS|PTSZ)\(cuda\1\)/mg;
  for my $f (sort keys %cuda) {
    next unless $declared{$f};
    if (!$wrapper{$f}) {
      push @problems, "infinirt$f (CUDA: cuda${f}_$cuda{$f}) has no "
        . "per-thread form: add it to infinirt_ptds.h";
    } elsif ($wrapper{$f} ne $cuda{$f}) {
      push @problems, "infinirt$f is a _$wrapper{$f} form, CUDA's a _$cuda{$f}";
    }
  }
  for my $f (sort keys %wrapper) {
    push @problems, "infinirt$f has a per-thread form that CUDA's does not"
      unless $cuda{$f};
  }
  printf "%d per-thread names in CUDA's header, %d declared by InfiniRT, "
    . "%d wrapped\n", scalar keys %cuda,
    scalar(grep { $declared{$_} } keys %cuda), scalar keys %wrapper;
} else {
  print "no $cuda_api: only the wrappers and their #defines are compared\n";
}
if (@problems) {
  print "FAIL: $_\n" for @problems;
  exit 1;
}
print "ok: the per-thread default stream covers every function it should\n";
exit 0;
