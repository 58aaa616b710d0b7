/**
 * node bench/measure.js MODE DIR (or: node bench/measure.js aliases): one measurement in its own process, over the .txt files
 * below DIR (sorted), read one at a time. Prints one JSON line: the in-process loop after
 * set-up (wall and CPU seconds; set-up is model loading, index loading, pattern learning),
 * file and byte counts, tokens, mentions, files with no mention, peak RSS.
 *
 * Modes:
 * - sbd: wink-nlp `readDoc` with pipe ['sbd'], nothing of ours: the baseline. Run whole
 *   (bench.js times it with /usr/bin/time) it is also the whole-process wink script; it
 *   does not load our package then, so it pays no start-up of ours.
 * - cer: wink-nlp `learnCustomEntities` with the aliases of our built-in lexicons, pipe
 *   ['sbd', 'cer'], `doc.customEntities()` read out: what a user writes instead of this tool.
 * - annotate: our `annotateText` with the index the CLI builds, then serializeAnnotation to
 *   JSON (JSON.stringify if the package has no serializeAnnotation).
 * - annotate-noscan: the same with prefilter.v1 off (every text through wink-nlp).
 * - prefilter-check (not timed): each text annotated with and without prefilter.v1; prints
 *   how many files the scan skips and how many outputs differ (must be 0).
 * - aho: a plain Aho-Corasick scan for the same aliases (lower-cased, whole words), no
 *   tokenizer: what a scan that finds nothing costs, the floor for skipping text that cannot match.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

/** The .txt files below `d`, sorted, as the CLI takes them from a folder. */
function textFiles(d) {
  return readdirSync(d)
    .sort()
    .flatMap((n) => {
      const p = join(d, n);
      if (statSync(p).isDirectory()) return textFiles(p);
      return n.endsWith('.txt') ? [p] : [];
    });
}

/**
 * wink custom-entity examples from lexicon entries: one example per entry (named by its id),
 * one pattern per alias. Patterns are lower-cased (wink matches the tokens' normal form,
 * which is lower case, and an upper-case word in a pattern would be taken for a
 * part-of-speech or entity type such as NOUN or DATE) and lose wink's pattern syntax
 * characters ([ ] | ^), which no alias needs.
 */
function winkExamples(entries) {
  const examples = [];
  for (const e of entries) {
    const patterns = new Set();
    for (const a of e.entry.aliases) {
      const form = (typeof a === 'string' ? a : a.form).toLowerCase().replace(/[[\]|^]/g, ' ').replace(/\s+/g, ' ').trim();
      if (form !== '') patterns.add(form);
    }
    if (patterns.size > 0) examples.push({ name: e.id, patterns: [...patterns] });
  }
  return examples;
}

/** Lower-cased alias forms of lexicon entries, for the Aho-Corasick peer (and grep -F in bench.js). */
function aliasForms(entries) {
  const forms = new Set();
  for (const e of entries) for (const a of e.entry.aliases) forms.add((typeof a === 'string' ? a : a.form).toLowerCase());
  forms.delete('');
  return [...forms];
}

/** An Aho-Corasick automaton over UTF-16 code units; `count(text)` counts the matches that are whole words. */
function ahoCorasick(words) {
  const next = [new Map()];
  const fail = [0];
  const out = [0]; // length of the longest word ending here (via the output links: any)
  for (const w of words) {
    let s = 0;
    for (let i = 0; i < w.length; i++) {
      const c = w.charCodeAt(i);
      let t = next[s].get(c);
      if (t === undefined) {
        t = next.length;
        next.push(new Map());
        fail.push(0);
        out.push(0);
        next[s].set(c, t);
      }
      s = t;
    }
    out[s] = Math.max(out[s], w.length);
  }
  const queue = [...next[0].values()];
  for (let q = 0; q < queue.length; q++) {
    const s = queue[q];
    for (const [c, t] of next[s]) {
      let f = fail[s];
      while (f !== 0 && !next[f].has(c)) f = fail[f];
      const g = next[f].get(c);
      fail[t] = g !== undefined && g !== t ? g : 0;
      if (out[t] === 0) out[t] = out[fail[t]];
      queue.push(t);
    }
  }
  const wordChar = /[\p{L}\p{N}]/u;
  return (text) => {
    const lower = text.toLowerCase();
    let s = 0;
    let n = 0;
    for (let i = 0; i < lower.length; i++) {
      const c = lower.charCodeAt(i);
      while (s !== 0 && !next[s].has(c)) s = fail[s];
      s = next[s].get(c) ?? 0;
      const len = out[s];
      if (len > 0 && !wordChar.test(lower[i + 1] ?? ' ') && !wordChar.test(lower[i - len] ?? ' ')) n++;
    }
    return n;
  };
}

