#!/usr/bin/env node
// Draw the officials audit sample (bench/officials-audit.md): 30 entries of
// lexicons/officials.yaml, chosen by a seeded PRNG (mulberry32, seed given on the command
// line, default 12) over the entries sorted by id. Same lexicon + seed => same sample.
//
//   node bench/officials-audit-sample.mjs [SEED] [N]
import { readFileSync } from 'node:fs';
import YAML from 'yaml';

const seed = Number(process.argv[2] ?? 12);
const n = Number(process.argv[3] ?? 30);
function mulberry32(a) {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const doc = YAML.parse(readFileSync(new URL('../lexicons/officials.yaml', import.meta.url), 'utf8'));
const entries = [...doc.entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
const rand = mulberry32(seed);
const picked = new Set();
while (picked.size < Math.min(n, entries.length)) picked.add(Math.floor(rand() * entries.length));
for (const i of [...picked].sort((a, b) => a - b)) {
  const e = entries[i];
  console.log(`${e.id}\t${e.name}`);
  for (const r of e.roles ?? []) console.log(`\t${r.title} | ${r.organization ?? r.affiliation ?? ''} | ${r.from ?? ''}..${r.to ?? ''} | ${r.dates ?? 'exact'}`);
}
