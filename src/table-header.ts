/**
 * The table header and status codes of native/layout.h, for tables built in JavaScript where there is no addon
 * to ask (the os/process fallback source, test fakes). Tables of the native Sampler read them from the addon's
 * layout() instead; test/otel checks that the two agree.
 */

/** Slots of the header at the start of every table array. */
export const TABLE_HEADER = Object.freeze({ status: 0, generation: 1, count: 2, time: 3 });

/** Number of header slots; the scalars start here. */
export const TABLE_HEADER_SLOTS = 4;

/** Values of the status slot: 0 ok, < 0 a negated errno, > 0 one of these. */
export const TABLE_STATUS = Object.freeze({ OK: 0, MALFORMED: 1, OVERFLOW: 2, NOT_SAMPLED: 3, NOT_SELECTED: 4, TOO_LARGE: 5, CLOSED: 6, DETACHED: 7, PARTIAL: 8 });

/**
 * Empties a table array for good (its source was closed): every slot NaN, no entries, status `closed`. The
 * generation is kept, so a cached name list is not fetched again. Used by the Sampler's tables (with the addon's
 * header and status) and by the fallback's (with the ones above).
 */
export function markTableClosed(
  a: Float64Array,
  header: { status: number; generation: number; count: number },
  closed: number,
): void {
  const generation = a[header.generation] as number;
  a.fill(NaN);
  a[header.status] = closed;
  a[header.generation] = generation;
  a[header.count] = 0;
}
