/**
 * Lifecycle: close() semantics, worker threads, a child exiting without close(), a dropped sampler collected by
 * the garbage collector. Child processes and workers load the compiled package (dist/, built by tsc).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { Sampler } from '../../src';
import { loadAddon } from '../../src/native';
import { procOf } from '../support/fixtures';
import { describeIf, file } from '../support/needs';

const DIST = path.join(__dirname, '..', '..', 'dist');

describe('close()', () => {
  test('a closed sampler: sample() is a no-op, sampleAsync() rejects PROCSAMPLER_CLOSED, close() twice is fine', async () => {
    const s = new Sampler({ procRoot: procOf('modern'), sources: ['memory', 'tcp'] });
    s.sample();
    expect(s.snapshot().memory?.total).toBeGreaterThan(0);
    s.close();
    s.close();
    s.sample();
    await expect(s.sampleAsync()).rejects.toMatchObject({ code: 'PROCSAMPLER_CLOSED' });
  });

  test('after close(): snapshot() throws PROCSAMPLER_CLOSED, status() says CLOSED per source, the tables hold no stale value', async () => {
    const s = new Sampler({ procRoot: procOf('modern'), sources: ['memory', 'disks', 'filesystems'] });
    await s.sampleAsync();
    const memory = s.table('memory')!;
    const disks = s.table('disks')!;
    expect(s.status().memory).toEqual({ ok: true, code: 'OK', message: 'ok' });
    expect(memory.scalarValue('total')).toBeGreaterThan(0);
    expect(disks.count()).toBeGreaterThan(0);
    const names = disks.names();
    s.close();
    expect(() => s.snapshot()).toThrow(expect.objectContaining({ code: 'PROCSAMPLER_CLOSED', name: 'ProcsamplerError' }));
    const status = s.status();
    for (const [source, st] of Object.entries(status)) {
      expect([source, st]).toEqual([source, { ok: false, code: 'CLOSED', message: 'the sampler is closed (close() was called)' }]);
    }
    // Every slot but the header's status and generation is NaN; the status is layout.h's CLOSED.
    expect(memory.status()).toBe(loadAddon().layout().status.CLOSED);
    expect(memory.scalarValue('total')).toBeNaN();
    expect(memory.time()).toBeNaN();
    expect(disks.count()).toBe(0);
    expect(disks.names()).toBe(names); // the generation is kept: the closed addon is not asked again
    s.sample();
    expect(memory.scalarValue('total')).toBeNaN(); // sample() after close() writes nothing
    expect(s.status().memory.code).toBe('CLOSED');
  });

  test('close() while sampleAsync() is in flight: the promise rejects with PROCSAMPLER_CLOSED, nothing crashes', async () => {
    const s = new Sampler({ sources: ['tcp', 'filesystems'] });
    const p = s.sampleAsync();
    s.close();
    await expect(p).rejects.toMatchObject({ code: 'PROCSAMPLER_CLOSED' });
  });

  test('concurrent sampleAsync() calls share one refresh and all resolve', async () => {
    const s = new Sampler({ procRoot: procOf('modern'), sources: ['tcp'] });
    await Promise.all([s.sampleAsync(), s.sampleAsync(), s.sampleAsync()]);
    expect(s.snapshot().tcp?.ipv4?.listen).toBe(2);
    s.close();
  });
});

describeIf('threads and processes', [file(path.join(DIST, 'index.js'), 'the compiled package (npm run build:ts)')], () => {
  test('four worker threads each load the addon, sample and exit (two without close())', async () => {
    const code = `
      const { parentPort, workerData } = require('worker_threads');
      const { Sampler } = require(${JSON.stringify(DIST)});
      const s = new Sampler({ procRoot: workerData.procRoot, sources: ['cpu', 'memory', 'process'] });
      for (let i = 0; i < 20; i++) s.sample();
      s.sampleAsync().then(() => {
        const snap = s.snapshot();
        if (workerData.close) s.close();
        parentPort.postMessage({ user: snap.cpu.total.user, total: snap.memory.total, pid: snap.process.pid });
      });`;
    const results = await Promise.all(
      [0, 1, 2, 3].map(
        (i) =>
          new Promise<{ msg: unknown; exit: number }>((resolve, reject) => {
            const w = new Worker(code, { eval: true, workerData: { procRoot: procOf('modern'), close: i % 2 === 0 } });
            let msg: unknown;
            w.on('message', (m) => (msg = m));
            w.on('error', reject);
            w.on('exit', (exit) => resolve({ msg, exit }));
          }),
      ),
    );
    for (const r of results) {
      expect(r.exit).toBe(0);
      expect(r.msg).toEqual({ user: 3018.54, total: 24683620 * 1024, pid: 4242 });
    }
  });

  test('a child process that exits without close(), with a sampleAsync() in flight', () => {
    const script = `
      const { Sampler } = require(${JSON.stringify(DIST)});
      const s = new Sampler();
      s.sample();
      s.sampleAsync();
      const snap = s.snapshot();
      process.stdout.write(JSON.stringify({ pid: snap.process.pid }));
      process.exit(0);`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30000 });
    expect(r.status).toBe(0);
    expect(r.signal).toBeNull();
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { pid: number };
    expect(out.pid).toBe(r.pid);
  });

  test('a child that ends naturally with open samplers (environment teardown closes them)', () => {
    const script = `
      const { Sampler } = require(${JSON.stringify(DIST)});
      const keep = [];
      for (let i = 0; i < 5; i++) { const s = new Sampler(); s.sample(); keep.push(s); }
      keep[0].sampleAsync().then(() => process.stdout.write('done'));`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30000 });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('done');
  });

  test('dropped samplers are garbage collected and their descriptors closed (--expose-gc)', () => {
    const script = `
      const fs = require('fs');
      const { Sampler } = require(${JSON.stringify(DIST)});
      const count = () => fs.readdirSync('/proc/self/fd').length;
      const before = count();
      (function make() { for (let i = 0; i < 40; i++) { const s = new Sampler(); s.sample(); } })();
      const held = count();
      (async () => {
        for (let i = 0; i < 20 && count() > before + 5; i++) { global.gc(); await new Promise((r) => setTimeout(r, 20)); }
        process.stdout.write(JSON.stringify({ before, held, after: count() }));
      })();`;
    const r = spawnSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8', timeout: 30000 });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const { before, held, after } = JSON.parse(r.stdout) as { before: number; held: number; after: number };
    expect(held - before).toBeGreaterThanOrEqual(40 * 10); // each sampler keeps ~15 files open
    expect(after - before).toBeLessThanOrEqual(5);
  });
});
