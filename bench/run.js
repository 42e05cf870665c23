#!/usr/bin/env node
'use strict';
// The benchmark: procsampler against the C floor and the alternatives, in one run.
//   npm run bench      full run (several minutes; the committed reference copy comes from it)
//   npm run bench:ci   short run (well under 5 minutes)
// Options: --render   only re-render latest.md and chart.svg from bench/results/latest.json;
//          --only=group,group   run some groups;  --no-build   do not build dist/ or the addon when missing;
//          --no-nice   do not raise the groups' priority (as root they run under `nice -n -10`, so that the
//                      stall and time figures of a shared machine show the code measured, not other processes).
// Each group runs in its own `node --expose-gc` process (bench/worker.js); the results are merged into
// bench/results/latest.json, latest.md and chart.svg.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, spawnSync } = require('child_process');
const { buildFloor } = require('./lib/build-floor');
const { RATIOS, describeBound, meets } = require('./lib/targets');
const { formatNs, formatBytes, formatMs } = require('./lib/format');
const { renderChart } = require('./chart');
const { renderScaleChart, scaleMarkdown } = require('./scale-chart');

const ROOT = path.join(__dirname, '..');
const RESULTS = path.join(__dirname, 'results');
const GROUPS = ['procsampler', 'otel', 'hostmetrics', 'promclient', 'light', 'systeminformation', 'tcp', 'runtime', 'pools', 'summaries', 'scale', 'http', 'example'];

function parseArgs(argv) {
  const only = argv.find((a) => a.startsWith('--only='));
  return {
    ci: argv.includes('--ci'),
    build: !argv.includes('--no-build'),
    nice: !argv.includes('--no-nice') && typeof process.getuid === 'function' && process.getuid() === 0,
    groups: only ? only.slice('--only='.length).split(',') : GROUPS,
  };
}

const log = (msg) => process.stderr.write(`${msg}\n`);

/** Builds the addon and dist/ when they are missing and the sources exist (they land on main with the core). */
function ensureBuilt(info) {
  const haveSources = fs.existsSync(path.join(ROOT, 'src', 'sampler.ts'));
  const haveDist = fs.existsSync(path.join(ROOT, 'dist', 'index.js'));
  const haveAddon = fs.existsSync(path.join(ROOT, 'build', 'Release', 'procsampler.node'));
  if (!haveSources || (haveDist && haveAddon)) return;
  const env = { ...process.env, npm_config_nodedir: process.env.npm_config_nodedir || '/usr' };
  const script = haveAddon ? 'build:ts' : 'build';
  log(`building procsampler (npm run ${script}) ...`);
  const r = spawnSync('npm', ['run', script], { cwd: ROOT, env, stdio: ['ignore', 2, 2] });
  if (r.status !== 0) info.buildError = `npm run ${script} exited with ${r.status}`;
}

function runGroup(group, args) {
  const out = path.join(RESULTS, `.group-${group}.json`);
  fs.rmSync(out, { force: true });
  // A bound on a hung group, not a budget: the procsampler group alone took over 150 s on a loaded 2-core machine.
  const limitMs = (args.ci ? 400 : 900) * 1000;
  return new Promise((resolve) => {
    const started = Date.now();
    const command = [process.execPath, '--expose-gc', path.join(__dirname, 'worker.js'), group, '--out', out];
    if (args.ci) command.push('--ci');
    // nice applies to every thread of the group (main, the stall probe, the addon's native threads)
    if (args.nice) command.unshift('nice', '-n', '-10');
    const child = spawn(command[0], command.slice(1), { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], detached: true });
    const timer = setTimeout(() => {
      log(`[${group}] over ${limitMs / 1000} s: stopping it`);
      try {
        process.kill(-child.pid, 'SIGKILL'); // the worker and its TCP farm children
      } catch {
        // already gone
      }
    }, limitMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const seconds = Math.round((Date.now() - started) / 100) / 10;
      if (fs.existsSync(out)) {
        const r = JSON.parse(fs.readFileSync(out, 'utf8'));
        fs.rmSync(out, { force: true });
        resolve({ ...r, seconds });
      } else {
        const reason = `group ${group} failed (${signal || `exit ${code}`}) after ${seconds} s`;
        resolve({ cases: [{ name: group, group, skipped: reason }], ratios: {}, info: { error: reason }, seconds });
      }
    });
  });
}

function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0] ? cpus[0].model.trim() : null,
    kernel: os.release(),
    node: process.version,
    memTotalBytes: os.totalmem(),
  };
}

function findCase(cases, name) {
  return cases.find((c) => c.name === name && !c.skipped);
}

function computeRatios(cases, groupRatios) {
  const ratios = {};
  const notes = {};
  for (const key of Object.keys(RATIOS)) ratios[key] = null;
  for (const [key, value] of Object.entries(groupRatios)) {
    if (value && typeof value === 'object' && 'skipped' in value) notes[key] = value.skipped;
    else ratios[key] = value;
  }
  const hm = findCase(cases, '@opentelemetry/host-metrics: collect (all groups)');
  const inst = findCase(cases, 'procsampler OTel: collect via instruments (MeterProvider + reader)');
  if (hm && inst) ratios.hostMetricsVsInstrumentCollect = round3(hm.medianNs / inst.medianNs);
  for (const key of Object.keys(RATIOS)) {
    if (ratios[key] === null && !notes[key]) notes[key] = 'not measured in this run (see skipped cases)';
  }
  return { ratios, notes };
}

