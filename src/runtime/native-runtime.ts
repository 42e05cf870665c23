/**
 * The per-thread bridge to the native runtime monitor (native/runtime.cc): one Float64Array shared with C++,
 * offsets read once from `runtimeLayout()`, and the window state (delay histogram, utilization) of this thread.
 * Every Node environment (main thread, each worker) has its own native state and its own copy of this module,
 * so the numbers always describe the calling thread's loop.
 */
import { performance } from 'perf_hooks';
import * as v8 from 'v8';
import { ProcsamplerError } from '../errors';
import { loadAddon } from '../native';
import { GC_TYPES, HEAP_FIELD, HEAP_FIELDS, RUNTIME_READ_FLAGS, RUNTIME_SLOTS, type RuntimeSlotName } from '../layout';
import { GC_DURATION_BUCKETS } from '../semconv';

export type { RuntimeSlotName };

/** Flags of runtimeRead (native/runtime.h PS_RUNTIME_READ_FLAGS). */
const READ_HANDLES = RUNTIME_READ_FLAGS.handles;
const READ_HEAP = RUNTIME_READ_FLAGS.heap;
const READ_GC = RUNTIME_READ_FLAGS.gc;
/** The window argument of runtimeRead that reads no delay window. */
const NO_WINDOW = -1;

/** The slot names TypeScript relies on (generated); a layout without one of them fails loudly at load time. */
const SLOT_NAMES: readonly RuntimeSlotName[] = RUNTIME_SLOTS.map((s) => s.name);

/** What `runtimeLayout()` returns (native/runtime.h). */
export interface RuntimeLayout {
  slots: Record<string, number>;
  units: Record<string, string>;
  /** Flags of runtimeRead: name to bit (generated into src/layout.ts as RUNTIME_READ_FLAGS). */
  readFlags: Record<string, number>;
  /** The GC types in tally order (generated into src/layout.ts as GC_TYPES). */
  gcTypes: string[];
  handleTypes: string[];
  handleBase: number;
  /** First slot of the heap spaces' values: space i, field f at heapBase + heapFields.length * i + f. */
  heapBase: number;
  heapFields: string[];
  /** V8's heap space names in index order, or null where V8's C++ API was not found (native/v8_heap.h). */
  heapSpaces: string[] | null;
  /** First slot of the window's GC pauses: type t at gcBase + gcStride * t: count, sum, min, max, bucket counts. */
  gcBase: number;
  gcStride: number;
  /** Whether GC pauses come from V8's GC callbacks (else from a PerformanceObserver, see gc.ts). */
  gcNative: boolean;
  /** Where runtimeGcDrain puts pauses: durations from drainBase, their GC type indices drainCapacity later. */
  drainBase: number;
  drainCapacity: number;
  size: number;
  uvMetricsInfo: boolean;
}

/** Which implementation the native hook uses (runtimeInfo(), for diagnostics and tests). */
export interface RuntimeInfo {
  /** `counter` (cycle counter calibrated against uv_hrtime), `calibrating`, or `hrtime`. */
  clock: string;
  /** The counter's rate, ticks per second (0 unless `clock` is `counter`). */
  counterHz: number;
  /** `direct` (libuv's idle-time field, validated), `pending` (not validated yet) or `api` (uv_metrics_idle_time). */
  idle: string;
  /** `v8` when V8's heap-space API was found, else `none`. */
  heap: string;
  /** `v8` when V8's GC callbacks were found, else `none`. */
  gc: string;
  /** Windows open (one per started RuntimeMetrics). */
  windows: number;
  /** Whether the per-iteration hook is running. */
  running: boolean;
}

/** The runtime functions of the addon. */
export interface RuntimeAddon {
  runtimeLayout(): RuntimeLayout;
  runtimeAttach(array: Float64Array): void;
  runtimeStart(): boolean;
  runtimeStop(): void;
  runtimeWindowOpen(replayGc: boolean): number;
  runtimeWindowClose(id: number): void;
  /** false: no array is attached, or its ArrayBuffer was detached (nothing was written). */
  runtimeRead(flags: number, window: number): boolean;
  runtimeGcDrain(window: number): number;
  runtimeConfigure(options: { counterClock?: boolean; directIdle?: boolean; v8Api?: boolean; gcBoundaries?: readonly number[] }): void;
  runtimeInfo(): RuntimeInfo;
}

