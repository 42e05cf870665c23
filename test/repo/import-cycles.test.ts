// No two files under src/ import each other, directly or through others (scripts/check-cycles.js).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { findCycles } = require('../../scripts/check-cycles.js') as { findCycles(dir: string): string[][] };

describe('import cycles', () => {
  test('src/ has none', () => {
    expect(findCycles(path.join(__dirname, '..', '..', 'src'))).toEqual([]);
  });

  test('the checker finds a cycle through a type-only import and an index file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'procsampler-cycles-'));
    try {
      fs.mkdirSync(path.join(dir, 'b'));
      fs.writeFileSync(path.join(dir, 'a.ts'), "import { b } from './b';\nexport const a = b;\n");
      fs.writeFileSync(path.join(dir, 'b', 'index.ts'), "export { b } from './b';\n");
      fs.writeFileSync(path.join(dir, 'b', 'b.ts'), "import type { A } from '../c';\nexport const b = 1 as A;\n");
      fs.writeFileSync(path.join(dir, 'c.ts'), "import { a } from './a';\nexport type A = typeof a;\n");
      fs.writeFileSync(path.join(dir, 'd.ts'), "import { a } from './a';\nexport const d = a;\n");
      expect(findCycles(dir)).toEqual([['a.ts', path.join('b', 'index.ts'), path.join('b', 'b.ts'), 'c.ts']]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
