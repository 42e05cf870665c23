// Run from an empty project that installed the packed tarball: `node consumer.mjs`.
// An ES module importing named exports of the CommonJS package (Node's CJS named-export detection).
import assert from 'node:assert';
import { Sampler, HostMetrics } from 'procsampler';
import * as all from 'procsampler';

assert.strictEqual(typeof Sampler, 'function', 'import { Sampler } is a class');
assert.strictEqual(typeof HostMetrics, 'function', 'import { HostMetrics } is a class');
assert.strictEqual(all.default.Sampler, Sampler, 'the default export is the CommonJS module');
console.log('consumer.mjs: ok');
