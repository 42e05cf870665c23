/**
 * `procsampler --interval MS`: one compact line per interval, as `vmstat 1` prints, with the header repeated every
 * screenful. Every line fits 80 columns. Each column is defined once: its header, its width and its value.
 */
import type { Totals } from './view';
import { clockTime, num, shortBytes } from './format';

/** One column of the live line. */
interface Column {
  readonly head: string;
  readonly width: number;
  readonly value: (t: Totals, now: Date) => string;
}

/** A 0..1 share as a whole percentage; null -> "-". */
const pct = (v: number | null): string => (v === null ? '-' : String(Math.round(v * 100)));

const COLUMNS: readonly Column[] = [
  { head: 'time', width: 8, value: (_t, now) => clockTime(now) },
  { head: 'us', width: 3, value: (t) => pct(t.user) },
  { head: 'sy', width: 3, value: (t) => pct(t.system) },
  { head: 'wa', width: 3, value: (t) => pct(t.iowait) },
  { head: 'st', width: 3, value: (t) => pct(t.steal) },
  { head: 'id', width: 3, value: (t) => pct(t.idle) },
  { head: 'load', width: 5, value: (t) => num(t.load1, 2) },
  { head: 'mem%', width: 4, value: (t) => pct(t.memoryUsed) },
  { head: 'avail', width: 5, value: (t) => shortBytes(t.memoryAvailable) },
  { head: 'dsk-r', width: 5, value: (t) => shortBytes(t.diskReadPerS) },
  { head: 'dsk-w', width: 5, value: (t) => shortBytes(t.diskWritePerS) },
  { head: 'net-r', width: 5, value: (t) => shortBytes(t.netRxPerS) },
  { head: 'net-t', width: 5, value: (t) => shortBytes(t.netTxPerS) },
  { head: 'pcpu', width: 4, value: (t) => pct(t.processCpu) },
  { head: 'rss', width: 5, value: (t) => shortBytes(t.processRss) },
];

/** The widest a line may be. */
export const LIVE_MAX_COLUMNS = 80;

function line(cells: readonly string[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(COLUMNS[i]!.width) : c.padStart(COLUMNS[i]!.width))).join(' ');
}

/** The header line. */
export function liveHeader(): string {
  return line(COLUMNS.map((c) => c.head));
}

/** The legend printed once above the first header. */
export const LIVE_LEGEND =
  'cpu %: us user+nice, sy system+irq, wa iowait, st steal, id idle; load: 1 minute\n' +
  'mem% used, avail bytes; dsk, net bytes/s (no partitions, loop, lo); pcpu, rss';

/** One interval's line. */
export function liveLine(t: Totals, now: Date): string {
  return line(COLUMNS.map((c) => c.value(t, now)));
}

/**
 * Prints the header again every `rows - 1` lines, so one is always on screen (`rows`: the terminal's height, or
 * 24 when the output is not a terminal).
 */
export class HeaderRepeater {
  /** Data lines printed since the last header. */
  #data = Infinity;
  /** Lines per screenful: the header and `#every - 1` data lines. */
  readonly #every: number;

  constructor(rows: number | undefined) {
    this.#every = Math.max(2, (rows ?? 24) - 1);
  }

  /** The line to print, preceded by the header when one is due. */
  next(l: string): string {
    if (this.#data >= this.#every - 1) {
      this.#data = 1;
      return liveHeader() + '\n' + l;
    }
    this.#data++;
    return l;
  }
}
