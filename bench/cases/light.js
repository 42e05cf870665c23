'use strict';
// The light alternatives: Node's own os/process bundle, pidusage, and naive JS (readFileSync + split/parseInt)
// of the same files procsampler's default sample() reads.
const fs = require('fs');
const os = require('os');

function osBundle() {
  return [
    os.cpus(),
    os.loadavg(),
    os.freemem(),
    os.totalmem(),
    process.memoryUsage(),
    process.cpuUsage(),
    process.resourceUsage(),
  ];
}

const ints = (line) =>
  line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map((x) => parseInt(x, 10));

function keyed(text) {
  const out = {};
  for (const line of text.split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i)] = parseInt(line.slice(i + 1), 10);
  }
  return out;
}

/** What a user writes without a library: read each file whole, split it, parseInt the tokens. */
function naiveSample() {
  const out = {};
  const stat = fs.readFileSync('/proc/stat', 'utf8').split('\n');
  out.cpus = stat.filter((l) => l.startsWith('cpu')).map(ints);
  for (const l of stat) {
    const [k, v] = l.split(' ');
    if (k === 'ctxt' || k === 'btime' || k === 'processes' || k === 'procs_running' || k === 'procs_blocked' || k === 'intr')
      out[k] = parseInt(v, 10);
  }
  out.uptime = parseFloat(fs.readFileSync('/proc/uptime', 'utf8'));
  out.meminfo = keyed(fs.readFileSync('/proc/meminfo', 'utf8'));
  const load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ');
  out.load = [parseFloat(load[0]), parseFloat(load[1]), parseFloat(load[2]), ...load[3].split('/').map(Number)];
  const vm = {};
  for (const l of fs.readFileSync('/proc/vmstat', 'utf8').split('\n')) {
    const [k, v] = l.split(' ');
    vm[k] = parseInt(v, 10);
  }
  out.vmstat = [vm.pgfault, vm.pgmajfault, vm.pswpin, vm.pswpout, vm.pgpgin, vm.pgpgout];
  out.disks = fs
    .readFileSync('/proc/diskstats', 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const t = l.trim().split(/\s+/);
      return { name: t[2], values: t.filter((_, i) => i !== 2).map((x) => parseInt(x, 10)) };
    });
  out.net = fs
    .readFileSync('/proc/net/dev', 'utf8')
    .split('\n')
    .slice(2)
    .filter(Boolean)
    .map((l) => {
      const i = l.lastIndexOf(':');
      return { name: l.slice(0, i).trim(), values: l.slice(i + 1).trim().split(/\s+/).map((x) => parseInt(x, 10)) };
    });
  const sock = fs.readFileSync('/proc/net/sockstat', 'utf8').split('\n').find((l) => l.startsWith('TCP:'));
  out.sockstat = sock ? sock.split(' ').filter((_, i) => i % 2 === 0 && i > 0).map((x) => parseInt(x, 10)) : null;
  const sock6 = fs.readFileSync('/proc/net/sockstat6', 'utf8').split('\n').find((l) => l.startsWith('TCP6:'));
  out.sockstat6 = sock6 ? parseInt(sock6.split(' ')[2], 10) : null;
  const snmp = fs.readFileSync('/proc/net/snmp', 'utf8').split('\n').filter((l) => l.startsWith('Tcp:'));
  if (snmp.length === 2) {
    const keys = snmp[0].split(' ');
    const values = snmp[1].split(' ');
    out.tcp = Object.fromEntries(keys.slice(1).map((k, i) => [k, parseInt(values[i + 1], 10)]));
  }
  const self = fs.readFileSync('/proc/self/stat', 'utf8');
  out.self = self.slice(self.lastIndexOf(')') + 2).split(' ').map((x) => parseInt(x, 10));
  out.status = keyed(fs.readFileSync('/proc/self/status', 'utf8'));
  out.io = keyed(fs.readFileSync('/proc/self/io', 'utf8'));
  out.fds = fs.readdirSync('/proc/self/fd').length;
  out.rusage = process.resourceUsage();
  return out;
}

async function run(ctx) {
  await ctx.measure({ name: 'node os/process bundle', fn: osBundle });
  await ctx.measure({ name: 'naive JS: readFileSync + split/parseInt (same files)', fn: naiveSample });
  let pidusage;
  try {
    pidusage = require('pidusage');
  } catch (error) {
    ctx.skip('pidusage(process.pid)', `module unavailable: ${error.message}`);
    return {};
  }
  await ctx.measure({ name: 'pidusage(process.pid)', async: true, fn: () => pidusage(process.pid) });
  return {};
}

module.exports = { run, naiveSample, osBundle };
