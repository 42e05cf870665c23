/**
 * The attributes of the catalogue rows, with their allowed values (a list) or what a free value holds (a text):
 * names and values are the semantic-convention constants of src/semconv.ts. A row's `attributes` is the spread of
 * these (`{ ...CPU_MODE, ...CPU_LOGICAL_NUMBER_TEXT }`); the fills that build attribute objects take their value
 * lists from here.
 */
import * as sc from '../../semconv';
import type { AttributeSpec } from './row';

/** No attributes. */
export const NONE: AttributeSpec = Object.freeze({});

/** `cpu.mode`: user, nice, system, idle, iowait, interrupt, steal. */
export const CPU_MODE: AttributeSpec = Object.freeze({ [sc.ATTR_CPU_MODE]: [sc.CPU_MODE_VALUE_USER, sc.CPU_MODE_VALUE_NICE, sc.CPU_MODE_VALUE_SYSTEM, sc.CPU_MODE_VALUE_IDLE, sc.CPU_MODE_VALUE_IOWAIT, sc.CPU_MODE_VALUE_INTERRUPT, sc.CPU_MODE_VALUE_STEAL] });
/** `cpu.logical_number`: int, opt-in (perCpu). */
export const CPU_LOGICAL_NUMBER_TEXT: AttributeSpec = Object.freeze({ [sc.ATTR_CPU_LOGICAL_NUMBER]: "int, opt-in (perCpu)" });
/** `system.memory.state`: used, free, buffers, cached. */
export const SYSTEM_MEMORY_STATE: AttributeSpec = Object.freeze({ [sc.ATTR_SYSTEM_MEMORY_STATE]: [sc.SYSTEM_MEMORY_STATE_VALUE_USED, sc.SYSTEM_MEMORY_STATE_VALUE_FREE, sc.SYSTEM_MEMORY_STATE_VALUE_BUFFERS, sc.SYSTEM_MEMORY_STATE_VALUE_CACHED] });
/** `system.memory.linux.slab.state`: reclaimable, unreclaimable. */
export const SYSTEM_MEMORY_LINUX_SLAB_STATE: AttributeSpec = Object.freeze({ [sc.ATTR_SYSTEM_MEMORY_LINUX_SLAB_STATE]: [sc.SYSTEM_MEMORY_LINUX_SLAB_STATE_VALUE_RECLAIMABLE, sc.SYSTEM_MEMORY_LINUX_SLAB_STATE_VALUE_UNRECLAIMABLE] });
/** `system.paging.state`: used, free. */
export const SYSTEM_PAGING_STATE: AttributeSpec = Object.freeze({ [sc.ATTR_SYSTEM_PAGING_STATE]: [sc.SYSTEM_PAGING_STATE_VALUE_USED, sc.SYSTEM_PAGING_STATE_VALUE_FREE] });
/** `system.paging.fault.type`: major, minor. */
export const SYSTEM_PAGING_FAULT_TYPE: AttributeSpec = Object.freeze({ [sc.ATTR_SYSTEM_PAGING_FAULT_TYPE]: [sc.SYSTEM_PAGING_FAULT_TYPE_VALUE_MAJOR, sc.SYSTEM_PAGING_FAULT_TYPE_VALUE_MINOR] });
/** `system.paging.direction`: in, out. */
export const SYSTEM_PAGING_DIRECTION: AttributeSpec = Object.freeze({ [sc.ATTR_SYSTEM_PAGING_DIRECTION]: [sc.SYSTEM_PAGING_DIRECTION_VALUE_IN, sc.SYSTEM_PAGING_DIRECTION_VALUE_OUT] });
/** `system.device`: string. */
export const SYSTEM_DEVICE_TEXT: AttributeSpec = Object.freeze({ [sc.ATTR_SYSTEM_DEVICE]: "string" });
/** `disk.io.direction`: read, write. */
export const DISK_IO_DIRECTION: AttributeSpec = Object.freeze({ [sc.ATTR_DISK_IO_DIRECTION]: [sc.DISK_IO_DIRECTION_VALUE_READ, sc.DISK_IO_DIRECTION_VALUE_WRITE] });
/** `system.filesystem.state`: used, free, reserved. */
export const SYSTEM_FILESYSTEM_STATE: AttributeSpec = Object.freeze({ [sc.ATTR_SYSTEM_FILESYSTEM_STATE]: [sc.SYSTEM_FILESYSTEM_STATE_VALUE_USED, sc.SYSTEM_FILESYSTEM_STATE_VALUE_FREE, sc.SYSTEM_FILESYSTEM_STATE_VALUE_RESERVED] });
/** `system.filesystem.type`: string. */
export const SYSTEM_FILESYSTEM_TYPE_TEXT: AttributeSpec = Object.freeze({ [sc.ATTR_SYSTEM_FILESYSTEM_TYPE]: "string" });
/** `system.filesystem.mode`: rw, ro. */
export const SYSTEM_FILESYSTEM_MODE: AttributeSpec = Object.freeze({ [sc.ATTR_SYSTEM_FILESYSTEM_MODE]: [sc.SYSTEM_FILESYSTEM_MODE_VALUE_RW, sc.SYSTEM_FILESYSTEM_MODE_VALUE_RO] });
/** `system.filesystem.mountpoint`: string. */
export const SYSTEM_FILESYSTEM_MOUNTPOINT_TEXT: AttributeSpec = Object.freeze({ [sc.ATTR_SYSTEM_FILESYSTEM_MOUNTPOINT]: "string" });
/** `network.interface.name`: string. */
export const NETWORK_INTERFACE_NAME_TEXT: AttributeSpec = Object.freeze({ [sc.ATTR_NETWORK_INTERFACE_NAME]: "string" });
/** `network.io.direction`: receive, transmit. */
export const NETWORK_IO_DIRECTION: AttributeSpec = Object.freeze({ [sc.ATTR_NETWORK_IO_DIRECTION]: [sc.NETWORK_IO_DIRECTION_VALUE_RECEIVE, sc.NETWORK_IO_DIRECTION_VALUE_TRANSMIT] });
/** `network.transport`: tcp. */
export const NETWORK_TRANSPORT: AttributeSpec = Object.freeze({ [sc.ATTR_NETWORK_TRANSPORT]: [sc.NETWORK_TRANSPORT_VALUE_TCP] });
/** `network.type`: ipv4, ipv6. */
export const NETWORK_TYPE: AttributeSpec = Object.freeze({ [sc.ATTR_NETWORK_TYPE]: [sc.NETWORK_TYPE_VALUE_IPV4, sc.NETWORK_TYPE_VALUE_IPV6] });
/** `network.connection.state`: close_wait, closed, closing, established, fin_wait_1, fin_wait_2, last_ack, listen, syn_received, syn_sent, time_wait. */
export const NETWORK_CONNECTION_STATE: AttributeSpec = Object.freeze({ [sc.ATTR_NETWORK_CONNECTION_STATE]: [sc.NETWORK_CONNECTION_STATE_VALUE_CLOSE_WAIT, sc.NETWORK_CONNECTION_STATE_VALUE_CLOSED, sc.NETWORK_CONNECTION_STATE_VALUE_CLOSING, sc.NETWORK_CONNECTION_STATE_VALUE_ESTABLISHED, sc.NETWORK_CONNECTION_STATE_VALUE_FIN_WAIT_1, sc.NETWORK_CONNECTION_STATE_VALUE_FIN_WAIT_2, sc.NETWORK_CONNECTION_STATE_VALUE_LAST_ACK, sc.NETWORK_CONNECTION_STATE_VALUE_LISTEN, sc.NETWORK_CONNECTION_STATE_VALUE_SYN_RECEIVED, sc.NETWORK_CONNECTION_STATE_VALUE_SYN_SENT, sc.NETWORK_CONNECTION_STATE_VALUE_TIME_WAIT] });
/** `process.state`: running, blocked. */
export const PROCESS_STATE: AttributeSpec = Object.freeze({ [sc.ATTR_PROCESS_STATE]: [sc.PROCESS_STATE_VALUE_RUNNING, sc.PROCESS_STATE_VALUE_BLOCKED] });
/** `cpu.mode`: user, system. */
export const CPU_MODE_USER_SYSTEM: AttributeSpec = Object.freeze({ [sc.ATTR_CPU_MODE]: [sc.CPU_MODE_VALUE_USER, sc.CPU_MODE_VALUE_SYSTEM] });
/** `process.context_switch.type`: voluntary, involuntary. */
export const PROCESS_CONTEXT_SWITCH_TYPE: AttributeSpec = Object.freeze({ [sc.ATTR_PROCESS_CONTEXT_SWITCH_TYPE]: [sc.PROCESS_CONTEXT_SWITCH_TYPE_VALUE_VOLUNTARY, sc.PROCESS_CONTEXT_SWITCH_TYPE_VALUE_INVOLUNTARY] });
/** `nodejs.eventloop.state`: active, idle. */
export const NODEJS_EVENTLOOP_STATE: AttributeSpec = Object.freeze({ [sc.ATTR_NODEJS_EVENTLOOP_STATE]: [sc.NODEJS_EVENTLOOP_STATE_VALUE_ACTIVE, sc.NODEJS_EVENTLOOP_STATE_VALUE_IDLE] });
/** `v8js.gc.type`: major, minor, incremental, weakcb. */
export const V8JS_GC_TYPE: AttributeSpec = Object.freeze({ [sc.ATTR_V8JS_GC_TYPE]: [sc.V8JS_GC_TYPE_VALUE_MAJOR, sc.V8JS_GC_TYPE_VALUE_MINOR, sc.V8JS_GC_TYPE_VALUE_INCREMENTAL, sc.V8JS_GC_TYPE_VALUE_WEAKCB] });
/** `v8js.heap.space.name`: string. */
export const V8JS_HEAP_SPACE_NAME_TEXT: AttributeSpec = Object.freeze({ [sc.ATTR_V8JS_HEAP_SPACE_NAME]: "string" });
/** `v8js.resource.type`: string. */
export const V8JS_RESOURCE_TYPE_TEXT: AttributeSpec = Object.freeze({ [sc.ATTR_V8JS_RESOURCE_TYPE]: "string" });
/** `http.request.method`: GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH or _OTHER. */
export const HTTP_REQUEST_METHOD_TEXT: AttributeSpec = Object.freeze({ [sc.ATTR_HTTP_REQUEST_METHOD]: "GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH or _OTHER" });
/** `url.scheme`: http, https. */
export const URL_SCHEME: AttributeSpec = Object.freeze({ [sc.ATTR_URL_SCHEME]: [sc.URL_SCHEME_VALUE_HTTP, sc.URL_SCHEME_VALUE_HTTPS] });
/** `http.response.status_code`: int (when a response was sent). */
export const HTTP_RESPONSE_STATUS_CODE_TEXT: AttributeSpec = Object.freeze({ [sc.ATTR_HTTP_RESPONSE_STATUS_CODE]: "int (when a response was sent)" });
/** `http.route`: string template, when known; never the raw path. */
export const HTTP_ROUTE_TEXT: AttributeSpec = Object.freeze({ [sc.ATTR_HTTP_ROUTE]: "string template, when known; never the raw path" });
/** `error.type`: string: 5xx status code or the error class, only on error. */
export const ERROR_TYPE_TEXT: AttributeSpec = Object.freeze({ [sc.ATTR_ERROR_TYPE]: "string: 5xx status code or the error class, only on error" });
/** `network.protocol.version`: string, e.g. 1.1, 2. */
export const NETWORK_PROTOCOL_VERSION_TEXT: AttributeSpec = Object.freeze({ [sc.ATTR_NETWORK_PROTOCOL_VERSION]: "string, e.g. 1.1, 2" });
/** `http.request.method`: as above. */
export const HTTP_REQUEST_METHOD_BRIEF: AttributeSpec = Object.freeze({ [sc.ATTR_HTTP_REQUEST_METHOD]: "as above" });
/** `http.response.status_code`: int. */
export const HTTP_RESPONSE_STATUS_CODE_BRIEF: AttributeSpec = Object.freeze({ [sc.ATTR_HTTP_RESPONSE_STATUS_CODE]: "int" });
/** `http.route`: string template. */
export const HTTP_ROUTE_BRIEF: AttributeSpec = Object.freeze({ [sc.ATTR_HTTP_ROUTE]: "string template" });
/** `error.type`: string. */
export const ERROR_TYPE_BRIEF: AttributeSpec = Object.freeze({ [sc.ATTR_ERROR_TYPE]: "string" });
/** `db.client.connection.pool.name`: string (default server.address:server.port/db.namespace). */
export const DB_CLIENT_CONNECTION_POOL_NAME_TEXT: AttributeSpec = Object.freeze({ [sc.ATTR_DB_CLIENT_CONNECTION_POOL_NAME]: "string (default server.address:server.port/db.namespace)" });
/** `db.client.connection.state`: idle, used. */
export const DB_CLIENT_CONNECTION_STATE: AttributeSpec = Object.freeze({ [sc.ATTR_DB_CLIENT_CONNECTION_STATE]: [sc.DB_CLIENT_CONNECTION_STATE_VALUE_IDLE, sc.DB_CLIENT_CONNECTION_STATE_VALUE_USED] });
/** `db.client.connection.pool.name`: string. */
export const DB_CLIENT_CONNECTION_POOL_NAME_BRIEF: AttributeSpec = Object.freeze({ [sc.ATTR_DB_CLIENT_CONNECTION_POOL_NAME]: "string" });

/**
 * The attribute objects of a one-attribute spec with allowed values, one per value in the spec's order (frozen):
 * `enumAttributes(SYSTEM_PAGING_STATE)` is `[{ 'system.paging.state': 'used' }, { ...: 'free' }]`. The fills
 * build their fixed attribute lists with it, so the emitted values are the row's.
 */
export function enumAttributes(spec: AttributeSpec): Array<Readonly<Record<string, string>>> {
  const entries = Object.entries(spec);
  const [name, values] = entries[0] ?? [];
  if (entries.length !== 1 || name === undefined || !Array.isArray(values)) {
    throw new TypeError(`procsampler: not a one-attribute list of values: ${JSON.stringify(spec)}`);
  }
  return (values as readonly string[]).map((v) => Object.freeze({ [name]: v }));
}
