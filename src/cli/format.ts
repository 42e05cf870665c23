/**
 * Number formatting shared by every CLI view: bytes with binary prefixes, fixed digits, percentages, tables.
 * Unknown values (null) print as "-", never as 0.
 */

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
const SHORT_UNITS = ['B', 'K', 'M', 'G', 'T', 'P'];

/** Scales `v` by 1024 until it is under 1024: [scaled value, unit index]. */
function scale(v: number): [number, number] {
  let u = 0;
  let x = v;
  while (Math.abs(x) >= 1024 && u < UNITS.length - 1) {
    x /= 1024;
    u++;
  }
  return [x, u];
}

/** 1536 -> "1.5 KiB"; null -> "-". */
export function bytes(v: number | null): string {
  if (v === null) return '-';
  const [x, u] = scale(v);
  return `${u === 0 ? x.toFixed(0) : x.toFixed(1)} ${UNITS[u]}`;
}

/** At most 5 characters: 1536 -> "1.5K", 123456789 -> "118M", 999 -> "999"; null -> "-". */
export function shortBytes(v: number | null): string {
  if (v === null) return '-';
  const [x, u] = scale(v);
  const unit = u === 0 ? '' : SHORT_UNITS[u];
  return `${u === 0 || x >= 100 ? Math.round(x).toFixed(0) : x.toFixed(1)}${unit}`;
}

/** `v` with `digits` decimals; null -> "-". */
export function num(v: number | null, digits = 0): string {
  return v === null ? '-' : v.toFixed(digits);
}

/** Seconds as "3d 4h 5m". */
export function duration(seconds: number | null): string {
  if (seconds === null) return '-';
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return `${d > 0 ? `${d}d ` : ''}${h}h ${m}m`;
}

/** A 0..1 ratio as "12.3%"; null -> "-". */
export function percent(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined ? '-' : `${(v * 100).toFixed(digits)}%`;
}

/** A rate: "<unit(v)>/s"; null -> "-". */
export function perSecond(v: number | null, unit: (x: number | null) => string = (x) => num(x, 1)): string {
  return v === null ? '-' : `${unit(v)}/s`;
}

/** Left-aligned first column, right-aligned others, two spaces between, indented by two. */
export function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => '  ' + r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')).join('\n');
}

/** The sum of the known values, or null when none is known. */
export function sumKnown(values: Iterable<number | null>): number | null {
  let sum: number | null = null;
  for (const v of values) if (v !== null) sum = (sum ?? 0) + v;
  return sum;
}

/** Local wall-clock time as HH:MM:SS. */
export function clockTime(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
