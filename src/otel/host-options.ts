/**
 * Validation of `new HostMetrics(options)` and `metricProducer(options)`, at construction: every error is a
 * ProcsamplerError `PROCSAMPLER_BAD_OPTION` naming the option and the value as given, with its type. The Sampler's
 * own options (procRoot, rootFs, pid, netPid, statfsTimeoutMs) are checked by the Sampler's validator, so a missing
 * procRoot fails here rather than at start().
 */
import { badValue, checkKeys } from '../errors';
import { resolveSamplerOptions } from '../sampler';
import { CONTAINER_GROUP, HOST_GROUPS, HOST_METRICS, RUNTIME_GROUPS, type MetricGroup } from './catalogue';

const HOST_OPTION_KEYS = [
  'meterProvider',
  'name',
  'metricGroups',
  'procRoot',
  'rootFs',
  'pid',
  'cgroupRoot',
  'cgroupPath',
  'statfsTimeoutMs',
  'netPid',
  'perCpu',
  'disks',
  'networkInterfaces',
  'mountPoints',
  'filesystemTypes',
  'asyncIntervalMs',
  'minSampleIntervalMs',
  'minWindowMs',
  'optIn',
  'processCpus',
  'clock',
  'source',
  'runtimeMetrics',
];

const ALL_GROUPS: readonly string[] = [...HOST_GROUPS, CONTAINER_GROUP, ...RUNTIME_GROUPS];
const HOST_NAMES: readonly string[] = HOST_METRICS.map((d) => d.name);
/** setInterval's longest delay (a longer one fires at once). */
const MAX_INTERVAL_MS = 0x7fffffff;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function optionalBoolean(o: Record<string, unknown>, key: string): void {
  if (o[key] !== undefined && typeof o[key] !== 'boolean') badValue(key, 'a boolean', o[key]);
}

function optionalNumber(o: Record<string, unknown>, key: string, min: number, max: number, exclusiveMin = false): void {
  const v = o[key];
  if (v === undefined) return;
  const ok = typeof v === 'number' && Number.isFinite(v) && (exclusiveMin ? v > min : v >= min) && v <= max;
  if (!ok) badValue(key, `a number ${exclusiveMin ? 'above' : 'from'} ${min}${max < Infinity ? ` to ${max}` : ''}`, v);
}

function nameFilter(o: Record<string, unknown>, key: string): void {
  const f = o[key];
  if (f === undefined) return;
  if (!isObject(f) || f instanceof RegExp) badValue(key, 'an object { include?, exclude? } of RegExps', f);
  checkKeys(`HostMetrics ${key}`, f, ['include', 'exclude']);
  for (const k of ['include', 'exclude']) {
    const v = f[k];
    if (v !== undefined && v !== null && !(v instanceof RegExp)) badValue(`${key}.${k}`, 'a RegExp or null', v);
  }
}

function stringList(o: Record<string, unknown>, key: string, known: readonly string[], what: string): void {
  const v = o[key];
  if (v === undefined) return;
  if (!Array.isArray(v)) badValue(key, `an array of ${what}`, v);
  v.forEach((x: unknown, i: number) => {
    if (typeof x !== 'string' || !known.includes(x)) badValue(`${key}[${i}]`, `one of ${known.join(', ')}`, x);
  });
}

/** Throws PROCSAMPLER_BAD_OPTION for any bad HostMetrics option; returns the options (an empty object for undefined). */
export function checkHostOptions(options: unknown): Record<string, unknown> {
  if (options === undefined) return {};
  if (!isObject(options)) return badValue('HostMetrics options', 'an object', options);
  const o = options;
  checkKeys('HostMetrics', o, HOST_OPTION_KEYS);
  const mp = o.meterProvider;
  if (mp !== undefined && !(isObject(mp) && typeof mp.getMeter === 'function')) {
    badValue('meterProvider', 'a MeterProvider (an object with getMeter())', mp);
  }
  if (o.name !== undefined && typeof o.name !== 'string') badValue('name', 'a string', o.name);
  stringList(o, 'metricGroups', ALL_GROUPS, 'metricGroups keys');
  stringList(o, 'optIn', HOST_NAMES, 'host metric names');
  optionalBoolean(o, 'perCpu');
  optionalBoolean(o, 'runtimeMetrics');
  for (const k of ['disks', 'networkInterfaces', 'mountPoints', 'filesystemTypes']) nameFilter(o, k);
  optionalNumber(o, 'asyncIntervalMs', 1, MAX_INTERVAL_MS);
  optionalNumber(o, 'minSampleIntervalMs', 0, Infinity);
  optionalNumber(o, 'minWindowMs', 0, Infinity);
  optionalNumber(o, 'processCpus', 0, Infinity, true);
  if (o.clock !== undefined && typeof o.clock !== 'function') badValue('clock', 'a function returning seconds', o.clock);
  const src = o.source;
  if (src !== undefined) {
    const methods = ['sample', 'sampleAsync', 'table', 'close'];
    if (!isObject(src) || !methods.every((m) => typeof src[m] === 'function')) {
      badValue('source', `a ValueSource (an object with ${methods.join('(), ')}())`, src);
    }
  }
  // The Sampler's options, by the Sampler's own rules (procRoot and rootFs must exist), even with a `source`.
  resolveSamplerOptions({
    procRoot: o.procRoot as string | undefined,
    rootFs: o.rootFs as string | undefined,
    pid: o.pid as number | undefined,
    netPid: o.netPid as number | undefined,
    statfsTimeoutMs: o.statfsTimeoutMs as number | undefined,
    cgroupRoot: o.cgroupRoot as string | undefined,
    cgroupPath: o.cgroupPath as string | undefined,
  });
  return o;
}

/** The enabled groups: `metricGroups` (already checked) or every group. */
export function enabledGroups(metricGroups: readonly MetricGroup[] | undefined): ReadonlySet<MetricGroup> {
  return new Set<MetricGroup>(metricGroups ?? (ALL_GROUPS as readonly MetricGroup[]));
}

/** Throws PROCSAMPLER_BAD_OPTION for bad `metricProducer(options)`. */
export function checkProducerOptions(options: unknown): void {
  if (options === undefined) return;
  if (!isObject(options)) badValue('metricProducer options', 'an object', options);
  checkKeys('metricProducer', options, ['reuse']);
  optionalBoolean(options, 'reuse');
}
