/** Errors thrown at set-up, each with a stable `code`. The sample path never throws. */

/** The stable error codes of procsampler. */
export type ProcsamplerErrorCode =
  | 'PROCSAMPLER_BAD_OPTION'
  | 'PROCSAMPLER_NATIVE_UNAVAILABLE'
  | 'PROCSAMPLER_CLOSED';

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
