/** Errors thrown at set-up, each with a stable `code`. The sample path never throws. */

/** The stable error codes of procsampler. */
export type ProcsamplerErrorCode =
  | 'PROCSAMPLER_BAD_OPTION'
  | 'PROCSAMPLER_NATIVE_UNAVAILABLE'
  | 'PROCSAMPLER_CLOSED'
  /** An optional peer dependency (src/peers.ts PEER_NAMES) that a feature needs is not installed. */
  | 'PROCSAMPLER_PEER_MISSING';

/** An Error with a stable `code`. */
export class ProcsamplerError extends Error {
  readonly code: ProcsamplerErrorCode;
  constructor(code: ProcsamplerErrorCode, message: string) {
    super(message);
    this.name = 'ProcsamplerError';
    this.code = code;
  }
}

/** Throws PROCSAMPLER_BAD_OPTION. */
export function badOption(message: string): never {
  throw new ProcsamplerError('PROCSAMPLER_BAD_OPTION', `procsampler: ${message}`);
}

/**
 * A value as the user gave it, with its type, for error messages: `"1" (string)`, `1 (number)`, `/loop/ (RegExp)`,
 * `null`, `undefined`, `["system.cpus"] (array)`. Long values are cut at 80 characters.
 */
export function shown(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  let text: string;
  let type: string = typeof value;
  if (value instanceof RegExp) {
    text = String(value);
    type = 'RegExp';
  } else if (typeof value === 'string') {
    text = JSON.stringify(value);
  } else if (typeof value === 'bigint') {
    text = `${value}n`;
  } else if (typeof value === 'function') {
    text = value.name ? `function ${value.name}` : 'function';
  } else if (typeof value === 'object') {
    type = Array.isArray(value) ? 'array' : 'object';
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = Object.prototype.toString.call(value);
    }
  } else {
    text = String(value); // number (NaN, Infinity included), boolean, symbol
  }
  if (text.length > 80) text = text.slice(0, 77) + '...';
  return `${text} (${type})`;
}

/** Throws PROCSAMPLER_BAD_OPTION: "`option` must be `expected`, got `value` (its type)". */
export function badValue(option: string, expected: string, value: unknown): never {
  return badOption(`${option} must be ${expected}, got ${shown(value)}`);
}

/** Throws PROCSAMPLER_BAD_OPTION for each key of `options` not in `known`, naming it, its value and the known keys. */
export function checkKeys(what: string, options: object, known: readonly string[]): void {
  for (const [k, v] of Object.entries(options)) {
    if (!known.includes(k)) badOption(`unknown ${what} option "${k}" (given ${shown(v)}); known: ${known.join(', ')}`);
  }
}
