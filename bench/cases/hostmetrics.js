'use strict';
// @opentelemetry/host-metrics 0.39 (deprecated; its successor has the same data path) in a real MeterProvider,
// collected through a pull reader: all groups, and without its network group (which execs `ip` and `cat`).
const { pullProvider, countPoints } = require('../lib/otel');

const WITHOUT_NETWORK = ['system.cpu', 'system.memory', 'process.cpu', 'process.memory'];

async function run(ctx) {
  let HostMetrics;
  try {
    ({ HostMetrics } = require('@opentelemetry/host-metrics'));
  } catch (error) {
    ctx.skip('@opentelemetry/host-metrics: collect (all groups)', `module unavailable: ${error.message}`);
    ctx.skip('@opentelemetry/host-metrics: collect (no network)', `module unavailable: ${error.message}`);
    return {};
  }
  const info = {};
  for (const [label, metricGroups] of [
    ['all groups', undefined],
    ['no network', WITHOUT_NETWORK],
  ]) {
    const { provider, collect } = pullProvider();
    const hm = new HostMetrics({ meterProvider: provider, name: 'bench', metricGroups });
    hm.start();
    const first = await collect();
    info[label] = countPoints(first);
    await ctx.measure({
      name: `@opentelemetry/host-metrics: collect (${label})`,
      async: true,
      fn: collect,
      note: `${info[label].points} points`,
      // its network group asks systeminformation, which caches answers for calls under 500 ms apart
      intervalMs: metricGroups ? undefined : 510,
    });
    await provider.shutdown();
  }
  return { info: { hostMetricsPoints: info } };
}

module.exports = { run };