async function main() {
  const [mode, dir] = process.argv.slice(2);
  if (mode === 'aliases') {
    // The lower-cased alias forms, one a line, for grep -F -f (bench.js); no corpus.
    const { loadIndex } = await import('../dist/index.js');
    process.stdout.write(`${aliasForms(loadIndex({ cache: true }).entries).join('\n')}\n`);
    return;
  }
  const paths = textFiles(dir);
  let loop;
  let mentions = 0;
  let emptyFiles = 0;
  // In the mixed archive (bench/corpus.js makeArchive): the prose files, and those with no mention.
  let proseFiles = 0;
  let emptyProse = 0;
  let patterns;
  if (mode === 'sbd') {
    const nlp = winkNLP(model, ['sbd']);
    loop = (text) => nlp.readDoc(text).tokens().length();
  } else if (mode === 'cer') {
    const { loadIndex } = await import('../dist/index.js');
    const examples = winkExamples(loadIndex({ cache: true }).entries);
    patterns = examples.reduce((n, e) => n + e.patterns.length, 0);
    const nlp = winkNLP(model, ['sbd', 'cer']);
    nlp.learnCustomEntities(examples, { matchValue: false, usePOS: false, useEntity: false });
    loop = (text) => {
      const doc = nlp.readDoc(text);
      const found = doc.customEntities().out().length;
      mentions += found;
      if (found === 0) emptyFiles++;
      return doc.tokens().length();
    };
  } else if (mode === 'aho') {
    const { loadIndex } = await import('../dist/index.js');
    const forms = aliasForms(loadIndex({ cache: true }).entries);
    patterns = forms.length;
    const count = ahoCorasick(forms);
    loop = (text) => {
      const found = count(text);
      mentions += found;
      if (found === 0) emptyFiles++;
      return 0;
    };
  } else if (mode === 'annotate' || mode === 'annotate-noscan') {
    const lib = await import('../dist/index.js');
    const index = lib.loadIndex({ cache: true }); // as the CLI builds it (built-in lexicons and context rules)
    const serialize = typeof lib.serializeAnnotation === 'function' ? (a) => lib.serializeAnnotation(a, 'json') : (a) => JSON.stringify(a);
    // annotate-noscan: every text through wink and the whole pipeline (prefilter.v1 off).
    const options = mode === 'annotate-noscan' ? { prefilter: false } : {};
    loop = (text, path) => {
      const a = lib.annotateText(text, index, { path, ...options });
      serialize(a);
      mentions += a.mentions.length;
      if (a.mentions.length === 0) emptyFiles++;
      if (/[/\\]prose-\d+\.txt$/.test(path)) {
        proseFiles++;
        if (a.mentions.length === 0) emptyProse++;
      }
      return 0;
    };
  } else if (mode === 'prefilter-check') {
    // Not timed: every text annotated with and without prefilter.v1; the outputs must be the same bytes.
    const lib = await import('../dist/index.js');
    const index = lib.loadIndex({ cache: true });
    let skipped = 0;
    let differ = 0;
    for (const path of paths) {
      const text = readFileSync(path, 'utf8');
      const on = lib.serializeAnnotation(lib.annotateText(text, index, { path }), 'json');
      const off = lib.serializeAnnotation(lib.annotateText(text, index, { path, prefilter: false }), 'json');
      if (on !== off) differ++;
      if (lib.mayMention !== undefined && !lib.mayMention(text, index)) skipped++;
    }
    process.stdout.write(`${JSON.stringify({ mode, files: paths.length, skipped, differ })}\n`);
    return;
  } else {
    throw new Error(`unknown mode ${mode} (sbd, cer, annotate, annotate-noscan, aho, aliases, prefilter-check)`);
  }
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  let bytes = 0;
  let tokens = 0;
  for (const p of paths) {
    const buf = readFileSync(p);
    bytes += buf.length;
    tokens += loop(buf.toString('utf8'), p);
  }
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const out = { mode, files: paths.length, bytes, tokens, mentions, emptyFiles, seconds, cpuSeconds, maxRssMB: process.resourceUsage().maxRSS / 1024 };
  if (patterns !== undefined) out.patterns = patterns;
  if (proseFiles > 0) Object.assign(out, { proseFiles, emptyProse });
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

await main();
