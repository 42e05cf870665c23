/**
 * The system.network group: bytes, packets, drops and errors per interface from /proc/net/dev (the network
 * table), for the interfaces the `networkInterfaces` filter keeps, and TCP connections per state and IP version
 * from /proc/net/tcp and tcp6 (the tcpStates table, refreshed off the event loop).
 */
import type { Attributes } from '../../peers';
import * as sc from '../../semconv';
import type { TcpStateName } from '../../types';
import { STATUS_FILE_ABSENT, fileHasValues } from '../../layout';
import { type TableLike, tableUsable } from '../value-source';
import { AttributeCache } from '../metric-pool';
import type { Series } from '../series';
import { keep, type NameFilter } from './filters';
import { PerEntryFill, type EntryFields } from './per-entry';
import { at, idx, type FixedSeries, type SeriesByName } from './table-read';

const f = Object.freeze;

/** Kernel TCP state field suffixes (layout.h PS_TCP_STATES) and their semconv names. */
const TCP_STATES: ReadonlyArray<readonly [TcpStateName, string]> = [
  ['established', sc.NETWORK_CONNECTION_STATE_VALUE_ESTABLISHED],
  ['synSent', sc.NETWORK_CONNECTION_STATE_VALUE_SYN_SENT],
  ['synRecv', sc.NETWORK_CONNECTION_STATE_VALUE_SYN_RECEIVED],
  ['finWait1', sc.NETWORK_CONNECTION_STATE_VALUE_FIN_WAIT_1],
  ['finWait2', sc.NETWORK_CONNECTION_STATE_VALUE_FIN_WAIT_2],
  ['timeWait', sc.NETWORK_CONNECTION_STATE_VALUE_TIME_WAIT],
  ['close', sc.NETWORK_CONNECTION_STATE_VALUE_CLOSED],
  ['closeWait', sc.NETWORK_CONNECTION_STATE_VALUE_CLOSE_WAIT],
  ['lastAck', sc.NETWORK_CONNECTION_STATE_VALUE_LAST_ACK],
  ['listen', sc.NETWORK_CONNECTION_STATE_VALUE_LISTEN],
  ['closing', sc.NETWORK_CONNECTION_STATE_VALUE_CLOSING],
];

interface NetAttrs {
  ifRx: Attributes;
  ifTx: Attributes;
  devRx: Attributes;
  devTx: Attributes;
}

const RX = sc.NETWORK_IO_DIRECTION_VALUE_RECEIVE;
const TX = sc.NETWORK_IO_DIRECTION_VALUE_TRANSMIT;

/** Each metric and its fields per interface: receive and transmit (`network.io.direction`). */
const FIELDS: ReadonlyArray<EntryFields<'network'>> = [
  [sc.METRIC_SYSTEM_NETWORK_IO, ['rxBytes', 'txBytes']],
  [sc.METRIC_SYSTEM_NETWORK_PACKET_COUNT, ['rxPackets', 'txPackets']],
  [sc.METRIC_SYSTEM_NETWORK_PACKET_DROPPED, ['rxDropped', 'txDropped']],
  [sc.METRIC_SYSTEM_NETWORK_ERRORS, ['rxErrors', 'txErrors']],
];

/** The per-interface system.network series of one HostModel. */
export function networkFill(get: SeriesByName, filter: NameFilter): PerEntryFill<'network', NetAttrs> {
  const cache = new AttributeCache<string, NetAttrs>((name) => ({
    ifRx: f({ [sc.ATTR_NETWORK_INTERFACE_NAME]: name, [sc.ATTR_NETWORK_IO_DIRECTION]: RX }),
    ifTx: f({ [sc.ATTR_NETWORK_INTERFACE_NAME]: name, [sc.ATTR_NETWORK_IO_DIRECTION]: TX }),
    devRx: f({ [sc.ATTR_SYSTEM_DEVICE]: name, [sc.ATTR_NETWORK_IO_DIRECTION]: RX }),
    devTx: f({ [sc.ATTR_SYSTEM_DEVICE]: name, [sc.ATTR_NETWORK_IO_DIRECTION]: TX }),
  }));
  // semconv v1.44 names the interface `system.device` on system.network.packet.count only.
  return new PerEntryFill(get, FIELDS, (name) => keep(name, filter), cache, (list, metric) =>
    metric === sc.METRIC_SYSTEM_NETWORK_PACKET_COUNT
      ? list.flatMap((x) => [x.devRx, x.devTx])
      : list.flatMap((x) => [x.ifRx, x.ifTx]),
  );
}

/** system.network.connection.count of one HostModel. */
export class TcpFill {
  readonly #series?: Series;

  constructor(fixed: FixedSeries) {
    const attrs: Attributes[] = [];
    for (const type of [sc.NETWORK_TYPE_VALUE_IPV4, sc.NETWORK_TYPE_VALUE_IPV6]) {
      for (const [, state] of TCP_STATES) {
        attrs.push({
          [sc.ATTR_NETWORK_TRANSPORT]: sc.NETWORK_TRANSPORT_VALUE_TCP,
          [sc.ATTR_NETWORK_TYPE]: type,
          [sc.ATTR_NETWORK_CONNECTION_STATE]: state,
        });
      }
    }
    this.#series = fixed(sc.METRIC_SYSTEM_NETWORK_CONNECTION_COUNT, attrs);
  }

  fill(t: TableLike<'tcpStates'> | undefined): void {
    const s = this.#series;
    if (!s) return;
    const v = s.values;
    if (!tableUsable(t)) {
      v.fill(NaN);
      return;
    }
    const a = t.array;
    const st4 = at(a, idx(t, 'v4Status'));
    const st6 = at(a, idx(t, 'v6Status'));
    const n = TCP_STATES.length;
    for (let i = 0; i < n; i++) {
      const key = (TCP_STATES[i] as readonly [TcpStateName, string])[0];
      v[i] = fileHasValues(st4) ? at(a, idx(t, `v4_${key}`)) : NaN;
      // tcp6 is absent when IPv6 is disabled at boot: that is zero IPv6 sockets, not an unknown.
      v[n + i] = fileHasValues(st6) ? at(a, idx(t, `v6_${key}`)) : st6 === STATUS_FILE_ABSENT ? 0 : NaN;
    }
  }
}
