#!/usr/bin/env node
'use strict';
// Copies the committed reference run (bench/results-reference/latest.md) into README.md between the
// bench-table markers. Usage: node bench/update-docs.js
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const DOC = path.join(ROOT, 'README.md');
const REFERENCE = path.join(__dirname, 'results-reference', 'latest.md');
const START = '<!-- bench-table:start -->';
const END = '<!-- bench-table:end -->';

const doc = fs.readFileSync(DOC, 'utf8');
const i = doc.indexOf(START);
const j = doc.indexOf(END);
if (i < 0 || j < i) throw new Error(`README.md has no ${START} ... ${END} markers`);
// the reference's own title line is replaced by the section's heading
const table = fs
  .readFileSync(REFERENCE, 'utf8')
  .replace(/^# .*\n\n?/, '')
  .trim();
fs.writeFileSync(DOC, `${doc.slice(0, i + START.length)}\n${table}\n${doc.slice(j)}`);
process.stdout.write(`updated ${path.relative(ROOT, DOC)} from ${path.relative(ROOT, REFERENCE)}\n`);

// docs/scale.md gets the scale group's table (bench/results-reference/scale.md) the same way.
const SCALE_DOC = path.join(ROOT, 'docs', 'scale.md');
const SCALE_REFERENCE = path.join(__dirname, 'results-reference', 'scale.md');
if (fs.existsSync(SCALE_DOC) && fs.existsSync(SCALE_REFERENCE)) {
  const sdoc = fs.readFileSync(SCALE_DOC, 'utf8');
  const a = sdoc.indexOf('<!-- scale-table:start -->');
  const b = sdoc.indexOf('<!-- scale-table:end -->');
  if (a < 0 || b < a) throw new Error('docs/scale.md has no scale-table markers');
  const stable = fs.readFileSync(SCALE_REFERENCE, 'utf8').replace(/^# .*\n\n?/, '').trim();
  fs.writeFileSync(SCALE_DOC, `${sdoc.slice(0, a + '<!-- scale-table:start -->'.length)}\n${stable}\n${sdoc.slice(b)}`);
  process.stdout.write(`updated ${path.relative(ROOT, SCALE_DOC)} from ${path.relative(ROOT, SCALE_REFERENCE)}\n`);
}
