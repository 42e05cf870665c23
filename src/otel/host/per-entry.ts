/**
 * A metric group read per entry of a table (a disk, an interface): each metric copies fixed entry fields, one per
 * point of an entry (read and write, receive and transmit, or one value). The entries are those a filter keeps;
 * their attribute objects are built once per name and the lists rebuilt only when the table's generation changes.
 */
import type { Attributes } from '../../peers';
import type { EntryField, TableName } from '../../layout';
import { type TableLike, tableUsable } from '../value-source';
import type { AttributeCache } from '../metric-pool';
import { resize } from '../series';
import { bindEntries, fillEntries, offsets, type EntryMetric, type SeriesByName } from './table-read';

/** A metric of the group: its name and the entry fields of its points per entry. */
export type EntryFields<N extends TableName> = readonly [name: string, fields: readonly EntryField<N>[]];

/** The series of one per-entry group of one HostModel. */
export class PerEntryFill<N extends TableName, V> {
  readonly #fields: ReadonlyArray<EntryFields<N>>;
  readonly #accept: (name: string) => boolean;
  readonly #cache: AttributeCache<string, V>;
  readonly #attrsOf: (list: readonly V[], name: string) => Attributes[];
  readonly #metrics: EntryMetric[];
  #gen = NaN;
  #entry: Int32Array = new Int32Array(0);

  /**
   * @param accept the filter on entry names
   * @param cache the attribute value per entry name
   * @param attrsOf the attribute list of metric `name` for these entries (one per point, entry by entry)
   */
  constructor(
    get: SeriesByName,
    fields: ReadonlyArray<EntryFields<N>>,
    accept: (name: string) => boolean,
    cache: AttributeCache<string, V>,
    attrsOf: (list: readonly V[], name: string) => Attributes[],
  ) {
    this.#fields = fields;
    this.#accept = accept;
    this.#cache = cache;
    this.#attrsOf = attrsOf;
    this.#metrics = fields.map(([name]) => ({ series: get(name), offsets: new Int32Array(0) }));
  }

  fill(t: TableLike<N> | undefined): void {
    if (!tableUsable(t)) {
      for (const m of this.#metrics) if (m.series) m.series.values.fill(NaN);
      return;
    }
    if (t.generation() !== this.#gen) this.#bind(t);
    fillEntries(t, this.#entry, this.#metrics);
  }

  #bind(t: TableLike<N>): void {
    this.#gen = t.generation();
    const { entries, list } = bindEntries(t, this.#accept, this.#cache);
    this.#entry = entries;
    this.#metrics.forEach((m, i) => {
      const [name, fields] = this.#fields[i] as EntryFields<N>;
      m.offsets = offsets(t, fields);
      if (m.series) resize(m.series, this.#attrsOf(list, name));
    });
  }
}
