/**
 * Entry names as the addon encodes them. A disk, an interface or a CPU is named by one kernel string; a
 * filesystems entry by three parts joined by a separator. The encoding is defined once, in native/layout.h
 * (`kEntryNameSeparator`, `PS_FS_NAME_PARTS`), exported by the addon's `layout()`, generated into
 * src/generated/layout.ts (checked against the addon when a Sampler opens) and read here, once. Every
 * reader and writer of an encoded name in TypeScript goes through this file: the Sampler's snapshot, the
 * OpenTelemetry layer, custom and test sources (`fsEntryName`), so the two sides cannot drift apart.
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

/** The encoding as layout() describes it, checked against FsNameParts. */
export interface EntryNameScheme {
  readonly separator: string;
  /** The filesystems name parts in the order the addon joins them. */
  readonly fsParts: readonly FsPart[];
}

/**
 * Reads and checks the encoding of a layout(). Throws (a plain Error: a build mismatch, not a user error) when the
 * addon's parts are not the ones FsNameParts declares, e.g. dist/ and the addon come from different versions.
 */
export function entryNameScheme(layout: NativeLayout): EntryNameScheme {
  const e = layout.entryNames;
  const parts = e?.parts?.filesystems;
  if (
    typeof e?.separator !== 'string' ||
    e.separator.length !== 1 ||
    !Array.isArray(parts) ||
    parts.length !== FS_PARTS.size ||
    !parts.every((p) => FS_PARTS.has(p)) ||
    new Set(parts).size !== parts.length
  ) {
    throw new Error(
      `procsampler: the addon's entry-name layout ${JSON.stringify(e)} does not match this JavaScript ` +
        `(filesystems parts ${[...FS_PARTS].join(', ')}): the addon and dist/ come from different builds`,
    );
  }
  return Object.freeze({ separator: e.separator, fsParts: Object.freeze(parts as FsPart[]) });
}

let scheme: EntryNameScheme | undefined;

/** The encoding (from the generated layout; needs no addon). */
function current(): EntryNameScheme {
  scheme ??= Object.freeze({ separator: ENTRY_NAMES.separator, fsParts: GENERATED_PARTS });
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
