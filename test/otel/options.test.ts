// Every public constructor checks its options at construction: ProcsamplerError PROCSAMPLER_BAD_OPTION, with a
// message that names the option and the value as given, with its type.
import * as path from 'node:path';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { HOST_GROUPS, HOST_METRICS, HostMetrics, RUNTIME_GROUPS, RUNTIME_METRICS, RuntimeMetrics, ProcsamplerError, Sampler, type HostMetricsOptions } from '../../src';
import { FakeSource, fullFrame } from './helpers';

function thrown(fn: () => unknown): ProcsamplerError {
  try {
    fn();
  } catch (e) {
    return e as ProcsamplerError;
  }
  throw new Error('expected a throw');
}

const FIXTURE_PROC = path.join(__dirname, '..', 'fixtures', 'modern', 'proc');

describe('HostMetrics options', () => {
  const bad: Array<[string, unknown, RegExp]> = [
    ['a typo of metricGroups', { metricGroup: ['system.cpu'] }, /unknown HostMetrics option "metricGroup" \(given \["system\.cpu"\] \(array\)\); known: meterProvider, name, metricGroups/],
    ['an unknown group', { metricGroups: ['system.cpu', 'system.cpus'] }, /metricGroups\[1\] must be one of system\.cpu, .*nodejs\.resources, got "system\.cpus" \(string\)/],
    ['metricGroups not an array', { metricGroups: 'system.cpu' }, /metricGroups must be an array of metricGroups keys, got "system\.cpu" \(string\)/],
    ['a string as a disk exclude', { disks: { exclude: 'loop' } }, /disks\.exclude must be a RegExp or null, got "loop" \(string\)/],
    ['a RegExp as a filter', { mountPoints: /^\/$/ }, /mountPoints must be an object \{ include\?, exclude\? \} of RegExps, got \/\^\\\/\$\/ \(RegExp\)/],
    ['an unknown filter key', { networkInterfaces: { includes: /eth/ } }, /unknown HostMetrics networkInterfaces option "includes"/],
    ['a missing procRoot', { procRoot: '/nonexistent/procsampler' }, /procRoot "\/nonexistent\/procsampler" \(string\) does not exist \(ENOENT\)/],
    ['a pid as a string', { pid: '1' }, /pid must be 'self' or a positive integer, got "1" \(string\)/],
    ['perCpu as a string', { perCpu: 'yes' }, /perCpu must be a boolean, got "yes" \(string\)/],
    ['an unknown opt-in metric', { optIn: ['system.disk.pending_ops'] }, /optIn\[0\] must be one of system\.cpu\.time, .*got "system\.disk\.pending_ops" \(string\)/],
    ['asyncIntervalMs zero', { asyncIntervalMs: 0 }, /asyncIntervalMs must be a number from 1 to 2147483647, got 0 \(number\)/],
    ['minSampleIntervalMs NaN', { minSampleIntervalMs: NaN }, /minSampleIntervalMs must be a number from 0, got NaN \(number\)/],
    ['processCpus zero', { processCpus: 0 }, /processCpus must be a number above 0, got 0 \(number\)/],
    ['clock a number', { clock: 5 }, /clock must be a function returning seconds, got 5 \(number\)/],
    ['meterProvider without getMeter', { meterProvider: {} }, /meterProvider must be a MeterProvider \(an object with getMeter\(\)\), got \{\} \(object\)/],
    ['source without methods', { source: { sample() {} } }, /source must be a ValueSource/],
    ['statfsTimeoutMs a string', { statfsTimeoutMs: '5000' }, /statfsTimeoutMs must be an integer from 1 to 600000, got "5000" \(string\)/],
    ['runtimeMetrics a number', { runtimeMetrics: 1 }, /runtimeMetrics must be a boolean, got 1 \(number\)/],
    ['options an array', [], /HostMetrics options must be an object, got \[\] \(array\)/],
  ];
  test.each(bad)('%s throws PROCSAMPLER_BAD_OPTION at construction', (_name, options, message) => {
    const e = thrown(() => new HostMetrics(options as HostMetricsOptions));
    expect(e).toBeInstanceOf(ProcsamplerError);
    expect(e.code).toBe('PROCSAMPLER_BAD_OPTION');
    expect(e.message).toMatch(message);
  });

  test('good options construct; the known groups and an opt-in name are accepted', async () => {
    const hm = new HostMetrics({
      procRoot: FIXTURE_PROC,
      metricGroups: ['system.cpu', 'system.disk', 'nodejs.resources'],
      optIn: ['system.disk.pending_operations'],
      disks: { exclude: null },
      mountPoints: { include: /^\/$/, exclude: undefined },
      asyncIntervalMs: 1000,
      minSampleIntervalMs: 0,
      processCpus: 1.5,
      pid: 'self',
    });
    expect(hm.metricGroups).toEqual(['system.cpu', 'system.disk', 'nodejs.resources']);
    await hm.shutdown();
  });

  test('metricGroups is typed as the union of the known keys (a typo is a compile error too)', () => {
    // @ts-expect-error 'system.cpus' is not a MetricGroup
    const e = thrown(() => new HostMetrics({ metricGroups: ['system.cpus'] }));
    expect(e.code).toBe('PROCSAMPLER_BAD_OPTION');
    // @ts-expect-error metricGroup is not an option
    expect(thrown(() => new HostMetrics({ metricGroup: ['system.cpu'] })).code).toBe('PROCSAMPLER_BAD_OPTION');
  });

  test('metricProducer(options) is checked too', async () => {
    const hm = new HostMetrics({ source: new FakeSource(fullFrame(1).frame), metricGroups: ['system.memory'] });
    expect(thrown(() => hm.metricProducer({ reuse: 'no' } as never)).message).toMatch(/reuse must be a boolean, got "no" \(string\)/);
    expect(thrown(() => hm.metricProducer({ resue: false } as never)).message).toMatch(/unknown metricProducer option "resue"/);
    await hm.shutdown();
  });
});

