/**
 * Entry names as the addon encodes them. A disk, an interface or a CPU is named by one kernel string; a
 * filesystems entry by three parts joined by a separator; the cgroup table's names() are groups of consecutive
 * names, a controller and its directory. The encodings are defined once, in native/layout.h
 * (`kEntryNameSeparator`, `PS_FS_NAME_PARTS`, `PS_CGROUP_NAME_PARTS`), exported by the addon's `layout()`,
 * generated into src/generated/layout.ts (checked against the addon when a Sampler opens) and read here, once.
 * Every reader and writer of an encoded name in TypeScript goes through this file: the Sampler's snapshot, the
 * OpenTelemetry layer, custom and test sources (`fsEntryName`, `cgroupEntryNames`), so the two sides cannot
 * drift apart.
 */
import type { NativeLayout } from '../native';
import { ENTRY_NAMES } from '../layout';

/** The parts of a filesystems entry name: the mount's source device, its mount point and its type. */
export interface FsNameParts {
  /** The mount source as mountinfo prints it (`/dev/vda1`, `tmpfs`, `server:/export`), unescaped. */
  device: string;
  /** The mount point, unescaped (a `\040` in mountinfo is a space here). */
  mountpoint: string;
  /** The filesystem type (`ext4`, `tmpfs`, `nfs4`). */
  type: string;
}

type FsPart = keyof FsNameParts;
/** The generated parts, in join order; FsNameParts must name exactly these (a compile error otherwise). */
const GENERATED_PARTS: readonly FsPart[] = ENTRY_NAMES.parts.filesystems;
const FS_PARTS: ReadonlySet<string> = new Set<FsPart>(GENERATED_PARTS);
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const partsMatch: SameKeys<FsPart, (typeof ENTRY_NAMES.parts.filesystems)[number]> = true;
void partsMatch;

/** One group of the cgroup table's names(): a controller the cgroup was found for, and its directory. */
export interface CgroupNameParts {
  /** The controller: `cpu`, `cpuacct`, `cpuset`, `memory`, `blkio`, `pids`, or `pressure` (the PSI directory). */
  controller: string;
  /** The controller's cgroup directory, as the addon opened it (below rootFs or cgroupRoot). */
  directory: string;
}

type CgroupPart = keyof CgroupNameParts;
/** The generated parts of a cgroup names() group, in order; CgroupNameParts must name exactly these. */
const GENERATED_CGROUP_PARTS: readonly CgroupPart[] = ENTRY_NAMES.groups.cgroup;
const CGROUP_PARTS: ReadonlySet<string> = new Set<CgroupPart>(GENERATED_CGROUP_PARTS);
const cgroupPartsMatch: SameKeys<CgroupPart, (typeof ENTRY_NAMES.groups.cgroup)[number]> = true;
void cgroupPartsMatch;

/** The encoding as layout() describes it, checked against FsNameParts and CgroupNameParts. */
export interface EntryNameScheme {
  readonly separator: string;
  /** The filesystems name parts in the order the addon joins them. */
  readonly fsParts: readonly FsPart[];
  /** The parts of one cgroup names() group, in the order the addon lists them. */
  readonly cgroupParts: readonly CgroupPart[];
}

/** `parts` is a permutation of the names in `want`. */
function samePartSet(parts: unknown, want: ReadonlySet<string>): parts is string[] {
  return (
    Array.isArray(parts) &&
    parts.length === want.size &&
    parts.every((p) => typeof p === 'string' && want.has(p)) &&
    new Set(parts).size === parts.length
  );
}

/**
 * Reads and checks the encoding of a layout(). Throws (a plain Error: a build mismatch, not a user error) when the
 * addon's parts are not the ones FsNameParts and CgroupNameParts declare, e.g. dist/ and the addon come from
 * different versions.
 */
