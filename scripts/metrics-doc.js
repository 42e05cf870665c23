#!/usr/bin/env node
'use strict';
// Writes METRICS.md, the package's metric table, from the code's catalogue (the compiled package in dist/):
//   - host and process rows: HOST_METRICS (name, kind, unit, value type, group, opt-in, description);
//   - runtime rows: RUNTIME_ROWS (the rows both of RuntimeMetrics' export paths are built from), those marked
//     `extra` listed as RuntimeMetrics' own;
//   - application families: HTTP_SERVER_METRICS and DB_CLIENT_METRICS, against test/catalogue/metrics-next.json;
//   - attributes: the rows' own (src/otel/catalogue/attributes.ts), checked against the catalogue data;
//   - the "source" column: the catalogue data (test/catalogue/metrics.json), which the tests check against what
//     the code emits (test/otel/catalogue.test.ts, test/runtime/runtime-otel.test.ts).
// The code and the data must agree on every row's name, kind, unit, group and default, or this script fails.
//
// Usage: node scripts/metrics-doc.js           write METRICS.md
//        node scripts/metrics-doc.js --check   exit 1 when METRICS.md is not what the code gives (npm test runs it)
//        --data FILE                           another catalogue data file (the tests use it to show a mismatch fails)
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const OUT = path.join(ROOT, 'METRICS.md');
const DATA = path.join(ROOT, 'test', 'catalogue', 'metrics.json');
const NEXT_DATA = path.join(ROOT, 'test', 'catalogue', 'metrics-next.json');

function cell(s) {
  return String(s).replace(/\|/g, '\\|');
}

function attributes(spec) {
  const entries = Object.entries(spec || {});
  if (entries.length === 0) return 'none';
  return entries.map(([k, v]) => `\`${k}\`: ${Array.isArray(v) ? v.join(', ') : v}`).join('; ');
}

