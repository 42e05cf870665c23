#!/usr/bin/env bash
# Builds the prebuilt binaries that ship in the npm tarball:
#   prebuilds/linux-x64/procsampler.glibc.node     native build
#   prebuilds/linux-arm64/procsampler.glibc.node   cross-compiled with Debian's aarch64-linux-gnu toolchain
# with prebuildify --napi --strip --tag-libc (N-API 8: one binary per arch serves every Node >= 18).
#
# The builds run in a scratch copy (.cache/prebuild-src) so that a developer's own build/Release is never
# overwritten (node-gyp-build prefers build/Release over prebuilds/, so a stale arm64 file there would break
# local loading). Each result is checked with `file`: `--arch=arm64` without the cross compilers exits 0 and
# writes an x86-64 file.
#
# Both are compiled with scripts/prebuild-compat.h force-included and with -frtti, which keep the newest symbol
# versions they need at GLIBC_2.28 and GLIBCXX_3.4.25 or below (RHEL 8); see that file. With -fno-rtti (node-gyp's
# default) std::make_shared calls std::_Sp_make_shared_tag::_S_eq, new in GLIBCXX_3.4.26 (GCC 9); with RTTI it
# compares typeids inline. scripts/check-prebuilds.sh verifies both floors.
#
# Usage: scripts/build-prebuilds.sh [x64] [arm64]     (default: both)
# Needs: g++, make, python3; for arm64: apt-get install g++-aarch64-linux-gnu binutils-aarch64-linux-gnu
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export npm_config_nodedir="${npm_config_nodedir:-/usr}"
# node-gyp's Makefiles append $(CXXFLAGS) from the environment to every C++ compile, after binding.gyp's flags.
export CXXFLAGS="${CXXFLAGS:+$CXXFLAGS }-frtti -include $root/scripts/prebuild-compat.h"

arches=("$@")
[ ${#arches[@]} -eq 0 ] && arches=(x64 arm64)

prebuildify="$root/node_modules/prebuildify/bin.js"
[ -f "$prebuildify" ] || { echo "build-prebuilds: prebuildify is not installed (npm ci first)" >&2; exit 1; }

scratch="$root/.cache/prebuild-src"
rm -rf "$scratch"
mkdir -p "$scratch"
cp -R binding.gyp package.json native "$scratch/"
ln -s "$root/node_modules" "$scratch/node_modules"

# What `file` must print for each arch.
declare -A expect=([x64]='x86-64' [arm64]='ARM aarch64')

for arch in "${arches[@]}"; do
  out="prebuilds/linux-$arch"
  rm -rf "$out"
  echo "build-prebuilds: linux-$arch"
  case "$arch" in
    x64)
      (cd "$scratch" && env -u CC -u CXX -u LINK -u AR \
        node "$prebuildify" --napi --strip --tag-libc --arch=x64 --out "$root")
      ;;
    arm64)
      for tool in aarch64-linux-gnu-gcc aarch64-linux-gnu-g++ aarch64-linux-gnu-ar aarch64-linux-gnu-strip; do
        command -v "$tool" >/dev/null || { echo "build-prebuilds: $tool missing (apt-get install g++-aarch64-linux-gnu binutils-aarch64-linux-gnu)" >&2; exit 1; }
      done
      (cd "$scratch" && CC=aarch64-linux-gnu-gcc CXX=aarch64-linux-gnu-g++ LINK=aarch64-linux-gnu-g++ \
        AR=aarch64-linux-gnu-ar \
        node "$prebuildify" --napi --strip --tag-libc --arch=arm64 --strip-bin=aarch64-linux-gnu-strip --out "$root")
      ;;
    *)
      echo "build-prebuilds: unknown arch '$arch' (x64 or arm64)" >&2
      exit 1
      ;;
  esac
  shopt -s nullglob
  files=("$out"/*.node)
  shopt -u nullglob
  [ ${#files[@]} -eq 1 ] || { echo "build-prebuilds: expected one .node file in $out, found ${#files[@]}" >&2; exit 1; }
  desc="$(file -b "${files[0]}")"
  case "$desc" in
    *"${expect[$arch]}"*) echo "build-prebuilds: ${files[0]}: $desc" ;;
    *) echo "build-prebuilds: ${files[0]} is not ${expect[$arch]}: $desc" >&2; exit 1 ;;
  esac
done
