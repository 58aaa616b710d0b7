/**
 * The benchmark's corpora, each rebuilt from a recipe and cached under .bench/ (a folder
 * that exists is taken as it is; each is written to a temporary folder and renamed when
 * complete, so an interrupted build leaves no half corpus behind):
 * - makeCorpus: dense Afghan news, wire-style articles that use the shipped lexicons' names
 *   (with curly apostrophes, possessives, hyphenated compounds) in ordinary English filler.
 *   Given every alias, Arabic-script ones included, every article is mixed-script; given
 *   only the Latin-script aliases (`latinOnly`), it is the plain English case.
 * - makeArchive: a mixed archive, ordinary English prose from text files every Debian
 *   machine has (debianProse), one file per text, with 5 % (by files) of news articles.
 * Same seed and same inputs, same bytes.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, lstatSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';

/** A small seeded PRNG: the same seed gives the same corpus on every machine. */
export function mulberry32(seed) {
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

/** True if every letter of `name` is in the Latin script ("Kunduz", not "کندز"). */
export const isLatinScript = (name) => /\p{L}/u.test(name) && !/(?!\p{Script=Latin})\p{L}/u.test(name);

/** Builds `dir` by calling `build(tmp)` on a temporary sibling folder and renaming it; an existing non-empty `dir` is kept. */
function cached(dir, build) {
  if (existsSync(dir) && readdirSync(dir).length > 0) return dir;
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    build(tmp);
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return dir;
}

/** `n`-th file of a corpus: 1,000 per subfolder (000/, 001/, ...). */
const slot = (dir, n, stem) => join(dir, String(Math.floor(n / 1000)).padStart(3, '0'), `${stem}-${String(n).padStart(6, '0')}.txt`);

function writeSlot(file, text) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return Buffer.byteLength(text);
}