const ADDON_FUNCTIONS = [
  'runtimeLayout',
  'runtimeAttach',
  'runtimeStart',
  'runtimeStop',
  'runtimeWindowOpen',
  'runtimeWindowClose',
  'runtimeRead',
  'runtimeGcDrain',
  'runtimeConfigure',
  'runtimeInfo',
] as const;

function runtimeAddon(): RuntimeAddon {
  const addon = loadAddon() as unknown as Partial<RuntimeAddon>;
  for (const fn of ADDON_FUNCTIONS) {
    if (typeof addon[fn] !== 'function') {
      throw new ProcsamplerError('PROCSAMPLER_NATIVE_UNAVAILABLE', `procsampler: the native addon lacks ${fn}()`);
    }
  }
  return addon as RuntimeAddon;
}

/**
 * One consumer's view of the delay and utilization: a native delay window of its own (so two RuntimeMetrics, or
 * two readers, never end each other's windows) and the cumulative loop times at its previous read.
 */
export class RuntimeWindow {
  /** Utilization of the window that the last `RuntimeCore.read(window)` ended; NaN when no time had passed. */
  utilization = Number.NaN;
  /** The native window id; -1 once closed. */
  id: number;
  /** Cumulative active/idle seconds at the previous read (NaN before the first). */
  active = Number.NaN;
  idle = Number.NaN;

  constructor(id: number) {
    this.id = id;
  }
}

/**
 * This thread's runtime monitor. Obtain it with `runtimeCore()`; `acquire()`/`release()` count users so the
 * per-iteration hook runs while at least one RuntimeMetrics is started.
 */
export class RuntimeCore {
  /**
   * The shared array: read a slot as `core.array[core.slot.name]` right after `read()`. Replaced by a new one
   * when its ArrayBuffer was detached (transferred with postMessage or structuredClone): read it afresh.
   */
  get array(): Float64Array {
    return this.#array;
  }
  /** Slot indices by name. */
  readonly slot: Readonly<Record<RuntimeSlotName, number>>;
  /** libuv handle type names, in the order of their slots (from `handleBase`). */
  readonly handleTypes: readonly string[];
  /** Index of the first per-handle-type slot. */
  readonly handleBase: number;
  /**
   * V8's heap spaces as read into the array (space i's size, used, available and physical bytes at
   * heapBase + 4 * i, see heap.ts HEAP_FIELDS), or null when they come from v8.getHeapSpaceStatistics() instead (see heap.ts).
   */
  readonly heapSpaces: readonly string[] | null;
  /** Index of the first heap-space slot. */
  readonly heapBase: number;
  /**
   * Whether each window's GC pauses come from V8's GC callbacks (read with `read(..., gc = true)` at gcBase:
   * type t's count, sum, min, max and bucket counts from gcBase + gcStride * t). False: use a PerformanceObserver.
   */
  readonly gcNative: boolean;
  readonly gcBase: number;
  readonly gcStride: number;
  /** Where drainGc() leaves pauses: durations from drainBase, GC type indices from drainBase + drainCapacity. */
  readonly drainBase: number;
  readonly drainCapacity: number;
  /** Cumulative loop time (seconds) after the last read: active and idle, like performance.eventLoopUtilization(). */
  active = 0;
  idle = 0;

  #addon: RuntimeAddon;
  #array: Float64Array;
  readonly #size: number;
  #users = 0;
  #loopStart = Number.NaN;
  /**
   * Milliseconds from the uv_hrtime clock (the `now` slot) to the Unix epoch, as performance.timeOrigin +
   * performance.now() counts it (both run on uv_hrtime), measured once.
   */
  #epochOffsetMs = performance.timeOrigin + performance.now() - Number(process.hrtime.bigint()) / 1e6;

