#!/usr/bin/env bash
# The sanitizer build of the addon: builds procsampler.node with clang, AddressSanitizer and UndefinedBehavior-
# Sanitizer (any UBSan report is fatal) in a copy of the package under .cache/sanitize/, and runs the test suite's
# native tests (test/sources, test/sampler, test/native, the native runtime tests) against it, with the ASan runtime preloaded into
# node. Exits non-zero on a test failure or any sanitizer report. The normal build in build/ is not touched.
#
#   scripts/sanitize.sh                 build and run
#   scripts/sanitize.sh test/sources/...   run some test files only
#
# Left out, each for a reason that is not the addon's: test/native/native-alloc.test.ts (ltrace counts malloc
# calls, and ASan's allocator is not the one it counts), and four runtime tests that compare timings, exact GC
# counts or the metrics a first GC produces within a window, which an instrumented, slower build legitimately
# changes (runtime-native-paths, runtime-gc-native, runtime-otel, runtime-node-duplicates).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
shadow=.cache/sanitize
CC=${SANITIZE_CC:-clang-14}
CXX=${SANITIZE_CXX:-clang++-14}
command -v "$CXX" >/dev/null || { CC=clang; CXX=clang++; }
runtime=$("$CC" -print-file-name=libclang_rt.asan-x86_64.so)
[ -f "$runtime" ] || { echo "sanitize: no ASan runtime ($runtime): install libclang-rt-14-dev" >&2; exit 2; }
[ -f dist/index.js ] || { echo "sanitize: build dist/ first (npm run build:ts)" >&2; exit 2; }

# A copy of what the tests load (the package root is found from dist/ and src/, the addon in build/Release), so the
# instrumented build never replaces the normal one. node_modules is shared.
rm -rf "$shadow/src" "$shadow/test" "$shadow/dist" "$shadow/native"
mkdir -p "$shadow"
cp -r package.json binding.gyp jest.config.js tsconfig.json tsconfig.test.json native src test dist "$shadow/"
cp scripts/sanitize-setup.js "$shadow/"
ln -sfn "$root/node_modules" "$shadow/node_modules"
cat > "$shadow/jest.sanitize.config.js" <<'EOF'
const base = require('./jest.config.js');
module.exports = { ...base, setupFiles: ['<rootDir>/sanitize-setup.js'] };
EOF

flags="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g -O1"
echo "sanitize: building the addon with $("$CXX" --version | head -1), $flags"
(cd "$shadow" && CC="$CC" CXX="$CXX" CFLAGS="$flags" CXXFLAGS="$flags" LDFLAGS="-fsanitize=address,undefined -shared-libasan" \
  "$root/node_modules/.bin/node-gyp" rebuild --nodedir="${npm_config_nodedir:-/usr}" -j 2 >build.log 2>&1) ||
  { tail -30 "$shadow/build.log" >&2; exit 1; }
[ "$(nm -D "$shadow/build/Release/procsampler.node" | grep -c __asan_report)" -gt 0 ] || { echo "sanitize: the addon is not instrumented" >&2; exit 1; }

tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=(test/sources test/sampler test/native test/runtime)
ignore='native-alloc\.test|runtime-native-paths\.test|runtime-gc-native\.test|runtime-otel\.test|runtime-node-duplicates\.test'
log=$shadow/asan-reports
rm -rf "$log"
mkdir -p "$log"
cd "$shadow"
set +e
# detect_leaks=0: node itself does not free everything at exit (that is not the addon's leak). Reports go to files
# too, so a report from a child process or a worker thread is not lost in jest's output.
LD_PRELOAD="$runtime" \
  ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:allow_user_segv_handler=1:log_path=$root/$log/asan" \
  UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=$root/$log/ubsan" \
  "$root/node_modules/.bin/jest" --config jest.sanitize.config.js --maxWorkers="${SANITIZE_JOBS:-$(nproc)}" \
    --testPathIgnorePatterns "$ignore" -- "${tests[@]}"
rc=$?
set -e
cd "$root"
if compgen -G "$log/*" >/dev/null; then
  echo "sanitize: sanitizer reports:" >&2
  cat "$log"/* >&2
  exit 1
fi
[ "$rc" = 0 ] || { echo "sanitize: the native tests failed under ASan+UBSan (exit $rc)" >&2; exit "$rc"; }
echo "sanitize: the native tests pass under ASan+UBSan with no sanitizer report"
