#!/usr/bin/env bash
# Builds the libFuzzer harnesses of fuzz/ with clang (-fsanitize=fuzzer,address,undefined; any UBSan report is
# fatal) and runs each for a bounded time from its corpus in fuzz/corpus/<harness>/. Exits non-zero on any finding
# (a sanitizer report, a broken promise of fuzz/harness.h, a crash, a timeout, running out of memory); the input
# that found it is kept in .cache/fuzz/findings/.
#
#   scripts/fuzz.sh                      build and run every harness for 8 s, one per CPU at a time (CI: 7 s)
#   scripts/fuzz.sh --seconds 60 NAME..  run some harnesses longer
#   scripts/fuzz.sh --build-only         build only
#   scripts/fuzz.sh --seed               rewrite fuzz/corpus/ from the fixture trees (test/fixtures/*/proc)
# New inputs a run discovers go to .cache/fuzz/corpus/<harness>/ (not into the repository's small corpus).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=8
build_only=0
seed=0
names=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --build-only) build_only=1; shift ;;
    --seed) seed=1; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) names+=("$1"); shift ;;
  esac
done

CXX=${FUZZ_CXX:-clang++-14}
command -v "$CXX" >/dev/null || CXX=clang++
out=.cache/fuzz
mkdir -p "$out/obj" "$out/bin" "$out/findings" "$out/corpus"

