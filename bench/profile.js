/**
 * The profile by stage: self time from a V8 CPU profile (`node --cpu-prof`), summed by the
 * source file of each function and grouped into pipeline stages. Grouping by file rather than
 * by calling exported stage functions keeps it working whatever dist/ exports, as long as the
 * files keep their folders (core/pipeline, core/context, core/output, node, cli); a file it
 * does not know is listed as "ours: other (FILE)". V8 builtins (no source file: RegExp,
 * String.prototype.normalize, JSON.stringify, ...) count for the function that called them.
 */
import { readFileSync } from 'node:fs';

/** [group, test on (url, functionName)], first match wins. */
const GROUPS = [
  ['garbage collection', (_u, f) => f === '(garbage collector)'],
  ['V8 (program, idle)', (_u, f) => f === '(program)' || f === '(idle)' || f === '(root)'],
  ['wink-nlp (tokenizer, sbd, its model)', (u) => /node_modules\/wink-/.test(u)],
  ['tokenize (our side of wink)', (u) => /dist\/core\/pipeline\/tokenize\.js/.test(u)],
  ['prefilter scan (a file named *scan*, *prefilter*, *skip*)', (u) => /dist\/core\/.*(scan|prefilter|skip)[^/]*\.js$/.test(u)],
  ['normalize, language', (u) => /dist\/core\/pipeline\/(normalize|arabic-affixes|language)\.js/.test(u)],
  ['match, variants, resolve (+ lexicon lookups)', (u) => /dist\/core\/(pipeline\/(match|variants|resolve)|lexicon\/)/.test(u)],
  ['context rules', (u) => /dist\/core\/context\//.test(u)],
  ['output records (annotate.js, offsets)', (u) => /dist\/core\/(annotate|confidence|pipeline\/offsets)\.js/.test(u)],
  ['serialize (JSON/YAML)', (u) => /dist\/core\/output\//.test(u)],
  ['hash (sha256)', (u) => /dist\/core\/pipeline\/read\.js/.test(u)],
  ['start-up (model and lexicon caches, index)', (u) => /dist\/node\/(wink-model-cache|load-index|lexicon\/)/.test(u)],
  ['CLI plumbing (inputs, outputs, batches, workers)', (u) => /dist\/(cli|node)\//.test(u)],
  ['bench loop (reading files)', (u) => /bench\/measure\.js/.test(u)],
  ['other packages (commander, yaml, ajv, ...)', (u) => /node_modules\//.test(u)],
  ['node internals (module loading, file I/O)', (u) => u === '' || u.startsWith('node:')],
];

/**
 * Self milliseconds by group of one .cpuprofile; `sort`ed by time. A sample's duration is
 * the delta to the next sample (the way Chrome's profiler counts it).
 */
export function profileByStage(file) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const groupOf = new Map();
  const parentOf = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const node of profile.nodes) {
    let { url, functionName } = node.callFrame;
    // A builtin: take its nearest caller that has a source file.
    if (url === '' && !functionName.startsWith('(')) {
      for (let up = parentOf.get(node.id); up !== undefined; up = parentOf.get(up)) {
        const frame = byId.get(up).callFrame;
        if (frame.url !== '') {
          url = frame.url;
          functionName = frame.functionName;
          break;
        }
      }
    }
    const hit = GROUPS.find(([, test]) => test(url, functionName));
    const short = url.replace(/^.*\/dist\//, 'dist/');
    groupOf.set(node.id, hit ? hit[0] : /dist\//.test(url) ? `ours: other (${short})` : `other (${short || functionName})`);
  }
  const ms = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const d = (timeDeltas[i + 1] ?? 0) / 1000;
    const g = groupOf.get(samples[i]);
    ms.set(g, (ms.get(g) ?? 0) + d);
  }
  const total = [...ms.values()].reduce((a, b) => a + b, 0);
  return {
    totalMs: total,
    groups: [...ms.entries()].map(([group, t]) => ({ group, ms: t, share: t / total })).sort((a, b) => b.ms - a.ms),
  };
}
