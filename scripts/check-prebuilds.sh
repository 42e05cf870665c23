#!/usr/bin/env bash
# Checks every prebuilt binary: its architecture (with `file`) matches its folder, and the newest glibc symbol
# version it needs (with `objdump -T`) is at most 2.28 (RHEL 8, Debian 10, Ubuntu 18.10 and later). The newest
# libstdc++ symbol version (GLIBCXX_) must be at most 3.4.25, the libstdc++ of GCC 8 that RHEL 8 ships.
# Usage: scripts/check-prebuilds.sh [prebuildsDir]      Exits non-zero on the first failed check.
set -euo pipefail

dir="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/prebuilds}"
max_glibc="2.28"
max_glibcxx="3.4.25"
declare -A expect=([linux-x64]='x86-64' [linux-arm64]='ARM aarch64')

shopt -s nullglob
files=("$dir"/*/*.node)
[ ${#files[@]} -gt 0 ] || { echo "check-prebuilds: no .node file under $dir" >&2; exit 1; }
for tuple in "${!expect[@]}"; do
  found=("$dir/$tuple"/*.node)
  [ ${#found[@]} -gt 0 ] || { echo "check-prebuilds: FAIL: no prebuild in $dir/$tuple" >&2; exit 1; }
done

# above <version> <max>: true when version > max (sort -V order).
above() {
  [ "$1" != none ] && [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | tail -n 1)" != "$2" ]
}

# newest <prefix> <file>: the highest "<prefix>x.y[.z]" version the file's dynamic symbols need, or "none".
newest() {
  objdump -T "$2" | grep -o "$1[0-9][0-9.]*" | sed "s/^$1//" | sort -uV | tail -n 1 | grep . || echo none
}

status=0
for file in "${files[@]}"; do
  tuple="$(basename "$(dirname "$file")")"
  want="${expect[$tuple]:-}"
  desc="$(file -b "$file")"
  if [ -z "$want" ]; then
    echo "check-prebuilds: FAIL: $file: unexpected folder $tuple" >&2
    status=1
    continue
  fi
  case "$desc" in
    *"$want"*) ;;
    *) echo "check-prebuilds: FAIL: $file is not $want: $desc" >&2; status=1; continue ;;
  esac
  glibc="$(newest GLIBC_ "$file")"
  glibcxx="$(newest GLIBCXX_ "$file")"
  printf 'check-prebuilds: %-45s %-12s needs GLIBC_%s, GLIBCXX_%s, %s bytes\n' \
    "${file#"$dir"/}" "$want" "$glibc" "$glibcxx" "$(stat -c %s "$file")"
  if above "$glibc" "$max_glibc"; then
    echo "check-prebuilds: FAIL: $file needs GLIBC_$glibc, above the $max_glibc floor:" >&2
    objdump -T "$file" | grep -F "(GLIBC_$glibc)" >&2 || true
    status=1
  fi
  if above "$glibcxx" "$max_glibcxx"; then
    echo "check-prebuilds: FAIL: $file needs GLIBCXX_$glibcxx, above the $max_glibcxx floor:" >&2
    objdump -T "$file" | grep -F "(GLIBCXX_$glibcxx)" >&2 || true
    status=1
  fi
done
exit $status