export function entryNameScheme(layout: NativeLayout): EntryNameScheme {
  const e = layout.entryNames;
  const parts = e?.parts?.filesystems;
  const cgroup = e?.groups?.cgroup;
  if (
    typeof e?.separator !== 'string' ||
    e.separator.length !== 1 ||
    !samePartSet(parts, FS_PARTS) ||
    !samePartSet(cgroup, CGROUP_PARTS)
  ) {
    throw new Error(
      `procsampler: the addon's entry-name layout ${JSON.stringify(e)} does not match this JavaScript ` +
        `(filesystems parts ${[...FS_PARTS].join(', ')}; cgroup groups ${[...CGROUP_PARTS].join(', ')}): ` +
        `the addon and dist/ come from different builds`,
    );
  }
  return Object.freeze({
    separator: e.separator,
    fsParts: Object.freeze(parts as FsPart[]),
    cgroupParts: Object.freeze(cgroup as CgroupPart[]),
  });
}

let scheme: EntryNameScheme | undefined;

/** The encoding (from the generated layout; needs no addon). */
function current(): EntryNameScheme {
  scheme ??= Object.freeze({
    separator: ENTRY_NAMES.separator,
    fsParts: GENERATED_PARTS,
    cgroupParts: GENERATED_CGROUP_PARTS,
  });
  return scheme;
}

/**
 * Splits a filesystems entry name (`table('filesystems').names()[i]`) into its parts. A part missing from the name
 * is `''`. Allocates: call it when the table's generation moves, not per sample.
 */
export function fsNames(name: string): FsNameParts {
  const s = current();
  const pieces = name.split(s.separator);
  const out: FsNameParts = { device: '', mountpoint: '', type: '' };
  for (let i = 0; i < s.fsParts.length; i++) out[s.fsParts[i] as FsPart] = pieces[i] ?? '';
  return out;
}

/**
 * The entry name the addon gives a mount with these parts: what a custom ValueSource (HostMetrics' `source`
 * option) must return from `names()` of its filesystems table. Throws a TypeError when a part is not a string
 * or holds the separator (NUL, which no real path, device or type can).
 */
export function fsEntryName(parts: FsNameParts): string {
  const s = current();
  return s.fsParts
    .map((k) => {
      const v = parts[k];
      if (typeof v !== 'string' || v.includes(s.separator)) {
        throw new TypeError(`procsampler: filesystems name part ${k} must be a string without NUL, got ${JSON.stringify(v)}`);
      }
      return v;
    })
    .join(s.separator);
}

/**
 * Decodes the cgroup table's names() (`table('cgroup').names()`): one CgroupNameParts per controller the cgroup
 * was found for, in the addon's order. A trailing incomplete group is left out; an empty list (no cgroup found)
 * gives `[]`. Allocates: call it when the table's generation moves, not per sample.
 */
export function cgroupNames(names: readonly string[]): CgroupNameParts[] {
  const parts = current().cgroupParts;
  const out: CgroupNameParts[] = [];
  for (let i = 0; i + parts.length <= names.length; i += parts.length) {
    const g: CgroupNameParts = { controller: '', directory: '' };
    for (let p = 0; p < parts.length; p++) g[parts[p] as CgroupPart] = names[i + p] as string;
    out.push(g);
  }
  return out;
}

/**
 * The names() the addon gives a cgroup found for these controllers (the inverse of cgroupNames): what a table
 * standing in for the cgroup table (a test's SimpleTable) must hold. Throws a TypeError when a part is not a string.
 */
export function cgroupEntryNames(groups: readonly CgroupNameParts[]): string[] {
  const parts = current().cgroupParts;
  const out: string[] = [];
  for (const g of groups) {
    for (const k of parts) {
      const v = g[k];
      if (typeof v !== 'string') {
        throw new TypeError(`procsampler: cgroup name part ${k} must be a string, got ${JSON.stringify(v)}`);
      }
      out.push(v);
    }
  }
  return out;
}
