// Run from an empty project that installed the packed tarball: `node consumer.mjs`.
// An ES module importing named exports of the CommonJS package: Node finds them by scanning dist/index.js
// (cjs-module-lexer), so every export that `require` sees must also be importable by name.
import assert from 'node:assert';
import { createRequire } from 'node:module';
import { Sampler } from 'procsampler';
import * as esm from 'procsampler';

const cjs = createRequire(import.meta.url)('procsampler');
assert.strictEqual(typeof Sampler, 'function', 'import { Sampler } is a class');
assert.strictEqual(Sampler, cjs.Sampler, 'the ES and CommonJS Sampler are one class');
assert.strictEqual(esm.default, cjs, 'the default export is the CommonJS module');

const names = Object.keys(cjs);
const missing = names.filter((name) => esm[name] !== cjs[name]);
assert.deepStrictEqual(missing, [], `exports that an ES module cannot import by name: ${missing.join(', ')}`);

// HostMetrics comes with the OpenTelemetry layer; once the package exports it, it must import by name too.
if (names.includes('HostMetrics')) {
  const { HostMetrics } = await import('procsampler');
  assert.strictEqual(typeof HostMetrics, 'function', 'import { HostMetrics } is a class');
  console.log(`consumer.mjs: ok (${names.length} named exports, HostMetrics included)`);
} else {
  console.log(`consumer.mjs: ok (${names.length} named exports; NOTE: this build does not export HostMetrics yet)`);
}

// The exports map from ESM: the named subpaths, the same classes as require() gives; deep paths refused.
const { runtimeCore, RuntimeMetrics } = await import('procsampler/runtime');
assert.strictEqual(typeof runtimeCore, 'function', 'import { runtimeCore } from "procsampler/runtime"');
assert.strictEqual(RuntimeMetrics, cjs.RuntimeMetrics, 'one RuntimeMetrics class for ESM and CommonJS');
const { HostMetrics: OtelHostMetrics } = await import('procsampler/otel');
assert.strictEqual(OtelHostMetrics, cjs.HostMetrics, 'procsampler/otel is the root package’s HostMetrics');
for (const deep of ['procsampler/dist/runtime/native-runtime.js', 'procsampler/dist/index.js']) {
  await assert.rejects(import(deep), { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' }, `${deep} is not exported`);
}
console.log('consumer.mjs: exports map ok');
