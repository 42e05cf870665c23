#!/usr/bin/env node
'use strict';
// Reads bench/results/latest.json, prints every ratio against its regression threshold (and the issue's
// target), and exits non-zero when a ratio regressed past its threshold, or when a required ratio is missing.
// Usage: node bench/check.js [results.json] [--targets]   (--targets: enforce the targets instead)
const fs = require('fs');
const path = require('path');
const { RATIOS, describeBound, meets } = require('./lib/targets');

const argv = process.argv.slice(2);
const useTargets = argv.includes('--targets');
const file = argv.find((a) => !a.startsWith('--')) || path.join(__dirname, 'results', 'latest.json');

let results;
try {
  results = JSON.parse(fs.readFileSync(file, 'utf8'));
} catch (error) {
  process.stderr.write(`bench/check: cannot read ${file}: ${error.message}\n`);
  process.exit(2);
}

const failures = [];
const rows = [];
for (const [key, def] of Object.entries(RATIOS)) {
  const value = results.ratios ? results.ratios[key] : undefined;
  const bound = useTargets ? def.target : def.check;
  const ok = meets(value, bound);
  let verdict;
  if (value === null || value === undefined) {
    const why = (results.ratioNotes && results.ratioNotes[key]) || 'not measured';
    verdict = def.required ? `FAIL (missing: ${why})` : `skip (${why})`;
    if (def.required) failures.push(key);
  } else if (ok === false && def.noiseKey && results.ratios[def.noiseKey] > def.noiseMax) {
    verdict = `inconclusive (an idle loop stalled ${results.ratios[def.noiseKey]} ms at the same time)`;
  } else if (ok === null) verdict = 'info';
  else if (ok) verdict = 'ok';
  else {
    verdict = 'FAIL';
    failures.push(key);
  }
  rows.push([key, value === null || value === undefined ? '-' : String(value), describeBound(bound) || '-', describeBound(def.target) || '-', verdict]);
}

const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length), 6));
const line = (r) => `${r[0].padEnd(widths[0])}  ${r[1].padStart(widths[1])}  ${r[2].padEnd(widths[2])}  ${r[3].padEnd(widths[3])}  ${r[4]}`;
process.stdout.write(`bench/check: ${file} (${results.mode} run, ${results.date})\n`);
process.stdout.write(`${line(['ratio', 'value', useTargets ? 'target' : 'limit', 'target', 'verdict'])}\n`);
for (const r of rows) process.stdout.write(`${line(r)}\n`);
if (failures.length) {
  process.stdout.write(`bench/check: FAILED: ${failures.join(', ')}\n`);
  process.exit(1);
}
process.stdout.write('bench/check: ok\n');
