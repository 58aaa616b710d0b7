/**
 * A deterministic, news-like corpus for the benchmark: wire-style articles that use the
 * shipped lexicons' names (with curly apostrophes, possessives, hyphenated compounds and
 * Arabic-script names) in ordinary English filler. Same seed, same bytes.
 */
import { mkdirSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

function mulberry32(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FILLER = (
  'officials said the attack began before dawn and continued for several hours while residents stayed indoors ' +
  'a statement from the ministry said reinforcements had been sent and that the situation was under control ' +
  'local elders called for calm and asked both sides to allow aid convoys to reach the district centre ' +
  'the clashes forced hundreds of families to leave their homes and seek shelter with relatives in nearby villages ' +
  'health workers reported that the main hospital was treating dozens of wounded people including women and children ' +
  'the road linking the two cities was closed for most of the day as security forces searched vehicles ' +
  'analysts said the fighting showed how fragile the security situation remained ahead of the talks'
).split(' ');

export function makeCorpus({ dir, megabytes, names, seed = 20161003 }) {
  const target = Math.round(megabytes * 1024 * 1024);
  if (existsSync(dir) && readdirSync(dir).length > 0) return dir;
  mkdirSync(dir, { recursive: true });
  const rnd = mulberry32(seed);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const decorate = (name) => {
    const r = rnd();
    if (r < 0.1) return `${name}’s`;
    if (r < 0.15) return `pro-${name}`;
    if (r < 0.2) return `${name}-led`;
    return name;
  };
  let written = 0;
  let n = 0;
  while (written < target) {
    const paragraphs = [];
    let size = 0;
    paragraphs.push(`${pick(names).toUpperCase()}, ${1 + Math.floor(rnd() * 28)} March (Wire) –`);
    while (size < 4000) {
      const words = [];
      const len = 12 + Math.floor(rnd() * 20);
      for (let i = 0; i < len; i++) words.push(rnd() < 0.08 ? decorate(pick(names)) : pick(FILLER));
      let sentence = words.join(' ');
      sentence = sentence[0].toUpperCase() + sentence.slice(1);
      if (rnd() < 0.2) sentence = `“${sentence},” ${pick(names)} said.`;
      else sentence += '.';
      paragraphs.push(sentence);
      size += sentence.length;
    }
    const text = `${paragraphs.join(rnd() < 0.5 ? '\n\n' : ' ')}\n`;
    const file = join(dir, String(Math.floor(n / 1000)).padStart(3, '0'), `article-${String(n).padStart(6, '0')}.txt`);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, text);
    written += Buffer.byteLength(text);
    n++;
  }
  return dir;
}