all=()
for f in fuzz/*.cc; do all+=("$(basename "$f" .cc)"); done
[ ${#names[@]} -gt 0 ] || names=("${all[@]}")

# --- seed corpus from the fixture trees --------------------------------------------------------------------------
# Each seed is a fixture's file (at most 32 KiB, so the corpus stays small), with the option bytes the harness
# reads first: capacity 4 for the entry tables (below the fixtures' counts, so OVERFLOW is exercised too), and for
# read_proc_file a mode, a repeat count and a page size.
if [ "$seed" = 1 ]; then
  put() { # harness, name, option bytes (printf format), file
    local size
    size=$(stat -c %s "$4")
    [ "$size" -le 32768 ] || return 0
    mkdir -p "fuzz/corpus/$1"
    { printf "$3"; cat "$4"; } > "fuzz/corpus/$1/$2"
  }
  rm -rf fuzz/corpus
  for tree in test/fixtures/*/proc; do
    fx=$(basename "$(dirname "$tree")")
    f() { [ -f "$tree/$1" ] && put "$2" "$fx" "$3" "$tree/$1"; return 0; }
    f stat parse_stat '\x04'
    f uptime parse_uptime ''
    f meminfo parse_meminfo ''
    f loadavg parse_loadavg ''
    f vmstat parse_vmstat ''
    f diskstats parse_diskstats '\x04'
    f net/dev parse_net_dev '\x04'
    f net/sockstat parse_sockstat ''
    f net/sockstat6 parse_sockstat6 ''
    f net/snmp parse_snmp ''
    f net/tcp parse_net_tcp '\x80'
    f net/tcp6 parse_net_tcp '\x40'
    f self/mountinfo parse_mountinfo ''
    f self/stat parse_pid_stat ''
    f self/status parse_pid_status ''
    f self/io parse_pid_io ''
  done
  # The cgroup parsers (one harness, the first byte picks the parser): the cgroup fixture trees' files.
  i=0
  for f in $(find test/fixtures/cgroup -type f \( -name cgroup -o -name mountinfo -o -name cpu.max -o -name memory.max \
      -o -name pids.max -o -name cpu.cfs_quota_us -o -name cpu.weight -o -path '*/pressure/*' -o -name '*cpus' \) | sort); do
    case "$f" in
      */cgroup) op='\x00' ;;
      */mountinfo) op='\x01' ;;
      */cpu.cfs_quota_us|*/cpu.weight) op='\x02' ;;
      */memory.max|*/pids.max) op='\x03' ;;
      */cpu.max) op='\x04' ;;
      */pressure/*) op='\x05' ;;
      *) op='\x06' ;;
    esac
    i=$((i + 1))
    put parse_cgroup "$(echo "$f" | cut -d/ -f4)-$(basename "$f")-$i" "$op" "$f"
  done
  # The read layer: iterator files repeated past every buffer size (300 interfaces, 1,000 disks: what a busy
  # container host or a storage server prints; the fixture's 4 interfaces x 75, 10 disks x 100), and single_open files read whole.
  m=test/fixtures/modern/proc
  put read_proc_file net-dev-x300 '\x01\x4a\x00\x00' "$m/net/dev"
  put read_proc_file diskstats-x1000 '\x0d\x63\x00\x00' "$m/diskstats"
  put read_proc_file diskstats-eintr '\x07\x40\x00\x01' "$m/diskstats"
  put read_proc_file stat-whole '\x00\x00\x00\x00' "$m/stat"
  put read_proc_file stat-x20 '\x0e\x13\x00\x00' "$m/stat"
  put read_proc_file meminfo-whole '\x04\x00\x00\x00' "$m/meminfo"
  put read_proc_file tcp-iterator '\x05\x3f\x00\x00' "$m/net/tcp"
  echo "fuzz: wrote $(find fuzz/corpus -type f | wc -l) seeds ($(du -sk fuzz/corpus | cut -f1) KiB) in fuzz/corpus/"
  exit 0
fi

# --- build -------------------------------------------------------------------------------------------------------
# FUZZ_JOBS compilations, and later harness runs, at a time (default: one per CPU).
jobs_max=${FUZZ_JOBS:-$(nproc)}
pids=()
spawn() { # runs "$@" in the background, at most jobs_max at a time
  while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n || true; done
  "$@" &
  pids+=($!)
}
wait_all() { # waits for every spawned job; fails when one failed
  local bad=0
  for p in "${pids[@]}"; do wait "$p" || bad=1; done
  pids=()
  return "$bad"
}
san=(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
flags=(-std=c++17 -g -O1 -Wall -Wextra -Werror -Wno-unused-parameter -Inative -Ifuzz)
objname() { echo "$out/obj/$(echo "$1" | tr / _).o"; }
compile() { # source: rebuilt when it or any header is newer than its object
  local src=$1 o
  o=$(objname "$1")
  if [ ! -f "$o" ] || [ -n "$(find native fuzz -name '*.h' -newer "$o" -print -quit)" ] || [ "$src" -nt "$o" ]; then
    "$CXX" "${flags[@]}" "${san[@]}" -fsanitize=fuzzer-no-link -c "$src" -o "$o"
  fi
}
for n in "${names[@]}"; do
  [ -f "fuzz/$n.cc" ] || { echo "fuzz: no harness fuzz/$n.cc (harnesses: ${all[*]})" >&2; exit 2; }
done
parsers=()
for f in native/sources/*.cc; do parsers+=("$(objname "$f")"); spawn compile "$f"; done
readlayer=$(objname native/io/proc_file.cc)
spawn compile native/io/proc_file.cc
for n in "${names[@]}"; do spawn compile "fuzz/$n.cc"; done
wait_all || { echo "fuzz: a compilation failed" >&2; exit 1; }
for n in "${names[@]}"; do
  # The parsers' objects include sources that keep files of their own (cgroup.cc): they link the read layer too.
  if [ "$n" = read_proc_file ]; then deps=("$readlayer"); else deps=("${parsers[@]}" "$readlayer"); fi
  spawn "$CXX" "${san[@]}" -fsanitize=fuzzer "$(objname "fuzz/$n.cc")" "${deps[@]}" -o "$out/bin/$n"
done
wait_all || { echo "fuzz: a link failed" >&2; exit 1; }
echo "fuzz: built ${#names[@]} harnesses with $("$CXX" --version | head -1)"
[ "$build_only" = 0 ] || exit 0

# --- run ---------------------------------------------------------------------------------------------------------
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:allocator_may_return_null=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
fuzz_one() { # harness: runs it, its exit status in $out/<harness>.rc
  local n=$1 rc=0
  mkdir -p "$out/corpus/$n" "fuzz/corpus/$n"
  # The first directory receives what the run finds; the repository's corpus is only read.
  "$out/bin/$n" "$out/corpus/$n" "fuzz/corpus/$n" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$out/findings/$n-" >"$out/$n.log" 2>&1 || rc=$?
  echo "$rc" >"$out/$n.rc"
}
for n in "${names[@]}"; do spawn fuzz_one "$n"; done
wait_all || true
failed=()
printf '%-18s %12s %8s %s\n' harness executions corpus result
for n in "${names[@]}"; do
  log=$out/$n.log
  rc=$(cat "$out/$n.rc" 2>/dev/null || echo '?')
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  corpus=$(find "$out/corpus/$n" "fuzz/corpus/$n" -type f | wc -l)
  if [ "$rc" = 0 ]; then result=ok; else result="FINDING (exit $rc, see $log)"; failed+=("$n"); fi
  printf '%-18s %12s %8s %s\n' "$n" "${execs:-?}" "$corpus" "$result"
  if [ "$rc" != 0 ]; then grep -m 20 -E 'ERROR|runtime error|broken promise|SUMMARY|Test unit written' "$log" >&2 || tail -20 "$log" >&2; fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: FINDINGS in ${failed[*]} (inputs in $out/findings/)" >&2
  exit 1
fi
echo "fuzz: ${#names[@]} harnesses, ${seconds} s each, ${jobs_max} at a time, no findings"
