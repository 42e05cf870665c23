'use strict';
// Database pool metrics: what monitorPool adds to one acquire + release of a pool, and a collect of the pool
// family through the AppMetricProducer. The pools run in process (generic-pool with an in-memory factory, pg-pool
// with an in-process Client), so the figures are the instrumentation's own cost, not a server's.
const { EventEmitter } = require('events');
const { loadProcsampler } = require('../lib/procsampler');
const { interleave, round, tick } = require('../lib/measure');

const GP_PLAIN = 'generic-pool: acquire + release (plain)';
const GP_MON = 'generic-pool: acquire + release (monitorPool)';
const PG_PLAIN = 'pg-pool: connect + release, in-process client (plain)';
const PG_MON = 'pg-pool: connect + release, in-process client (monitorPool)';
const COLLECT = 'pools: AppMetricProducer collect, 10 monitored pools';

/** A pg Client stand-in that pg-pool can create, connect, hand out and keep idle, without a server. */
class InProcessClient extends EventEmitter {
  constructor() {
    super();
    this._queryable = true;
    this._ending = false;
  }
  connect(cb) {
    process.nextTick(cb);
  }
  end(cb) {
    this._ending = true;
    if (cb) process.nextTick(cb);
  }
  ref() {}
  unref() {}
}

async function run(ctx) {
  const core = loadProcsampler();
  let genericPool;
  let PgPool;
  try {
    genericPool = require('generic-pool');
    PgPool = require('pg-pool');
  } catch (error) {
    core.skipped ??= `module unavailable: ${error.message}`;
  }
  if (core.skipped || typeof core.mod.monitorPool !== 'function') {
    const reason = core.skipped || 'dist has no monitorPool';
    for (const name of [GP_PLAIN, GP_MON, PG_PLAIN, PG_MON, COLLECT]) ctx.skip(name, reason);
    return { ratios: { poolGenericAcquireRatio: { skipped: reason }, poolPgAcquireRatio: { skipped: reason } } };
  }
  const { monitorPool, AppMetricProducer } = core.mod;
  const factory = { create: async () => ({}), destroy: async () => undefined };
  const gpPlain = genericPool.createPool(factory, { max: 4 });
  const gpMon = genericPool.createPool(factory, { max: 4 });
  const gpMonitor = monitorPool(gpMon, { name: 'bench-gp' });
  const gpCycle = (pool) => async () => {
    const r = await pool.acquire();
    await pool.release(r);
  };
  const pgPlain = new PgPool({ max: 4, Client: InProcessClient, idleTimeoutMillis: 0 });
  const pgMon = new PgPool({ max: 4, Client: InProcessClient, idleTimeoutMillis: 0 });
  const pgMonitor = monitorPool(pgMon, { name: 'bench-pg' });
  const pgCycle = (pool) => async () => {
    const c = await pool.connect();
    c.release();
  };
  const rounds = ctx.ci ? 10 : 30;
  const iterations = ctx.ci ? 2000 : 10000;
  const results = {};
  for (const [plainName, monName, plain, mon] of [
    [GP_PLAIN, GP_MON, gpCycle(gpPlain), gpCycle(gpMon)],
    [PG_PLAIN, PG_MON, pgCycle(pgPlain), pgCycle(pgMon)],
  ]) {
    for (let i = 0; i < 2000; i++) {
      await plain();
      await mon();
    }
    const r = await interleave(mon, plain, { rounds, iterations, async: true });
    for (const [name, ns] of [
      [plainName, r.b],
      [monName, r.a],
    ]) {
      ctx.record({ name, medianNs: round(ns, 1), heapBytesPerOp: null, maxLoopStallMs: null, spawns: 0, note: `median of ${rounds} alternating rounds of ${iterations}` });
    }
    results[monName] = r;
  }
  const monitors = [gpMonitor, pgMonitor];
  for (let i = 0; i < 8; i++) {
    const m = monitorPool({ name: `bench-stats-${i}`, stats: () => ({ used: 3, idle: 1, pending: 0, max: 4 }) });
    m.recordWait(0.001 * i);
    m.recordUse(0.01 * i);
    monitors.push(m);
  }
  const producer = new AppMetricProducer(monitors);
  for (let i = 0; i < 2000; i++) await producer.collect();
  await tick();
  await ctx.measure({ name: COLLECT, async: true, fn: () => producer.collect() });
  for (const m of monitors) m.close();
  await gpPlain.drain();
  await gpMon.drain();
  await pgPlain.end();
  await pgMon.end();
  return {
    ratios: {
      poolGenericAcquireRatio: round(results[GP_MON].ratio, 4),
      poolPgAcquireRatio: round(results[PG_MON].ratio, 4),
    },
    info: {
      poolGenericAcquireAddedNs: round(results[GP_MON].a - results[GP_MON].b, 1),
      poolPgAcquireAddedNs: round(results[PG_MON].a - results[PG_MON].b, 1),
    },
  };
}

module.exports = { run };
