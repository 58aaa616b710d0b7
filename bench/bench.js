/**
 * npm run bench [-- --mb N] [-- --runs N] [-- --quick] [-- --only news,news-en,archive]
 *               [-- --corpus DIR] [-- --big-lexicon] [-- --aliases N] [-- --no-profile] [-- --no-cold]
 *
 * Throughput of this tool next to wink-nlp, the tokenizer it builds on, on three corpora
 * (bench/corpus.js, rebuilt from their recipe and cached under .bench/, about N MB each,
 * default 8):
 * - news: dense Afghan news, generated with every alias of the shipped lexicons, Arabic-script
 *   ones included, so every article is mixed-script (the corpus of issues 5 and 17);
 * - news-en: the same with only the Latin-script aliases: the plain English case;
 * - archive: a mixed archive, ordinary English prose from a Debian machine's own text files,
 *   one file per text, with 5 % (by files) English news articles.
 * On each corpus, in interleaved rounds (one round of every measurement on every corpus, then
 * the next; the table gives medians):
 * - in-process loops after set-up (bench/measure.js): wink `readDoc` with pipe ['sbd'] (the
 *   baseline), wink `learnCustomEntities` with our aliases (what a user writes instead), our
 *   `annotateText` + JSON;
 * - whole processes, start-up included, timed by /usr/bin/time (CPU of every thread): the
 *   wink ['sbd'] script (measure.js sbd), and the CLI: --jobs 1 JSON to --out-dir, --jobs 1
 *   -f jsonl to stdout (> /dev/null), --jobs 2 JSON, --jobs 1 YAML;
 * - two scans without a tokenizer, the floor for skipping text that cannot match: an
 *   Aho-Corasick loop over our aliases (measure.js aho) and `LC_ALL=C grep -F -o -i -f aliases`.
 * Then, once (unless --no-profile), the profile by stage (bench/profile.js, `node --cpu-prof`)
 * of annotateText on news and the archive and of the CLI on news; the cold start on one 5 KB
 * article (unless --no-cold); with --big-lexicon the CLI on news with a synthetic lexicon of
 * --aliases (100,000) more aliases; and the checks of issue 17 as PASS/MISS lines.
 * --quick: 1 MB, 1 round (a smoke run; its figures mean little).
 * Trust the ratios within one run, and MB per CPU-second, more than wall-clock MB/s. Each
 * timed run also records how many cores other processes kept busy meanwhile (/proc/stat):
 * the report gives it, and the --jobs check calls the machine quiet below 0.1 core.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileLexicons, loadLexicons } from '../dist/index.js';
import { makeArchive, makeCorpus, makeLexicon } from './corpus.js';
import { profileByStage } from './profile.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const arg = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i === -1 ? fallback : argv[i + 1];
};
const quick = flag('quick');
const megabytes = Number(arg('mb', quick ? 1 : 8));
const runs = Number(arg('runs', quick ? 1 : 3));
const aliases = Number(arg('aliases', 100_000));
const bigLexiconRows = flag('big-lexicon');
const profiling = !flag('no-profile');
const cold = !flag('no-cold');
const only = arg('only', 'news,news-en,archive').split(',');
if (!(megabytes > 0) || !(runs >= 1)) throw new Error('--mb and --runs take positive numbers');
if (!existsSync('/usr/bin/time')) throw new Error('bench needs /usr/bin/time (Debian package "time")');

// Everything the benchmark writes goes below .bench/ (one file system, whatever /tmp is).
// Caveat: each CLI run's outputs are deleted right after it, and on these VMs creating files is
// several times slower for a while after a large folder is deleted; every --out-dir row pays for that.
const benchDir = join(root, '.bench');
mkdirSync(benchDir, { recursive: true });
const index = compileLexicons(loadLexicons());
const names = [...new Set(index.entries.flatMap((e) => e.entry.aliases.map((a) => (typeof a === 'string' ? a : a.form))))];
const size = `${megabytes}mb`;
const CORPORA = {
  news: { label: 'dense Afghan news, mixed script (every alias)', build: (dir) => makeCorpus({ dir, megabytes, names }) },
  'news-en': { label: 'dense Afghan news, English only (Latin-script aliases)', build: (dir) => makeCorpus({ dir, megabytes, names, latinOnly: true }) },
  archive: { label: 'mixed archive (Debian prose, one file per text; 5 % of files news)', build: (dir) => makeArchive({ dir, megabytes, names }) },
};
const corpora =
  arg('corpus') !== undefined
    ? [{ key: 'custom', label: arg('corpus'), dir: resolve(arg('corpus')) }]
    : only.map((key) => {
        if (CORPORA[key] === undefined) throw new Error(`--only: unknown corpus ${key} (news, news-en, archive)`);
        process.stderr.write(`corpus ${key}: .bench/${key}-${size}\n`);
        return { key, label: CORPORA[key].label, dir: CORPORA[key].build(join(benchDir, `${key}-${size}`)) };
      });
const bigLexicon = bigLexiconRows ? makeLexicon({ file: join(benchDir, `lexicon-${aliases}.yaml`), aliases }) : undefined;
// The lexicon cache of these runs (the user's own is left alone).
const cacheHome = join(benchDir, 'cache');
const env = { ...process.env, XDG_CACHE_HOME: cacheHome };
const loadStart = loadavg();
const node = process.execPath;
const cliBin = join(root, 'bin', 'afghan-annotator.js');

/**
 * CPU seconds the whole machine has spent busy so far (every core: user, nice, system, irq,
 * softirq, steal from /proc/stat), or undefined where there is no /proc/stat.
 */
