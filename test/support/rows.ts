/**
 * What an exported metric must be, with the catalogue rows (src/otel/catalogue) as the one reference: the rows are
 * what both export paths are built from, so the tests check emitted metrics against them. The project's copy of the
 * semantic-convention data (test/catalogue/metrics.json) is an independent check of the rows themselves, made by
 * scripts/metrics-doc.js --check (test/packaging/metrics-doc.test.ts), not a second reference for emitted metrics.
 */
import { DataPointType, type MetricData } from '@opentelemetry/sdk-metrics';
import { CATALOGUE, type MetricRow } from '../../src/otel/catalogue';

/** Every fixed row of the catalogue by name. */
export const ROWS: ReadonlyMap<string, MetricRow> = new Map(CATALOGUE.map((r) => [r.name, r]));

/** Kind of an exported metric, as a row names it. */
export function kindOf(m: MetricData): string {
  if (m.dataPointType === DataPointType.GAUGE) return 'Gauge';
  if (m.dataPointType === DataPointType.SUM) return m.isMonotonic ? 'Counter' : 'UpDownCounter';
  return 'Histogram';
}

/**
 * Asserts that `m` has its row's name, kind, unit and description, at least one point, finite values (a Histogram:
 * a count above 0), and on every point only the row's attributes with allowed values, every attribute that is not
 * opt-in included. Failures name the metric and the attribute.
 */
export function checkAgainstRow(m: MetricData, row: MetricRow | undefined = ROWS.get(m.descriptor.name)): void {
  const name = m.descriptor.name;
  expect([name, row !== undefined]).toEqual([name, true]);
  if (!row) return;
  expect([name, kindOf(m), m.descriptor.unit, m.descriptor.description]).toEqual([row.name, row.kind, row.unit, row.description]);
  expect([name, m.dataPoints.length > 0]).toEqual([name, true]);
  const spec = row.attributes ?? {};
  for (const p of m.dataPoints as Array<{ attributes: Record<string, unknown>; value: unknown }>) {
    if (row.kind === 'Histogram') expect([name, (p.value as { count: number }).count > 0]).toEqual([name, true]);
    else expect([name, Number.isFinite(p.value as number)]).toEqual([name, true]);
    for (const [k, v] of Object.entries(p.attributes)) {
      const allowed = spec[k];
      expect([name, k, allowed !== undefined]).toEqual([name, k, true]);
      if (Array.isArray(allowed)) expect([name, k, v, allowed.includes(v as string)]).toEqual([name, k, v, true]);
      else if (String(allowed).startsWith('int')) expect([name, k, Number.isInteger(v)]).toEqual([name, k, true]);
      else expect([name, k, typeof v]).toEqual([name, k, 'string']);
    }
    for (const [k, allowed] of Object.entries(spec)) {
      if (typeof allowed === 'string' && allowed.includes('opt-in')) continue;
      expect([name, k, k in p.attributes]).toEqual([name, k, true]);
    }
  }
}
