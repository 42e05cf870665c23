/**
 * The layout contract of native/layout.h as TypeScript sees it: the constants generated from the addon's own
 * description (src/generated/layout.ts, written by scripts/gen-layout.js) and the types derived from them. Every
 * table name, field name, header slot and status code on the TypeScript side comes from here, so a misspelled
 * field is a compile error; `checkLayout()` makes a mismatched addon (dist/ and the binary from different builds)
 * fail loudly at load time instead of reading the wrong slots.
 */
import * as os from 'os';
import * as generated from './generated/layout';

export * from './generated/layout';

const { TABLES, TABLE_HEADER, TABLE_HEADER_SLOTS, TABLE_STATUS, DETACHED_SHIFT, ENTRY_NAMES, GC_TYPES, HEAP_FIELDS } = generated;

type Tables = typeof TABLES;

/** The names of the tables of native/layout.h (PS_TABLES). */
export type TableName = keyof Tables;

/** The scalar fields of table `N`, e.g. `ScalarField<'memory'>` is `'total' | 'free' | ...`. */
export type ScalarField<N extends TableName> = Tables[N]['scalars'][number]['name'];

/** The fields of one entry of table `N`, e.g. `EntryField<'disks'>` is `'major' | 'minor' | 'readOps' | ...`. */
export type EntryField<N extends TableName> = Tables[N]['entry'][number]['name'];

/** The scalars of table `N` that hold one of its files' own status (layout.h PS_TABLE_FILES). */
export type FileStatusField<N extends TableName> = Tables[N]['files'][number]['field'];

/** A status name of layout.h PS_STATUSES (`'OK'`, `'MALFORMED'` ...). */
export type StatusName = keyof typeof TABLE_STATUS;

/** A named slot of the runtime array (native/runtime.h PS_RUNTIME_SCALARS). */
export type RuntimeSlotName = (typeof generated.RUNTIME_SLOTS)[number]['name'];

/** A value of `v8js.gc.type` (native/runtime.h PS_RUNTIME_GC_TYPES), in index order in GC_TYPES. */
export type GcType = (typeof GC_TYPES)[number];

/** The index of each GC type in GC_TYPES (and in the native GC tallies). */
export const GC_TYPE_INDEX: Readonly<Record<GcType, number>> = Object.freeze(
  Object.fromEntries(GC_TYPES.map((t, i) => [t, i])) as Record<GcType, number>,
);

/** A libuv handle type counted per type (native/runtime.h PS_RUNTIME_HANDLE_TYPES). */
export type HandleType = (typeof generated.HANDLE_TYPES)[number];

/** A cgroup controller procsampler looks a directory up for (layout.h PS_CGROUP_CONTROLLERS; CGROUP_CONTROLLERS). */
export type CgroupController = (typeof generated.CGROUP_CONTROLLERS)[number];

/** True when `name` is one of CGROUP_CONTROLLERS. */
export function isCgroupController(name: string): name is CgroupController {
  return (generated.CGROUP_CONTROLLERS as readonly string[]).includes(name);
}

/** Offsets of a heap space's values from its first slot (native/runtime.h PS_RUNTIME_HEAP_FIELDS). */
export const HEAP_FIELD: Readonly<Record<(typeof HEAP_FIELDS)[number], number>> = Object.freeze(
  Object.fromEntries(HEAP_FIELDS.map((f, i) => [f, i])) as Record<(typeof HEAP_FIELDS)[number], number>,
);

/** An object with one value per field: `Fields<ScalarField<'load'>, number | null>`. */
export type Fields<K extends string, V> = { [P in K]: V };

/** Every table name, in id order. */
export const TABLE_NAMES: readonly TableName[] = Object.freeze(
  (Object.keys(TABLES) as TableName[]).sort((a, b) => TABLES[a].id - TABLES[b].id),
);

/** The scalar field names of table `name`, in slot order. */
export function scalarNames<N extends TableName>(name: N): readonly ScalarField<N>[] {
  return (TABLES[name].scalars as readonly { name: ScalarField<N> }[]).map((f) => f.name);
}

