/** The tcpSummary option: without it the tcp source is only the per-state counts refreshed by sampleAsync(). */
import * as path from 'path';
import { Sampler } from '../../src';

const modern = path.join(__dirname, '..', 'fixtures', 'modern', 'proc');

test('tcpSummary: false reads no summary file and keeps the state counts', async () => {
  const s = new Sampler({ procRoot: modern, sources: ['tcp'], tcpSummary: false });
  expect(s.table('tcp')).toBeUndefined();
  s.sample();
  expect(s.snapshot().tcp).toEqual({ ipv4: null, ipv6: null, summary: null });
  expect(s.status().tcp.code).toBe('NOT_SAMPLED');
  await s.sampleAsync();
  const tcp = s.snapshot().tcp;
  expect(tcp?.summary).toBeNull();
  expect(tcp?.ipv4?.listen).toBeGreaterThan(0);
  expect(s.status().tcp.code).toBe('OK');
  s.close();
});

test('tcpSummary defaults to true and must be a boolean', () => {
  const s = new Sampler({ procRoot: modern, sources: ['tcp'] });
  s.sample();
  expect(s.snapshot().tcp?.summary?.inUse).toEqual(expect.any(Number));
  s.close();
  expect(() => new Sampler({ tcpSummary: 'no' as unknown as boolean })).toThrow(
    expect.objectContaining({ code: 'PROCSAMPLER_BAD_OPTION' }),
  );
});
