/**
 * npm run bench [-- --mb N] [-- --runs N] [-- --aliases N] [-- --corpus DIR]
 *
 * Prints throughput (MB/s, tokens/s) and peak RSS of `annotate` next to the baseline measured
 * in the same run on the same corpus: wink-nlp tokenization (with sentence boundaries) alone.
 * Then the CLI end to end with one thread, with --jobs 2, and with a synthetic lexicon of
 * 100,000 aliases added; and the cold start on one 5 KB article.
 *
 * The measurements are interleaved (one round of every measurement, then the next round), so
 * that a machine shared with other work slows them alike; the table gives the median round.
 * Besides wall-clock MB/s it gives MB per CPU-second for the one-thread rows, which other
 * processes on the machine hardly change. Trust the ratios, not the absolute figures.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileLexicons, loadLexicons } from '../dist/index.js';
import { makeCorpus, makeLexicon } from './corpus.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
};
const megabytes = Number(arg('mb', 20));
const runs = Number(arg('runs', 3));
const aliases = Number(arg('aliases', 100_000));

// Everything the benchmark writes goes beside the corpus (one file system, whatever /tmp is).
// Caveat: each CLI run's outputs are deleted right after it, and on these VMs creating files is
// several times slower for a while after a large folder is deleted; every CLI row pays for that.
const benchDir = join(root, '.bench');
mkdirSync(benchDir, { recursive: true });
const index = compileLexicons(loadLexicons());
const names = [...new Set(index.entries.flatMap((e) => e.entry.aliases.map((a) => (typeof a === 'string' ? a : a.form))))];
const corpus = arg('corpus', undefined) === undefined ? makeCorpus({ dir: join(benchDir, `corpus-${megabytes}mb`), megabytes, names }) : resolve(arg('corpus'));
const bigLexicon = makeLexicon({ file: join(benchDir, `lexicon-${aliases}.yaml`), aliases });
// The lexicon cache of these runs (the user's own is left alone).
const cacheHome = join(benchDir, 'cache');
const loadStart = loadavg()[0];

function inProcess(mode) {
  const out = execFileSync(process.execPath, [join(root, 'bench', 'measure.js'), mode, corpus], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return JSON.parse(out);
}

/** The CLI, timed by /usr/bin/time: wall seconds, CPU seconds of every thread, peak RSS. */
function timeCli(args) {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %M', process.execPath, join(root, 'bin', 'afghan-annotator.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, XDG_CACHE_HOME: cacheHome },
    maxBuffer: 1 << 26,
  });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`annotate failed: ${r.stderr}`);
  const [user, sys, rssKB] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { seconds, cpuSeconds: user + sys, maxRssMB: rssKB / 1024 };
}