/** The entry field names of table `name`, in slot order (empty for a table without entries). */
export function entryNames<N extends TableName>(name: N): readonly EntryField<N>[] {
  return (TABLES[name].entry as readonly { name: EntryField<N> }[]).map((f) => f.name);
}

/** The scalar names of table `name` that are neither a file's status slot nor in `omit`, in slot order. */
export function valueNames<N extends TableName, O extends ScalarField<N> = never>(
  name: N,
  omit: readonly O[] = [],
): readonly Exclude<ScalarField<N>, FileStatusField<N> | O>[] {
  const statuses = new Set<string>(TABLES[name].files.map((f) => f.field));
  const skip = new Set<string>(omit);
  return scalarNames(name).filter((f) => !statuses.has(f) && !skip.has(f)) as Exclude<ScalarField<N>, FileStatusField<N> | O>[];
}

/**
 * True when a file's own status slot (a PS_TABLE_FILES field, or a per-file status of the cgroup and pressure
 * tables) says its values are there: read (OK) or read with skipped lines (MALFORMED). NaN (never read), -errno,
 * TOO_LARGE and the rest hold none.
 */
export function fileHasValues(status: number): boolean {
  return status === TABLE_STATUS.OK || status === TABLE_STATUS.MALFORMED;
}

/**
 * The status of a file that does not exist on this kernel or host (-ENOENT, e.g. /proc/net/tcp6 with IPv6 disabled):
 * a per-file status slot holds 0 (TABLE_STATUS.OK), a positive TABLE_STATUS code, or a negative errno like this one.
 */
export const STATUS_FILE_ABSENT: number = -os.constants.errno.ENOENT;

/** The parts of the addon's layout() that checkLayout() compares (see NativeLayout in native.ts). */
export interface LayoutDescription {
  headerSlots: number;
  header: Readonly<Record<string, number>>;
  status: Readonly<Record<string, number>>;
  detachedShift: number;
  entryNames: unknown;
  tables: readonly {
    id: number;
    name: string;
    scalars: readonly { name: string; unit: string }[];
    entry: readonly { name: string; unit: string }[];
    files?: readonly { file: string; field: string }[];
  }[];
}

function describeGenerated(): string {
  return JSON.stringify({
    headerSlots: TABLE_HEADER_SLOTS,
    header: TABLE_HEADER,
    status: TABLE_STATUS,
    detachedShift: DETACHED_SHIFT,
    entryNames: ENTRY_NAMES,
    tables: TABLE_NAMES.map((n) => ({ name: n, ...TABLES[n] })),
  });
}

function describeNative(l: LayoutDescription): string {
  return JSON.stringify({
    headerSlots: l.headerSlots,
    header: l.header,
    status: l.status,
    detachedShift: l.detachedShift,
    entryNames: l.entryNames,
    tables: [...l.tables]
      .sort((a, b) => a.id - b.id)
      .map((t) => ({
        name: t.name,
        id: t.id,
        scalars: t.scalars.map((f) => ({ name: f.name, unit: f.unit })),
        entry: t.entry.map((f) => ({ name: f.name, unit: f.unit })),
        files: (t.files ?? []).map((f) => ({ file: f.file, field: f.field })),
      })),
  });
}

let checked: unknown;

/**
 * Throws (a plain Error: a build mismatch, not a user error) when the addon's layout() is not the one this
 * JavaScript was generated from, naming the first difference. Checked once per layout object.
 */
export function checkLayout(native: LayoutDescription): void {
  if (checked === native) return;
  const want = describeGenerated();
  const got = describeNative(native);
  if (want !== got) {
    let i = 0;
    while (i < want.length && want[i] === got[i]) i++;
    throw new Error(
      'procsampler: the native addon and this JavaScript come from different builds (native/layout.h changed ' +
        `without \`npm run gen:layout\`, or a stale binary): they differ at ${JSON.stringify(got.slice(Math.max(0, i - 40), i + 40))}`,
    );
  }
  checked = native;
}
