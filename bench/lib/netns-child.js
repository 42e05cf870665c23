'use strict';
// The real-kernel point of the scale benchmark: started by bench/cases/scale.js as
//   unshare -n node --expose-gc bench/lib/netns-child.js <interfaces> <rounds>
// in a private network namespace of its own (nothing else on the machine sees it, and it goes away with this
// process), it creates veth pairs until /proc/net/dev lists <interfaces> interfaces (with lo), then measures the
// default sample() against the C floor on the real /proc, which the kernel hands over one page per read, and
// prints one JSON line: { interfaces, listed, status, sampleNs, floorNs, ratio, heapBytesPerSample } or { skipped }.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { pairedFloorRounds } = require('./build-floor');
const { heapPerOp, iterationsFor, round } = require('./measure');

const ROOT = path.join(__dirname, '..', '..');

function print(o) {
  process.stdout.write(`${JSON.stringify(o)}\n`);
}

async function main() {
  const want = Number(process.argv[2]);
  const rounds = Number(process.argv[3] || 9);
  // lo is there already; each veth pair adds two interfaces.
  const pairs = Math.floor((want - 1) / 2);
  const batch = [];
  for (let i = 0; i < pairs; i++) batch.push(`link add ps${i}a type veth peer name ps${i}b`);
  if (want > 1 + pairs * 2) batch.push('link add ps-extra type veth peer name ps-extrb');
  const r = spawnSync('ip', ['-batch', '-'], { input: `${batch.join('\n')}\n`, encoding: 'utf8' });
  if (r.error || r.status !== 0) return print({ skipped: `ip link add failed: ${r.error ? r.error.message : r.stderr.trim()}` });
  const lines = fs.readFileSync('/proc/net/dev', 'latin1').trim().split('\n').length - 2;

  const { Sampler } = require(path.join(ROOT, 'dist', 'index.js'));
  const sampler = new Sampler({ sources: ['cpu', 'memory', 'load', 'vmstat', 'disks', 'network', 'tcp', 'system', 'process'] });
  sampler.sample();
  for (let i = 0; i < 50; i++) sampler.sample();
  const snap = sampler.snapshot();
  const status = sampler.status().network.code;
  const iterations = iterationsFor(() => sampler.sample(), 8, 20, 2000);
  // CPU time on both sides in paired rounds, as bench/cases/scale.js does.
  const fr = await pairedFloorRounds({ fn: () => sampler.sample(), iterations, rounds });
  const heap = await heapPerOp({ fn: () => sampler.sample() }, Math.min(20000, iterations * 10));
  sampler.close();
  print({
    interfaces: lines,
    listed: snap.network ? snap.network.length : 0,
    status,
    iterations,
    rounds,
    sampleNs: round(fr.js, 0),
    floorNs: round(fr.floor, 0),
    ratio: round(fr.ratio, 3),
    perRoundRatios: fr.ratios.map((x) => round(x, 3)),
    heapBytesPerSample: heap.bytesPerOp === null ? null : round(heap.bytesPerOp, 2),
  });
}

main().catch((error) => {
  print({ skipped: `failed: ${error && error.message ? error.message : String(error)}` });
});
