/**
 * The `container` metric group on the cgroup fixture trees: the semantic-convention container.* rows match the
 * project's copy of the catalogue (test/catalogue/metrics-next.json), every value is the fixture's, the group is on
 * by default only where a limit exists, and process.cpu.utilization's denominator follows the cgroup.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HostMetrics, Sampler } from '../../../src';
import { CONTAINER_METRICS } from '../../../src/otel/container/catalogue';
import * as n from '../../../src/otel/container/names';
import { HostModel } from '../../../src/otel/host/model';
import { SharedCpuLimit } from '../../../src/otel/cpu-limit';
import { checkAgainstRow } from '../../support/rows';
import { metric, providerWithReader, value, type CatalogueRow } from '../helpers';
import type { CollectionResult } from '@opentelemetry/sdk-metrics';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'cgroup');
const next = (
  JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'catalogue', 'metrics-next.json'), 'utf8')) as { metrics: CatalogueRow[] }
).metrics.filter((r) => r.group === 'container');

function roots(fixture: string): { procRoot: string; cgroupRoot: string } {
  return { procRoot: path.join(fixture, 'proc'), cgroupRoot: path.join(fixture, 'sys', 'fs', 'cgroup') };
}

function names(r: CollectionResult): string[] {
  return r.resourceMetrics.scopeMetrics.flatMap((s) => s.metrics.map((m) => m.descriptor.name));
}

describe('container metrics', () => {
  test('the convention rows are exactly metrics-next.json container rows (name, kind, unit, group, default)', () => {
    const semconv = CONTAINER_METRICS.filter((d) => next.some((r) => r.name === d.name));
    expect(semconv.map((d) => d.name).sort()).toEqual(next.map((r) => r.name).sort());
    for (const d of semconv) {
      const r = next.find((x) => x.name === d.name)!;
      expect({ name: d.name, kind: d.kind, unit: d.unit, group: d.group, optIn: d.optIn }).toEqual({
        name: r.name, kind: r.kind, unit: r.unit, group: r.group, optIn: !r.default,
      });
    }
    // The extras are procsampler's own names: none collides with a convention row.
    expect(CONTAINER_METRICS.length - semconv.length).toBe(9);
  });

  test('v2 with limits: every container metric with the fixture values, on both paths, attributes from the catalogue', async () => {
    let now = 100;
    const { provider, reader } = providerWithReader();
    const hm = new HostMetrics({ meterProvider: provider, ...roots(path.join(FIXTURES, 'v2-limits')), clock: () => now, runtimeMetrics: false });
    hm.start();
    expect(hm.metricGroups).toContain(n.CONTAINER_GROUP);
    const producer = hm.metricProducer({ reuse: false });
    now += 1;
    for (const r of [await reader.collect(), await producer.collect()]) {
      expect(r.errors ?? []).toEqual([]);
      // every container row is emitted, each as its row states it (the rows are the reference; the first test
      // checks them against the copy of the semantic-convention data)
      for (const row of CONTAINER_METRICS) {
        const m = metric(r, row.name);
        expect([row.name, m !== undefined]).toEqual([row.name, true]);
        checkAgainstRow(m!, row);
      }
      const v = (name: string, attrs: Record<string, unknown> = {}) => value(r, name, attrs);
      expect([v(n.METRIC_CONTAINER_CPU_TIME, { 'cpu.mode': 'user' }), v(n.METRIC_CONTAINER_CPU_TIME, { 'cpu.mode': 'system' })]).toEqual([5, 2.5]);
      // The fixture's counters do not move: 0 CPUs in use over the window.
      expect([v(n.METRIC_CONTAINER_CPU_USAGE, { 'cpu.mode': 'user' }), v(n.METRIC_CONTAINER_CPU_USAGE, { 'cpu.mode': 'system' })]).toEqual([0, 0]);
      expect(v(n.METRIC_CONTAINER_MEMORY_USAGE)).toBe(104857600);
      expect(v(n.METRIC_CONTAINER_MEMORY_WORKING_SET)).toBe(104857600 - 31457280);
      expect(v(n.METRIC_CONTAINER_MEMORY_AVAILABLE)).toBe(268435456 - (104857600 - 31457280));
      expect(v(n.METRIC_CONTAINER_MEMORY_RSS)).toBe(52428800);
      expect([v(n.METRIC_CONTAINER_PAGING_FAULTS, { 'system.paging.fault.type': 'major' }), v(n.METRIC_CONTAINER_PAGING_FAULTS, { 'system.paging.fault.type': 'minor' })]).toEqual([78, 123456 - 78]);
      // No disks table for these fixtures: devices are named major:minor.
      expect(metric(r, n.METRIC_CONTAINER_DISK_IO)!.dataPoints.map((p) => [p.attributes['system.device'], p.attributes['disk.io.direction'], p.value])).toEqual([
        ['8:0', 'read', 1048576], ['8:0', 'write', 2097152], ['253:1', 'read', 4096], ['253:1', 'write', 0],
      ]);
      expect(v(n.METRIC_CONTAINER_CPU_LIMIT)).toBe(0.5);
      expect([v(n.METRIC_CONTAINER_CPU_THROTTLING_PERIODS), v(n.METRIC_CONTAINER_CPU_THROTTLING_THROTTLED_PERIODS), v(n.METRIC_CONTAINER_CPU_THROTTLING_THROTTLED_TIME)]).toEqual([400, 25, 1.25]);
      expect(v(n.METRIC_CONTAINER_MEMORY_USAGE_LIMIT)).toBe(268435456);
      expect(metric(r, n.METRIC_CONTAINER_MEMORY_EVENTS)!.dataPoints.map((p) => [p.attributes[n.ATTR_CONTAINER_MEMORY_EVENT_TYPE], p.value])).toEqual([
        ['low', 0], ['high', 3], ['max', 7], ['oom', 2], ['oom_kill', 1],
      ]);
      expect([v(n.METRIC_CONTAINER_PIDS_COUNT), v(n.METRIC_CONTAINER_PIDS_LIMIT)]).toEqual([12, 100]);
      expect(metric(r, n.METRIC_CONTAINER_PRESSURE_STALL_TIME)!.dataPoints.map((p) => [p.attributes[n.ATTR_CONTAINER_PRESSURE_RESOURCE], p.attributes[n.ATTR_CONTAINER_PRESSURE_SCOPE], p.value])).toEqual([
        ['cpu', 'some', 123.456789], ['cpu', 'full', 0], ['memory', 'some', 4], ['memory', 'full', 2], ['io', 'some', 0.00001], ['io', 'full', 0.000005],
      ]);
    }
    await hm.shutdown();
    await provider.shutdown();
  });

  test('no limit: the group is off by default, and asked for it leaves out what needs a limit', async () => {
    const fixture = path.join(FIXTURES, 'v2-nolimits');
    const off = new HostMetrics({ ...roots(fixture), runtimeMetrics: false });
    expect(names(await off.metricProducer({ reuse: false }).collect()).filter((x) => x.startsWith('container.'))).toEqual([]);
    expect(off.metricGroups).not.toContain(n.CONTAINER_GROUP);
    await off.shutdown();
    const on = new HostMetrics({ ...roots(fixture), metricGroups: [n.CONTAINER_GROUP], runtimeMetrics: false });
    const r = await on.metricProducer({ reuse: false }).collect();
    const got = new Set(names(r));
    expect(got.has(n.METRIC_CONTAINER_MEMORY_USAGE)).toBe(true);
    for (const absent of [n.METRIC_CONTAINER_MEMORY_AVAILABLE, n.METRIC_CONTAINER_MEMORY_USAGE_LIMIT, n.METRIC_CONTAINER_CPU_LIMIT, n.METRIC_CONTAINER_PIDS_LIMIT]) {
      expect([absent, got.has(absent)]).toEqual([absent, false]);
    }
    await on.shutdown();
  });

  test('container.cpu.usage: CPU-time delta over the window, per mode', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'procsampler-cgroup-'));
    try {
      fs.cpSync(path.join(FIXTURES, 'v2-limits'), dir, { recursive: true });
      const stat = path.join(dir, 'sys/fs/cgroup/kube/pod1/ctr/cpu.stat');
      let now = 10;
      const hm = new HostMetrics({ ...roots(dir), metricGroups: [n.CONTAINER_GROUP], clock: () => now, runtimeMetrics: false });
      const producer = hm.metricProducer({ reuse: false });
      await producer.collect();
      fs.writeFileSync(stat, 'usage_usec 8500000\nuser_usec 5750000\nsystem_usec 2750000\nnr_periods 410\nnr_throttled 30\nthrottled_usec 1500000\n');
      now += 2;
      const r = await producer.collect();
      expect(value(r, n.METRIC_CONTAINER_CPU_USAGE, { 'cpu.mode': 'user' })).toBe(0.375);
      expect(value(r, n.METRIC_CONTAINER_CPU_USAGE, { 'cpu.mode': 'system' })).toBe(0.125);
      expect(value(r, n.METRIC_CONTAINER_CPU_THROTTLING_THROTTLED_TIME)).toBe(1.5);
      await hm.shutdown();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test.each([
    ['v2-limits', 2, 0.5], // quota 0.5 < cpuset 3 < parallelism
    ['v2-nested', 2, 1.5], // an ancestor's 1.5 CPUs < parallelism 2
    ['v2-nested', 1, 1], // parallelism is the smallest
    ['v2-nolimits', 8, 3], // no quota: the cpuset's 3 CPUs
    ['no-cgroup', 4, 4], // no cgroup at all: parallelism
  ])('process.cpu.utilization denominator on %s with parallelism %d: %d CPUs', (fixture, parallelism, want) => {
    const sampler = new Sampler({ ...roots(path.join(FIXTURES, fixture)), sources: ['cgroup'] });
    const model = new HostModel(sampler, {
      groups: new Set(['process.cpu']), optIn: new Set(), perCpu: false, disks: {}, networkInterfaces: {},
      mountPoints: {}, filesystemTypes: {}, clock: () => 0, minSampleIntervalS: 0, minWindowS: 0.02,
      processCpus: parallelism, cpuLimit: new SharedCpuLimit(() => sampler.table('cgroup'), parallelism),
    });
    model.take();
    expect(model.processCpus).toBe(want);
    sampler.close();
  });
});
