#!/usr/bin/env node
// Finds import cycles among the TypeScript files under src/ (type-only imports and re-exports included: a cycle of
// types is still two files that cannot be read one without the other). Prints each cycle and exits 1 when there
// is one. Used by test/repo/import-cycles.test.ts; `node scripts/check-cycles.js [dir]` runs it by hand.
'use strict';
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

/** Every .ts file below dir. */
function files(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** The local files `file` imports (relative specifiers resolved to .ts or /index.ts). */
function imports(file) {
  const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
  const out = [];
  for (const { fileName } of info.importedFiles) {
    if (!fileName.startsWith('.')) continue;
    const base = path.resolve(path.dirname(file), fileName);
    for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), base]) {
      if (candidate.endsWith('.ts') && fs.existsSync(candidate)) {
        out.push(candidate);
        break;
      }
    }
  }
  return out;
}

/** The cycles of the import graph of the files below dir, each as a list of paths relative to dir. */
function findCycles(dir) {
  const graph = new Map(files(dir).map((f) => [f, imports(f)]));
  const cycles = [];
  const seen = new Set();
  const state = new Map(); // 1: on the current path, 2: done
  const stack = [];
  const visit = (f) => {
    state.set(f, 1);
    stack.push(f);
    for (const g of graph.get(f) ?? []) {
      if (state.get(g) === 1) {
        const cycle = stack.slice(stack.indexOf(g)).map((p) => path.relative(dir, p));
        const key = [...cycle].sort().join('|');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(cycle);
        }
      } else if (!state.has(g)) {
        visit(g);
      }
    }
    stack.pop();
    state.set(f, 2);
  };
  for (const f of [...graph.keys()].sort()) if (!state.has(f)) visit(f);
  return cycles;
}

if (require.main === module) {
  const dir = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'src'));
  const cycles = findCycles(dir);
  for (const c of cycles) console.log(`cycle: ${[...c, c[0]].join(' -> ')}`);
  if (cycles.length > 0) process.exit(1);
  console.log(`no import cycles under ${path.relative(process.cwd(), dir) || '.'}`);
}

module.exports = { findCycles, imports };
