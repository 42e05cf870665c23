// Jest transpiles without type checking (isolatedModules), so this test type-checks src/ and test/ as one program:
// the field names of tables, fakes and snapshots are the generated layout's, and a misspelled one must fail here.
import * as path from 'node:path';
import * as ts from 'typescript';

const root = path.join(__dirname, '..', '..');

function program(extra?: { file: string; text: string }): ts.Program {
  const configPath = path.join(root, 'tsconfig.test.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const options = { ...parsed.options, noEmit: true };
  if (!extra) return ts.createProgram(parsed.fileNames, options);
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, onError, create) =>
    path.resolve(name) === extra.file ? ts.createSourceFile(name, extra.text, lang) : read(name, lang, onError, create);
  host.fileExists = ((exists) => (name: string) => path.resolve(name) === extra.file || exists(name))(host.fileExists.bind(host));
  return ts.createProgram([extra.file], options, host);
}

function errors(p: ts.Program): string[] {
  return ts.getPreEmitDiagnostics(p).map((d) => {
    const where = d.file ? `${path.relative(root, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

describe('types', () => {
  test('src/ and test/ type-check', () => {
    expect(errors(program())).toEqual([]);
  });

  test('a misspelled field is a compile error: on a table, a fake frame, a snapshot and a rates input', () => {
    const file = path.join(root, 'test', 'repo', '__typo__.ts');
    const text = `
      import { SimpleTable } from '../../src/table';
      import type { FakeFrame } from '../otel/helpers';
      import type { Snapshot } from '../../src/types';
      import { memoryUsage } from '../../src/rates';
      new SimpleTable('memory').set('totl', 1);
      new SimpleTable('disks').setEntry(0, 'readByte', 1);
      const frame: FakeFrame = { scalars: { load: { avg2: 1 } } };
      declare const s: Snapshot;
      s.memory?.avalable;
      memoryUsage({ totl: 1 });
      void frame;
    `;
    const found = errors(program({ file, text })).filter((e) => e.includes('__typo__'));
    expect(found).toHaveLength(5);
    ['totl', 'readByte', 'avg2', 'avalable', 'totl'].forEach((typo, i) => expect(found[i]).toContain(typo));
  });
});
