/**
 * `afghan-annotator eval --gold FILE.jsonl`: precision, recall and F1 per type (exact span
 * and type), the share of location mentions attributed to the right province, and
 * entity-linking accuracy, on gold files in the annotation guide's format.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { annotateText } from '../core/annotate.js';
import { AnnotatorError, displayPath, exitCodeFor } from '../core/errors.js';
import { parseGold } from '../core/eval/gold.js';
import { score, type GoldDocument, type Score } from '../core/eval/score.js';
import type { PhraseIndex } from '../core/lexicon/compile.js';
import { ENTITY_TYPES } from '../core/lexicon/types.js';
import { detectLanguage } from '../core/pipeline/language.js';
import { addLexiconOptions, indexFromOptions, parseTypes, type CommandContext } from './command-context.js';

/** Read and check every gold file; report each problem on one line and score nothing if there is one. */
function readGold(paths: readonly string[], index: PhraseIndex, ctx: CommandContext): GoldDocument[] | undefined {
  const provinceCodes = new Set(index.entries.filter((e) => e.type === 'province').map((e) => e.id));
  const documents: GoldDocument[] = [];
  let failed = 0;
  for (const path of paths) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (cause) {
      ctx.reportError(new AnnotatorError('AA705', `cannot read gold file (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, { file: displayPath(path), cause }));
      failed++;
      continue;
    }
    const parsed = parseGold(text, displayPath(path), { provinceCodes });
    parsed.errors.forEach((e) => ctx.reportError(e));
    failed += parsed.errors.length;
    documents.push(...parsed.documents);
  }
  if (failed > 0) {
    ctx.raise(exitCodeFor('AA702'));
    return undefined;
  }
  return documents;
}

const pct = (x: number): string => x.toFixed(3);
/** A type with no gold mention and no output mention has no score: n/a, not 1.000. */
const empty = (v: { tp: number; fp: number; fn: number }): boolean => v.tp + v.fp + v.fn === 0;

export function formatScoreTable(s: Score): string {
  const lines = ['| type | P | R | F1 | tp | fp | fn |', '|---|---:|---:|---:|---:|---:|---:|'];
  for (const t of ENTITY_TYPES) {
    const v = s.byType[t];
    const [p, r, f] = empty(v) ? ['n/a', 'n/a', 'n/a'] : [pct(v.precision), pct(v.recall), pct(v.f1)];
    lines.push(`| ${t} | ${p} | ${r} | ${f} | ${v.tp} | ${v.fp} | ${v.fn} |`);
  }
  const a = s.all;
  const [ap, ar, af] = empty(a) ? ['n/a', 'n/a', 'n/a'] : [pct(a.precision), pct(a.recall), pct(a.f1)];
  lines.push(`| all | ${ap} | ${ar} | ${af} | ${a.tp} | ${a.fp} | ${a.fn} |`);
  const pa = s.provinceAccuracy;
  lines.push('');
  lines.push(`province attribution (found province/place mentions with the gold province): ${pa.correct}/${pa.total}${pa.total > 0 ? ` = ${pct(pa.correct / pa.total)}` : ''}`);
  const la = s.linking;
  lines.push(`entity linking (found armed_group/official mentions with the gold name): ${la.correct}/${la.total}${la.total > 0 ? ` = ${pct(la.correct / la.total)}` : ''}`);
  return `${lines.join('\n')}\n`;
}

const GOLD_HELP = `
Gold format (schema/gold.schema.json; \`afghan-annotator schema gold\` prints it): JSON Lines,
one document a line:
  {"id": "a1", "text": "Fighting in Kunduz.", "mentions": [{"start": 12, "end": 18,
   "text": "Kunduz", "type": "province", "province": "AF-KDZ", "ambiguous": false}]}
id, text and mentions are required; each mention needs start, end (0-based code points,
end exclusive), text (exactly the document's text at those offsets) and type (province,
place, armed_group, official); province (a loaded province's id) on province and place
mentions and name (the canonical name) on armed_group and official mentions are scored
when given. Every bad line is reported (error[AA7xx] FILE:LINE: ...) and nothing is scored
(exit 2). A type with no gold and no found mention scores n/a.

Examples:
  afghan-annotator eval --gold dev.gold.jsonl
  afghan-annotator eval --gold dev.gold.jsonl --misses --types province,place
`;

export function registerEval(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('eval')
    .description('score the annotator against gold annotations (JSON Lines in the annotation guide format)')
    .requiredOption('--gold <file...>', 'gold JSON Lines file(s)')
    .option('--json', 'print the scores as JSON')
    .option('--misses', 'also list missed and spurious mentions')
    .option('--types <list>', 'score only these types')
    .addHelpText('after', GOLD_HELP);
  addLexiconOptions(cmd).action(async (opts: Record<string, unknown>) => {
    const index = indexFromOptions(opts, ctx.io.env);
    const types = parseTypes(opts['types']);
    const docs = readGold(opts['gold'] as string[], index, ctx);
    if (docs === undefined) return;
    const pairs = docs.map((gold) => {
      const a = annotateText(gold.text, index, { path: gold.id, ...(types === undefined ? {} : { types }) });
      return {
        gold: types === undefined ? gold : { ...gold, mentions: gold.mentions.filter((m) => types.includes(m.type)) },
        predicted: a.mentions,
      };
    });
    const s = score(pairs);
    // Per-language scores: the gold document's `lang`, else the language detected in its text.
    const byLanguage = new Map<string, typeof pairs>();
    docs.forEach((gold, i) => {
      const lang = gold.lang ?? detectLanguage(gold.text);
      byLanguage.set(lang, [...(byLanguage.get(lang) ?? []), pairs[i]!]);
    });
    const languages = [...byLanguage.keys()].sort();
    const perLanguage = languages.length > 1 ? Object.fromEntries(languages.map((l) => [l, score(byLanguage.get(l)!)])) : undefined;
    if (opts['json'] === true) {
      // A type with no gold and no found mention has no score: null, as the table says n/a.
      const unscored = { precision: null, recall: null, f1: null };
      const scored = (v: { byType: typeof s.byType; all: typeof s.all }) => ({
        byType: Object.fromEntries(Object.entries(v.byType).map(([t, x]) => [t, empty(x) ? { ...x, ...unscored } : x])),
        all: empty(v.all) ? { ...v.all, ...unscored } : v.all,
      });
      const { byType, all } = scored(s);
      const out = opts['misses'] === true ? { ...s, byType, all } : { ...s, byType, all, misses: undefined, spurious: undefined };
      const langs =
        perLanguage === undefined
          ? {}
          : { languages: Object.fromEntries(Object.entries(perLanguage).map(([l, v]) => [l, { ...scored(v), provinceAccuracy: v.provinceAccuracy, linking: v.linking }])) };
      await ctx.writeStdout(`${JSON.stringify({ documents: docs.length, ...out, ...langs }, null, 2)}\n`);
      return;
    }
    let text = `${docs.length} document(s)\n\n${formatScoreTable(s)}`;
    if (perLanguage !== undefined) {
      for (const l of languages) text += `\nlanguage ${l} (${byLanguage.get(l)!.length} document(s))\n\n${formatScoreTable(perLanguage[l]!)}`;
    }
    if (opts['misses'] === true) {
      text += '\nmissed (in gold, not found with that span and type):\n';
      for (const m of s.misses) text += `  ${m.doc}\t${m.gold.start}-${m.gold.end}\t${m.gold.type}\t${JSON.stringify(m.gold.text)}\n`;
      text += '\nspurious (found, not in gold with that span and type):\n';
      for (const m of s.spurious) text += `  ${m.doc}\t${m.predicted.start}-${m.predicted.end}\t${m.predicted.type}\t${JSON.stringify(m.predicted.text)}\n`;
    }
    await ctx.writeStdout(text);
  });
}
