/**
 * The series of one application family, keyed by a string and a small integer (HTTP: the route, and the method,
 * status, scheme, protocol and error packed into one integer; pools: the pool name and 0), created once per distinct
 * key with their attribute objects, and capped.
 *
 * Lookup allocates nothing: a Map of strings (V8 caches a string's hash in the string) to a Map of small integers;
 * the empty key (an HTTP request without a route, the most common case) has its Map of integers at hand.
 * When `limit` distinct series exist, every new key goes to ONE overflow series instead, whose attributes are only
 * `otel.metric.overflow: true` (the OpenTelemetry SDK's convention for a cardinality limit), and `overflowed`
 * counts the keys turned away (counted per lookup, so a key seen twice counts twice).
 */

/** The attribute that marks the overflow series (OpenTelemetry metrics SDK specification, cardinality limits). */
export const ATTR_OTEL_METRIC_OVERFLOW = 'otel.metric.overflow';

/** Options of a SeriesTable. */
export interface SeriesTableOptions<S> {
  /** Most distinct series (the overflow series not included); a positive integer. */
  limit: number;
  /** Creates the series of a new key (called once per key). */
  create(key: string, code: number): S;
  /** Creates the overflow series (called once, when the first key over the limit arrives). */
  overflow(): S;
}

/** Distinct series by (string, small integer), in creation order, with a cap and one overflow series. */
export class SeriesTable<S> {
  readonly #byKey = new Map<string, Map<number, S>>();
  /** #byKey's entry for the key '' (created with the table). */
  readonly #unkeyed = new Map<number, S>();
  readonly #list: S[] = [];
  readonly #options: SeriesTableOptions<S>;
  #overflow: S | undefined;
  #overflowed = 0;
  #distinct = 0;

  constructor(options: SeriesTableOptions<S>) {
    this.#options = options;
    this.#byKey.set('', this.#unkeyed);
  }

  /** The series of (key, code), created on first use; the overflow series once `limit` series exist. */
  get(key: string, code: number): S {
    let inner = key === '' ? this.#unkeyed : this.#byKey.get(key);
    if (inner !== undefined) {
      const s = inner.get(code);
      if (s !== undefined) return s;
    }
    if (this.#distinct >= this.#options.limit) return this.#overflowSeries();
    if (inner === undefined) {
      inner = new Map();
      this.#byKey.set(key, inner);
    }
    const s = this.#options.create(key, code);
    inner.set(code, s);
    this.#list.push(s);
    this.#distinct++;
    return s;
  }

  #overflowSeries(): S {
    this.#overflowed++;
    let o = this.#overflow;
    if (o === undefined) {
      o = this.#options.overflow();
      this.#overflow = o;
      this.#list.push(o);
    }
    return o;
  }

  /** Every series in creation order (the overflow series where it was created). A live array: do not modify. */
  get series(): readonly S[] {
    return this.#list;
  }

  /** Distinct series created (the overflow series not counted). */
  get size(): number {
    return this.#distinct;
  }

  /** Lookups sent to the overflow series since the table was created. */
  get overflowed(): number {
    return this.#overflowed;
  }

  /** The overflow series, or undefined while the limit was never hit. */
  get overflowSeries(): S | undefined {
    return this.#overflow;
  }
}
