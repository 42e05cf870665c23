// src/rates/network.ts: per-second rates of one interface between two /proc/net/dev entries.
import { networkRates } from '../../src/rates/network';

describe('networkRates', () => {
  test('bytes, packets, errors and drops per second; a counter that went down or is missing is null', () => {
    const a = { name: 'eth0', rxBytes: 0, txBytes: 0, rxPackets: 0, txPackets: 0, rxErrors: 0, txErrors: 5, txDropped: 1 };
    const b = { name: 'eth0', rxBytes: 100, txBytes: 50, rxPackets: 2, txPackets: 1, rxErrors: 0, txErrors: 1, txDropped: 3 };
    expect(networkRates(a, b, 0.5)).toEqual({
      name: 'eth0',
      rxBytesPerS: 200,
      txBytesPerS: 100,
      rxPacketsPerS: 4,
      txPacketsPerS: 2,
      rxErrorsPerS: 0,
      txErrorsPerS: null,
      rxDroppedPerS: null,
      txDroppedPerS: 4,
    });
  });
});
