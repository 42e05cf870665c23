#!/usr/bin/env bash
# The three install paths, each from a packed tarball into an empty project:
#   prebuild  the tarball as packed (prebuilds for linux-x64 and linux-arm64); no compiler may run: shims named
#             cc, gcc, g++, c++ and make come first on PATH, fail, and leave a mark if anything calls them;
#             then again with --ignore-scripts (the prebuild must load without the install script)
#   source    the tarball without prebuilds/linux-x64: the install script builds from source with node-gyp
#   neither   no linux-x64 prebuild and the failing compiler shims: the install succeeds with one warning, the
#             package imports, and new Sampler() throws PROCSAMPLER_NATIVE_UNAVAILABLE
# Usage: test/packaging/install-paths.sh <procsampler-x.y.z.tgz> [workdir]
# Prints the install time of each path; exits non-zero on the first failed check.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
tarball="$(realpath "${1:?usage: install-paths.sh <tarball> [workdir]}")"
work="${2:-$root/.cache/install-paths}"
export npm_config_nodedir="${npm_config_nodedir:-/usr}"
# Quiet, reproducible npm: no audit, no funding, no update check; the install script's output is shown.
npm_flags=(--no-audit --no-fund --no-update-notifier --foreground-scripts --loglevel=warn)

fail() {
  echo "install-paths: FAIL: $*" >&2
  exit 1
}

rm -rf "$work"
mkdir -p "$work"

# Compiler shims: every call fails and is recorded.
shims="$work/shims"
mkdir -p "$shims"
for tool in cc gcc g++ c++ make clang clang++; do
  printf '#!/bin/sh\necho "%s $*" >> "%s/calls.log"\necho "shim: %s is not available" >&2\nexit 127\n' \
    "$tool" "$shims" "$tool" >"$shims/$tool"
  chmod +x "$shims/$tool"
done

# The tarball without the prebuild for this machine: what a platform with no prebuild sees.
arch="$(node -p process.arch)"
variant="$work/procsampler-no-linux-$arch.tgz"
mkdir -p "$work/variant"
tar xzf "$tarball" -C "$work/variant"
[ -d "$work/variant/package/prebuilds/linux-$arch" ] || fail "the tarball has no prebuilds/linux-$arch"
rm -rf "$work/variant/package/prebuilds/linux-$arch"
tar czf "$variant" -C "$work/variant" package

new_project() {
  local dir="$work/$1"
  mkdir -p "$dir"
  printf '{ "name": "consumer-%s", "version": "1.0.0", "private": true }\n' "$1" >"$dir/package.json"
  cp "$here/consumer.cjs" "$here/consumer.mjs" "$here/consumer.ts" "$here/unavailable.cjs" "$dir/"
  echo "$dir"
}

# install <dir> <tarball> <PATH> [npm flags...]: runs npm install, prints the seconds it took, saves the output
# in install.log.
install() {
  local dir="$1" file="$2" path="$3" start end
  shift 3
  start="$(date +%s.%N)"
  if ! (cd "$dir" && PATH="$path" npm install "${npm_flags[@]}" "$@" "$file" >install.log 2>&1); then
    cat "$dir/install.log" >&2
    fail "npm install of $(basename "$file") failed in $dir"
  fi
  end="$(date +%s.%N)"
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }'
}

# Warm npm's cache with the runtime dependencies, so that the timed installs measure the install itself.
warm="$(new_project warm)"
install "$warm" "$tarball" "$PATH" >/dev/null

# --- 1. a matching prebuild, no compiler -------------------------------------------------------------------
dir="$(new_project prebuild)"
rm -f "$shims/calls.log"
seconds="$(install "$dir" "$tarball" "$shims:$PATH")"
echo "install-paths: prebuild: npm install took ${seconds}s"
[ ! -e "$shims/calls.log" ] || fail "prebuild: a compiler shim was called: $(cat "$shims/calls.log")"
[ ! -e "$dir/node_modules/procsampler/build" ] || fail "prebuild: node_modules/procsampler/build exists (something compiled)"
# The target is under 5 s. Wall time on a shared machine is noisy, so only a time that means something went wrong
# (a compile takes 25 s or more here) fails; a miss of the target is reported.
awk -v s="$seconds" 'BEGIN { exit !(s < 15) }' || fail "prebuild: the install took ${seconds}s (target: under 5 s)"
awk -v s="$seconds" 'BEGIN { exit !(s < 5) }' ||
  echo "install-paths: prebuild: WARNING: ${seconds}s is above the 5 s target (machine load: $(cut -d' ' -f1-3 /proc/loadavg))"
