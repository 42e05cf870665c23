/**
 * The health checks: their keys (`component:measurement`, as the health-check response draft
 * draft-inadarei-api-health-check-06 names them), units, default thresholds, and how a value becomes a status.
 */
import { badOption } from '../errors';

/** A check's verdict, in increasing severity. */
export type HealthStatus = 'pass' | 'warn' | 'fail';

/** Severity order of {@link HealthStatus} (the worst check decides the report's status). */
export const STATUS_RANK: Readonly<Record<HealthStatus, number>> = Object.freeze({ pass: 0, warn: 1, fail: 2 });

/** HTTP status code of a report: 200 for pass and warn, 503 for fail (the draft: fail is 4xx/5xx, pass/warn 2xx/3xx). */
export const HTTP_STATUS: Readonly<Record<HealthStatus, number>> = Object.freeze({ pass: 200, warn: 200, fail: 503 });

/** The media type of a health report. */
export const HEALTH_MEDIA_TYPE = 'application/health+json';

/**
 * Levels of one check: a value at or above `fail` fails, at or above `warn` warns (omit a level to never reach it).
 * Units are the check's own (see {@link BUILTIN_CHECKS}).
 */
export interface Threshold {
  warn?: number;
  fail?: number;
}

/** The built-in checks, by option name. */
export type BuiltinCheck =
  | 'cpuSystem'
  | 'cpuProcess'
  | 'memory'
  | 'eventLoopDelay'
  | 'eventLoopUtilization'
  | 'heap'
  | 'activeHandles'
  | 'disk';

/** What each built-in check reports: its key, componentId, unit, default levels and whether liveness includes it. */
export interface BuiltinCheckDef {
  key: string;
  componentId?: string;
  unit: string;
  threshold: Readonly<Threshold>;
  liveness: boolean;
  what: string;
}

/**
 * The built-in checks and their default thresholds (one definition; the README and docs/health.md quote it).
 * CPU and memory use the original design's limits (healthy under 0.90 and 0.95).
 */
export const BUILTIN_CHECKS: Readonly<Record<BuiltinCheck, Readonly<BuiltinCheckDef>>> = Object.freeze({
  cpuSystem: { key: 'cpu:utilization', componentId: 'system', unit: '1', threshold: { warn: 0.8, fail: 0.9 }, liveness: false, what: 'host CPU busy share (user + nice + system + interrupt + steal) over the last window' },
  cpuProcess: { key: 'cpu:utilization', componentId: 'process', unit: '1', threshold: { warn: 0.8, fail: 0.9 }, liveness: false, what: 'process CPU time / (window x CPUs available to the process)' },
  memory: { key: 'memory:utilization', unit: '1', threshold: { warn: 0.9, fail: 0.95 }, liveness: false, what: 'used / limit: the container limit when there is one (componentId container), else MemTotal - MemAvailable over MemTotal (componentId system)' },
  eventLoopDelay: { key: 'eventloop:delay', componentId: 'p99', unit: 's', threshold: { warn: 0.1, fail: 1 }, liveness: true, what: '99th percentile of the per-iteration event-loop delay over the last window' },
  eventLoopUtilization: { key: 'eventloop:utilization', unit: '1', threshold: { warn: 0.9, fail: 0.98 }, liveness: false, what: 'event-loop utilization over the last window' },
  heap: { key: 'heap:utilization', unit: '1', threshold: { warn: 0.85, fail: 0.95 }, liveness: true, what: 'V8 heap used / heap size limit' },
  activeHandles: { key: 'handles:active', unit: '{handle}', threshold: { warn: 10000, fail: 30000 }, liveness: false, what: 'active libuv handles (sockets, timers, ...)' },
  disk: { key: 'disk:utilization', unit: '1', threshold: { warn: 0.9, fail: 0.95 }, liveness: false, what: 'used / size of each chosen mount (componentId: the mount point)' },
});

/** Validates a threshold option (numbers; warn <= fail when both are given). */
export function checkThreshold(name: string, t: unknown, base: Readonly<Threshold>): Threshold {
  if (t === undefined) return { ...base };
  if (t === null || typeof t !== 'object') badOption(`thresholds.${name} must be an object { warn?, fail? }`);
  const { warn, fail } = t as Threshold;
  for (const [k, v] of [['warn', warn], ['fail', fail]] as const) {
    if (v !== undefined && (typeof v !== 'number' || Number.isNaN(v))) badOption(`thresholds.${name}.${k} must be a number`);
  }
  if (warn !== undefined && fail !== undefined && warn > fail) badOption(`thresholds.${name}: warn (${warn}) is above fail (${fail})`);
  return { warn, fail };
}

/** The status of `value` against `t`. */
export function statusOf(value: number, t: Threshold): HealthStatus {
  if (t.fail !== undefined && value >= t.fail) return 'fail';
  if (t.warn !== undefined && value >= t.warn) return 'warn';
  return 'pass';
}

/** The worse of two statuses. */
export function worse(a: HealthStatus, b: HealthStatus): HealthStatus {
  return STATUS_RANK[b] > STATUS_RANK[a] ? b : a;
}
