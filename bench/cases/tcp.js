'use strict';
// TCP scaling: 0, 1,000, 10,000 and 20,000 established loopback connections (127.0.0.1 only; 2 sockets each)
// held by the TCP farm's child processes. At each scale: procsampler's O(1) synchronous summary, its per-state
// refresh on a native thread (time and the event-loop stall it causes), the C floor reading /proc/net/tcp and
// tcp6, and systeminformation's networkConnections() (which execs ss/netstat).
const { startFarm } = require('../lib/tcp-farm');
const { buildFloor, runFloor } = require('../lib/build-floor');
const { loadProcsampler } = require('../lib/procsampler');
const { median, round, idleStall } = require('../lib/measure');

const SCALES = [0, 1000, 10000, 20000];
const SI_CI_MAX = 1000;

function floorIterations(n) {
  if (n <= 0) return 200;
  if (n <= 1000) return 100;
  return n <= 10000 ? 10 : 5;
}

async function run(ctx) {
  buildFloor();
  const loaded = loadProcsampler();
  let si = null;
  let siSkip = null;
  try {
    si = require('systeminformation');
  } catch (error) {
    siSkip = `module unavailable: ${error.message}`;
  }
  const info = { scales: {} };
  const ratios = {};
  for (const n of SCALES) {
    const label = `tcp ${n.toLocaleString('en-US')} conns`;
    let farm;
    try {
      farm = await startFarm(n, { timeoutMs: ctx.ci ? 45000 : 120000 });
    } catch (error) {
      ctx.skip(`${label}: all cases`, `the connection farm failed: ${error.message}`);
      if (n === 20000) ratios.tcpAsyncMaxStallMs20k = { skipped: `farm failed: ${error.message}` };
      continue;
    }
    try {
      const floorRuns = [];
      let states = null;
      for (let r = 0; r < 5; r++) {
        const f = runFloor('tcp', floorIterations(n));
        floorRuns.push(f.nsPerOp);
        states = f.states;
      }
      info.scales[n] = { farmProcesses: farm.processes, farmSetupMs: farm.setupMs, floorStates: states };
      ctx.record({
        name: `${label}: C floor, /proc/net/tcp+tcp6 per-state count`,
        medianNs: round(median(floorRuns), 1),
        heapBytesPerOp: 0,
        maxLoopStallMs: null,
        spawns: 0,
        note: `established sockets seen: ${states ? states[1] : 'n/a'}`,
      });

      if (loaded.skipped) {
        ctx.skip(`${label}: procsampler`, loaded.skipped);
        if (n === 20000) ratios.tcpAsyncMaxStallMs20k = { skipped: loaded.skipped };
      } else {
        const { Sampler } = loaded.mod;
        const sampler = new Sampler({ sources: ['tcp'] });
        sampler.sample();
        await ctx.measure({ name: `${label}: procsampler sample() [tcp] summary`, fn: () => sampler.sample() });
        await sampler.sampleAsync();
        const idle = await idleStall(ctx.ci ? 1500 : 3000);
        info.scales[n].idleLoopStall = {
          maxMs: round(idle.maxLoopStallMs, 3),
          netMs: round(idle.maxLoopStallNetMs, 3),
          p99Ms: round(idle.p99LoopStallMs, 3),
        };
        const r = await ctx.measure({
          name: `${label}: procsampler sampleAsync() [tcp] per-state`,
          async: true,
          fn: () => sampler.sampleAsync(),
          stallOps: 400,
          stallMs: ctx.ci ? 2500 : 6000,
          cpuOps: ctx.ci ? 10 : 30,
        });
        const tcp = sampler.snapshot().tcp;
        const est = tcp && tcp.ipv4 && tcp.ipv6 ? tcp.ipv4.established + tcp.ipv6.established : null;
        info.scales[n].procsamplerEstablished = est;
        if (n === 20000) {
          ratios.tcpAsyncMaxStallMs20k = r.skipped ? { skipped: r.skipped } : r.maxLoopStallMs;
          ratios.tcpAsyncMaxStallNetMs20k = r.skipped ? { skipped: r.skipped } : r.maxLoopStallNetMs;
          ratios.idleLoopMaxStallNetMs20k = round(idle.maxLoopStallNetMs, 3);
          ratios.tcpAsyncMainThreadCpuMsPerOp20k = r.skipped ? { skipped: r.skipped } : r.mainThreadCpuMsPerOp;
        }
        sampler.close();
      }

      const siName = `${label}: systeminformation.networkConnections()`;
      if (siSkip) ctx.skip(siName, siSkip);
      else if (ctx.ci && n > SI_CI_MAX) ctx.skip(siName, `skipped above ${SI_CI_MAX} connections in --ci runs (seconds per call)`);
      else {
        await ctx.measure({
          name: siName,
          async: true,
          fn: () => si.networkConnections(),
          warmup: 1,
          minSamples: n >= 10000 ? 3 : undefined,
          maxTime: n >= 10000 ? 1 : undefined,
          stallOps: n >= 10000 ? 3 : undefined,
          heapOps: n >= 10000 ? 1 : undefined,
        });
      }
    } finally {
      await farm.stop();
    }
  }
  return { ratios, info };
}

module.exports = { run };
