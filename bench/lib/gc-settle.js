'use strict';
// Two full GCs in a benchmark's server child after its setup and before its first request (needs --expose-gc;
// without it, nothing). The child's first mark-compact otherwise lands during the warm-up load whenever its setup
// grew the heap past V8's first old-generation limit (loading the OpenTelemetry SDK does), and one landing there
// can leave node:http's inlined process.nextTick sites megamorphic for the rest of the process (see
// bench/cases/http.js, NODE_ARGS): a warm-up accident that a setup with a smaller heap never meets, measured as if
// it were the setup's cost per request. Run by every setup alike, off included.
function settleHeap() {
  if (typeof global.gc !== 'function') return false;
  global.gc();
  global.gc();
  return true;
}

module.exports = { settleHeap };
