import * as childProcess from 'node:child_process';
import * as os from 'node:os';
import { STATUS_FILE_ABSENT } from '../../src/layout';
import * as sc from '../../src/semconv';
import { HostMetrics } from '../../src/otel';
import { FakeSource, flatten, fullFrame, metric, providerWithReader, TestReader, value } from './helpers';
import { FakeProc, ticks, type ProcFrame } from './procfs';
import { MeterProvider, type CollectionResult } from '@opentelemetry/sdk-metrics';

const U = sc.METRIC_SYSTEM_CPU_UTILIZATION;
const mode = (m: string, cpu?: number) =>
  cpu === undefined ? { [sc.ATTR_CPU_MODE]: m } : { [sc.ATTR_CPU_MODE]: m, [sc.ATTR_CPU_LOGICAL_NUMBER]: cpu };

function frame(c0: ReturnType<typeof ticks>, c1: ReturnType<typeof ticks>, extra: Partial<ProcFrame> = {}): ProcFrame {
  const cpu = c0.map((v, i) => v + (c1[i] as number)) as ReturnType<typeof ticks>;
  return {
    cpu,
    cpus: [[0, c0], [1, c1]],
    disks: [['sda', 10, 80, 20, 160, 100], ['sdb', 1, 8, 2, 16, 10], ['sda1', 1, 1, 1, 1, 1]],
    net: [['lo', 100, 1, 100, 1], ['eth0', 1000, 10, 2000, 20]],
    ...extra,
  };
}

function sumPerCpu(r: CollectionResult, cpu: number): number {
  const m = metric(r, U)!;
  return (m.dataPoints as Array<{ attributes: Record<string, unknown>; value: number }>)
    .filter((p) => p.attributes[sc.ATTR_CPU_LOGICAL_NUMBER] === cpu)
    .reduce((a, p) => a + p.value, 0);
}