const round3 = (v) => Math.round(v * 1000) / 1000;

function markdown(results) {
  const m = results.machine;
  const lines = [];
  lines.push(`# procsampler benchmark (${results.mode} run)`);
  lines.push('');
  lines.push(
    `${m.cpus} × ${m.cpuModel}, ${(m.memTotalBytes / 2 ** 30).toFixed(0)} GiB, Linux ${m.kernel}, Node ${m.node}; ${results.date}, ${results.durationS} s.`,
  );
  lines.push('');
  lines.push('| case | median time | JS heap / op | longest loop stall (p99) | child processes / op |');
  lines.push('|---|---:|---:|---:|---:|');
  for (const c of results.cases) {
    if (c.skipped) {
      lines.push(`| ${c.name} | skipped: ${c.skipped.replace(/\|/g, '\\|')} | | | |`);
      continue;
    }
    lines.push(
      `| ${c.name} | ${formatNs(c.medianNs)} | ${formatBytes(c.heapBytesPerOp)} | ${formatMs(c.maxLoopStallMs)}${c.p99LoopStallMs != null ? ` (${formatMs(c.p99LoopStallMs)})` : ''} | ${c.spawns} |`,
    );
  }
  lines.push('');
  lines.push('| ratio | value | target | met |');
  lines.push('|---|---:|---:|:---:|');
  for (const [key, def] of Object.entries(RATIOS)) {
    const value = results.ratios[key];
    const ok = meets(value, def.target);
    const shown = value === null ? `n/a (${results.ratioNotes[key] || 'not measured'})` : String(value);
    lines.push(`| ${key}: ${def.what} | ${shown} | ${describeBound(def.target)} | ${ok === null ? '' : ok ? 'yes' : 'no'} |`);
  }
  lines.push('');
  lines.push(
    'Heap: JS heap growth per operation in a window with no GC (async cases net of the harness loop). Stall: the longest time a worker-thread probe’s post (every 0.25 ms) waited for the loop while the case ran, and in brackets the 99th percentile; on a shared VM the maximum includes the machine’s own pauses (see idleLoopMaxStallNetMs20k: an idle loop measured the same way). C floor rows run in their own process (no JS heap, no loop). Peers that cache answers for calls under 500 ms apart (systeminformation, host-metrics with its network group) are called 510 ms apart.',
  );
  return `${lines.join('\n')}\n`;
}

/** bench/results/scale.svg and scale.md when the run has the scale group. */
function writeScaleChart(results) {
  const svg = renderScaleChart(results);
  if (svg) fs.writeFileSync(path.join(RESULTS, 'scale.svg'), svg);
  const md = scaleMarkdown(results);
  if (md) fs.writeFileSync(path.join(RESULTS, 'scale.md'), `# procsampler at scale (${results.mode} run, ${results.date})\n\n${md}`);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (process.argv.includes('--render')) {
    const results = JSON.parse(fs.readFileSync(path.join(RESULTS, 'latest.json'), 'utf8'));
    fs.writeFileSync(path.join(RESULTS, 'latest.md'), markdown(results));
    fs.writeFileSync(path.join(RESULTS, 'chart.svg'), renderChart(results));
    writeScaleChart(results);
    log(`re-rendered ${path.relative(ROOT, RESULTS)}/latest.md and chart.svg`);
    return;
  }
  const started = Date.now();
  fs.mkdirSync(RESULTS, { recursive: true });
  const info = {};
  buildFloor();
  if (args.build) ensureBuilt(info);
  const cases = [];
  const groupRatios = {};
  for (const group of args.groups) {
    if (!GROUPS.includes(group)) throw new Error(`unknown group ${group} (groups: ${GROUPS.join(', ')})`);
    log(`--- ${group}`);
    const r = await runGroup(group, args);
    cases.push(...r.cases);
    Object.assign(groupRatios, r.ratios);
    info[group] = { ...r.info, seconds: r.seconds };
  }
  const { ratios, notes } = computeRatios(cases, groupRatios);
  const results = {
    mode: args.ci ? 'ci' : 'full',
    niceness: args.nice ? -10 : 0,
    date: new Date().toISOString(),
    durationS: Math.round((Date.now() - started) / 1000),
    machine: machine(),
    cases,
    ratios,
    ratioNotes: notes,
    info,
  };
  fs.writeFileSync(path.join(RESULTS, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  fs.writeFileSync(path.join(RESULTS, 'latest.md'), markdown(results));
  fs.writeFileSync(path.join(RESULTS, 'chart.svg'), renderChart(results));
  writeScaleChart(results);
  log(`\n${markdown(results)}`);
  log(`wrote ${path.relative(ROOT, RESULTS)}/latest.json, latest.md, chart.svg in ${results.durationS} s`);
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
