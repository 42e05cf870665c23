/**
 * The per-thread bridge to the native runtime monitor (native/runtime.cc): one Float64Array shared with C++,
 * offsets read once from `runtimeLayout()`, and the window state (delay histogram, utilization) of this thread.
 * Every Node environment (main thread, each worker) has its own native state and its own copy of this module,
 * so the numbers always describe the calling thread's loop.
 */
import { performance } from 'perf_hooks';
import { ProcsamplerError } from '../errors';
import { loadAddon } from '../native';

/** Flags of runtimeRead (native/runtime.h). */
const READ_END_WINDOW = 1;
const READ_HANDLES = 2;

/** The slot names TypeScript relies on; a layout without one of them fails loudly at load time. */
const SLOT_NAMES = [
  'delayCount',
  'delayMin',
  'delayMax',
  'delayMean',
  'delayStddev',
  'delayP50',
  'delayP90',
  'delayP99',
  'now',
  'idleTime',
  'loopCount',
  'events',
  'eventsWaiting',
  'threadpoolSize',
  'hookIterations',
  'activeHandles',
  'activeRequests',
] as const;

/** A named slot of the runtime array. */
export type RuntimeSlotName = (typeof SLOT_NAMES)[number];

/** What `runtimeLayout()` returns (native/runtime.h). */
export interface RuntimeLayout {
  slots: Record<string, number>;
  units: Record<string, string>;
  handleTypes: string[];
  handleBase: number;
  size: number;
  uvMetricsInfo: boolean;
}

/** The runtime functions of the addon. */
export interface RuntimeAddon {
  runtimeLayout(): RuntimeLayout;
  runtimeAttach(array: Float64Array): void;
  runtimeStart(): boolean;
  runtimeStop(): void;
  runtimeRead(flags: number): void;
}

function runtimeAddon(): RuntimeAddon {
  const addon = loadAddon() as unknown as Partial<RuntimeAddon>;
  for (const fn of ['runtimeLayout', 'runtimeAttach', 'runtimeStart', 'runtimeStop', 'runtimeRead'] as const) {
    if (typeof addon[fn] !== 'function') {
      throw new ProcsamplerError('PROCSAMPLER_NATIVE_UNAVAILABLE', `procsampler: the native addon lacks ${fn}()`);
    }
  }
  return addon as RuntimeAddon;
}

/**
 * This thread's runtime monitor. Obtain it with `runtimeCore()`; `acquire()`/`release()` count users so the
 * per-iteration hook runs while at least one RuntimeMetrics is started.
 */
export class RuntimeCore {
  /** The shared array: read a slot as `core.array[core.slot.name]` right after `read()`. */
  readonly array: Float64Array;
  /** Slot indices by name. */
  readonly slot: Readonly<Record<RuntimeSlotName, number>>;
  /** libuv handle type names, in the order of their slots (from `handleBase`). */
  readonly handleTypes: readonly string[];
  /** Index of the first per-handle-type slot. */
  readonly handleBase: number;
  /** Cumulative loop time (seconds) after the last read: active and idle, like performance.eventLoopUtilization(). */
  active = 0;
  idle = 0;
  /** Utilization of the window that the last `read(true)` ended; NaN when the window had no elapsed time. */
  windowUtilization = Number.NaN;

  #addon: RuntimeAddon;
  #users = 0;
  #loopStart = Number.NaN;
  #windowActive = Number.NaN;
  #windowIdle = Number.NaN;

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
    this.array = new Float64Array(layout.size);
    addon.runtimeAttach(this.array);
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
   * Refreshes the array. `endWindow` closes the delay and utilization window (and starts the next one);
   * `handles` walks the loop's handles (O(handles)). Allocates nothing.
   */
  read(endWindow: boolean, handles: boolean): void {
    this.#addon.runtimeRead((endWindow ? READ_END_WINDOW : 0) | (handles ? READ_HANDLES : 0));
    const a = this.array;
    const now = a[this.slot.now] as number;
    const idle = a[this.slot.idleTime] as number;
    if (Number.isNaN(this.#loopStart)) this.#loopStart = loopStartOnHrClock(now, idle);
    this.idle = idle;
    this.active = Math.max(0, now - this.#loopStart - idle);
    if (endWindow) {
      const prevActive = Number.isNaN(this.#windowActive) ? 0 : this.#windowActive;
      const prevIdle = Number.isNaN(this.#windowIdle) ? 0 : this.#windowIdle;
      const dActive = this.active - prevActive;
      const dIdle = this.idle - prevIdle;
      const total = dActive + dIdle;
      this.windowUtilization = total > 0 ? Math.min(1, Math.max(0, dActive / total)) : Number.NaN;
      this.#windowActive = this.active;
      this.#windowIdle = this.idle;
    }
  }

  /** A slot's value, `null` for NaN (unknown on this Node/libuv). */
  value(name: RuntimeSlotName): number | null {
    const v = this.array[this.slot[name]] as number;
    return Number.isNaN(v) ? null : v;
  }
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