/** A generator of news articles of about `articleBytes` bytes each that use `names`. */
function newsWriter({ names, seed, articleBytes }) {
  const rnd = mulberry32(seed);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const decorate = (name) => {
    const r = rnd();
    if (r < 0.1) return `${name}’s`;
    if (r < 0.15) return `pro-${name}`;
    if (r < 0.2) return `${name}-led`;
    return name;
  };
  return () => {
    const paragraphs = [];
    let size = 0;
    paragraphs.push(`${pick(names).toUpperCase()}, ${1 + Math.floor(rnd() * 28)} March (Wire) –`);
    while (size < articleBytes) {
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
    return `${paragraphs.join(rnd() < 0.5 ? '\n\n' : ' ')}\n`;
  };
}

/**
 * Writes about `megabytes` MB of articles of about `articleBytes` bytes each into `dir`
 * (article-NNNNNN.txt, 1,000 per subfolder). `latinOnly`: use only the Latin-script names.
 */
export function makeCorpus({ dir, megabytes, names, seed = 20161003, articleBytes = 4000, latinOnly = false }) {
  const target = Math.round(megabytes * 1024 * 1024);
  const pool = latinOnly ? names.filter(isLatinScript) : names;
  if (pool.length === 0) throw new Error('makeCorpus: no names to use');
  return cached(dir, (tmp) => {
    const article = newsWriter({ names: pool, seed, articleBytes });
    let written = 0;
    for (let n = 0; written < target; n++) written += writeSlot(slot(tmp, n, 'article'), article());
  });
}

const MAX_PROSE_CHARS = 12 * 1024;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Ordinary English prose from a Debian machine: the common licences, then, package by
 * package (sorted), each copyright file, README, NEWS and changelog (gunzipped), each as one
 * text of at most 12 K characters (cut at a line end, like an article rather than a book). Files that are not
 * UTF-8 text, and texts already seen, are left out. Yields { path, text }.
 */
export function* debianProse({ licences = '/usr/share/common-licenses', docs = '/usr/share/doc' } = {}) {
  const seen = new Set();
  const list = (d) => (existsSync(d) ? readdirSync(d).sort() : []);
  const paths = [...list(licences).map((f) => join(licences, f))];
  for (const pkg of list(docs)) {
    const d = join(docs, pkg);
    let names;
    try {
      names = statSync(d).isDirectory() ? readdirSync(d).sort() : [];
    } catch {
      continue;
    }
    for (const f of names) if (/^(copyright|README|NEWS|changelog)/i.test(f)) paths.push(join(d, f));
  }
  for (const path of paths) {
    let text;
    try {
      if (!lstatSync(path).isFile()) continue;
      let buf = readFileSync(path);
      if (path.endsWith('.gz')) buf = gunzipSync(buf);
      else if (/\.(bz2|xz|zst|html?|pdf)$/i.test(path)) continue;
      if (buf.includes(0)) continue;
      text = utf8.decode(buf);
    } catch {
      continue;
    }
    if (text.length > MAX_PROSE_CHARS) {
      const cut = text.lastIndexOf('\n', MAX_PROSE_CHARS - 1);
      text = text.slice(0, cut > 0 ? cut + 1 : MAX_PROSE_CHARS);
    }
    if (text.trim().length < 200) continue;
    const hash = createHash('sha1').update(text).digest('hex');
    if (seen.has(hash)) continue;
    seen.add(hash);
    yield { path, text };
  }
}

/**
 * The mixed archive: about `megabytes` MB in `dir`, prose texts (prose-NNNNNN.txt, from
 * `prose`, default debianProse()) with one generated news article (news-NNNNNN.txt, Latin-script
 * names) after every 19, so 5 % of the files are news. If the prose runs out first, the archive
 * is smaller (bench.js prints its size). Writes MANIFEST.tsv beside the texts: file, source.
 */
export function makeArchive({ dir, megabytes, names, seed = 20161004, newsEvery = 20, prose = debianProse(), articleBytes = 4000 }) {
  const target = Math.round(megabytes * 1024 * 1024);
  const pool = names.filter(isLatinScript);
  return cached(dir, (tmp) => {
    const article = newsWriter({ names: pool, seed, articleBytes });
    const manifest = ['file\tsource'];
    let written = 0;
    for (let n = 0; written < target; n++) {
      let file;
      if (n % newsEvery === newsEvery - 1) {
        file = slot(tmp, n, 'news');
        written += writeSlot(file, article());
        manifest.push(`${file.slice(tmp.length + 1)}\tgenerated (bench/corpus.js)`);
      } else {
        const next = prose.next();
        if (next.done) break;
        file = slot(tmp, n, 'prose');
        written += writeSlot(file, next.value.text);
        manifest.push(`${file.slice(tmp.length + 1)}\t${next.value.path}`);
      }
    }
    writeFileSync(join(tmp, 'MANIFEST.tsv'), `${manifest.join('\n')}\n`);
  });
}

const SYLLABLES = ('ba be da di fa ga gul ha ja ka kar kha la ma mir na nur pa qa ra sa sha ta wa ya za zar ab al an ar as az ' +
  'dar dost far hak jan kam lal man nas rah sad sul tor wal zai').split(' ');

/**
 * A synthetic lexicon of `aliases` aliases (four per entry: two-word name, surname, initial + surname, a
 * three-word variant), as YAML in the lexicon format, for throughput with a large gazetteer. Deterministic.
 */
export function makeLexicon({ file, aliases, seed = 1003 }) {
  if (existsSync(file)) return file;
  const rnd = mulberry32(seed);
  const word = () => {
    const n = 2 + Math.floor(rnd() * 2);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(rnd() * SYLLABLES.length)];
    return w[0].toUpperCase() + w.slice(1);
  };
  const lines = [
    '# Synthetic lexicon for the benchmark (bench/corpus.js): not real people.',
    'format: afghan-annotator/lexicon@1',
    'lexicon: synthetic-bench',
    'version: 1.0.0',
    'sources:',
    '  - { id: synthetic, title: Generated by bench/corpus.js, licence: CC0-1.0 }',
    'entries:',
  ];
  const entries = Math.ceil(aliases / 4);
  for (let i = 0; i < entries; i++) {
    const first = word();
    const last = word();
    const forms = [`${first} ${last}`, `${first} ${word()} ${last}`, `${first[0]}. ${last}`, `${last} ${word()}`];
    lines.push(
      `  - id: person.synthetic-${String(i).padStart(6, '0')}`,
      '    type: official',
      `    name: ${JSON.stringify(forms[0])}`,
      `    aliases: [${forms.map((f) => JSON.stringify(f)).join(', ')}]`,
      '    sources: [synthetic]',
    );
  }
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}
