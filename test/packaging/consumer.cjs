'use strict';
// Run from an empty project that installed the packed tarball: `node consumer.cjs`.
// Checks the CommonJS entry point and what it exports. Exits non-zero on any mismatch.
const assert = require('assert');

const pkg = require('procsampler');
assert.strictEqual(typeof pkg.Sampler, 'function', 'require("procsampler").Sampler is a class');
const main = require.resolve('procsampler');
assert.ok(/[\\/]node_modules[\\/]procsampler[\\/]dist[\\/]index\.js$/.test(main), `resolved ${main}`);
console.log(`consumer.cjs: ok (${Object.keys(pkg).length} exports: ${Object.keys(pkg).sort().join(', ')})`);