describe('the metricGroups keys', () => {
  test('each key enables at least one catalogue row, and every row names a key', () => {
    expect([...new Set(HOST_METRICS.map((d) => d.group))]).toEqual([...HOST_GROUPS]);
    expect([...new Set(RUNTIME_METRICS.map((r) => r.group))]).toEqual([...RUNTIME_GROUPS]);
  });
});

describe('RuntimeMetrics options', () => {
  const bad: Array<[string, unknown, RegExp]> = [
    ['instruments a string', { instruments: 'no' }, /RuntimeMetrics instruments must be a boolean, got "no" \(string\)/],
    ['an unknown key', { instrument: false }, /unknown RuntimeMetrics option "instrument" \(given false \(boolean\)\); known: meterProvider, name, instruments/],
    ['an empty name', { name: '' }, /RuntimeMetrics name must be a non-empty string, got "" \(string\)/],
    ['a meterProvider that is not one', { meterProvider: 'global' }, /RuntimeMetrics meterProvider must be a MeterProvider .*got "global" \(string\)/],
    ['options a string', 'fast', /RuntimeMetrics options must be an object, got "fast" \(string\)/],
  ];
  test.each(bad)('%s throws PROCSAMPLER_BAD_OPTION', (_name, options, message) => {
    const e = thrown(() => new RuntimeMetrics(options as never));
    expect(e.code).toBe('PROCSAMPLER_BAD_OPTION');
    expect(e.message).toMatch(message);
  });

  test('good options construct', () => {
    const provider = new MeterProvider();
    const rt = new RuntimeMetrics({ meterProvider: provider, name: 'x', instruments: false });
    expect(rt.started).toBe(false);
  });
});

describe('Sampler options echo the value as given', () => {
  test.each<[unknown, RegExp]>([
    [{ pid: '1' }, /pid must be 'self' or a positive integer, got "1" \(string\)/],
    [{ pid: 1.5 }, /pid must be 'self' or a positive integer, got 1\.5 \(number\)/],
    [{ netPid: null }, /netPid must be 'self' or a positive integer, got null/],
    [{ sources: ['cpu', 'gpu'] }, /sources\[1\] must be one of cpu, .*got "gpu" \(string\)/],
    [{ procroot: '/proc' }, /unknown Sampler option "procroot" \(given "\/proc" \(string\)\)/],
    [{ tcpSummary: 'false' }, /tcpSummary must be a boolean, got "false" \(string\)/],
  ])('%p', (options, message) => {
    const e = thrown(() => new Sampler(options as never));
    expect(e.code).toBe('PROCSAMPLER_BAD_OPTION');
    expect(e.message).toMatch(message);
  });
});
