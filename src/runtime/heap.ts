/**
 * V8 heap statistics of this thread's isolate. The heap spaces come from the native array when the addon found
 * V8's heap-space API (native/v8_heap.h; nothing is allocated per read), else from v8.getHeapSpaceStatistics(),
 * which builds about 1.3 KB of fresh objects per call on Node 20.
 */
import * as v8 from 'v8';
import type { RuntimeCore } from './native-runtime';
import { HEAP_FIELD, HEAP_FIELDS } from '../layout';

/** One V8 heap space, in bytes. */
export interface HeapSpace {
  /** V8's space name, e.g. `old_space` (the `v8js.heap.space.name` attribute). */
  name: string;
  /** Committed size of the space (`v8js.memory.heap.space.size`). */
  size: number;
  /** Bytes used by live and not yet collected objects (`v8js.memory.heap.used`). */
  used: number;
  /** Bytes still available in the space (`v8js.memory.heap.space.available_size`). */
  available: number;
  /** Physical (resident) size of the space (`v8js.memory.heap.space.physical_size`). */
  physical: number;
}

/** Offsets of a space's numbers from its first value, in the order native/runtime.h writes them. */
export const HEAP_SIZE = HEAP_FIELD.size;
export const HEAP_USED = HEAP_FIELD.used;
export const HEAP_AVAILABLE = HEAP_FIELD.available;
export const HEAP_PHYSICAL = HEAP_FIELD.physical;

/**
 * Receives one heap space: its name, and its size, used, available and physical bytes at values[offset + 0..3].
 * (An array and offset rather than four numbers: a double passed to a call V8 does not inline is boxed.)
 */
export type HeapSpaceVisitor = (name: string, values: Float64Array, offset: number) => void;

/** Where the JavaScript fallback stages one space's values for the visitor. */
const fallbackValues = new Float64Array(HEAP_FIELDS.length);

/**
 * Calls `visit` for each heap space, in V8's order. With native heap spaces, `core.read(..., heap = true)` must
 * have run just before (it fills the array); then this allocates nothing.
 */
export function forEachHeapSpace(core: RuntimeCore, visit: HeapSpaceVisitor): void {
  const names = core.heapSpaces;
  if (names) {
    const a = core.array;
    const n = Math.min(names.length, a[core.slot.heapSpaceCount] as number);
    for (let i = 0; i < n; i++) visit(names[i] as string, a, core.heapBase + HEAP_FIELDS.length * i);
    return;
  }
  for (const s of v8.getHeapSpaceStatistics()) {
    fallbackValues[HEAP_SIZE] = s.space_size;
    fallbackValues[HEAP_USED] = s.space_used_size;
    fallbackValues[HEAP_AVAILABLE] = s.space_available_size;
    fallbackValues[HEAP_PHYSICAL] = s.physical_space_size;
    visit(s.space_name, fallbackValues, 0);
  }
}

/** V8's heap size limit in bytes (heap_size_limit): fixed at isolate creation unless a near-heap-limit callback raises it. */
export function readHeapLimit(): number {
  return v8.getHeapStatistics().heap_size_limit;
}