  constructor(addon: RuntimeAddon) {
    this.#addon = addon;
    const layout = addon.runtimeLayout();
    const slot = {} as Record<RuntimeSlotName, number>;
    for (const name of SLOT_NAMES) {
      const index = layout.slots[name];
      if (typeof index !== 'number') {
        throw new ProcsamplerError('PROCSAMPLER_NATIVE_UNAVAILABLE', `procsampler: runtime layout lacks slot ${name}`);
      }
      slot[name] = index;
    }
    this.slot = Object.freeze(slot);
    this.handleTypes = Object.freeze(layout.handleTypes.slice());
    this.handleBase = layout.handleBase;
    this.heapBase = layout.heapBase;
    this.gcBase = layout.gcBase;
    this.gcStride = layout.gcStride;
    this.drainBase = layout.drainBase;
    this.drainCapacity = layout.drainCapacity;
    // The native side counts GC types in GC_TYPES order and needs room for the buckets.
    const gcTypesMatch = layout.gcTypes.length === GC_TYPES.length && GC_TYPES.every((t, i) => layout.gcTypes[i] === t);
    this.gcNative = layout.gcNative === true && gcTypesMatch && layout.gcStride >= 4 + GC_DURATION_BUCKETS.length + 1;
    addon.runtimeConfigure({ gcBoundaries: GC_DURATION_BUCKETS });
    this.#size = layout.size;
    this.#array = new Float64Array(layout.size);
    addon.runtimeAttach(this.#array);
    const fieldsMatch = HEAP_FIELDS.every((f, i) => layout.heapFields[i] === f);
    this.heapSpaces =
      fieldsMatch && layout.heapSpaces && this.#heapAgreesWithV8(layout.heapSpaces)
        ? Object.freeze(layout.heapSpaces.slice())
        : null;
  }

  /** Whether the per-iteration hook is running. */
  get running(): boolean {
    return this.#users > 0;
  }

  /** Starts the hook for one more user. Returns false if the native side refused (the thread is exiting). */
  acquire(): boolean {
    if (this.#users === 0 && !this.#addon.runtimeStart()) return false;
    this.#users++;
    return true;
  }

  /** Drops one user; the hook stops with the last one. Safe to call more often than acquire(). */
  release(): void {
    if (this.#users === 0) return;
    if (--this.#users === 0) this.#addon.runtimeStop();
  }

  /**
   * A delay/utilization/GC window of its own, starting now. With `replayGc`, its GC pauses can also be taken one
   * by one with `drainGc()` (for a Histogram instrument). Close it with `closeWindow()`.
   */
  openWindow(replayGc = false): RuntimeWindow {
    const window = new RuntimeWindow(this.#addon.runtimeWindowOpen(replayGc));
    this.read(window, false, false); // its utilization window starts now as well
    return window;
  }

  /**
   * Moves up to `drainCapacity` of the window's GC pauses not drained yet into the array (see `drainBase`);
   * returns how many. Call until it returns 0.
   */
  drainGc(window: RuntimeWindow): number {
    if (window.id < 0) return 0;
    if (this.#array.length === 0) this.#reattach();
    return this.#addon.runtimeGcDrain(window.id);
  }

  /** A new array in place of one whose ArrayBuffer was detached (the addon let go of the old one). */
  #reattach(): void {
    this.#array = new Float64Array(this.#size);
    this.#addon.runtimeAttach(this.#array);
  }

  /** Frees a window (idempotent). */
  closeWindow(window: RuntimeWindow): void {
    if (window.id < 0) return;
    this.#addon.runtimeWindowClose(window.id);
    window.id = -1;
  }

  /**
   * Refreshes the array. With a window, fills the delay slots from it and ends it (the next one starts now),
   * and sets its utilization; without one (or a closed one) the delay slots read count 0. `handles` walks the
   * loop's handles (O(handles)); `heap` reads V8's heap spaces (when `heapSpaces` is not null); `gc` the
   * window's GC pauses (when `gcNative`). Allocates nothing.
   */
  read(window: RuntimeWindow | undefined, handles: boolean, heap: boolean, gc = false): void {
    const id = window && window.id >= 0 ? window.id : NO_WINDOW;
    const flags = (handles ? READ_HANDLES : 0) | (heap && this.heapSpaces ? READ_HEAP : 0) | (gc && this.gcNative ? READ_GC : 0);
    if (!this.#addon.runtimeRead(flags, id)) {
      this.#reattach();
      this.#addon.runtimeRead(flags, id);
    }
    const a = this.#array;
    const now = a[this.slot.now] as number;
    const idle = a[this.slot.idleTime] as number;
    if (Number.isNaN(this.#loopStart)) this.#loopStart = loopStartOnHrClock(now, idle);
    this.idle = idle;
    this.active = Math.max(0, now - this.#loopStart - idle);
    if (window) {
      const prevActive = Number.isNaN(window.active) ? 0 : window.active;
      const prevIdle = Number.isNaN(window.idle) ? 0 : window.idle;
      const dActive = this.active - prevActive;
      const dIdle = this.idle - prevIdle;
      const total = dActive + dIdle;
      window.utilization = total > 0 ? Math.min(1, Math.max(0, dActive / total)) : Number.NaN;
      window.active = this.active;
      window.idle = this.idle;
    }
  }

  /**
   * Writes the time of the last read() into `target` as [epoch seconds, nanoseconds] (an OpenTelemetry HrTime).
   * Allocates nothing, where performance.now() returns a fresh number.
   */
  writeReadTime(target: [number, number]): void {
    setEpochTime(target, (this.array[this.slot.now] as number) * 1000 + this.#epochOffsetMs);
  }


  /** A slot's value, `null` for NaN (unknown on this Node/libuv). */
  value(name: RuntimeSlotName): number | null {
    const v = this.array[this.slot[name]] as number;
    return Number.isNaN(v) ? null : v;
  }

  /** Which implementation the native hook uses (diagnostics). */
  info(): RuntimeInfo {
    return this.#addon.runtimeInfo();
  }

  /**
   * Whether the native heap reading matches v8.getHeapSpaceStatistics() (same spaces in the same order, and
   * committed sizes that agree): the guard on the mirrored struct layout of native/v8_heap.h.
   */
  #heapAgreesWithV8(names: readonly string[]): boolean {
    this.#addon.runtimeRead(READ_HEAP, NO_WINDOW);
    const js = v8.getHeapSpaceStatistics();
    const a = this.array;
    if (a[this.slot.heapSpaceCount] !== names.length || js.length !== names.length) return false;
    const width = HEAP_FIELDS.length;
    return js.every((space, i) => {
      const base = this.heapBase + width * i;
      const size = a[base + HEAP_FIELD.size] as number;
      const values = Array.from(a.subarray(base, base + width));
      if (space.space_name !== names[i] || !values.every((v) => Number.isFinite(v) && v >= 0)) return false;
      // Sizes move only when V8 grows or shrinks a space; allow for that between the two reads.
      return Math.abs(size - space.space_size) <= Math.max(1 << 20, 0.25 * space.space_size);
    });
  }
}

/** Writes a Unix epoch time in milliseconds into `target` as [seconds, nanoseconds] (an OpenTelemetry HrTime). */
export function setEpochTime(target: [number, number], epochMs: number): void {
  let seconds = Math.floor(epochMs / 1000);
  let nanos = Math.round((epochMs - seconds * 1000) * 1e6);
  if (nanos >= 1e9) {
    seconds += 1;
    nanos -= 1e9;
  }
  target[0] = seconds;
  target[1] = nanos;
}

/**
 * When this thread's loop started, on the uv_hrtime clock (seconds): Node records it as
 * performance.nodeTiming.loopStart (ms after timeOrigin, -1 before the loop runs).
 */
function loopStartOnHrClock(nowS: number, idleS: number): number {
  const loopStartMs = performance.nodeTiming.loopStart;
  if (typeof loopStartMs === 'number' && loopStartMs >= 0) {
    return nowS - (performance.now() - loopStartMs) / 1000;
  }
  return nowS - idleS; // the loop has not run yet: count from now
}

let core: RuntimeCore | undefined;

/**
 * This thread's RuntimeCore, created on first use. Throws a ProcsamplerError with code
 * PROCSAMPLER_NATIVE_UNAVAILABLE when the addon cannot be loaded.
 */
export function runtimeCore(): RuntimeCore {
  core ??= new RuntimeCore(runtimeAddon());
  return core;
}
