#!/usr/bin/env bash
# npm's prepack hook: runs before every `npm pack` and `npm publish` (not with --ignore-scripts). A tarball
# either contains everything a consumer needs, both prebuilt binaries included, or is not made at all:
#   1. dist/ compiled from src/ (tsc), so the JS and types are those of the sources being packed;
#   2. METRICS.md is what the code gives (scripts/metrics-doc.js --check);
#   3. prebuilds/linux-x64 and prebuilds/linux-arm64 built from the sources being packed (build-prebuilds.sh:
#      native build and the aarch64 cross build; rebuilt every time, the builds are reproducible);
#   4. each one checked for its architecture and its glibc/libstdc++ floor (check-prebuilds.sh).
# Any failure stops the pack with a line saying which step failed and how to fix it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

fail() {
  echo "prepack: cannot pack procsampler: $*" >&2
  echo "prepack: (a tarball without both prebuilt binaries is never made; see NOTES in scripts/build-prebuilds.sh)" >&2
  exit 1
}

for tool in g++ make python3 file; do
  command -v "$tool" >/dev/null || fail "$tool is missing (Debian: apt-get install g++ make python3 file)"
done
for tool in aarch64-linux-gnu-g++ aarch64-linux-gnu-strip; do
  command -v "$tool" >/dev/null ||
    fail "$tool is missing, so prebuilds/linux-arm64 cannot be built (Debian: apt-get install g++-aarch64-linux-gnu binutils-aarch64-linux-gnu)"
done
[ -f node_modules/typescript/bin/tsc ] || fail "typescript is not installed (run npm ci first)"

echo "prepack: compiling TypeScript (dist/)"
rm -rf dist  # a file whose source moved (src/rates.ts is now src/rates/) must not shadow the new one
node node_modules/typescript/bin/tsc -p tsconfig.build.json || fail "tsc failed"
node scripts/metrics-doc.js --check || fail "METRICS.md is out of date (run npm run docs:metrics)"

echo "prepack: building prebuilds/linux-x64 and prebuilds/linux-arm64"
mkdir -p .cache
log="$root/.cache/prepack-prebuilds.log"
if ! bash scripts/build-prebuilds.sh x64 arm64 >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  fail "building the prebuilds failed (full log: $log)"
fi
grep '^build-prebuilds:' "$log"
bash scripts/check-prebuilds.sh prebuilds || fail "a prebuild failed its architecture or glibc floor check (above)"
echo "prepack: ok"