describe('HostMetrics on a fake /proc (procRoot)', () => {
  let proc: FakeProc;
  let now = 100;
  const clock = () => now;
  beforeEach(() => {
    proc = new FakeProc();
    now = 100;
  });
  afterEach(() => proc.remove());

  test('CPU utilization per mode and CPU follows the ticks, sums to 1 per CPU', async () => {
    proc.write(frame(ticks(100, 100, 800), ticks(0, 0, 1000)));
    const { provider, reader } = providerWithReader();
    const hm = new HostMetrics({ meterProvider: provider, procRoot: proc.root, clock, perCpu: true, metricGroups: ['system.cpu'] });
    hm.start();
    now += 1;
    proc.write(frame(ticks(150, 110, 840), ticks(0, 0, 1100)));
    const r = await reader.collect();
    expect(value(r, U, mode('user', 0))).toBeCloseTo(0.5, 12);
    expect(value(r, U, mode('system', 0))).toBeCloseTo(0.1, 12);
    expect(value(r, U, mode('idle', 0))).toBeCloseTo(0.4, 12);
    expect(value(r, U, mode('idle', 1))).toBe(1);
    expect(sumPerCpu(r, 0)).toBeCloseTo(1, 12);
    expect(sumPerCpu(r, 1)).toBeCloseTo(1, 12);
    expect(value(r, sc.METRIC_SYSTEM_CPU_TIME, mode('user', 0))).toBeCloseTo(1.5, 12);
    expect(value(r, sc.METRIC_SYSTEM_CPU_LOGICAL_COUNT)).toBe(2);
    await hm.shutdown();
    await provider.shutdown();
  });

  test('counter resets give no utilization for that window; vanished and new devices are keyed by name', async () => {
    proc.write(frame(ticks(100, 100, 800), ticks(10, 10, 80)));
    const { provider, reader } = providerWithReader();
    const hm = new HostMetrics({ meterProvider: provider, procRoot: proc.root, clock, perCpu: true, metricGroups: ['system.cpu', 'system.disk', 'system.network'] });
    hm.start();
    now += 1;
    // cpu0 went backwards (reset), sdb vanished, sdc appeared, sda counters reset, eth0 replaced by wlan0.
    proc.write(frame(ticks(1, 1, 8), ticks(20, 20, 160), {
      disks: [['sda', 1, 8, 1, 8, 5], ['sdc', 7, 56, 0, 0, 3]],
      net: [['lo', 200, 2, 200, 2], ['wlan0', 5, 1, 6, 1]],
    }));
    const r1 = await reader.collect();
    expect(metric(r1, U)!.dataPoints.filter((p) => p.attributes[sc.ATTR_CPU_LOGICAL_NUMBER] === 0)).toEqual([]);
    expect(sumPerCpu(r1, 1)).toBeCloseTo(1, 12);
    const devices = (name: string, key: string) =>
      [...new Set(metric(r1, name)!.dataPoints.map((p) => p.attributes[key]))].sort();
    expect(devices(sc.METRIC_SYSTEM_DISK_IO, sc.ATTR_SYSTEM_DEVICE)).toEqual(['sda', 'sdc']);
    expect(devices(sc.METRIC_SYSTEM_NETWORK_IO, sc.ATTR_NETWORK_INTERFACE_NAME)).toEqual(['lo', 'wlan0']);
    expect(devices(sc.METRIC_SYSTEM_NETWORK_PACKET_COUNT, sc.ATTR_SYSTEM_DEVICE)).toEqual(['lo', 'wlan0']);
    // Cumulative counters are reported as the kernel gives them (the reset is visible to the backend).
    expect(value(r1, sc.METRIC_SYSTEM_DISK_IO, { [sc.ATTR_SYSTEM_DEVICE]: 'sda', [sc.ATTR_DISK_IO_DIRECTION]: 'read' })).toBe(8 * 512);
    expect(value(r1, sc.METRIC_SYSTEM_DISK_IO_TIME, { [sc.ATTR_SYSTEM_DEVICE]: 'sdc' })).toBeCloseTo(0.003, 12);
    // The next window has a baseline again for cpu0.
    now += 1;
    proc.write(frame(ticks(51, 1, 58), ticks(30, 30, 240)));
    const r2 = await reader.collect();
    expect(value(r2, U, mode('user', 0))).toBeCloseTo(0.5, 12);
    expect(sumPerCpu(r2, 0)).toBeCloseTo(1, 12);
    await hm.shutdown();
    await provider.shutdown();
  });

  test('a CPU that goes offline and comes back has no utilization until its second sample', async () => {
    const one = (c0: ReturnType<typeof ticks>): ProcFrame => ({ ...frame(c0, c0), cpu: c0, cpus: [[0, c0]] });
    proc.write(frame(ticks(0, 0, 100), ticks(0, 0, 100)));
    const { provider, reader } = providerWithReader();
    const hm = new HostMetrics({ meterProvider: provider, procRoot: proc.root, clock, perCpu: true, metricGroups: ['system.cpu'] });
    hm.start();
    const cpusIn = (r: CollectionResult) =>
      [...new Set(metric(r, U)?.dataPoints.map((p) => p.attributes[sc.ATTR_CPU_LOGICAL_NUMBER]) ?? [])];
    now += 1;
    proc.write(one(ticks(50, 0, 150)));
    const r1 = await reader.collect();
    expect(cpusIn(r1)).toEqual([0]);
    expect(value(r1, sc.METRIC_SYSTEM_CPU_LOGICAL_COUNT)).toBe(1);
    now += 1;
    proc.write(frame(ticks(100, 0, 200), ticks(500, 0, 500)));
    const r2 = await reader.collect();
    expect(cpusIn(r2)).toEqual([0]); // cpu1 is back, but has no baseline yet
    expect(metric(r2, sc.METRIC_SYSTEM_CPU_TIME)!.dataPoints.filter((p) => p.attributes[sc.ATTR_CPU_LOGICAL_NUMBER] === 1)).toHaveLength(7);
    now += 1;
    proc.write(frame(ticks(150, 0, 250), ticks(500, 0, 600)));
    const r3 = await reader.collect();
    expect(cpusIn(r3)).toEqual([0, 1]);
    expect(value(r3, U, mode('idle', 1))).toBe(1);
    await hm.shutdown();
    await provider.shutdown();
  });

  test('a value the kernel does not print is left out, never 0 or NaN', async () => {
    proc.write(frame(ticks(1, 1, 8), ticks(1, 1, 8), { memAvailableKb: null }));
    const { provider, reader } = providerWithReader();
    const hm = new HostMetrics({ meterProvider: provider, procRoot: proc.root, clock, metricGroups: ['system.memory', 'system.paging'] });
    hm.start();
    const r = await reader.collect();
    expect(metric(r, sc.METRIC_SYSTEM_MEMORY_LINUX_AVAILABLE)).toBeUndefined();
    const usage = flatten(r).get(sc.METRIC_SYSTEM_MEMORY_USAGE)!;
    expect(usage.map(([a]) => JSON.parse(a)[0][1])).toEqual(['buffers', 'cached', 'free']);
    expect(value(r, sc.METRIC_SYSTEM_MEMORY_USAGE, { [sc.ATTR_SYSTEM_MEMORY_STATE]: 'cached' })).toBe((2000000 + 200000) * 1024);
    expect(metric(r, sc.METRIC_SYSTEM_PAGING_UTILIZATION)).toBeUndefined(); // SwapTotal 0
    for (const [, pts] of flatten(r)) for (const [, v] of pts) expect(Number.isFinite(v)).toBe(true);
    await hm.shutdown();
    await provider.shutdown();
  });

  test('two readers: one sample per collection cycle, consistent even if /proc changes in between', async () => {
    proc.write(frame(ticks(0, 0, 100), ticks(0, 0, 100)));
    const a = new TestReader();
    const b = new TestReader();
    const provider = new MeterProvider({ readers: [a, b] });
    const hm = new HostMetrics({ meterProvider: provider, procRoot: proc.root, clock, metricGroups: ['system.cpu', 'system.disk'] });
    hm.start();
    now += 1;
    proc.write(frame(ticks(100, 0, 100), ticks(0, 0, 200)));
    const ra = await a.collect();
    proc.write(frame(ticks(900, 0, 100), ticks(900, 0, 200), { disks: [['sda', 99, 99, 99, 99, 99]] }));
    now += 0.05; // inside minSampleIntervalMs: reader b sees the same sample
    const rb = await b.collect();
    expect(flatten(rb)).toEqual(flatten(ra));
    expect(value(ra, U, mode('user'))).toBeCloseTo(0.5, 12); // cpu0 all user, cpu1 all idle
    // Reader a alone at t+2 (window [1, 2]); then reader b at t+3 sees the window since the previous sample.
    now = 102;
    proc.write(frame(ticks(100, 0, 200), ticks(0, 0, 300)));
    const ra2 = await a.collect();
    expect(value(ra2, U, mode('idle'))).toBeCloseTo(1, 12);
    now = 103;
    proc.write(frame(ticks(200, 0, 200), ticks(100, 0, 300)));
    const rb2 = await b.collect();
    expect(value(rb2, U, mode('user'))).toBeCloseTo(1, 12);
    await hm.shutdown();
    await provider.shutdown();
  });

  test('metric producers keep one utilization window per reader', async () => {
    proc.write(frame(ticks(0, 0, 0), ticks(0, 0, 0)));
    const hm = new HostMetrics({ procRoot: proc.root, clock, metricGroups: ['system.cpu'] });
    const p1 = hm.metricProducer();
    const p2 = hm.metricProducer();
    now = 101;
    proc.write(frame(ticks(100, 0, 0), ticks(100, 0, 0))); // [100, 101]: all user
    await p1.collect();
    await p2.collect();
    now = 102;
    proc.write(frame(ticks(100, 0, 100), ticks(100, 0, 100))); // [101, 102]: all idle
    const r1a = await p1.collect();
    expect(value(r1a, U, mode('idle'))).toBe(1);
    now = 103;
    proc.write(frame(ticks(100, 0, 200), ticks(100, 0, 200))); // [102, 103]: all idle
    const r1 = await p1.collect();
    const r2 = await p2.collect();
    expect(value(r1, U, mode('idle'))).toBe(1); // p1's window [102, 103]
    expect(value(r2, U, mode('idle'))).toBeCloseTo(1, 12); // p2's window [101, 103]: idle too
    expect(value(r2, U, mode('user'))).toBe(0);
    now = 104;
    proc.write(frame(ticks(200, 0, 200), ticks(200, 0, 200))); // [103, 104]: all user
    await p1.collect();
    now = 106;
    proc.write(frame(ticks(200, 0, 400), ticks(200, 0, 400))); // [104, 106]: all idle
    const q1 = await p1.collect(); // [104, 106]
    const q2 = await p2.collect(); // [103, 106]: 1 s user, 2 s idle
    expect(value(q1, U, mode('user'))).toBe(0);
    expect(value(q2, U, mode('user'))).toBeCloseTo(1 / 3, 12);
    expect(value(q2, U, mode('idle'))).toBeCloseTo(2 / 3, 12);
    await hm.shutdown();
  });
});

