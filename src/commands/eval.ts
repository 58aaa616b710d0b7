/**
 * `afghan-annotator eval --gold FILE.jsonl`: precision, recall and F1 per type (exact span
 * and type), the share of location mentions attributed to the right province, and
 * entity-linking accuracy, on gold files in the annotation guide's format.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { annotateText } from '../annotate.js';
import { AnnotatorError, displayPath } from '../errors.js';
import { score, type GoldDocument, type Score } from '../eval/score.js';
import { ENTITY_TYPES } from '../lexicon/types.js';
import { detectLanguage } from '../pipeline/language.js';
import { addLexiconOptions, indexFromOptions, parseTypes, type CommandContext } from './context.js';

function readGold(path: string): GoldDocument[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new AnnotatorError('AA101', `cannot read gold file (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, { file: displayPath(path), cause });
  }
  return text
    .split('\n')
    .map((line, i) => [line, i] as const)
    .filter(([line]) => line.trim() !== '')
    .map(([line, i]) => {
      try {
        return JSON.parse(line) as GoldDocument;
      } catch (cause) {
        throw new AnnotatorError('AA401', `line ${i + 1} is not JSON`, { file: displayPath(path), cause });
      }
    });
}

const pct = (x: number): string => x.toFixed(3);

export function formatScoreTable(s: Score): string {
  const lines = ['| type | P | R | F1 | tp | fp | fn |', '|---|---:|---:|---:|---:|---:|---:|'];
  for (const t of ENTITY_TYPES) {
    const v = s.byType[t];
    lines.push(`| ${t} | ${pct(v.precision)} | ${pct(v.recall)} | ${pct(v.f1)} | ${v.tp} | ${v.fp} | ${v.fn} |`);
  }
  const a = s.all;
  lines.push(`| all | ${pct(a.precision)} | ${pct(a.recall)} | ${pct(a.f1)} | ${a.tp} | ${a.fp} | ${a.fn} |`);
  const pa = s.provinceAccuracy;
  lines.push('');
  lines.push(`province attribution (found province/place mentions with the gold province): ${pa.correct}/${pa.total}${pa.total > 0 ? ` = ${pct(pa.correct / pa.total)}` : ''}`);
  const la = s.linking;
  lines.push(`entity linking (found armed_group/official mentions with the gold name): ${la.correct}/${la.total}${la.total > 0 ? ` = ${pct(la.correct / la.total)}` : ''}`);
  return `${lines.join('\n')}\n`;
}

export function registerEval(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('eval')
    .description('score the annotator against gold annotations (JSON Lines in the annotation guide format)')
    .requiredOption('--gold <file...>', 'gold JSON Lines file(s)')
    .option('--json', 'print the scores as JSON')
    .option('--misses', 'also list missed and spurious mentions')
    .option('--types <list>', 'score only these types');
  addLexiconOptions(cmd).action(async (opts: Record<string, unknown>) => {
    const index = indexFromOptions(opts);
    const types = parseTypes(opts['types']);
    const docs = (opts['gold'] as string[]).flatMap(readGold);
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
      const out = opts['misses'] === true ? s : { ...s, misses: undefined, spurious: undefined };
      const langs = perLanguage === undefined ? {} : { languages: Object.fromEntries(Object.entries(perLanguage).map(([l, v]) => [l, { byType: v.byType, all: v.all, provinceAccuracy: v.provinceAccuracy, linking: v.linking }])) };
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
