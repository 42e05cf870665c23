/**
 * The metric catalogue as test data: test/catalogue/metrics.json, kept in the repository (a copy of the project's
 * catalogue; scripts/metrics-doc.js and the catalogue tests check the code against it).
 */
import * as fs from 'fs';
import * as path from 'path';

/** The file. */
export const CATALOGUE_FILE = path.join(__dirname, '..', 'catalogue', 'metrics.json');

/** One row of the catalogue. */
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

/** Every row, in catalogue order. */
export function catalogueRows(): CatalogueRow[] {
  return (JSON.parse(fs.readFileSync(CATALOGUE_FILE, 'utf8')) as { metrics: CatalogueRow[] }).metrics;
}
