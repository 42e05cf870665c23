'use strict';
// Runs one group of cases in a fresh process (started by bench/run.js with --expose-gc) and writes
// { cases, ratios, info } as JSON to --out. A fresh process per group keeps peers apart: prom-client's event
// loop monitor, host-metrics' timers and the TCP farm do not disturb the other measurements.
const counter = require('./lib/spawn-counter');
counter.install(); // before any peer is required

const fs = require('fs');
const { PROFILES, measureCase } = require('./lib/measure');

async function main() {
  const argv = process.argv.slice(2);
  const group = argv[0];
  const ci = argv.includes('--ci');
  const outIndex = argv.indexOf('--out');
  const out = outIndex >= 0 ? argv[outIndex + 1] : null;
  if (!group || !out) throw new Error('usage: node --expose-gc bench/worker.js <group> --out <file> [--ci]');
  if (typeof global.gc !== 'function') throw new Error('run with --expose-gc');
  const profile = PROFILES[ci ? 'ci' : 'full'];
  const cases = [];
  const ctx = {
    ci,
    profile,
    log: (...args) => process.stderr.write(`[${group}] ${args.join(' ')}\n`),
    /** Measures a case, logs it and adds it to the group's results. */
    async measure(c) {
      const r = await measureCase({ ...c, group }, profile);
      cases.push({ ...r, group });
      ctx.log(describe(r));
      return r;
    },
    /** Records a case measured outside measureCase (the C floor, timed inside its own process). */
    record(r) {
      cases.push({ ...r, group });
      ctx.log(describe(r));
    },
    /** Records a case that cannot run here, with the reason. */
    skip(name, reason) {
      cases.push({ name, group, skipped: reason });
      ctx.log(`${name}: skipped (${reason})`);
    },
  };
  const mod = require(`./cases/${group}.js`);
  const result = (await mod.run(ctx)) || {};
  fs.writeFileSync(out, JSON.stringify({ cases, ratios: result.ratios || {}, info: result.info || {} }));
}

function describe(r) {
  if (r.skipped) return `${r.name}: skipped (${r.skipped})`;
  const us = (r.medianNs / 1000).toFixed(r.medianNs < 10000 ? 2 : 1);
  return `${r.name}: ${us} us, ${r.heapBytesPerOp} B/op, stall ${r.maxLoopStallMs} ms, ${r.spawns} spawns/op`;
}

main().then(
  () => process.exit(0), // peers leave timers and sockets behind: do not wait for them
  (error) => {
    process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
    process.exit(1);
  },
);