/** The CLI over the whole corpus into a fresh output folder (so that nothing is skipped as up to date). */
function cli(extra, format = 'json') {
  const out = mkdtempSync(join(benchDir, 'out-'));
  try {
    return timeCli(['annotate', corpus, '--out-dir', out, '-f', format, '--quiet', ...extra]);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

// A 5 KB article for the cold start; first, one run with each lexicon set fills the lexicon
// cache, so that no measurement below pays for parsing YAML (that is the cold start without cache).
const scratch = mkdtempSync(join(benchDir, 'cold-'));
const small = join(scratch, 'one-article.txt');
writeFileSync(small, 'KABUL, 3 March (Wire) – '.padEnd(5 * 1024, ' Taliban fighters attacked Kunduz province, officials said.'));
timeCli(['annotate', small, '-f', 'json']);
timeCli(['annotate', small, '--lexicon', bigLexicon, '-f', 'json']);

const plan = {
  tok: () => inProcess('tokenize'),
  ann: () => inProcess('annotate'),
  cli1: () => cli(['--jobs', '1']),
  cli1yaml: () => cli(['--jobs', '1'], 'yaml'),
  cli2: () => cli(['--jobs', '2']),
  cli1big: () => cli(['--jobs', '1', '--lexicon', bigLexicon]),
  cli2big: () => cli(['--jobs', '2', '--lexicon', bigLexicon]),
  cold: () => timeCli(['annotate', small, '-f', 'json']),
  coldNoCache: () => timeCli(['annotate', small, '-f', 'json', '--no-lexicon-cache']),
};
const results = Object.fromEntries(Object.keys(plan).map((k) => [k, []]));
for (let round = 0; round < runs; round++) {
  for (const [name, run] of Object.entries(plan)) results[name].push(run());
  // Cold starts are short and noisy: two more of each per round.
  for (let i = 0; i < 2; i++) for (const name of ['cold', 'coldNoCache']) results[name].push(plan[name]());
}
rmSync(scratch, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const summary = (rs) => ({ ...rs[0], seconds: median(rs.map((r) => r.seconds)), cpuSeconds: median(rs.map((r) => r.cpuSeconds)), maxRssMB: Math.max(...rs.map((r) => r.maxRssMB)) });
const m = Object.fromEntries(Object.entries(results).map(([k, rs]) => [k, summary(rs)]));
const { tok, ann, cli1, cli2, cli1big, cli2big } = m;

const mb = tok.bytes / (1024 * 1024);
const fmt = (n, w, d = 2) => n.toFixed(d).padStart(w);
const row = (label, r, perCpu) =>
  `| ${label.padEnd(48)} | ${fmt(mb / r.seconds, 6)} | ${fmt(tok.tokens / r.seconds / 1e3, 7, 0)}k | ${fmt(tok.seconds / r.seconds, 5)} | ${perCpu ? fmt(mb / r.cpuSeconds, 7) : '      -'} | ${perCpu ? fmt(tok.cpuSeconds / r.cpuSeconds, 5) : '    -'} | ${fmt(r.maxRssMB, 6, 0)} |`;
const aliasesText = aliases.toLocaleString('en-US');
console.log(`corpus: ${corpus.replace(root, '')}: ${tok.files} files, ${mb.toFixed(1)} MB, ${tok.tokens} tokens (wink); ${ann.mentions} mentions; lexicons: ${index.entries.length} entries, ${index.aliasCount} aliases (+ ${aliasesText} synthetic)`);
console.log(
  `machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; median of ${runs} interleaved rounds; load average ${loadStart.toFixed(2)} at the start, ${loadavg()[0].toFixed(2)} at the end`,
);
console.log('');
console.log(`| ${'measurement'.padEnd(48)} |   MB/s | tokens/s | ratio | MB/cpu-s | ratio | RSS MB |`);
console.log(`|${'-'.repeat(50)}|-------:|---------:|------:|---------:|------:|-------:|`);
console.log(row('baseline: wink-nlp tokenize + sbd (in-process)', tok, true));
console.log(row('annotateText + JSON, 1 thread (in-process)', ann, true));
console.log(row('CLI annotate --out-dir --jobs 1 (end to end)', cli1, true));
console.log(row('CLI annotate --out-dir --jobs 1, YAML (default)', m.cli1yaml, true));
console.log(row('CLI annotate --out-dir --jobs 2', cli2, false));
console.log(row(`CLI --jobs 1, + ${aliasesText}-alias lexicon`, cli1big, true));
console.log(row(`CLI --jobs 2, + ${aliasesText}-alias lexicon`, cli2big, false));
console.log('');
console.log('ratio = throughput / baseline throughput (1.00 = as fast as tokenizing alone); MB/cpu-s = MB per CPU-second (all threads). CLI rows write JSON (-f json) unless they say YAML.');
const ms = (r) => `${(r.seconds * 1000).toFixed(0)} ms (RSS ${r.maxRssMB.toFixed(0)} MB)`;
console.log(`cold start, one 5 KB article (CLI, median of ${results.cold.length}): ${ms(m.cold)}; without the lexicon cache: ${ms(m.coldNoCache)}`);
console.log('');
console.log('targets (issue 5):');
const check = (label, value, target, ok) => console.log(`  ${ok ? 'met   ' : 'MISSED'}  ${label}: ${value} (target ${target})`);
const ratio = (a, b) => (b.seconds / a.seconds).toFixed(2);
const cpuRatio = (a, b) => (b.cpuSeconds / a.cpuSeconds).toFixed(2);
check('one thread / tokenization alone, in-process (wall | CPU)', `${ratio(ann, tok)} | ${cpuRatio(ann, tok)}`, '>= 0.80', tok.seconds / ann.seconds >= 0.8);
check('one thread / tokenization alone, CLI end to end (wall | CPU)', `${ratio(cli1, tok)} | ${cpuRatio(cli1, tok)}`, '>= 0.80', tok.seconds / cli1.seconds >= 0.8);
check('--jobs 2 / --jobs 1 (wall)', ratio(cli2, cli1), '>= 1.70', cli1.seconds / cli2.seconds >= 1.7);
const loss = (big, base) => `${((1 - base.seconds / big.seconds) * 100).toFixed(1)} % slower`;
check(`--jobs 2 with ${aliasesText} more aliases`, loss(cli2big, cli2), '<= 10 %', cli2.seconds / cli2big.seconds >= 0.9);
check(`--jobs 1 with ${aliasesText} more aliases`, loss(cli1big, cli1), '<= 10 %', cli1.seconds / cli1big.seconds >= 0.9);
check('cold start', `${(m.cold.seconds * 1000).toFixed(0)} ms`, '< 500 ms', m.cold.seconds < 0.5);
