/** Shared helpers of the core tests: fixture paths, the system units, table-driven expectations. */
import * as path from 'path';
import { Sampler, type SourceName } from '../../src';

export const FIXTURES = path.join(__dirname, '..', 'fixtures');

/** <fixture>/proc */
export function procOf(fixture: string): string {
  return path.join(FIXTURES, fixture, 'proc');
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const addon = require('../../build/Release/procsampler.node') as { units(): { clockTicks: number; pageSize: number } };
/** sysconf(_SC_CLK_TCK) and sysconf(_SC_PAGESIZE) of this machine, as the addon reads them. */
export const UNITS = addon.units();
/** Clock ticks to seconds, as the kernel means them. */
export const ticks = (n: number): number => n / UNITS.clockTicks;
/** Pages to bytes. */
export const pages = (n: number): number => n * UNITS.pageSize;
export const kB = (n: number): number => n * 1024;
export const sectors = (n: number): number => n * 512;
export const ms = (n: number): number => n / 1000;
/** The double a u64 decimal string rounds to (what the parser can hold above 2^53). */
export const u64 = (s: string): number => Number(BigInt(s));

/** Every source but filesystems (which statvfs()s the real mount points of a fixture's mountinfo). */
export const CHEAP: SourceName[] = ['cpu', 'memory', 'load', 'vmstat', 'disks', 'network', 'tcp', 'system', 'process'];

/** A sampler on a fixture tree (pid 'self'), sampled once synchronously. The caller closes it. */
export function sampled(fixture: string, sources: SourceName[] = CHEAP): Sampler {
  const s = new Sampler({ procRoot: procOf(fixture), sources });
  s.sample();
  return s;
}

/** A sampler on a fixture tree after one sampleAsync() (TCP states, filesystems). */
export async function sampledAsync(fixture: string, sources: SourceName[] = CHEAP): Promise<Sampler> {
  const s = new Sampler({ procRoot: procOf(fixture), sources });
  await s.sampleAsync();
  return s;
}

export interface Want {
  field: string;
  want: number | string | boolean | null;
}

/**
 * Checks each named field; a failure names the field. Numbers are compared exactly: the parsers must produce
 * the double nearest the kernel's value (ticks / CLK_TCK, ms / 1000, kB * 1024 ...).
 */
export function expectFields(obj: object | null | undefined, wants: readonly Want[]): void {
  expect(obj).not.toBeNull();
  expect(obj).toBeDefined();
  const rec = obj as Record<string, unknown>;
  for (const w of wants) {
    expect({ field: w.field, value: rec[w.field] }).toStrictEqual({ field: w.field, value: w.want });
  }
}

/** JSON round trip: a snapshot holds no NaN, no undefined, no Infinity (JSON would turn them into null or drop them). */
export function expectJsonClean(value: unknown): void {
  expect(JSON.parse(JSON.stringify(value))).toEqual(value);
  const walk = (v: unknown, where: string): void => {
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new Error(`non-finite number at ${where}: ${v}`);
    } else if (v === undefined) {
      throw new Error(`undefined at ${where}`);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(x, `${where}.${k}`);
    }
  };
  walk(value, '$');
}