describe('HostMetrics with a fake source', () => {
  test('at most one sample per minSampleIntervalMs, by the injected clock', async () => {
    const source = new FakeSource(fullFrame(1).frame);
    let now = 5;
    const { provider, reader } = providerWithReader();
    const hm = new HostMetrics({ meterProvider: provider, source, clock: () => now, metricGroups: ['system.cpu'], minSampleIntervalMs: 200 });
    hm.start();
    expect(source.syncSamples).toBe(1); // the baseline sample on start
    now += 0.1;
    await reader.collect();
    expect(source.syncSamples).toBe(1);
    now += 0.15;
    await reader.collect();
    await reader.collect();
    expect(source.syncSamples).toBe(2);
    expect(source.asyncSamples).toBe(0); // no network/filesystem group: no async refresh
    await hm.shutdown();
    await provider.shutdown();
  });

  test('TCP states come from the async refresh on its own unref\'d timer, never from the collect path', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'performance'] });
    try {
      const { frame, asyncFrame } = fullFrame(1);
      const source = new FakeSource(frame);
      source.asyncFrame = asyncFrame;
      const { provider, reader } = providerWithReader();
      let now = 1;
      const hm = new HostMetrics({ meterProvider: provider, source, clock: () => now, metricGroups: ['system.network'], asyncIntervalMs: 1000 });
      hm.start();
      expect(source.asyncSamples).toBe(1); // immediately on start
      await hm.refreshAsync();
      now += 1;
      const r = await reader.collect();
      expect(source.asyncSamples).toBe(1); // collect did not trigger one
      const est = { [sc.ATTR_NETWORK_TYPE]: 'ipv4', [sc.ATTR_NETWORK_CONNECTION_STATE]: 'established', [sc.ATTR_NETWORK_TRANSPORT]: 'tcp' };
      expect(value(r, sc.METRIC_SYSTEM_NETWORK_CONNECTION_COUNT, est)).toBe(5);
      expect(metric(r, sc.METRIC_SYSTEM_NETWORK_CONNECTION_COUNT)!.dataPoints.length).toBe(22);
      source.asyncFrame.scalars!.tcpStates!.v4_established = 9;
      jest.advanceTimersByTime(1000);
      expect(source.asyncSamples).toBe(2);
      await hm.refreshAsync();
      now += 1;
      expect(value(await reader.collect(), sc.METRIC_SYSTEM_NETWORK_CONNECTION_COUNT, est)).toBe(9);
      await hm.shutdown();
      jest.advanceTimersByTime(5000);
      expect(source.asyncSamples).toBe(2); // timer cleared on shutdown
      await provider.shutdown();
    } finally {
      jest.useRealTimers();
    }
  });

  test('IPv6 disabled (tcp6 ENOENT) is zero IPv6 connections; an unreadable tcp is left out', async () => {
    const { frame, asyncFrame } = fullFrame(1);
    const source = new FakeSource(frame);
    source.asyncFrame = asyncFrame;
    const st = asyncFrame.scalars!.tcpStates!;
    for (const k of Object.keys(st) as (keyof typeof st)[]) if (k.startsWith('v6_')) st[k] = NaN;
    st.v6Status = STATUS_FILE_ABSENT; // -ENOENT
    const { provider, reader } = providerWithReader();
    const hm = new HostMetrics({ meterProvider: provider, source, metricGroups: ['system.network'] });
    hm.start();
    await hm.refreshAsync();
    await new Promise((r) => setTimeout(r, 250));
    const r = await reader.collect();
    expect(value(r, sc.METRIC_SYSTEM_NETWORK_CONNECTION_COUNT, { [sc.ATTR_NETWORK_TYPE]: 'ipv6', [sc.ATTR_NETWORK_CONNECTION_STATE]: 'listen' })).toBe(0);
    const eacces = -os.constants.errno.EACCES;
    st.v4Status = eacces;
    st.v6Status = eacces;
    source.asyncFrame.status = { tcpStates: eacces };
    const producer = hm.metricProducer({ reuse: false });
    await hm.refreshAsync();
    await new Promise((r) => setTimeout(r, 250));
    // The producer leaves the metric out. (The SDK's instrument path repeats the last cumulative values of an
    // instrument that observed nothing in a collection: an sdk-metrics behaviour, documented in the README.)
    const p = await producer.collect();
    expect(metric(p, sc.METRIC_SYSTEM_NETWORK_CONNECTION_COUNT)).toBeUndefined();
    expect(metric(p, sc.METRIC_SYSTEM_NETWORK_IO)).toBeDefined();
    await hm.shutdown();
    await provider.shutdown();
  });

  test('shutdown removes the callback (no more samples) and does not close a source it was given', async () => {
    const source = new FakeSource(fullFrame(1).frame);
    let now = 1;
    const { provider, reader } = providerWithReader();
    const hm = new HostMetrics({ meterProvider: provider, source, clock: () => now, metricGroups: ['system.memory'] });
    hm.start();
    now += 1;
    expect(value(await reader.collect(), sc.METRIC_SYSTEM_MEMORY_LIMIT)).toBe(8e9);
    expect(source.syncSamples).toBe(2);
    await hm.shutdown();
    now += 1;
    await reader.collect();
    expect(source.syncSamples).toBe(2);
    expect(source.closed).toBe(0);
    await hm.shutdown(); // idempotent
    expect(() => hm.metricProducer()).toThrow(expect.objectContaining({ code: 'PROCSAMPLER_CLOSED' }));
    await provider.shutdown();
  });

  test('disk, interface, mount point and fs type filters', async () => {
    const { frame, asyncFrame } = fullFrame(1);
    const source = new FakeSource(frame);
    source.asyncFrame = asyncFrame;
    const { provider, reader } = providerWithReader();
    const hm = new HostMetrics({
      meterProvider: provider, source, metricGroups: ['system.disk', 'system.network', 'system.filesystem'],
      disks: { exclude: null }, networkInterfaces: { exclude: /^eth/ }, mountPoints: { include: /^\/$/ },
    });
    hm.start();
    await hm.refreshAsync();
    await new Promise((r) => setTimeout(r, 250));
    const r = await reader.collect();
    expect([...new Set(metric(r, sc.METRIC_SYSTEM_DISK_IO)!.dataPoints.map((p) => p.attributes[sc.ATTR_SYSTEM_DEVICE]))]).toEqual(['sda', 'sda1']);
    expect(metric(r, sc.METRIC_SYSTEM_NETWORK_IO)).toBeUndefined();
    const fsUsage = metric(r, sc.METRIC_SYSTEM_FILESYSTEM_USAGE)!;
    expect(fsUsage.dataPoints.map((p) => [p.attributes[sc.ATTR_SYSTEM_FILESYSTEM_STATE], p.value])).toEqual([['used', 700], ['free', 250], ['reserved', 50]]);
    expect(fsUsage.dataPoints[0]!.attributes).toEqual({
      [sc.ATTR_SYSTEM_DEVICE]: '/dev/sda1', [sc.ATTR_SYSTEM_FILESYSTEM_MOUNTPOINT]: '/', [sc.ATTR_SYSTEM_FILESYSTEM_TYPE]: 'ext4',
      [sc.ATTR_SYSTEM_FILESYSTEM_MODE]: 'rw', [sc.ATTR_SYSTEM_FILESYSTEM_STATE]: 'used',
    });
    expect(value(r, sc.METRIC_SYSTEM_FILESYSTEM_UTILIZATION, { [sc.ATTR_SYSTEM_FILESYSTEM_STATE]: 'used' })).toBe(0.7);
    await hm.shutdown();
    await provider.shutdown();
  });
});

