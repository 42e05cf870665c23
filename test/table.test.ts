// src/table.ts: the slots of a table by typed name, from the generated layout; the header; growing, closing and
// detaching. No addon: a Table here is given its names by a function, as the Sampler gives the addon's.
import { SimpleTable, Table } from '../src/table';
import { TABLES, TABLE_HEADER, TABLE_HEADER_SLOTS, TABLE_STATUS, scalarNames } from '../src/layout';

describe('layout', () => {
  test('scalars after the header in layout order; entries after the scalars, one stride each', () => {
    const t = new SimpleTable('memory');
    expect(scalarNames('memory').map((f) => t.scalar[f])).toEqual(scalarNames('memory').map((_, i) => TABLE_HEADER_SLOTS + i));
    const d = new SimpleTable('disks');
    expect([d.entryBase, d.stride, d.entryField.major, d.entryField.flushTime]).toEqual([
      TABLE_HEADER_SLOTS, TABLES.disks.entry.length, 0, TABLES.disks.entry.length - 1,
    ]);
    expect(new SimpleTable('tcp').files.map((f) => f.field)).toEqual(['sockstatStatus', 'sockstat6Status', 'snmpStatus']);
  });

  test('a fresh table: every value NaN, NOT_SAMPLED, no entries, never refreshed', () => {
    const t = new SimpleTable('load');
    expect([t.status(), t.count(), t.time(), t.scalarValue('avg1')]).toEqual([TABLE_STATUS.NOT_SAMPLED, 0, NaN, NaN]);
  });
});

describe('SimpleTable', () => {
  test('set, setEntry and stamp write the slots the layout names', () => {
    const t = new SimpleTable('network');
    t.setEntries(['lo', 'eth0']);
    t.setEntry(1, 'txBytes', 42);
    t.stamp(7.5);
    expect(t.array[t.entryBase + t.stride + t.entryField.txBytes]).toBe(42);
    expect([t.entryValue(1, 'txBytes'), t.entryValue(0, 'txBytes'), t.status(), t.time(), t.count()]).toEqual([42, NaN, TABLE_STATUS.OK, 7.5, 2]);
  });

  test('the generation moves when the names change, not when they are set again', () => {
    const t = new SimpleTable('disks');
    const g0 = t.generation();
    t.setEntries(['sda']);
    t.setEntries(['sda']);
    const g1 = t.generation();
    t.setEntries(['sda', 'sdb']);
    expect([g1 - g0, t.generation() - g1, t.names()]).toEqual([1, 1, ['sda', 'sdb']]);
  });

  test('markClosed: NaN values, no entries, CLOSED, the generation kept', () => {
    const t = new SimpleTable('disks');
    t.setEntries(['sda']);
    t.setEntry(0, 'readOps', 1);
    t.stamp(1);
    const g = t.generation();
    t.markClosed();
    expect([t.status(), t.count(), t.generation(), t.entryValue(0, 'readOps')]).toEqual([TABLE_STATUS.CLOSED, 0, g, NaN]);
  });
});

describe('Table', () => {
  test('names() are fetched again only when the generation moves', () => {
    let fetches = 0;
    const t = new Table('disks', 2, () => [`d${++fetches}`]);
    t.array[TABLE_HEADER.generation] = 1;
    expect([t.names(), t.names(), fetches]).toEqual([['d1'], ['d1'], 1]);
    t.array[TABLE_HEADER.generation] = 2;
    expect([t.names(), fetches]).toEqual([['d2'], 2]);
  });

  test('count() is at most the capacity; resize keeps the header and scalars, not the entries', () => {
    const t = new Table('cpu', 1, () => []);
    t.array[TABLE_HEADER.count] = 3;
    t.array[t.scalar.user] = 5;
    t.array[t.entryBase] = 9;
    expect([t.reported(), t.count(), t.capacity()]).toEqual([3, 1, 1]);
    const bigger = t.resize(4);
    expect(t.array).toBe(bigger);
    expect([t.count(), t.capacity(), t.scalarValue('user'), t.entryValue(0, 'cpu')]).toEqual([3, 4, 5, NaN]);
  });

  test('a detached array reads DETACHED; its replacement keeps the capacity and says DETACHED until sampled', () => {
    const t = new Table('memory', 0, () => []);
    const buffer = t.array.buffer as ArrayBuffer;
    structuredClone(buffer, { transfer: [buffer] });
    expect([t.array.length, t.status()]).toEqual([0, TABLE_STATUS.DETACHED]);
    const fresh = t.replaceDetached();
    expect([fresh.length, t.status(), t.scalarValue('total')]).toEqual([t.entryBase, TABLE_STATUS.DETACHED, NaN]);
  });
});