(cd "$dir" && PATH="$shims:$PATH" node "$here/smoke.js" "$dir/node_modules/procsampler" --expect-prebuild) ||
  fail "prebuild: smoke test"
(cd "$dir" && node consumer.cjs) || fail "prebuild: CommonJS require"
# The OpenTelemetry API is an optional peer dependency: the ES module test installs it as a user would.
(cd "$dir" && npm install "${npm_flags[@]}" @opentelemetry/api@1 @opentelemetry/sdk-metrics@2 >otel.log 2>&1) ||
  { cat "$dir/otel.log" >&2; fail "prebuild: installing the OpenTelemetry peers"; }
(cd "$dir" && node consumer.mjs) || fail "prebuild: ES module import"
(cd "$dir" && node "$root/node_modules/typescript/bin/tsc" --noEmit --strict --skipLibCheck --module commonjs \
  --moduleResolution node --target ES2022 --typeRoots "$root/node_modules/@types" --types node consumer.ts) ||
  fail "prebuild: the published type declarations do not type-check consumer.ts"
echo "install-paths: prebuild: ok"

# --- 1b. the same with install scripts disabled: loading must not depend on scripts/install.js --------------------
dir="$(new_project noscripts)"
rm -f "$shims/calls.log"
seconds="$(install "$dir" "$tarball" "$shims:$PATH" --ignore-scripts)"
echo "install-paths: noscripts: npm install --ignore-scripts took ${seconds}s"
[ ! -e "$shims/calls.log" ] || fail "noscripts: a compiler shim was called"
(cd "$dir" && node "$here/smoke.js" "$dir/node_modules/procsampler" --expect-prebuild) || fail "noscripts: smoke test"
echo "install-paths: noscripts: ok"

# --- 2. no matching prebuild: build from source -------------------------------------------------------------
dir="$(new_project source)"
seconds="$(install "$dir" "$variant" "$PATH")"
echo "install-paths: source: npm install (compiling) took ${seconds}s"
[ -f "$dir/node_modules/procsampler/build/Release/procsampler.node" ] ||
  { cat "$dir/install.log" >&2; fail "source: build/Release/procsampler.node was not built"; }
(cd "$dir" && node "$here/smoke.js" "$dir/node_modules/procsampler" --expect-build) || fail "source: smoke test"
(cd "$dir" && node consumer.cjs) || fail "source: CommonJS require"
echo "install-paths: source: ok"

# --- 3. neither a prebuild nor a compiler ------------------------------------------------------------------------
dir="$(new_project neither)"
rm -f "$shims/calls.log"
seconds="$(install "$dir" "$variant" "$shims:$PATH")"
echo "install-paths: neither: npm install took ${seconds}s (exit 0)"
[ -e "$shims/calls.log" ] || fail "neither: the source build never called a compiler shim (did it run?)"
warnings="$(grep -c 'procsampler: WARNING' "$dir/install.log" || true)"
[ "$warnings" = 1 ] || { cat "$dir/install.log" >&2; fail "neither: expected exactly one warning, got $warnings"; }
grep 'procsampler: WARNING' "$dir/install.log" | sed 's/^/install-paths: neither: warning: /'
[ ! -e "$dir/node_modules/procsampler/build/Release/procsampler.node" ] || fail "neither: an addon was built"
(cd "$dir" && node unavailable.cjs) || fail "neither: the package must import and throw the coded error"
(cd "$dir" && node consumer.cjs) || fail "neither: CommonJS require"
echo "install-paths: neither: ok"
