'use strict';
// Run from an empty project whose install found neither a prebuild nor a compiler: `node unavailable.cjs`.
// The package must still import; the missing addon is reported only by nativeAvailable() and new Sampler().
const assert = require('assert');
const os = require('os');

let pkg;
assert.doesNotThrow(() => {
  pkg = require('procsampler');
}, 'require("procsampler") never throws');
const native = pkg; // nativeAvailable is a named export of the package (no deep import: the exports map)
assert.strictEqual(native.nativeAvailable(), false, 'nativeAvailable() is false');
assert.strictEqual(native.nativeAvailable(), false, 'nativeAvailable() stays false (cached)');

let caught;
try {
  new pkg.Sampler();
} catch (error) {
  caught = error;
}
assert.ok(caught instanceof Error, 'new Sampler() throws an Error');
assert.strictEqual(caught.code, 'PROCSAMPLER_NATIVE_UNAVAILABLE');
const platform = `${os.platform()}-${os.arch()}`;
assert.ok(caught.message.includes(platform), `the message names ${platform}: ${caught.message}`);
assert.ok(caught.message.includes('npm rebuild procsampler'), `the message says how to fix it: ${caught.message}`);
// It names the folders the loader searched: those of the installed package (or of PROCSAMPLER_PREBUILD).
const path = require('path');
const searchedRoot = process.env.PROCSAMPLER_PREBUILD || path.dirname(require.resolve('procsampler/package.json'));
const prebuildDir = path.join(path.resolve(searchedRoot), 'prebuilds', platform);
assert.ok(caught.message.includes(prebuildDir), `the message names ${prebuildDir}: ${caught.message}`);
console.log(`unavailable.cjs: ok\n  ${caught.message}`);
