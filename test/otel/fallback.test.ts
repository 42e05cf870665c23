import * as os from 'node:os';
import * as sc from '../../src/semconv';
import { OsSource } from '../../src/otel/os-source';
import { TABLE_STATUS } from '../../src/layout';
import { metric, providerWithReader, value } from './helpers';

describe('fallback without the native addon', () => {
  test('HostMetrics uses os/process values and warns exactly once per process', async () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      let HostMetricsCtor!: typeof import('../../src/otel').HostMetrics;
      jest.isolateModules(() => {
        jest.doMock('../../src/native', () => ({
          ...jest.requireActual('../../src/native'),
          nativeAvailable: () => false,
        }));
        HostMetricsCtor = (require('../../src/otel') as typeof import('../../src/otel')).HostMetrics;
      });
      let now = 1;
      const { provider, reader } = providerWithReader();
      const hm = new HostMetricsCtor({ meterProvider: provider, clock: () => now, perCpu: true });
      hm.start();
      const hm2 = new HostMetricsCtor({ meterProvider: provider, clock: () => now, metricGroups: ['system.uptime'] });
      hm2.start();
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0]![1]).toEqual({ code: 'PROCSAMPLER_NATIVE_FALLBACK' });
      now += 1;
      await new Promise((r) => setTimeout(r, 50));
      const r = await reader.collect();
      expect(value(r, sc.METRIC_SYSTEM_MEMORY_LIMIT)).toBe(os.totalmem());
      expect(value(r, sc.METRIC_SYSTEM_CPU_LOGICAL_COUNT)).toBe(os.cpus().length);
      const cpu0 = metric(r, sc.METRIC_SYSTEM_CPU_TIME)!.dataPoints.filter((p) => p.attributes[sc.ATTR_CPU_LOGICAL_NUMBER] === 0);
      // os.cpus() gives user, nice, sys, idle, irq: iowait, steal and (without softirq) interrupt are unknown.
      expect(cpu0.map((p) => p.attributes[sc.ATTR_CPU_MODE]).sort()).toEqual(['idle', 'nice', 'system', 'user']);
      expect(value(r, sc.METRIC_SYSTEM_CPU_LOAD_AVERAGE_1M)).toBeCloseTo(os.loadavg()[0]!, 1);
      expect(value(r, sc.METRIC_PROCESS_MEMORY_USAGE)).toBeGreaterThan(1e6);
      expect(value(r, sc.METRIC_PROCESS_UPTIME)).toBeCloseTo(process.uptime(), 0);
      expect(metric(r, sc.METRIC_SYSTEM_DISK_IO)).toBeUndefined();
      expect(metric(r, sc.METRIC_SYSTEM_MEMORY_USAGE)!.dataPoints.map((p) => p.attributes[sc.ATTR_SYSTEM_MEMORY_STATE])).toEqual(['used']);
      await hm.shutdown();
      await hm2.shutdown();
      await provider.shutdown();
    } finally {
      warn.mockRestore();
    }
  });

  test('OsSource tables follow the layout shape: status, count, generation, NaN for what os cannot tell', () => {
    let t = 7;
    const s = new OsSource(() => t);
    expect(s.table('cpu')!.status()).toBe(3); // not sampled
    s.sample();
    const cpu = s.table('cpu')!;
    expect(cpu.status()).toBe(0);
    expect(cpu.time()).toBe(7);
    expect(cpu.count()).toBe(os.cpus().length);
    expect(cpu.generation()).toBe(1);
    expect(cpu.array[cpu.scalar.iowait as number]).toBeNaN();
    expect(cpu.array[cpu.scalar.user as number]).toBeGreaterThan(0);
    t = 8;
    s.sample();
    expect(cpu.generation()).toBe(1); // same CPUs, same names
    expect(s.table('disks')).toBeUndefined();
    const p = s.table('process')!;
    expect(p.array[p.scalar.cpuUser as number]).toBeGreaterThan(0);
    // close(), as the native Sampler's: the values go, the status says CLOSED, sample() writes nothing.
    s.close();
    s.sample();
    expect(p.status()).toBe(TABLE_STATUS.CLOSED);
    expect(p.array[p.scalar.cpuUser as number]).toBeNaN();
    expect(cpu.count()).toBe(0);
    expect(cpu.generation()).toBe(1);
  });
});