function machineBusySeconds() {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
    return (user + nice + system + irq + softirq + (steal ?? 0)) / 100; // USER_HZ
  } catch {
    return undefined;
  }
}

/**
 * One process timed by /usr/bin/time: wall seconds, CPU seconds of every thread, peak RSS;
 * stdout captured or sent to /dev/null. Node with `args`, or `command` (an argv) instead.
 * `otherCores`: how many cores other processes kept busy on average meanwhile (the machine's
 * busy time less this process's CPU, over the wall time): what "a quiet machine" means here,
 * measured rather than guessed from the load average, which the bench itself raises.
 */
function timed(args, { discardStdout = false, nodeOptions = [], command, okStatus = [0], extraEnv = {} } = {}) {
  const devNull = discardStdout ? openSync('/dev/null', 'w') : undefined;
  const busy0 = machineBusySeconds();
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %M', ...(command ?? [node, ...nodeOptions, ...args])], {
    encoding: 'utf8',
    env: { ...env, ...extraEnv },
    maxBuffer: 1 << 28,
    stdio: ['ignore', devNull ?? 'pipe', 'pipe'],
  });
  const seconds = (performance.now() - t0) / 1000;
  const busy1 = machineBusySeconds();
  if (devNull !== undefined) closeSync(devNull);
  if (!okStatus.includes(r.status)) throw new Error(`${(command ?? args).join(' ')} failed (${r.status}): ${r.stderr}`);
  const [user, sys, rssKB] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  const otherCores = busy0 === undefined || busy1 === undefined ? NaN : Math.max(0, busy1 - busy0 - (user + sys)) / seconds;
  return { seconds, cpuSeconds: user + sys, maxRssMB: rssKB / 1024, otherCores, stdout: r.stdout };
}

/** bench/measure.js MODE over a corpus: the in-process loop (`loop`) and the whole process. */
function measure(mode, dir) {
  const r = timed([join(root, 'bench', 'measure.js'), mode, dir]);
  const loop = JSON.parse(r.stdout);
  return { seconds: r.seconds, cpuSeconds: r.cpuSeconds, maxRssMB: r.maxRssMB, otherCores: r.otherCores, loop };
}

