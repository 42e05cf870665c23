import * as fs from 'fs';
import * as path from 'path';
import * as sc from '../../src/semconv';
import { DB_CLIENT_METRICS, DB_POOL_TIME_BUCKETS, HTTP_SERVER_METRICS } from '../../src/otel/catalogue';

/** A row of metrics-next.json (the project's copy of the catalogue's next families, kept as test data). */
interface Row {
  name: string;
  kind: string;
  unit: string;
  attributes: Record<string, unknown>;
  default: boolean;
  group: string;
}
const rows = (JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'catalogue', 'metrics-next.json'), 'utf8')) as { metrics: Row[] }).metrics;

describe('the http.server rows match metrics-next.json', () => {
  test('HTTP_SERVER_METRICS is exactly the http.server rows, with their kind, unit, group and default', () => {
    const http = rows.filter((r) => r.group === 'http.server');
    expect(http.length).toBe(4);
    expect(HTTP_SERVER_METRICS.map((d) => ({ name: d.name, kind: d.kind, unit: d.unit, group: d.group, optIn: d.optIn }))).toEqual(
      http.map((r) => ({ name: r.name, kind: r.kind, unit: r.unit, group: r.group, optIn: !r.default })),
    );
  });

  test('semconv.ts has a constant for every http.server metric and attribute', () => {
    const values = new Set<unknown>(Object.values(sc));
    for (const r of rows.filter((x) => x.group === 'http.server')) {
      expect([r.name, values.has(r.name)]).toEqual([r.name, true]);
      for (const k of Object.keys(r.attributes)) expect([k, values.has(k)]).toEqual([k, true]);
    }
  });

  test('the duration buckets are the ones the row gives', () => {
    const row = rows.find((r) => r.name === sc.METRIC_HTTP_SERVER_REQUEST_DURATION) as Row & { source: string };
    const listed = JSON.parse(/buckets (\[[^\]]*\])/.exec(row.source)![1]!) as number[];
    expect(HTTP_SERVER_METRICS[0]!.boundaries).toEqual(listed);
    expect(sc.HTTP_SERVER_REQUEST_DURATION_BUCKETS).toEqual(listed);
  });
});

describe('the db.client rows match metrics-next.json', () => {
  test('DB_CLIENT_METRICS is exactly the db.client rows of metrics-next.json (name, kind, unit, default)', () => {
    const db = rows.filter((r) => r.group === 'db.client');
    expect(db.length).toBe(9);
    expect(DB_CLIENT_METRICS.map((d) => ({ name: d.name, kind: d.kind, unit: d.unit, optIn: d.optIn }))).toEqual(
      db.map((r) => ({ name: r.name, kind: r.kind, unit: r.unit, optIn: !r.default })),
    );
    for (const d of DB_CLIENT_METRICS) {
      if (d.kind === 'Histogram') expect(d.boundaries).toBe(DB_POOL_TIME_BUCKETS);
    }
  });

  test('semconv.ts has every db.client metric and attribute name, and the state values', () => {
    const values = new Set<unknown>(Object.values(sc));
    for (const r of rows.filter((x) => x.group === 'db.client')) {
      expect([r.name, values.has(r.name)]).toEqual([r.name, true]);
      for (const k of Object.keys(r.attributes)) expect([k, values.has(k)]).toEqual([k, true]);
    }
    const states = rows.find((r) => r.name === sc.METRIC_DB_CLIENT_CONNECTION_COUNT)!.attributes[
      sc.ATTR_DB_CLIENT_CONNECTION_STATE
    ];
    expect(states).toEqual([sc.DB_CLIENT_CONNECTION_STATE_VALUE_IDLE, sc.DB_CLIENT_CONNECTION_STATE_VALUE_USED]);
  });
});
