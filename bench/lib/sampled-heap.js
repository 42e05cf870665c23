'use strict';
// JS heap bytes per operation as V8's sampling heap profiler counts them: every object allocated, whether it
// is collected later or not, at object granularity. Unlike a difference of the heap's used size, this is not
// moved by how V8 accounts its allocation buffers (an old-space buffer handed to pretenured allocations reads as
// used in full), so it can be set against the size the returned objects keep alive after a GC.
const inspector = require('inspector');

function post(session, method, params) {
  return new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
}

/** Sums the bytes of every sample in a sampling heap profile. */
function totalBytes(profile) {
  let total = 0;
  const stack = [profile.head];
  while (stack.length) {
    const node = stack.pop();
    total += node.selfSize;
    for (const child of node.children) stack.push(child);
  }
  return total;
}

/**
 * Samples `run()`. With `includeCollected`, every object allocated counts (collected since or not); without, only
 * those still alive when sampling stops. Returns the sampled bytes.
 */
async function sampledBytes(run, intervalBytes, includeCollected) {
  const session = new inspector.Session();
  session.connect();
  try {
    await post(session, 'HeapProfiler.enable');
    await post(session, 'HeapProfiler.startSampling', {
      samplingInterval: intervalBytes,
      includeObjectsCollectedByMajorGC: includeCollected,
      includeObjectsCollectedByMinorGC: includeCollected,
    });
    run();
    const { profile } = await post(session, 'HeapProfiler.stopSampling');
    return totalBytes(profile);
  } finally {
    session.disconnect();
  }
}

/** Bytes allocated per call of `fn`, over `ops` calls, sampled every `intervalBytes` on average. */
async function sampledBytesPerOp(fn, ops, intervalBytes = 16) {
  const bytes = await sampledBytes(
    () => {
      for (let i = 0; i < ops; i++) fn();
    },
    intervalBytes,
    true,
  );
  return bytes / ops;
}

/**
 * Bytes that each of `count` results of `make()` keeps alive: the results are held through a full GC while
 * sampling, so only they (and what they reference) remain in the profile. Measured by the same profiler as
 * sampledBytesPerOp, so the two compare object for object.
 */
async function sampledRetainedBytes(make, count, intervalBytes = 16) {
  const held = new Array(count).fill(null);
  const bytes = await sampledBytes(
    () => {
      for (let i = 0; i < count; i++) held[i] = make();
      global.gc();
      global.gc();
    },
    intervalBytes,
    false,
  );
  held.fill(null);
  return bytes / count;
}

module.exports = { sampledBytesPerOp, sampledRetainedBytes };
