/**
 * `afghan-annotator stats FILES|DIR`: counts per entity, type, province and file, and
 * entities that occur together in an article or a sentence. Tables on a terminal; JSON
 * when stdout is not a terminal; CSV (one section) with --csv.
 */
import { Option, type Command } from 'commander';
import { AnnotatorError, ExitCode } from '../core/errors.js';
import { computeStats, formatStatsCsv, formatStatsTables, STATS_SECTIONS, type StatsSection } from '../core/workflows/stats.js';
import { readAnnotationInputs } from '../node/annotation-files.js';
import { parseList, type CommandContext } from './command-context.js';

const STATS_HELP = `
Reads annotation files (folders are searched for *.ann.yaml, *.ann.json, *.ann.jsonl),
streams of documents (annotate -f jsonl > all.jsonl), or - for stdin.

Sections: type (mentions, distinct entities, files per type); entity (mentions and files
per entity, most mentioned first); province (province and place mentions per ISO code);
file (mentions per file); pairs (two entities in the same article: "articles" counts the
articles, "sentences" the sentences, where both occur; most frequent first).

Output: tables when stdout is a terminal (--top rows per section); JSON with every
section and every row otherwise (or with --json); --csv prints one section (--by, default
entity) as CSV with a header line. The order of rows is fixed: counts descending, then
ids in code-unit order; files in the order read (folders sorted).

Examples:
  $ afghan-annotator stats annotations/
  $ afghan-annotator stats annotations/ --csv --by province > provinces.csv
  $ afghan-annotator annotate -f jsonl corpus/ | afghan-annotator stats - --json | jq '.by_type'

Exit codes: 0 counted; 1 some file could not be read or is not a valid annotation (each
reported on stderr, the others counted); 2 usage error.`;

export function registerStats(program: Command, ctx: CommandContext): void {
  program
    .command('stats')
    .description('count mentions per entity, type, province and file, and entities that occur together')
    .argument('[files...]', 'annotation files, folders, or - for stdin', [])
    .option('--json', 'print JSON (the default when stdout is not a terminal)')
    .option('--csv', 'print one section as CSV (see --by)')
    .option('--table', 'print tables (the default on a terminal)')
    .option('--by <sections>', `sections for tables, or the one section for --csv (${STATS_SECTIONS.join(', ')})`)
    .addOption(new Option('--top <n>', 'rows per section in tables (0: all)').default('20'))
    .addHelpText('after', STATS_HELP)
    .action(async (files: string[], opts: Record<string, unknown>) => {
      const modes = (['json', 'csv', 'table'] as const).filter((m) => opts[m] === true);
      if (modes.length > 1) throw new AnnotatorError('AA401', `--${modes.join(' and --')} exclude each other`);
      if (files.length === 0) throw new AnnotatorError('AA402', 'no inputs: give annotation files, folders, or - for stdin');
      const top = Number(opts['top']);
      if (!Number.isInteger(top) || top < 0) throw new AnnotatorError('AA401', `--top must be a whole number >= 0, not "${String(opts['top'])}"`);
      const sections = opts['by'] === undefined ? undefined : parseList(String(opts['by']), STATS_SECTIONS, 'section');
      const mode = modes[0] ?? (ctx.io.stdout.isTTY === true ? 'table' : 'json');
      if (mode === 'csv' && sections !== undefined && sections.length !== 1) throw new AnnotatorError('AA401', '--csv prints one section: give one --by');

      const { inputs, failed } = await readAnnotationInputs(files, (e) => ctx.reportError(e), { readStdin: () => ctx.readStdin() });
      if (failed > 0) ctx.raise(ExitCode.inputErrors);
      const stats = computeStats(inputs);
      if (mode === 'json') await ctx.writeStdout(`${JSON.stringify(stats, null, 2)}\n`);
      else if (mode === 'csv') await ctx.writeStdout(formatStatsCsv(stats, (sections?.[0] ?? 'entity') as StatsSection));
      else await ctx.writeStdout(formatStatsTables(stats, sections ?? [...STATS_SECTIONS], top));
    });
}
