#!/usr/bin/env node
// @ts-check
// List the rows of the curated officials tables (scripts/curation/officials-*.yaml) whose
// dates or names are most likely wrong, so that a re-check (bench/officials-recheck.md,
// issue 12) can start with them. Mechanical only: it reads the tables, it checks nothing
// against a source. The patterns come from the third officials audit (bench/officials-audit.md):
//
//   handover    a row's end equals another person's start in the same role and province:
//               the predecessor's end may be the successor's start (audit 3: Wafa)
//   no-day      `dates: exact` (or no flag) but the start or end has no day (YYYY or YYYY-MM)
//   one-url     `dates: exact` and the source list has a single URL
//   one-source  every row of this person (all tables) cites the same single URL, so the
//               name may come from one transliterated page (audit 3: "Khaliq")
//
//   node scripts/officials-suspects.mjs [--tables DIR] [--all] [--tsv]
//
//   --tables DIR  where the officials-*.yaml tables are (default: scripts/curation/)
//   --all         list the rows that are not `dates: exact` too (default: exact rows only,
//                 except for one-source, which is about names and lists every row)
//   --tsv         one line per suspect row (file, line, reasons, name, role, start, end)
//
// Output: the suspect rows (stdout), then the counts per pattern (stderr, so that --tsv
// stays data). Exit 0.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readOfficialsTables } from './lib/officials-tables.mjs';

const { values: opts } = parseArgs({
  options: {
    tables: { type: 'string' },
    all: { type: 'boolean', default: false },
    tsv: { type: 'boolean', default: false },
  },
});

/** @typedef {{ file: string, line: number, name: string, role: string, province: string, start: string, end: string, dates: string, urls: string[], reasons: string[] }} Row */

/** @type {Row[]} */
const rows = [];
const tables = readOfficialsTables({ dir: opts.tables, onError: (m) => console.error(`warning: ${m}`) });
const files = tables.map((t) => path.basename(t.file));
for (const t of tables) {
  for (const r of t.rows) {
    rows.push({
      file: path.basename(t.file),
      line: r.line,
      name: r.name,
      role: r.role,
      province: r.province,
      start: r.start,
      end: r.end,
      dates: r.dates || 'exact',
      urls: r.source.filter((u) => /^https?:\/\//.test(u)),
      reasons: [],
    });
  }
}

const roleKey = (/** @type {Row} */ r) => `${r.role.toLowerCase()}\t${r.province}`;
/** @type {Map<string, Row[]>} */
const byRole = new Map();
for (const r of rows) {
  const k = roleKey(r);
  const list = byRole.get(k) ?? [];
  list.push(r);
  byRole.set(k, list);
}

// handover: this row's end is someone else's start in the same role.
for (const r of rows) {
  if (r.end === '') continue;
  const next = (byRole.get(roleKey(r)) ?? []).filter((o) => o !== r && o.name !== r.name && o.start === r.end);
  if (next.length > 0) r.reasons.push(`handover(${next.map((o) => o.name).join(', ')})`);
}
// no-day, one-url
for (const r of rows) {
  if (r.dates !== 'exact') continue;
  const noDay = [r.start, r.end].filter((d) => d !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(d));
  if (noDay.length > 0) r.reasons.push(`no-day(${noDay.join(', ')})`);
  if (r.urls.length <= 1) r.reasons.push('one-url');
}
// one-source: all rows of a person cite one and the same single URL.
/** @type {Map<string, Row[]>} */
const byName = new Map();
for (const r of rows) byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
for (const list of byName.values()) {
  const urls = new Set(list.flatMap((r) => r.urls));
  if (urls.size <= 1) for (const r of list) r.reasons.push('one-source');
}

const shown = rows.filter((r) => r.reasons.length > 0 && (opts.all || r.dates === 'exact' || r.reasons.includes('one-source')));
// Highest risk first: handover, then one-url, then the rest; then by file and line.
const rank = (/** @type {Row} */ r) => (r.reasons.some((x) => x.startsWith('handover')) ? 0 : r.reasons.includes('one-url') ? 1 : 2);
shown.sort((a, b) => rank(a) - rank(b) || (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
for (const r of shown) {
  if (opts.tsv) console.log([r.file, r.line, r.reasons.join(' '), r.name, r.role, r.start, r.end, r.dates].join('\t'));
  else console.log(`${r.file}:${r.line}  ${r.name} | ${r.role} | ${r.start}..${r.end} (${r.dates})\n    ${r.reasons.join('; ')}`);
}

const count = (/** @type {string} */ p) => rows.filter((r) => r.reasons.some((x) => x.startsWith(p))).length;
const exact = rows.filter((r) => r.dates === 'exact');
console.error(
  [
    `tables: ${files.join(', ')}`,
    `rows: ${rows.length}, dates exact: ${exact.length}`,
    `handover (end = another person's start, same role/province): ${count('handover')} rows (${exact.filter((r) => r.reasons.some((x) => x.startsWith('handover'))).length} exact)`,
    `no-day (exact without a day): ${count('no-day')}`,
    `one-url (exact with a single source URL): ${count('one-url')}`,
    `one-source (person with a single source URL in all rows): ${count('one-source')} rows, ${[...byName.values()].filter((l) => l[0]?.reasons.includes('one-source')).length} people`,
    `suspect exact rows (any pattern): ${exact.filter((r) => r.reasons.length > 0).length}`,
  ].join('\n'),
);
