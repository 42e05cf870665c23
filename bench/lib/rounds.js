'use strict';
// Alternating load rounds over server children (bench/cases/http.js and bench/cases/example.js): each round loads
// every unit alone, twice, in a palindrome (a b c d d c b a; the first unit rotates from round to round), so that a
// machine getting busier or quieter during the round moves every unit alike. A unit's figures for the round are the
// mean of its two windows (requests/s) and its CPU per request over both; each ratio is taken within the round and
// the median over rounds is kept. A round with a window of fewer than `minRequests` requests (the machine's other
// tenants starved the server or its load generator) is repeated, up to `maxRounds` rounds in all, and reported.
const { median } = require('./measure');

/**
 * Runs the rounds. `window(unit)` loads one unit for one window and resolves with
 * { rps, cpuNs, requests } (requests/s seen by the load generator; the server thread's CPU ns and requests answered
 * in the window). Resolves with { per, skipped }: per[unit.mode] is one { rps, cpuNsPerRequest } per counted round.
 */
async function palindromeRounds({ units, rounds, maxRounds, minRequests, window, log }) {
  const per = Object.fromEntries(units.map((u) => [u.mode, []]));
  const first = units[0].mode;
  let skipped = 0;
  for (let r = 0; per[first].length < rounds && r < maxRounds; r++) {
    const start = units.slice(r % units.length).concat(units.slice(0, r % units.length));
    const order = start.concat(start.slice().reverse());
    const sum = Object.fromEntries(units.map((u) => [u.mode, { rps: 0, cpuNs: 0, requests: 0, fewest: Infinity }]));
    for (const u of order) {
      const w = await window(u);
      const t = sum[u.mode];
      t.rps += w.rps / 2;
      t.cpuNs += w.cpuNs;
      t.requests += w.requests;
      t.fewest = Math.min(t.fewest, w.requests);
    }
    if (units.some((u) => sum[u.mode].fewest < minRequests)) {
      skipped++;
      log(`round ${r + 1}: skipped (fewest requests in a window: ${units.map((u) => `${u.mode} ${sum[u.mode].fewest}`).join(', ')})`);
      continue;
    }
    for (const u of units) per[u.mode].push({ rps: sum[u.mode].rps, cpuNsPerRequest: sum[u.mode].cpuNs / sum[u.mode].requests });
    const k = per[first].length - 1;
    log(`round ${r + 1}: ${units.map((u) => `${u.mode} ${Math.round(per[u.mode][k].rps)}/s ${Math.round(per[u.mode][k].cpuNsPerRequest)} ns`).join(', ')}`);
  }
  if (per[first].length === 0) throw new Error(`no round out of ${skipped} had ${minRequests} requests in every window`);
  return { per, skipped };
}

/**
 * palindromeRounds over `generations` sets of fresh processes. `start(units, g)` starts generation g's units and
 * warms them up, pushing each into `units` as it starts; `stop(units)` ends them, after the generation's rounds or
 * when starting, warming up or a round failed (so a start that fails part-way leaves nothing running). Each
 * generation runs its share of `rounds` (and of `maxRounds`), and the rounds of every generation are pooled, so
 * that a median over rounds is a median over processes too. Why: a process keeps the state its JIT settled in (which
 * calls TurboFan inlined, for one) for its whole life, and that state moved one process's throughput by up to 4%
 * while identical processes next to it did not move (perf: some monitored example services ran node's crypto Hash
 * constructor as a frame of its own, through V8's generic construct stub, where the others had it inlined into
 * createHash); a run with one set of processes measured which states that set happened to draw. Resolves with
 * { per, skipped } as palindromeRounds does.
 */
async function generationRounds({ generations, start, stop, rounds, maxRounds, log, ...rest }) {
  let per = null;
  let skipped = 0;
  for (let g = 0; g < generations; g++) {
    const want = Math.round((rounds * (g + 1)) / generations) - Math.round((rounds * g) / generations);
    if (want === 0) continue;
    const units = [];
    try {
      await start(units, g);
      log(`generation ${g + 1} of ${generations}: fresh processes, ${want} rounds`);
      const r = await palindromeRounds({ ...rest, units, rounds: want, maxRounds: Math.ceil((maxRounds * want) / rounds), log });
      per ??= Object.fromEntries(Object.keys(r.per).map((m) => [m, []]));
      for (const m of Object.keys(per)) per[m].push(...r.per[m]);
      skipped += r.skipped;
    } finally {
      await stop(units);
    }
  }
  return { per, skipped };
}

/** The modes of a ratio's side: one mode, or several whose figures are averaged within each round. */
const list = (m) => (Array.isArray(m) ? m : [m]);
/** Mean over `modes` of field `key` in round i. */
const mean = (per, modes, key, i) => list(modes).reduce((a, m) => a + per[m][i][key], 0) / list(modes).length;
/** f(i) for every counted round i. */
const eachRound = (per, modes, f) => per[list(modes)[0]].map((_, i) => f(i));

/**
 * Per round: throughput(mode) / throughput(base). Either side may name several processes of one setup (averaged
 * within the round), so that one process whose JIT ended in a slower state (it happens: the same setup's
 * processes differ by a few percent for their whole life) does not decide the run.
 */
function roundRatios(per, mode, base) {
  return eachRound(per, mode, (i) => mean(per, mode, 'rps', i) / mean(per, base, 'rps', i));
}

/** Median over rounds of throughput(mode) / throughput(base), within each round (see roundRatios). */
function throughputRatio(per, mode, base) {
  return median(roundRatios(per, mode, base));
}

/** The spread of the per-round ratios (roundRatios): { min, q1, q3, max }, three decimals. */
function roundRatioSpread(per, mode, base) {
  const ratios = roundRatios(per, mode, base).sort((a, b) => a - b);
  const q = (f) => Math.round(ratios[Math.min(ratios.length - 1, Math.floor(f * ratios.length))] * 1000) / 1000;
  return { min: q(0), q1: q(0.25), q3: q(0.75), max: q(1) };
}

/** Median over rounds of CPU per request(base) / CPU per request(mode): the throughput the CPU alone allows. */
function cpuRatio(per, mode, base) {
  return median(eachRound(per, mode, (i) => mean(per, base, 'cpuNsPerRequest', i) / mean(per, mode, 'cpuNsPerRequest', i)));
}

/** Median over rounds of CPU ns per request(mode) - CPU ns per request(base). */
function cpuDeltaNs(per, mode, base) {
  return median(eachRound(per, mode, (i) => mean(per, mode, 'cpuNsPerRequest', i) - mean(per, base, 'cpuNsPerRequest', i)));
}

module.exports = { palindromeRounds, generationRounds, roundRatios, roundRatioSpread, throughputRatio, cpuRatio, cpuDeltaNs };
