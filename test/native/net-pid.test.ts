/** netPid: which network namespace the network and TCP sources read (<procRoot>/net or <procRoot>/<pid>/net). */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Sampler } from '../../src';

const HEADER =
  'Inter-|   Receive                                                |  Transmit\n' +
  ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n';

function dev(name: string, rx: number): string {
  return `${HEADER}  ${name}: ${rx} 1 0 0 0 0 0 0 ${rx * 2} 2 0 0 0 0 0 0\n`;
}

let root = '';
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'procsampler-netpid-'));
  fs.mkdirSync(path.join(root, 'net'));
  fs.mkdirSync(path.join(root, '1', 'net'), { recursive: true });
  fs.writeFileSync(path.join(root, 'net', 'dev'), dev('own0', 100));
  fs.writeFileSync(path.join(root, '1', 'net', 'dev'), dev('host0', 7000));
  fs.writeFileSync(path.join(root, '1', 'net', 'sockstat'), 'TCP: inuse 9 orphan 0 tw 3 alloc 11 mem 2\n');
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

test('the default reads <procRoot>/net, netPid 1 reads <procRoot>/1/net', () => {
  const own = new Sampler({ procRoot: root, sources: ['network'] });
  own.sample();
  expect(own.snapshot().network?.map((n) => [n.name, n.rxBytes, n.txBytes])).toEqual([['own0', 100, 200]]);
  own.close();

  const host = new Sampler({ procRoot: root, netPid: 1, sources: ['network', 'tcp'] });
  host.sample();
  expect(host.snapshot().network?.map((n) => [n.name, n.rxBytes, n.txBytes])).toEqual([['host0', 7000, 14000]]);
  expect(host.snapshot().tcp?.summary?.inUse).toBe(9);
  expect(host.snapshot().tcp?.summary?.timeWait).toBe(3);
  host.close();
});

test('netPid must be self or a positive integer', () => {
  for (const bad of [0, -1, 1.5, 'host']) {
    expect(() => new Sampler({ procRoot: root, netPid: bad as unknown as number })).toThrow(
      expect.objectContaining({ code: 'PROCSAMPLER_BAD_OPTION' }),
    );
  }
});
