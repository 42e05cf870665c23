'use strict';
// systeminformation: the calls a user would make for host metrics. Several exec tools on Linux. Calls are paced
// 510 ms apart: under 500 ms systeminformation hands back its previous answer instead of collecting.
async function run(ctx) {
  let si;
  try {
    si = require('systeminformation');
  } catch (error) {
    ctx.skip('systeminformation', `module unavailable: ${error.message}`);
    return {};
  }
  for (const call of ['currentLoad', 'mem', 'networkStats', 'disksIO', 'fsSize']) {
    await ctx.measure({ name: `systeminformation.${call}()`, async: true, fn: () => si[call](), intervalMs: 510 });
  }
  return {};
}

module.exports = { run };
