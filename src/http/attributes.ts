/**
 * The attribute values of an HTTP server series, as small integers packed into one key, and the frozen attribute
 * object built from a key once per series.
 *
 * A series is (route, code): the route string ('' when unknown) and one integer that packs the method, the scheme,
 * the protocol version, the status code (0 when no response was sent) and whether the request was aborted. Packing
 * keeps the per-request lookup to two Map reads of a string and a small integer, with no key object.
 */
import type { Attributes } from '../peers';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_NETWORK_PROTOCOL_VERSION,
  ATTR_URL_SCHEME,
  HTTP_KNOWN_METHODS,
  HTTP_REQUEST_METHOD_VALUE_OTHER,
  URL_SCHEME_VALUE_HTTP,
  URL_SCHEME_VALUE_HTTPS,
} from '../semconv';

/** Index of `_OTHER` among the method values (after the known methods). */
export const METHOD_OTHER = HTTP_KNOWN_METHODS.length;
/** The method values by index: the known methods, then `_OTHER`. */
export const METHOD_VALUES: readonly string[] = Object.freeze([...HTTP_KNOWN_METHODS, HTTP_REQUEST_METHOD_VALUE_OTHER]);
const METHOD_INDEX = new Map<string, number>(HTTP_KNOWN_METHODS.map((m, i) => [m, i]));

/** The last method string looked up and its index: node:http hands out the same string object per method. */
let lastMethod = '';
let lastIndex = METHOD_OTHER;

/** The index of a request method: a known method (case-sensitive, as the conventions say), else METHOD_OTHER. */
export function methodIndex(method: unknown): number {
  if (method === lastMethod) return lastIndex;
  if (typeof method !== 'string') return METHOD_OTHER;
  const j = METHOD_INDEX.get(method);
  const i = j === undefined ? METHOD_OTHER : j;
  lastMethod = method;
  lastIndex = i;
  return i;
}

/** `url.scheme` values by index. */
export const SCHEME_VALUES: readonly string[] = Object.freeze([URL_SCHEME_VALUE_HTTP, URL_SCHEME_VALUE_HTTPS]);
/** The index of a `url.scheme` value (anything but `https` is `http`). */
export function schemeIndex(scheme: unknown): number {
  return scheme === URL_SCHEME_VALUE_HTTPS ? 1 : 0;
}

/** `network.protocol.version` values by index; index 0 is "unknown" (the attribute is left out). */
export const PROTOCOL_VALUES: readonly (string | undefined)[] = Object.freeze([undefined, '1.0', '1.1', '2', '3']);
/** The index of an HTTP version given as major and minor numbers (node:http's httpVersionMajor/Minor); 0 if unknown. */
export function protocolIndex(major: unknown, minor: unknown): number {
  if (major === 1) return minor === 1 ? 2 : minor === 0 ? 1 : 0;
  if (major === 2 && minor === 0) return 3;
  if (major === 3 && minor === 0) return 4;
  return 0;
}
/** The index of a `network.protocol.version` string ('1.0', '1.1', '2', '3'); 0 if unknown. */
export function protocolIndexOf(version: unknown): number {
  if (typeof version !== 'string') return 0;
  const i = PROTOCOL_VALUES.indexOf(version);
  return i > 0 ? i : 0;
}

const STATUS_SPAN = 600;

/**
 * Packs the integer part of a series key. `status` is 100..599, or 0 when no response was sent. The result stays
 * below 2^17, a small integer for V8.
 */
export function packCode(method: number, scheme: number, protocol: number, status: number, aborted: boolean): number {
  return (((method * 2 + scheme) * PROTOCOL_VALUES.length + protocol) * STATUS_SPAN + status) * 2 + (aborted ? 1 : 0);
}

/** `error.type` of an aborted request (the client closed the connection before the response was complete). */
export const ERROR_TYPE_ABORTED = 'aborted';

/**
 * The frozen attributes of a series. `error.type` is the status code for a 5xx response (the conventions: on the
 * server, 5xx is an error and 4xx is not), `aborted` for an aborted request.
 */
export function seriesAttributes(route: string, code: number): Attributes {
  const aborted = code % 2 === 1;
  let rest = (code - (aborted ? 1 : 0)) / 2;
  const status = rest % STATUS_SPAN;
  rest = (rest - status) / STATUS_SPAN;
  const protocol = rest % PROTOCOL_VALUES.length;
  rest = (rest - protocol) / PROTOCOL_VALUES.length;
  const scheme = rest % 2;
  const method = (rest - scheme) / 2;
  const a: Record<string, string | number> = {
    [ATTR_HTTP_REQUEST_METHOD]: METHOD_VALUES[method] ?? HTTP_REQUEST_METHOD_VALUE_OTHER,
    [ATTR_URL_SCHEME]: SCHEME_VALUES[scheme] ?? URL_SCHEME_VALUE_HTTP,
  };
  if (status !== 0) a[ATTR_HTTP_RESPONSE_STATUS_CODE] = status;
  if (route !== '') a[ATTR_HTTP_ROUTE] = route;
  const version = PROTOCOL_VALUES[protocol];
  if (version !== undefined) a[ATTR_NETWORK_PROTOCOL_VERSION] = version;
  if (aborted) a[ATTR_ERROR_TYPE] = ERROR_TYPE_ABORTED;
  else if (status >= 500) a[ATTR_ERROR_TYPE] = String(status);
  return Object.freeze(a);
}

/** The frozen attributes of an active-requests series (method and scheme). */
export function activeAttributes(method: number, scheme: number): Attributes {
  return Object.freeze({
    [ATTR_HTTP_REQUEST_METHOD]: METHOD_VALUES[method] ?? HTTP_REQUEST_METHOD_VALUE_OTHER,
    [ATTR_URL_SCHEME]: SCHEME_VALUES[scheme] ?? URL_SCHEME_VALUE_HTTP,
  });
}
