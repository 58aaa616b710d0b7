/**
 * npm run bench [-- --mb N] [-- --runs N]
 *
 * Prints throughput (MB/s, tokens/s) and peak RSS of `annotate` next to the baseline measured
 * in the same run on the same corpus: wink-nlp tokenization (with sentence boundaries) alone.
 * Trust the ratios, not the absolute figures: on shared machines seconds drift between runs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileLexicons, loadLexicons } from '../dist/index.js';
import { makeCorpus } from './corpus.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const megabytes = arg('mb', 20);
const runs = arg('runs', 3);

const index = compileLexicons(loadLexicons());
const names = [...new Set(index.entries.flatMap((e) => e.entry.aliases.map((a) => (typeof a === 'string' ? a : a.form))))];
const corpus = makeCorpus({ dir: join(root, '.bench', `corpus-${megabytes}mb`), megabytes, names });

function measure(mode) {
  const out = execFileSync(process.execPath, [join(root, 'bench', 'measure.js'), mode, corpus], { encoding: 'utf8' });
  return JSON.parse(out);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function best(mode) {
  const all = Array.from({ length: runs }, () => measure(mode));
  const seconds = median(all.map((r) => r.seconds));
  return { ...all[0], seconds, maxRssMB: Math.max(...all.map((r) => r.maxRssMB)) };
}

function timeCli(args) {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, join(root, 'bin', 'afghan-annotator.js'), ...args], { encoding: 'utf8' });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`annotate failed: ${r.stderr}`);
  const rssKB = Number(r.stderr.trim().split('\n').pop());
  return { seconds, maxRssMB: rssKB / 1024 };
}

const tok = best('tokenize');
const ann = best('annotate');
// Outputs go beside the corpus: on these machines /tmp creates files 10x slower than /work.
const out = mkdtempSync(join(root, '.bench', 'out-'));
const cliRuns = Array.from({ length: runs }, () => timeCli(['annotate', corpus, '--out-dir', out, '-f', 'json', '--quiet']));
const cli = { seconds: median(cliRuns.map((r) => r.seconds)), maxRssMB: Math.max(...cliRuns.map((r) => r.maxRssMB)) };
const small = join(out, 'one-article.txt');
writeFileSync(small, 'KABUL, 3 March (Wire) – '.padEnd(5 * 1024, ' Taliban fighters attacked Kunduz province, officials said.'));
const cold = median(Array.from({ length: 5 }, () => timeCli(['annotate', small, '-f', 'json']).seconds));
rmSync(out, { recursive: true, force: true });

const mb = tok.bytes / (1024 * 1024);
const row = (label, r) => {
  const mbs = mb / r.seconds;
  return `| ${label.padEnd(44)} | ${mbs.toFixed(2).padStart(6)} | ${((tok.tokens / r.seconds) / 1e3).toFixed(0).padStart(8)}k | ${r.maxRssMB.toFixed(0).padStart(6)} | ${(tok.seconds / r.seconds).toFixed(2).padStart(5)} |`;
};
console.log(`corpus: ${tok.files} files, ${mb.toFixed(1)} MB, ${tok.tokens} tokens (wink); ${ann.mentions} mentions; lexicons: ${index.entries.length} entries, ${index.aliasCount} aliases`);
console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; median of ${runs} runs`);
console.log('');
console.log(`| ${'measurement'.padEnd(44)} |   MB/s |  tokens/s | RSS MB | ratio |`);
console.log(`|${'-'.repeat(46)}|-------:|----------:|-------:|------:|`);
console.log(row('baseline: wink-nlp tokenize + sbd (in-process)', tok));
console.log(row('annotateText + JSON, 1 thread (in-process)', ann));
console.log(row('CLI annotate --out-dir (end to end, 1 worker)', cli));
console.log('');
console.log(`cold start, one 5 KB article (CLI, median of 5): ${(cold * 1000).toFixed(0)} ms`);
console.log('ratio = throughput / baseline throughput (1.00 = as fast as tokenizing alone).');
