// The entry-name encoding: defined once in native/layout.h, exported by layout(), read by src/sources/entry-names.ts.
import { loadAddon, type NativeLayout } from '../../src/native';
import { entryNameScheme, fsEntryName, fsNames } from '../../src/sources/entry-names';
import { Sampler } from '../../src';
import * as path from 'node:path';

const layout = (): NativeLayout => loadAddon().layout();

describe('entry names', () => {
  test('layout() exports the separator and the filesystems parts; the scheme reads them', () => {
    const l = layout();
    expect(l.entryNames).toEqual({ separator: '\0', parts: { filesystems: ['device', 'mountpoint', 'type'] } });
    expect(entryNameScheme(l)).toEqual({ separator: '\0', fsParts: ['device', 'mountpoint', 'type'] });
  });

  test('a layout whose parts differ from FsNameParts fails loudly, naming what it got', () => {
    const bad = (entryNames: unknown): NativeLayout => ({ ...layout(), entryNames }) as NativeLayout;
    expect(() => entryNameScheme(bad({ separator: '\t', parts: { filesystems: ['device', 'mount', 'type'] } }))).toThrow(/"mount"/);
    expect(() => entryNameScheme(bad({ separator: '', parts: { filesystems: ['device', 'mountpoint', 'type'] } }))).toThrow(/different builds/);
    expect(() => entryNameScheme(bad(undefined))).toThrow(/different builds/);
    expect(() => entryNameScheme(bad({ separator: '\0', parts: { filesystems: ['device', 'device', 'type'] } }))).toThrow(/different builds/);
  });

  test('fsEntryName and fsNames are inverse, tabs and spaces included; a part with NUL is refused', () => {
    const parts = { device: 'my\ttmpfs', mountpoint: '/mnt/with space', type: 'tmpfs' };
    expect(fsEntryName(parts)).toBe('my\ttmpfs\0/mnt/with space\0tmpfs');
    expect(fsNames(fsEntryName(parts))).toEqual(parts);
    expect(fsNames('only')).toEqual({ device: 'only', mountpoint: '', type: '' });
    expect(() => fsEntryName({ ...parts, mountpoint: 'a\0b' })).toThrow(TypeError);
  });

  test('the names C++ writes are the names fsEntryName builds (hostile mountinfo)', async () => {
    const s = new Sampler({ procRoot: path.join(__dirname, '..', 'fixtures', 'hostile', 'proc'), sources: ['filesystems'] });
    try {
      await s.sampleAsync();
      expect([...s.table('filesystems')!.names()]).toEqual([
        fsEntryName({ device: '/dev/vda', mountpoint: '/', type: 'ext4' }),
        fsEntryName({ device: 'my\ttmpfs', mountpoint: '/mnt/with space', type: 'tmpfs' }),
        fsEntryName({ device: 'tmpfs', mountpoint: '/back\\slash', type: 'tmpfs' }),
      ]);
    } finally {
      s.close();
    }
  });
});
