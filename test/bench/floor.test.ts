/**
 * bench/floor.c's serve form and bench/lib/build-floor.js's paired rounds: the floor kept running answers a batch
 * per request with the work of that many samples done (its checksum against the values its dump prints), pins
 * itself and this process's main thread to one CPU while it serves and gives the mask back when it closes, and
 * refuses what it cannot serve with the floor's own message.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describeIf, tool } from '../support/needs';

interface Batch {
  iterations: number;
  nsPerOp: number;
  cpuNsPerOp: number;
  checksum: number;
}
interface FloorServerLike {
  readonly pid: number;
  run(iterations: number): Promise<Batch>;
  close(): Promise<void>;
}
interface Paired {
  js: number;
  floor: number;
  jsWall: number;
  floorWall: number;
  floorNoParse: number | null;
  ratio: number;
  wallRatio: number;
  ratios: number[];
}
/* eslint-disable @typescript-eslint/no-require-imports */
const floor = require('../../bench/lib/build-floor.js') as {
  buildFloor(): string;
  runFloor(mode: string, iterations: number, ...args: string[]): Record<string, unknown>;
  FloorServer: new (mode: string, ...args: (string | string[])[]) => FloorServerLike;
  pairedFloorRounds(o: { fn: () => void; iterations: number; rounds: number; mode?: string; args?: string[]; noParse?: boolean }): Promise<Paired>;
};
const { writeTree } = require('../../bench/lib/synthetic-proc.js') as {
  writeTree(dir: string, shape: { cpus: number; disks: number; interfaces: number; mounts: number }): { procRoot: string; rootFs: string };
};
/* eslint-enable @typescript-eslint/no-require-imports */

const allowedCpus = (pid: number | 'self' = 'self'): string => /Cpus_allowed_list:\s+(\S+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'latin1'))![1]!;
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

describeIf('the C floor kept running (floor MODE serve)', [tool(process.env.CC || 'cc', ['--version'], 'apt-get install gcc')], () => {
  let dir: string;
  let procRoot: string;
  beforeAll(() => {
    floor.buildFloor();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-floor-'));
    procRoot = writeTree(path.join(dir, 'tree'), { cpus: 4, disks: 3, interfaces: 3, mounts: 5 }).procRoot;
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs each batch it is asked for: the checksum grows by the last parsed value once per sample', async () => {
    const values = String(
      require('child_process').spawnSync(floor.buildFloor(), ['dump', '1', procRoot], { encoding: 'utf8' }).stdout, // eslint-disable-line @typescript-eslint/no-require-imports
    )
      .trim()
      .split('\n')
      .map(Number);
    const last = values[values.length - 1]!;
    expect(values.length).toBeGreaterThan(50);
    const server = new floor.FloorServer('sample', procRoot);
    try {
      const a = await server.run(7);
      const b = await server.run(30);
      expect(a.iterations).toBe(7);
      expect(b.iterations).toBe(30);
      expect(a.checksum).toBeCloseTo(7 * last, -1);
      expect(b.checksum).toBeCloseTo(37 * last, -1);
      for (const x of [a, b]) {
        expect(x.nsPerOp).toBeGreaterThan(0);
        expect(x.cpuNsPerOp).toBeGreaterThan(0);
      }
    } finally {
      await server.close();
    }
  });

  it('pins itself and this main thread to one CPU while it serves, and gives the mask back when closed', async () => {
    const before = allowedCpus();
    const server = new floor.FloorServer('sample', procRoot);
    await server.run(1);
    const during = allowedCpus();
    expect(during).toMatch(/^\d+$/);
    expect(Number(during)).toBeLessThan(os.cpus().length);
    await server.close();
    expect(allowedCpus()).toBe(before);
  });

  it('serves a second floor beside the first on the same CPU, and closed in reverse order gives the mask back', async () => {
    const before = allowedCpus();
    const first = new floor.FloorServer('sample', procRoot);
    await first.run(1);
    const second = new floor.FloorServer('sample-noparse', procRoot);
    await second.run(1);
    const cpu = allowedCpus();
    expect(cpu).toMatch(/^\d+$/);
    expect([allowedCpus(first.pid), allowedCpus(second.pid)]).toEqual([cpu, cpu]);
    await second.close();
    expect(allowedCpus()).toBe(cpu);
    await first.close();
    expect(allowedCpus()).toBe(before);
  });

  it('refuses a mode without a serve form and a count below 1, with the floor’s message', async () => {
    const tcp = new floor.FloorServer('tcp');
    await expect(tcp.run(10)).rejects.toThrow(/floor tcp serve: exited \(2\).*tcp has no serve form/s);
    const sample = new floor.FloorServer('sample', procRoot);
    await expect(sample.run(0)).rejects.toThrow(/not a sample count: 0/);
    await expect(sample.run(5)).rejects.toThrow(/exited/);
  });

  it('pairs rounds: one result per round, medians of them, the mask given back', async () => {
    const before = allowedCpus();
    let calls = 0;
    let sink = 0;
    const r = await floor.pairedFloorRounds({
      fn: () => {
        calls++;
        for (let i = 0; i < 2000; i++) sink += Math.sqrt(i);
      },
      iterations: 40,
      rounds: 5,
      args: [procRoot],
      noParse: true,
    });
    expect(sink).toBeGreaterThan(0);
    expect(calls).toBe(40 * 6); // a warm-up batch and five rounds
    expect(r.ratios).toHaveLength(5);
    for (const x of r.ratios) expect(Number.isFinite(x) && x > 0).toBe(true);
    expect(r.ratio).toBe(median(r.ratios));
    expect(r.floor).toBeGreaterThan(0);
    expect(r.floorNoParse).toBeGreaterThan(0);
    expect(allowedCpus()).toBe(before);
  });
});
