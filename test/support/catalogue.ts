/**
 * The shape of a row of the project's copy of the semantic-convention catalogue data (test/catalogue/metrics.json,
 * metrics-next.json). That data is the independent check of the code's catalogue rows (scripts/metrics-doc.js
 * --check, test/otel/container, test/app/catalogue.test.ts); emitted metrics are checked against the rows
 * themselves (test/support/rows.ts).
 */

/** One row of the catalogue data. */
export interface CatalogueRow {
  name: string;
  kind: 'Counter' | 'UpDownCounter' | 'Gauge' | 'Histogram';
  unit: string;
  /** Attribute name -> its values (an enumeration) or a type ('string', 'int, opt-in (perCpu)'). */
  attributes: Record<string, string[] | string>;
  default: boolean;
  group: string;
  semconv: boolean;
  source: string;
}
