'use strict';
// prom-client's default metrics (process and runtime only): collectDefaultMetrics + register.metrics().
async function run(ctx) {
  let client;
  try {
    client = require('prom-client');
  } catch (error) {
    ctx.skip('prom-client: default metrics', `module unavailable: ${error.message}`);
    return {};
  }
  const register = new client.Registry();
  client.collectDefaultMetrics({ register });
  await ctx.measure({ name: 'prom-client: collectDefaultMetrics + metrics()', async: true, fn: () => register.metrics() });
  return {};
}

module.exports = { run };
