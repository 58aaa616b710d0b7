/**
 * One measurement in its own process (so peak RSS is its own): `tokenize` (the baseline:
 * wink-nlp tokenization with sentence boundaries, nothing of ours) or `annotate` (our whole
 * pipeline in one thread, with the index the CLI builds, serialization to JSON included).
 * Prints one JSON line.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { annotateText, serializeAnnotation } from '../dist/index.js';
import { loadIndex } from '../dist/index.js';

const [mode, dir] = process.argv.slice(2);

function files(d) {
  return readdirSync(d)
    .sort()
    .flatMap((n) => (statSync(join(d, n)).isDirectory() ? files(join(d, n)) : [join(d, n)]));
}

const paths = files(dir);
const start = performance.now();
const cpuStart = process.cpuUsage();
let bytes = 0;
let tokens = 0;
let mentions = 0;
if (mode === 'tokenize') {
  const nlp = winkNLP(model, ['sbd']);
  for (const p of paths) {
    const buf = readFileSync(p);
    bytes += buf.length;
    const doc = nlp.readDoc(buf.toString('utf8'));
    tokens += doc.tokens().length();
  }
} else if (mode === 'annotate') {
  const index = loadIndex({ cache: true }); // as the CLI builds it (built-in lexicons and context rules)
  for (const p of paths) {
    const buf = readFileSync(p);
    bytes += buf.length;
    const a = annotateText(buf.toString('utf8'), index, { path: p });
    serializeAnnotation(a, 'json');
    mentions += a.mentions.length;
  }
} else {
  throw new Error(`unknown mode ${mode}`);
}
const seconds = (performance.now() - start) / 1000;
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
process.stdout.write(`${JSON.stringify({ mode, files: paths.length, bytes, tokens, mentions, seconds, cpuSeconds, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