/** The CLI over a whole corpus: into a fresh --out-dir (so nothing is skipped as up to date), or -f jsonl to stdout > /dev/null. */
function cli(dir, format, jobs, extra = []) {
  const common = ['annotate', dir, '-f', format, '--quiet', '--jobs', String(jobs), ...extra];
  if (format === 'jsonl') return timed([cliBin, ...common], { discardStdout: true });
  const out = mkdtempSync(join(benchDir, 'out-'));
  try {
    return timed([cliBin, ...common, '--out-dir', out]);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

// A 5 KB article for the cold start; first, one run with each lexicon set fills the lexicon
// cache, so that no measurement below pays for parsing YAML (that is the cold start without cache).
const scratch = mkdtempSync(join(benchDir, 'cold-'));
const small = join(scratch, 'one-article.txt');
writeFileSync(small, 'KABUL, 3 March (Wire) – '.padEnd(5 * 1024, ' Taliban fighters attacked Kunduz province, officials said.'));
timed([cliBin, 'annotate', small, '-f', 'json']);
if (bigLexicon !== undefined) timed([cliBin, 'annotate', small, '--lexicon', bigLexicon, '-f', 'json']);

// The peers that scan without a tokenizer: our aliases, lower-cased, one a line, for grep -F.
const aliasFile = join(benchDir, 'aliases.txt');
writeFileSync(aliasFile, timed([join(root, 'bench', 'measure.js'), 'aliases']).stdout);
const grep = (dir) => timed([], { command: ['grep', '-F', '-o', '-i', '-r', '--include=*.txt', '-f', aliasFile, dir], discardStdout: true, okStatus: [0, 1], extraEnv: { LC_ALL: 'C' } });

/** The plan: name -> run, for every corpus, in the order of a round. */
const plan = [];
for (const c of corpora) {
  plan.push(
    [`${c.key}/sbd`, () => measure('sbd', c.dir)],
    [`${c.key}/cer`, () => measure('cer', c.dir)],
    [`${c.key}/ann`, () => measure('annotate', c.dir)],
    [`${c.key}/annNoScan`, () => measure('annotate-noscan', c.dir)],
    [`${c.key}/aho`, () => measure('aho', c.dir)],
    [`${c.key}/grep`, () => grep(c.dir)],
    [`${c.key}/cli1`, () => cli(c.dir, 'json', 1)],
    [`${c.key}/cli1jsonl`, () => cli(c.dir, 'jsonl', 1)],
    [`${c.key}/cli2`, () => cli(c.dir, 'json', 2)],
    [`${c.key}/cli1yaml`, () => cli(c.dir, 'yaml', 1)],
  );
  if (bigLexicon !== undefined && c.key === corpora[0].key) {
    plan.push([`${c.key}/cli1big`, () => cli(c.dir, 'json', 1, ['--lexicon', bigLexicon])], [`${c.key}/cli2big`, () => cli(c.dir, 'json', 2, ['--lexicon', bigLexicon])]);
  }
}
if (cold) plan.push(['cold', () => timed([cliBin, 'annotate', small, '-f', 'json'])], ['coldNoCache', () => timed([cliBin, 'annotate', small, '-f', 'json', '--no-lexicon-cache'])]);

const results = Object.fromEntries(plan.map(([k]) => [k, []]));
for (let round = 0; round < runs; round++) {
  process.stderr.write(`round ${round + 1} of ${runs}: `);
  for (const [name, run] of plan) {
    process.stderr.write(`${name} `);
    results[name].push(run());
  }
  process.stderr.write('\n');
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const summary = (rs) => ({
  seconds: median(rs.map((r) => r.seconds)),
  cpuSeconds: median(rs.map((r) => r.cpuSeconds)),
  maxRssMB: Math.max(...rs.map((r) => r.maxRssMB)),
  otherCores: median(rs.map((r) => r.otherCores)),
  ...(rs[0].loop === undefined
    ? {}
    : { loop: { ...rs[0].loop, seconds: median(rs.map((r) => r.loop.seconds)), cpuSeconds: median(rs.map((r) => r.loop.cpuSeconds)) } }),
});
const m = Object.fromEntries(Object.entries(results).map(([k, rs]) => [k, summary(rs)]));

// prefilter.v1, once per corpus, outside the rounds: the files it skips, and that every output
// is the same bytes with and without it.
const scanChecks = Object.fromEntries(corpora.map((c) => [c.key, JSON.parse(timed([join(root, 'bench', 'measure.js'), 'prefilter-check', c.dir]).stdout)]));

// The profile by stage, once, outside the rounds (profiling slows what it measures).
const profiles = [];
if (profiling) {
  const profDir = mkdtempSync(join(benchDir, 'prof-'));
  const profile = (label, args, opts = {}) => {
    const d = mkdtempSync(join(profDir, 'p-'));
    timed(args, { ...opts, nodeOptions: ['--cpu-prof', '--cpu-prof-dir', d] });
    // One .cpuprofile per thread; --jobs 1 and measure.js have one.
    const files = readdirSync(d).filter((f) => f.endsWith('.cpuprofile'));
    profiles.push({ label, ...profileByStage(join(d, files[0])) });
  };
  for (const c of corpora.filter((c) => c.key !== 'news-en')) profile(`annotateText + JSON, in-process, ${c.key}`, [join(root, 'bench', 'measure.js'), 'annotate', c.dir]);
  const c0 = corpora[0];
  profile(`CLI --jobs 1 -f jsonl > /dev/null, whole process, ${c0.key}`, [cliBin, 'annotate', c0.dir, '-f', 'jsonl', '--quiet', '--jobs', '1'], { discardStdout: true });
  rmSync(profDir, { recursive: true, force: true });
}
rmSync(scratch, { recursive: true, force: true });
const loadEnd = loadavg();

// ---- report ----
const fmt = (n, w, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : '-').padStart(w);
const la = (l) => l.map((x) => x.toFixed(2)).join(' ');
console.log(`afghan-annotator bench: ${runs} interleaved round(s), medians; ${quick ? 'QUICK (smoke run: figures indicative only); ' : ''}about ${megabytes} MB per corpus`);
console.log(
  `machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; load average (1, 5, 15 min) ${la(loadStart)} at the start, ${la(loadEnd)} at the end`,
);
{
  const all = Object.values(results).flat().map((r) => r.otherCores).filter(Number.isFinite);
  if (all.length > 0) console.log(`other processes during the timed runs: ${median(all).toFixed(2)} cores busy (median of ${all.length} runs; max ${Math.max(...all).toFixed(2)})`);
}
console.log(`lexicons: ${index.entries.length} entries, ${names.length} alias forms${bigLexicon === undefined ? '' : ` (+ ${aliases.toLocaleString('en-US')} synthetic with --big-lexicon)`}`);

const verdicts = [];
for (const c of corpora) {
  const r = (k) => m[`${c.key}/${k}`];
  const sbd = r('sbd');
  const ann = r('ann');
  const cer = r('cer');
  const mb = sbd.loop.bytes / 2 ** 20;
  console.log('');
  console.log(`## ${c.key}: ${c.label}`);
  console.log(
    `${c.dir.replace(root, '')}: ${sbd.loop.files} files, ${mb.toFixed(2)} MB, ${sbd.loop.tokens.toLocaleString('en-US')} wink tokens; annotate: ${ann.loop.mentions.toLocaleString('en-US')} mentions, ${((100 * ann.loop.emptyFiles) / ann.loop.files).toFixed(1)} % of files with none${ann.loop.proseFiles ? ` (prose files: ${((100 * ann.loop.emptyProse) / ann.loop.proseFiles).toFixed(1)} % of ${ann.loop.proseFiles})` : ''}; wink custom entities: ${cer.loop.mentions.toLocaleString('en-US')} (${cer.loop.patterns} patterns), ${((100 * cer.loop.emptyFiles) / cer.loop.files).toFixed(1)} % of files with none`,
  );
  console.log('');
  console.log(`| ${'measurement'.padEnd(60)} |   MB/s |  ratio | MB/cpu-s |  ratio | RSS MB |`);
  console.log(`|${'-'.repeat(62)}|-------:|-------:|---------:|-------:|-------:|`);
  // A run too short for /usr/bin/time's 10 ms resolution has no CPU figure ('-').
  const row = (label, x, base) =>
    console.log(
      `| ${label.padEnd(60)} | ${fmt(mb / x.seconds, 6)} | ${fmt(base.seconds / x.seconds, 6)} | ${fmt(mb / x.cpuSeconds, 8)} | ${fmt(base.cpuSeconds / x.cpuSeconds, 6)} | ${fmt(x.maxRssMB, 6, 0)} |`,
    );
  row("loop: wink readDoc, pipe ['sbd'] (baseline)", sbd.loop, sbd.loop);
  row('loop: wink learnCustomEntities, our aliases', cer.loop, sbd.loop);
  row('loop: annotateText + JSON', ann.loop, sbd.loop);
  row('loop: annotateText + JSON, prefilter.v1 off (every text to wink)', r('annNoScan').loop, sbd.loop);
  row('loop: Aho-Corasick over our aliases (no tokenizer)', r('aho').loop, sbd.loop);
  row("process: wink ['sbd'] script (baseline)", sbd, sbd);
  row('process: CLI --jobs 1 -f json --out-dir', r('cli1'), sbd);
  row('process: CLI --jobs 1 -f jsonl > /dev/null', r('cli1jsonl'), sbd);
  row('process: CLI --jobs 2 -f json --out-dir (CPU: all threads)', r('cli2'), sbd);
  row('process: CLI --jobs 1 -f yaml --out-dir', r('cli1yaml'), sbd);
  row('process: LC_ALL=C grep -F -o -i -r -f aliases', r('grep'), sbd);
  if (r('cli1big') !== undefined) {
    row(`process: CLI --jobs 1 -f json, + ${aliases.toLocaleString('en-US')} aliases`, r('cli1big'), sbd);
    row(`process: CLI --jobs 2 -f json, + ${aliases.toLocaleString('en-US')} aliases`, r('cli2big'), sbd);
  }
  const sc = scanChecks[c.key];
  console.log('');
  console.log(`prefilter.v1: ${sc.skipped} of ${sc.files} files never reach wink; outputs with and without it: ${sc.differ === 0 ? 'the same bytes' : `${sc.differ} DIFFER`}`);
  const cli1 = r('cli1');
  const cli2 = r('cli2');
  const yaml = r('cli1yaml');
  console.log('');
  console.log(
    `--jobs 2 / --jobs 1: ${(cli1.seconds / cli2.seconds).toFixed(2)}x the throughput, ${(cli2.cpuSeconds / cli1.cpuSeconds).toFixed(2)}x the CPU (other processes meanwhile: ${cli1.otherCores.toFixed(2)} and ${cli2.otherCores.toFixed(2)} cores, medians); YAML / JSON: ${(cli1.seconds / yaml.seconds).toFixed(2)} of the throughput (wall), ${(cli1.cpuSeconds / yaml.cpuSeconds).toFixed(2)} (CPU)`,
  );
  verdicts.push({ c, sbd, ann, cli1, cli2, jsonl: r('cli1jsonl') });
}
console.log('');
console.log('ratio = throughput / the baseline\'s in the same section (loop rows: the wink loop; process rows: the wink script as a whole process; 1.00 = as fast as wink). MB/cpu-s = MB per CPU-second, user + system, all threads.');
if (m.cold !== undefined) {
  const ms = (x) => `${(x.seconds * 1000).toFixed(0)} ms (RSS ${x.maxRssMB.toFixed(0)} MB)`;
  console.log(`cold start, one 5 KB article (CLI, median of ${results.cold.length}): ${ms(m.cold)}; without the lexicon cache: ${ms(m.coldNoCache)}`);
}

for (const p of profiles) {
  console.log('');
  console.log(`profile by stage: ${p.label} (self time, ${(p.totalMs / 1000).toFixed(1)} s sampled)`);
  for (const g of p.groups.filter((g) => g.share >= 0.005)) console.log(`  ${fmt(100 * g.share, 5, 1)} %  ${fmt(g.ms, 8, 0)} ms  ${g.group}`);
}

console.log('');
console.log(`checks of issue 17 (load average ${la(loadStart)} at the start, ${la(loadEnd)} at the end${quick ? '; QUICK run: indicative only' : ''}):`);
const check = (label, value, target, ok) => console.log(`  ${ok ? 'PASS' : 'MISS'}  ${label}: ${value.toFixed(2)} (target >= ${target})`);
for (const v of verdicts.filter((v) => v.c.key.startsWith('news') || v.c.key === 'custom')) {
  check(`${v.c.key}: annotateText + JSON / wink ['sbd'], loop CPU`, v.sbd.loop.cpuSeconds / v.ann.loop.cpuSeconds, 0.6, v.sbd.loop.cpuSeconds / v.ann.loop.cpuSeconds >= 0.6);
  check(`${v.c.key}: CLI --jobs 1 -f jsonl / wink ['sbd'] script, whole process CPU`, v.sbd.cpuSeconds / v.jsonl.cpuSeconds, 0.5, v.sbd.cpuSeconds / v.jsonl.cpuSeconds >= 0.5);
}
for (const v of verdicts.filter((v) => v.c.key === 'archive')) {
  check(`archive: CLI --jobs 1 -f jsonl / wink ['sbd'] script, whole process CPU`, v.sbd.cpuSeconds / v.jsonl.cpuSeconds, 5, v.sbd.cpuSeconds / v.jsonl.cpuSeconds >= 5);
}
for (const v of verdicts.filter((v) => v.c.key === 'news' || v.c.key === 'custom')) {
  // Quiet: other processes kept less than a tenth of a core busy during the --jobs runs (median).
  const others = Math.max(v.cli1.otherCores, v.cli2.otherCores);
  const quiet = others < 0.1 ? `quiet machine: others used ${others.toFixed(2)} cores` : `machine NOT quiet: others used ${others.toFixed(2)} cores, which --jobs 2 needed`;
  check(`${v.c.key}: --jobs 2 / --jobs 1, wall (${quiet})`, v.cli1.seconds / v.cli2.seconds, 1.75, v.cli1.seconds / v.cli2.seconds >= 1.75);
}