/** The text of METRICS.md. Rejects when the code and the catalogue data (`dataFile`) disagree. */
async function render(dataFile = DATA) {
  const dist = require(path.join(ROOT, 'dist'));
  const data = JSON.parse(fs.readFileSync(dataFile, 'utf8'));
  const byName = new Map(data.metrics.map((r) => [r.name, r]));
  const problems = [];
  const rows = [];
  const check = (code, row) => {
    if (!row) return problems.push(`${code.name}: emitted by the code, not a row of ${path.relative(ROOT, dataFile)}`);
    for (const k of ['kind', 'unit', 'group']) {
      if (code[k] !== row[k]) problems.push(`${code.name}: ${k} is ${code[k]} in the code, ${row[k]} in the catalogue data`);
    }
    if (code.default !== row.default) problems.push(`${code.name}: default is ${code.default} in the code, ${row.default} in the data`);
    const mine = JSON.stringify(code.attributes || {});
    if (mine !== JSON.stringify(row.attributes || {})) problems.push(`${code.name}: attributes are ${mine} in the code, ${JSON.stringify(row.attributes || {})} in the data`);
  };
  for (const d of dist.HOST_METRICS) {
    const code = { ...d, default: !d.optIn };
    check(code, byName.get(d.name));
    rows.push({ ...code, row: byName.get(d.name) });
  }
  // The runtime rows, extras included: RuntimeMetrics builds its instruments and metricData() from them.
  const { RUNTIME_ROWS } = require(path.join(ROOT, 'dist', 'otel', 'catalogue'));
  const extras = [];
  for (const d of RUNTIME_ROWS) {
    if (d.extra) {
      extras.push(d);
      continue;
    }
    const code = { ...d, default: !d.optIn };
    check(code, byName.get(d.name));
    rows.push({ ...code, row: byName.get(d.name) });
  }
  const emitted = new Set(rows.map((r) => r.name));
  for (const r of data.metrics) if (!emitted.has(r.name)) problems.push(`${r.name}: a row of the catalogue data that the code does not define`);
  // The application families (AppMetricDef rows, exported through a MetricProducer), against the next families'
  // data (test/catalogue/metrics-next.json): every row the code defines must be a row there, and every row of
  // those groups there must be in the code.
  const next = JSON.parse(fs.readFileSync(NEXT_DATA, 'utf8'));
  const nextByName = new Map(next.metrics.map((r) => [r.name, r]));
  const appRows = [...(dist.HTTP_SERVER_METRICS || []), ...(dist.DB_CLIENT_METRICS || [])];
  const appGroups = new Set(appRows.map((d) => d.group));
  for (const d of appRows) {
    const code = { ...d, default: !d.optIn };
    check(code, nextByName.get(d.name));
    rows.push({ ...code, row: nextByName.get(d.name) || {} });
  }
  // The container group: its semantic-convention rows against metrics-next.json, its extras (procsampler's own
  // names, documented with their cgroup sources in docs/containers.md) as they are.
  const { CONTAINER_METRICS } = require(path.join(ROOT, 'dist', 'otel', 'container', 'catalogue'));
  for (const d of CONTAINER_METRICS) {
    const code = { ...d, default: !d.optIn };
    const data = nextByName.get(d.name);
    if (data) check(code, data);
    rows.push({ ...code, row: data || { semconv: false, source: 'procsampler\'s own: docs/containers.md' } });
  }
  for (const r of next.metrics) {
    if (r.group === 'container' && !CONTAINER_METRICS.some((d) => d.name === r.name)) problems.push(`${r.name}: a row of metrics-next.json that the code does not define`);
  }
  const appNames = new Set(appRows.map((d) => d.name));
  for (const r of next.metrics) {
    if (appGroups.has(r.group) && !appNames.has(r.name)) problems.push(`${r.name}: a row of metrics-next.json that the code does not define`);
  }
  if (problems.length) throw new Error(`the code's catalogue and ${path.relative(ROOT, dataFile)} disagree:\n  ${problems.join('\n  ')}`);

  const lines = [
    '# Metric catalogue',
    '',
    '<!-- Generated by `npm run docs:metrics` (scripts/metrics-doc.js) from the code; `npm test` fails when it is out of date. Do not edit. -->',
    '',
    `Every metric procsampler emits through OpenTelemetry. Names, instrument kinds, units and attributes follow the`,
    `OpenTelemetry semantic conventions v${data.semconv_version}; rows marked "no" under semconv use the OpenTelemetry`,
    `Collector's hostmetrics name where one exists. Kinds are OpenTelemetry API instrument kinds: a Counter,`,
    `UpDownCounter or Gauge read from a sample is the Observable variant. "value" is the data point type (INT for whole`,
    `numbers). "group" is the \`metricGroups\` key that turns the row on or off; "default" says whether \`HostMetrics\``,
    'emits it without being asked (`optIn` names the others). A value that is unknown on this kernel is left out,',
    'never reported as 0 or NaN.',
    '',
    'Moving from @opentelemetry/host-metrics, @opentelemetry/instrumentation-runtime-node or prom-client: see',
    '[docs/MIGRATION.md](docs/MIGRATION.md).',
  ];
  const families = [
    ['system.*', (n) => n.startsWith('system.')],
    ['process.*', (n) => n.startsWith('process.')],
    ['nodejs.*', (n) => n.startsWith('nodejs.')],
    ['v8js.*', (n) => n.startsWith('v8js.')],
    ['http.* (HttpServerMetrics, through its MetricProducer; "group" is the family)', (n) => n.startsWith('http.')],
    ['db.* (monitorPool, through a MetricProducer; "group" is the family)', (n) => n.startsWith('db.')],
    ['container.* (the `container` group: on by default where the cgroup has a CPU or memory limit; see docs/containers.md)', (n) => n.startsWith('container.')],
  ];
  for (const [title, match] of families) {
    if (!rows.some((x) => match(x.name))) continue;
    lines.push('', `## ${title}`, '', '| name | kind | unit | value | attributes | group | default | semconv | meaning | source |', '|---|---|---|---|---|---|---|---|---|---|');
    for (const r of rows.filter((x) => match(x.name))) {
      lines.push(
        `| \`${r.name}\` | ${r.kind} | \`${r.unit}\` | ${r.int ? 'INT' : 'DOUBLE'} | ${cell(attributes(r.attributes))} | \`${r.group}\` | ${r.default ? 'yes' : 'opt-in'} | ${r.row.semconv ? 'yes' : 'no'} | ${cell(r.description)} | ${cell(r.row.source)} |`,
      );
    }
  }
  lines.push(
    '',
    '## RuntimeMetrics only',
    '',
    '`RuntimeMetrics` also emits these (not catalogue rows: `HostMetrics` does not pass them on):',
    '',
    '| name | kind | unit | value | meaning |',
    '|---|---|---|---|---|',
    ...extras.map((d) => `| \`${d.name}\` | ${d.kind} | \`${d.unit}\` | ${d.int ? 'INT' : 'DOUBLE'} | ${cell(d.description)} |`),
    '',
  );
  return lines.join('\n');
}

async function main() {
  const at = process.argv.indexOf('--data');
  const text = await render(at > 0 ? path.resolve(process.argv[at + 1]) : DATA);
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : '';
    if (current !== text) {
      process.stderr.write('metrics-doc: METRICS.md is not what the code gives: run `npm run docs:metrics` and commit it\n');
      process.exit(1);
    }
    process.stdout.write('metrics-doc: METRICS.md is up to date\n');
    return;
  }
  fs.writeFileSync(OUT, text);
  process.stdout.write(`metrics-doc: wrote ${path.relative(process.cwd(), OUT)}\n`);
}

module.exports = { render };
if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`metrics-doc: ${error.message}\n`);
    process.exit(1);
  });
}
