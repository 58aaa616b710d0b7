/**
 * `afghan-annotator diff OLD NEW`: compare two folders of annotation files (say, before and
 * after a lexicon or version change): gained, lost and changed mentions per entity type
 * and per entity, with totals. Tables on a terminal, JSON otherwise (or as asked).
 */
import { statSync } from 'node:fs';
import type { Command } from 'commander';
import { AnnotatorError, ExitCode, displayPath } from '../core/errors.js';
import { diffAnnotations, formatDiffTables, type DiffPair } from '../core/workflows/diff.js';
import type { Annotation } from '../core/output/contract.js';
import { findAnnotationFiles, loadAnnotationFile } from '../node/annotation-files.js';
import type { CommandContext } from './command-context.js';

const DIFF_HELP = `
OLD and NEW are two folders of annotation files (*.ann.yaml, *.ann.json, *.ann.jsonl,
searched recursively) or two annotation files. Files are paired by their path relative
to their folder, without the .ann.* extension (so a YAML and a JSON annotation of the same
article pair up); a file that holds several documents (a JSON Lines stream) pairs its
documents by source.path. Mentions are matched by span: gained (new span), lost (span
gone), changed (same span, another type, entity or province). A changed mention counts
under both the old and the new entity (and type) when they differ; the totals count it
once. Mentions of files that exist on one side only count as gained or lost.

Output: tables when stdout is a terminal, JSON otherwise; --json or --table to choose.
JSON: {old, new, files: {compared, changed, only_old, only_new}, totals, by_type,
by_entity, by_file, changes: [{file, change, start, end, text, old, new}]}, every list in
a fixed order (types in schema order, entities by id, changes in file and text order).

Examples:
  $ afghan-annotator annotate corpus/ -o before/
  $ afghan-annotator annotate corpus/ -o after/ --lexicon my-places.yaml
  $ afghan-annotator diff before/ after/
  $ afghan-annotator diff before/ after/ --json | jq '.by_entity[] | select(.gained > 0)'

Exit codes: 0 compared (differences or not; with --exit-code: 0 only when there are no
differences, 1 when there are); 1 an annotation file could not be read; 2 usage error.`;

interface Side {
  docs: Map<string, Annotation>;
  failed: number;
}

async function readSide(root: string, ctx: CommandContext): Promise<Side> {
  const docs = new Map<string, Annotation>();
  let failed = 0;
  const isFile = (() => {
    try {
      return !statSync(root).isDirectory();
    } catch {
      return false;
    }
  })();
  for await (const found of findAnnotationFiles([root])) {
    if (!found.ok) {
      failed++;
      ctx.reportError(found.error);
      continue;
    }
    try {
      const loaded = loadAnnotationFile(found.file.path);
      const stem = isFile ? '' : found.file.stem;
      for (const { annotation } of loaded) {
        const key = loaded.length === 1 ? stem : `${stem}${stem === '' ? '' : ':'}${annotation.source.path}`;
        if (docs.has(key)) {
          failed++;
          ctx.reportError(new AnnotatorError('AA507', `a second annotation for "${key}" (another format of the same file?); skipped`, { file: displayPath(found.file.path) }));
          continue;
        }
        docs.set(key, annotation);
      }
    } catch (error) {
      if (!(error instanceof AnnotatorError)) throw error;
      failed++;
      ctx.reportError(error);
    }
  }
  return { docs, failed };
}

export function registerDiff(program: Command, ctx: CommandContext): void {
  program
    .command('diff')
    .description('compare two folders of annotation files: gained, lost and changed mentions per type and entity')
    .argument('<old>', 'folder (or file) of the old annotations')
    .argument('<new>', 'folder (or file) of the new annotations')
    .option('--json', 'print JSON (the default when stdout is not a terminal)')
    .option('--table', 'print tables (the default on a terminal)')
    .option('--exit-code', 'exit 1 when there are differences')
    .addHelpText('after', DIFF_HELP)
    .action(async (oldRoot: string, newRoot: string, opts: Record<string, unknown>) => {
      if (opts['json'] === true && opts['table'] === true) throw new AnnotatorError('AA401', '--json and --table exclude each other');
      const before = await readSide(oldRoot, ctx);
      const after = await readSide(newRoot, ctx);
      if (before.failed + after.failed > 0) ctx.raise(ExitCode.inputErrors);
      const keys = [...new Set([...before.docs.keys(), ...after.docs.keys()])].sort();
      const pairs: DiffPair[] = keys.map((file) => {
        const o = before.docs.get(file);
        const n = after.docs.get(file);
        return { file: file === '' ? displayPath(newRoot) : file, ...(o === undefined ? {} : { old: o }), ...(n === undefined ? {} : { new: n }) };
      });
      const report = diffAnnotations(pairs);
      const json = opts['json'] === true || (opts['table'] !== true && ctx.io.stdout.isTTY !== true);
      if (json) await ctx.writeStdout(`${JSON.stringify({ old: oldRoot, new: newRoot, ...report }, null, 2)}\n`);
      else await ctx.writeStdout(formatDiffTables(report, { old: displayPath(oldRoot), new: displayPath(newRoot) }));
      const t = report.totals;
      if (opts['exitCode'] === true && t.gained + t.lost + t.changed > 0) ctx.raise(ExitCode.inputErrors);
    });
}
