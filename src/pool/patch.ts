/**
 * Instance-level wrapping for the pool adapters: a method (or the constructor a pool creates its connections with)
 * is replaced by an own property of that one pool object, never on a prototype, so other pools of the same library
 * are untouched; detaching puts back exactly what was there.
 */

/** Milliseconds on the monotonic clock (performance.now): durations are differences of two readings. */
export const nowMs = (): number => performance.now();

/**
 * Sets `obj[key] = value` as an own property and returns the undo: it restores the previous own property, or
 * deletes ours so the prototype's shows through again. When something else replaced ours in the meantime, the undo
 * leaves that in place (ours stays inside its chain and records nothing once the monitor is closed).
 */
export function patchOwn(obj: object, key: string, value: unknown): () => void {
  const o = obj as Record<string, unknown>;
  const had = Object.prototype.hasOwnProperty.call(o, key);
  const before = o[key];
  o[key] = value;
  return () => {
    if (o[key] !== value) return;
    if (had) o[key] = before;
    else delete o[key];
  };
}

/** A property of an unknown object, or undefined (never throws on a getter that throws). */
export function prop(obj: unknown, key: string): unknown {
  if (obj === null || (typeof obj !== 'object' && typeof obj !== 'function')) return undefined;
  try {
    return (obj as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** `host:port/database`, the conventions' default pool name (`server.address:server.port/db.namespace`). */
export function defaultPoolName(host: unknown, port: unknown, database: unknown): string {
  const h = typeof host === 'string' && host !== '' ? host : 'localhost';
  const p = typeof port === 'number' || (typeof port === 'string' && port !== '') ? String(port) : '';
  const d = typeof database === 'string' ? database : '';
  return `${h}:${p}/${d}`;
}

/**
 * Start times of objects (a client handed out, a connection being opened) of one pool, kept in a WeakMap so a
 * client the pool drops is forgotten with it.
 */
export class Timings {
  readonly #at = new WeakMap<object, number>();

  /** Notes `o`'s start at `t` (ms, nowMs; default now). A non-object is ignored. */
  start(o: unknown, t: number = nowMs()): void {
    if (typeof o === 'object' && o !== null) this.#at.set(o, t);
  }

  /** Seconds since `o`'s start, forgetting it; NaN when `o` was not started (or already stopped). */
  stop(o: unknown): number {
    if (typeof o !== 'object' || o === null) return NaN;
    const t = this.#at.get(o);
    if (t === undefined) return NaN;
    this.#at.delete(o);
    return (nowMs() - t) / 1000;
  }
}

/** Runs undo functions in reverse order of installation (a detach). */
export function undoAll(undo: ReadonlyArray<() => void>): void {
  for (let i = undo.length - 1; i >= 0; i--) (undo[i] as () => void)();
}
