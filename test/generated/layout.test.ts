// src/generated/layout.ts is generated from the addon's own layout() and runtimeLayout() (native/layout.h,
// native/runtime.h): it must be what the generator writes for the addon built from this tree, and the Sampler must
// refuse an addon whose layout differs.
import * as fs from 'node:fs';
import { loadAddon, type NativeLayout } from '../../src/native';
import { TABLES, TABLE_NAMES, checkLayout, scalarNames, valueNames, fileHasValues, TABLE_STATUS } from '../../src/layout';
import { SimpleTable } from '../../src/table';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const generator = require('../../scripts/gen-layout.js') as {
  render(layout: unknown, runtime: unknown): string;
  OUT: string;
};

describe('the generated layout', () => {
  test('src/generated/layout.ts is what scripts/gen-layout.js writes for this addon (no drift)', () => {
    const addon = loadAddon() as unknown as { layout(): unknown; runtimeLayout(): unknown };
    const want = generator.render(addon.layout(), addon.runtimeLayout());
    const have = fs.readFileSync(generator.OUT, 'utf8');
    // On failure: run `npm run gen:layout` after changing native/layout.h or native/runtime.h.
    expect(have).toBe(want);
  });

  test('the addon layout matches; a changed field, unit, status or table fails loudly', () => {
    const layout = loadAddon().layout();
    expect(() => checkLayout(layout)).not.toThrow();
    const renamed = structuredClone(layout) as NativeLayout;
    (renamed.tables[2]!.scalars[0] as { name: string }).name = 'totl';
    expect(() => checkLayout(renamed)).toThrow(/different builds.*totl/);
    const unit = structuredClone(layout) as NativeLayout;
    (unit.tables[0]!.scalars[0] as { unit: string }).unit = 'ms';
    expect(() => checkLayout(unit)).toThrow(/different builds/);
    const status = structuredClone(layout) as NativeLayout;
    status.status.PARTIAL = 9;
    expect(() => checkLayout(status)).toThrow(/different builds/);
    const fewer = structuredClone(layout) as NativeLayout;
    fewer.tables.pop();
    expect(() => checkLayout(fewer)).toThrow(/different builds/);
  });

  test('the tables, in id order, with their slots as the native side numbers them', () => {
    expect(TABLE_NAMES[0]).toBe('cpu');
    TABLE_NAMES.forEach((n, i) => expect(TABLES[n].id).toBe(i));
    const memory = new SimpleTable('memory');
    expect(memory.scalar.total).toBe(4);
    expect(memory.entryBase).toBe(4 + scalarNames('memory').length);
    const disks = new SimpleTable('disks');
    expect([disks.entryField.major, disks.entryField.minor, disks.entryField.readOps]).toEqual([0, 1, 2]);
    // The value fields of a multi-file table leave out each file's status slot.
    expect(valueNames('system')).toEqual(['bootTime', 'uptime', 'contextSwitches', 'interrupts', 'forks', 'procsRunning', 'procsBlocked']);
    expect(valueNames('tcp')).not.toContain('snmpStatus');
  });

  test('fileHasValues: OK and MALFORMED hold values; errno, NaN and the other codes do not', () => {
    expect([TABLE_STATUS.OK, TABLE_STATUS.MALFORMED].map(fileHasValues)).toEqual([true, true]);
    expect([-2, NaN, TABLE_STATUS.TOO_LARGE, TABLE_STATUS.NOT_SAMPLED, TABLE_STATUS.PARTIAL].map(fileHasValues)).toEqual([false, false, false, false, false]);
  });
});
