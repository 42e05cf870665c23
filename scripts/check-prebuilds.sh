#!/usr/bin/env bash
# Checks every prebuilt binary: its architecture matches its folder, and the newest glibc / libstdc++ symbol
# versions it needs are within the floors (GLIBC_2.28, GLIBCXX_3.4.25: RHEL 8). The checks and the floors live in
# scripts/check-prebuilds.js (one definition, also used by scripts/pack-check.js on a tarball's files), which reads
# the ELF headers itself.
# Usage: scripts/check-prebuilds.sh [prebuildsDir]      Exits non-zero, listing every failed check.
set -euo pipefail
exec node "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/check-prebuilds.js" "$@"