describe('option errors', () => {
  test('a bad Sampler option is thrown with its code, not hidden by the fallback', () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      // At construction, not at start() (a missing procRoot is a configuration error, found before any use).
      expect(() => new HostMetrics({ procRoot: '/nonexistent/proc', meterProvider: providerWithReader().provider })).toThrow(
        expect.objectContaining({ code: 'PROCSAMPLER_BAD_OPTION' }),
      );
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });
});

describe('no child process', () => {
  test('a full lifecycle on the real /proc spawns nothing (and the spies do see spawns)', async () => {
    // Every asynchronous spawn (spawn, exec, execFile, fork) goes through ChildProcess.prototype.spawn, every
    // synchronous one (spawnSync, execSync, execFileSync) through the spawn_sync binding.
    const cpProto = (childProcess.ChildProcess as unknown as { prototype: { spawn: (...a: unknown[]) => unknown } }).prototype;
    const spawnSpy = jest.spyOn(cpProto, 'spawn');
    const binding = (process as unknown as { binding(n: string): { spawn: (...a: unknown[]) => unknown } }).binding('spawn_sync');
    const syncSpy = jest.spyOn(binding, 'spawn');
    try {
      const { provider, reader } = providerWithReader();
      const hm = new HostMetrics({ meterProvider: provider, perCpu: true });
      hm.start();
      await hm.refreshAsync();
      await reader.collect();
      const p = hm.metricProducer();
      await p.collect();
      await hm.shutdown();
      await provider.shutdown();
      expect(spawnSpy).toHaveBeenCalledTimes(0);
      expect(syncSpy).toHaveBeenCalledTimes(0);
      childProcess.execFileSync('true');
      expect(syncSpy).toHaveBeenCalledTimes(1);
      await new Promise<void>((res) => childProcess.execFile('true', () => res()));
      expect(spawnSpy).toHaveBeenCalledTimes(1);
    } finally {
      spawnSpy.mockRestore();
      syncSpy.mockRestore();
    }
  });
});
