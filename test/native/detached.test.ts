/**
 * A detached table buffer (issue 11 point 2). `sampler.table(name).array` and the runtime core's array are public;
 * transferring their ArrayBuffer (structuredClone with `transfer`, postMessage) hands the memory to the receiver.
 * The addon kept writing through its raw pointer: into the receiver's memory, or freed memory (heap-use-after-free
 * under ASan, glibc aborts in a normal build). Now it notices, writes nothing, and the table gets a new array whose
 * status is DETACHED until the next sample.
 *
 * Without a sanitizer the old write is still visible: the transferred memory is filled with a sentinel, and any
 * byte the addon writes after the transfer changes it.
 */
import { MessageChannel } from 'worker_threads';
import { Sampler } from '../../src';
import { runtimeCore } from '../../src/runtime/native-runtime';
import { procOf } from '../support/fixtures';

const SENTINEL = -12345.5;

/** Moves `a`'s memory to a new ArrayBuffer (a is detached) and fills it with the sentinel. */
function transferAway(a: Float64Array): Float64Array {
  const moved = new Float64Array(structuredClone(a.buffer, { transfer: [a.buffer as ArrayBuffer] }));
  expect(a.length).toBe(0); // detached
  moved.fill(SENTINEL);
  return moved;
}

const untouched = (a: Float64Array): boolean => a.every((v) => v === SENTINEL);

describe('sampler tables', () => {
  test('sample() after a table was transferred: nothing written into the old memory, DETACHED, then values again', () => {
    const s = new Sampler({ procRoot: procOf('modern'), sources: ['memory', 'cpu', 'disks'] });
    s.sample();
    const total = s.snapshot().memory?.total;
    expect(total).toBeGreaterThan(0);
    const memory = s.table('memory');
    const disks = s.table('disks');
    const oldMemory = memory?.array as Float64Array;
    const movedMemory = transferAway(oldMemory);
    const movedDisks = transferAway(disks?.array as Float64Array);
    // Before any sample: the table says so, and the snapshot does not read the empty array.
    expect(s.status().memory.code).toBe('DETACHED');
    expect(s.snapshot().memory).toBeNull();
    expect(s.snapshot().disks).toBeNull();

    s.sample();
    expect(untouched(movedMemory)).toBe(true);
    expect(untouched(movedDisks)).toBe(true);
    expect(memory?.array).not.toBe(oldMemory);
    expect(memory?.array.length).toBe(movedMemory.length);
    expect(s.status().memory.code).toBe('DETACHED');
    expect(s.status().disks.code).toBe('DETACHED');
    expect(s.snapshot().memory).toBeNull();
    expect(s.status().cpu.code).toBe('OK'); // the other tables were sampled as usual

    s.sample();
    expect(s.status().memory.code).toBe('OK');
    expect(s.snapshot().memory?.total).toBe(total);
    expect(s.snapshot().disks?.length).toBeGreaterThan(0);
    expect(untouched(movedMemory)).toBe(true);
    s.close();
  });

  test('a postMessage transfer, and a table transferred while sampleAsync() is in flight', async () => {
    const s = new Sampler({ procRoot: procOf('modern'), sources: ['tcp', 'network'] });
    await s.sampleAsync();
    const established = s.snapshot().tcp?.ipv4?.established;
    expect(established).toBeGreaterThan(0);

    const { port1, port2 } = new MessageChannel();
    const net = s.table('network')?.array as Float64Array;
    const received = new Promise<ArrayBuffer>((resolve) => port2.once('message', resolve));
    port1.postMessage(net.buffer, [net.buffer as ArrayBuffer]);
    const movedNet = new Float64Array(await received);
    movedNet.fill(SENTINEL);
    port1.close();

    const pending = s.sampleAsync(); // sample() runs now: network is found detached
    const movedStates = transferAway(s.table('tcpStates')?.array as Float64Array); // detached during the refresh
    await pending;
    expect(untouched(movedNet)).toBe(true);
    expect(untouched(movedStates)).toBe(true);
    // The state table got a new array and the refresh was published into it.
    expect(s.snapshot().tcp?.ipv4?.established).toBe(established);
    expect(s.status().network.code).toBe('DETACHED');
    s.sample();
    expect(s.status().network.code).toBe('OK');
    s.close();
  });
});

describe('the runtime core array', () => {
  test('read() after a transfer: the old memory untouched, a new array filled', () => {
    const core = runtimeCore();
    core.read(undefined, true, false);
    const old = core.array;
    const moved = transferAway(old);
    core.read(undefined, true, false);
    expect(untouched(moved)).toBe(true);
    expect(core.array).not.toBe(old);
    expect(core.array.length).toBe(moved.length);
    expect(core.value('now')).toBeGreaterThan(0);
    expect(core.value('activeHandles')).not.toBeNull();

    // The GC drain writes into the array too.
    const w = core.openWindow(true);
    const moved2 = transferAway(core.array);
    expect(core.drainGc(w)).toBeGreaterThanOrEqual(0);
    core.read(w, false, false);
    expect(untouched(moved2)).toBe(true);
    expect(core.value('now')).toBeGreaterThan(0);
    core.closeWindow(w);
  });
});
