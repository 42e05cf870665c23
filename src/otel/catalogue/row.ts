/**
 * The shape of a row of the metric catalogue, for every family (host, process, container, runtime and the
 * application families): name, instrument kind, unit, value type, description, the `metricGroups` or family key,
 * whether it is opt-in, and for a Histogram its bucket boundaries. Both export paths are built from the rows:
 * the instruments (`instrumentOptions`, `createObservable`) and the MetricProducer's MetricData
 * (src/otel/metric-pool.ts `emptyMetricData`). No name, unit or description is written anywhere else.
 */

/** Instrument kind of a row read from a sample (the Observable variant is what is registered). */
export type MetricKind = 'Counter' | 'UpDownCounter' | 'Gauge';

/** Instrument kind of any row: the observable kinds plus Histogram. */
export type AppMetricKind = MetricKind | 'Histogram';

/**
 * The attributes of a row: each attribute name with its allowed values (a list) or, for a free value, what it
 * holds (a text such as `string` or `int`). attributes.ts holds the specs the rows spread together.
 */
export type AttributeSpec = Readonly<Record<string, readonly string[] | string>>;

/** One metric of the catalogue. */
export interface MetricRow {
  /** Semantic-convention name (or procsampler's own, documented as such). */
  readonly name: string;
  readonly kind: AppMetricKind;
  /** UCUM unit as the catalogue gives it. */
  readonly unit: string;
  /** True when the values are whole numbers (reported as INT; a histogram's sum/min/max too). */
  readonly int: boolean;
  readonly description: string;
  /** The `metricGroups` key that enables it (host, container, runtime), or the family key (`http.server`). */
  readonly group: string;
  /** True for rows that are not emitted unless asked for (`optIn`). */
  readonly optIn: boolean;
  /** Explicit bucket boundaries of a Histogram (ascending); absent for other kinds. */
  readonly boundaries?: readonly number[];
  /** Its attributes and their allowed values (absent: none). */
  readonly attributes?: AttributeSpec;
}

/**
 * One metric of an application family (HTTP server, database pools, summaries): a catalogue row as a
 * MetricProducer exports it.
 */
export type AppMetricDef = MetricRow;

/** Builds a frozen row (the application families' form: positional). */
export function appDef(
  name: string,
  kind: AppMetricKind,
  unit: string,
  int: boolean,
  group: string,
  description: string,
  optIn = false,
  boundaries?: readonly number[],
  attributes?: AttributeSpec,
): AppMetricDef {
  return Object.freeze({
    name,
    kind,
    unit,
    int,
    group,
    description,
    optIn,
    ...(boundaries ? { boundaries } : {}),
    ...(attributes && Object.keys(attributes).length > 0 ? { attributes } : {}),
  });
}
