'use strict';
// Run from an empty project that installed the packed tarball: `node consumer.cjs`.
// Checks the CommonJS entry point and what it exports. Exits non-zero on any mismatch.
const assert = require('assert');

const pkg = require('procsampler');
assert.strictEqual(typeof pkg.Sampler, 'function', 'require("procsampler").Sampler is a class');
const main = require.resolve('procsampler');
assert.ok(/[\\/]node_modules[\\/]procsampler[\\/]dist[\\/]index\.js$/.test(main), `resolved ${main}`);
console.log(`consumer.cjs: ok (${Object.keys(pkg).length} exports: ${Object.keys(pkg).sort().join(', ')})`);

// The exports map: the named subpaths are the same modules as the root's exports; nothing else is reachable.
const runtime = require('procsampler/runtime');
assert.strictEqual(typeof runtime.runtimeCore, 'function', 'procsampler/runtime exports runtimeCore');
assert.strictEqual(runtime.RuntimeMetrics, pkg.RuntimeMetrics, 'procsampler/runtime is the root package’s runtime');
const otel = require('procsampler/otel');
assert.strictEqual(otel.HostMetrics, pkg.HostMetrics, 'procsampler/otel is the root package’s HostMetrics');
assert.strictEqual(require('procsampler/package.json').name, 'procsampler', 'procsampler/package.json');
for (const deep of ['procsampler/dist/runtime/native-runtime', 'procsampler/dist/index.js', 'procsampler/src/index.ts']) {
  assert.throws(() => require(deep), { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' }, `${deep} is not exported`);
}
console.log('consumer.cjs: exports map ok (., ./runtime, ./otel, ./package.json; deep paths refused)');
