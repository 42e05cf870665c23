'use strict';
// systeminformation: the calls a user would make for host metrics. Most exec shells or tools on Linux.
async function run(ctx) {
  let si;
  try {
    si = require('systeminformation');
  } catch (error) {
    ctx.skip('systeminformation', `module unavailable: ${error.message}`);
    return {};
  }
  for (const call of ['currentLoad', 'mem', 'networkStats', 'disksIO', 'fsSize']) {
    await ctx.measure({ name: `systeminformation.${call}()`, async: true, fn: () => si[call]() });
  }
  return {};
}

module.exports = { run };
