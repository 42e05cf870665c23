// Runs inside the cgroups test/sources/cgroup-live.test.ts created (it moves this process in, then writes "go"):
// allocates and touches memory, burns CPU, and reports what procsampler read, with independent readings taken
// around it (process.cpuUsage(), hrtime), as one JSON line.
'use strict';
const { HostMetrics, Sampler } = require('../../../dist');

const ALLOC = 96 << 20;

function burn(ms) {
  const end = process.hrtime.bigint() + BigInt(ms) * 1000000n;
  let x = 0;
  while (process.hrtime.bigint() < end) for (let i = 0; i < 10000; i++) x += i;
  return x;
}

function point(result, name, mode) {
  for (const sm of result.resourceMetrics.scopeMetrics) {
    for (const m of sm.metrics) {
      if (m.descriptor.name !== name) continue;
      const p = m.dataPoints.find((d) => mode === undefined || d.attributes['cpu.mode'] === mode);
      return p ? p.value : null;
    }
  }
  return null;
}

async function main() {
  await new Promise((resolve) => process.stdin.once('data', resolve));
  process.stdin.destroy();
  const sampler = new Sampler({ sources: ['cgroup', 'process'] });
  const keep = Buffer.alloc(ALLOC, 1); // touched: charged to the memory cgroup
  sampler.sample();
  const before = sampler.snapshot();
  const hm = new HostMetrics({ metricGroups: ['process.cpu', 'container'], runtimeMetrics: false });
  const producer = hm.metricProducer({ reuse: false });
  await producer.collect();
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  burn(2500);
  const cpu1 = process.cpuUsage();
  const t1 = process.hrtime.bigint();
  const r = await producer.collect();
  sampler.sample();
  const after = sampler.snapshot();
  const out = {
    before: before.cgroup,
    after: after.cgroup,
    status: sampler.status().cgroup,
    processCpuS: (cpu1.user - cpu0.user + cpu1.system - cpu0.system) / 1e6,
    elapsedS: Number(t1 - t0) / 1e9,
    utilization: (point(r, 'process.cpu.utilization', 'user') ?? NaN) + (point(r, 'process.cpu.utilization', 'system') ?? NaN),
    containerLimit: point(r, 'container.memory.usage.limit'),
    containerCpuLimit: point(r, 'container.cpu.limit'),
    containerUsage: point(r, 'container.memory.usage'),
    throttled: point(r, 'container.cpu.throttling_data.throttled_periods'),
    kept: keep.length,
  };
  await hm.shutdown();
  sampler.close();
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((err) => {
  process.stdout.write(JSON.stringify({ error: String(err && err.stack) }) + '\n');
  process.exit(1);
});
