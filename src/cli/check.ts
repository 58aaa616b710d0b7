/**
 * `afghan-annotator check <inputs> --out-dir DIR`: annotate again and compare with the
 * annotation files in DIR (the ones `annotate --out-dir DIR` wrote). The command a corpus
 * repository runs in CI: exit 0 when every file is up to date, 1 on drift. The report is
 * this command's data, so it goes to stdout; errors go to stderr. `--update` rewrites the
 * files that drifted (atomically).
 */
import { statSync } from 'node:fs';
import { Option, type Command } from 'commander';
import type { ChalkInstance } from 'chalk';
import { AnnotatorError, ExitCode, displayPath } from '../core/errors.js';
import { findInputs } from '../node/inputs.js';
import { FORMATS, OUTPUT_EXTENSION, type Format } from '../core/output/serialize.js';
import { OutputTargets } from '../node/output/targets.js';
import type { AnnotationComparison, MentionChange } from '../core/workflows/compare.js';
import { CHECK_STATUSES, type CheckStatus } from '../node/batch/types.js';
import { runJobs, type CheckFound } from '../node/run.js';
import { addAnnotateOptions, addBatchOptions, annotateSettings, batchSelection, runTuning } from './annotate.js';
import { addLexiconOptions, indexFromOptions, indexOptions, parseTypes, type ColorMode, type CommandContext } from './command-context.js';

/** Per file, at most this many mention changes are listed (all with --all). */
const MAX_CHANGES = 10;

const CHECK_HELP = `
Annotates the inputs exactly as \`annotate --out-dir DIR\` does (same options: --format,
--lexicon, --no-builtin-lexicons, --types, --min-confidence, --date, --explain,
--no-variants, --ext, --include, --input, --date-field; give the same paths, since source.path is part of the
file; the options that change what is found are recorded in annotator.options) and compares each result with DIR/<stem>.ann.<format>.
Like annotate, folder walks leave out DIR, the files the tool writes (*.ann.yaml,
*.ann.json, *.ann.jsonl, *.ann, *.w3c.jsonld) and folders written by export; - reads
standard input (compared with DIR/stdin.ann.<format>, as annotate - writes it).
--update writes nothing through a symbolic link that leads out of DIR (AA110, exit 1).
With --input jsonl, the inputs are JSON Lines records as \`annotate --input jsonl\` wrote
them (standard input if none is given): each record's text is annotated again and
compared with its "annotation" field (no --out-dir, no --update).
Mentions are matched by span: "gained" (new span), "lost" (span gone), "changed" (same
span, another type, entity or province); a lost and a gained mention with the same text
and meaning, in the same order, are one "shifted" mention (text was inserted or removed
before it: "> shifted 12-18 -> 44-50"), listed after the other changes. A file whose only difference is the annotator
stamp (tool version, policies, lexicon versions and hashes) is reported as "stamp".

The report is the data of this command: it is printed on stdout, one line per file (or
record) that is not up to date (drift, stamp, missing, invalid, extra) with its mention
changes indented below, then a summary line; it is the same whatever --jobs. Errors go
to stderr, as annotate reports them (same codes); one bad input never stops the check.
"extra" files (annotation files in DIR that no input writes) are looked for only when
every input is a folder; --update never deletes them.

Examples:
  $ afghan-annotator check corpus/ --out-dir annotations/
  $ afghan-annotator check corpus/ --out-dir annotations/ --update --jobs 4
  $ afghan-annotator check corpus/ -o annotations/ -f json --lexicon my-places.yaml
  $ afghan-annotator check corpus/ -o annotations/ --shard 3/8   # one of 8 array-job tasks
  $ afghan-annotator check --input jsonl annotated.jsonl

Exit codes: 0 every annotation file is up to date (or was updated with --update);
1 drift, missing, invalid or extra files, or an input (or record) could not be read;
2 usage or lexicon error; 3 an annotation file could not be written (--update).`;

function describeChange(c: MentionChange, chalk: ChalkInstance): string {
  const id = (m: MentionChange['old']): string => (m === undefined ? '' : `${m.type} ${m.entity}${m.province !== undefined && m.province !== m.entity ? ` (${m.province})` : ''}`);
  const span = `${c.start}-${c.end} ${JSON.stringify(c.text)}`;
  switch (c.change) {
    case 'gained':
      return `  ${chalk.green('+ gained ')} ${span}: ${id(c.new)}`;
    case 'lost':
      return `  ${chalk.red('- lost   ')} ${span}: ${id(c.old)}`;
    case 'changed':
      return `  ${chalk.yellow('~ changed')} ${span}: ${id(c.old)} -> ${id(c.new)}`;
    case 'shifted':
      return `  ${chalk.cyan('> shifted')} ${c.from!.start}-${c.from!.end} -> ${span}: ${id(c.new)}`;
  }
}

function summaryOf(c: AnnotationComparison): string {
  const parts: string[] = [];
  const m = c.mentions;
  if (m.gained + m.lost + m.changed > 0) parts.push(`${m.gained} gained, ${m.lost} lost, ${m.changed} changed`);
  if (m.shifted > 0) parts.push(`${m.shifted} shifted (same mention, moved by an edit before it)`);
  if (c.source.length > 0) parts.push(`source ${c.source.join(', ')} changed`);
  if (m.detailFields.length > 0) parts.push(`mention details changed (${m.detailFields.join(', ')})`);
  if (c.entities && m.gained + m.lost + m.changed + m.shifted === 0) parts.push('entity records changed');
  if (c.stamp.length > 0) parts.push(`stamp: ${c.stamp.join('; ')}`);
  return parts.length > 0 ? parts.join('; ') : 'differs';
}

/** The report lines of one verdict ('' when up to date). */
function reportLines(found: CheckFound, update: boolean, all: boolean, out: ChalkInstance): string {
  const v = found.verdict;
  if (v.status === 'ok') return '';
  const label = (word: string, colour: (s: string) => string): string => colour(word.padEnd(8));
  const head =
    found.record === undefined ? `${displayPath(found.target!)} (${displayPath(found.input)})` : `${displayPath(found.record.file)}:${found.record.line} (${displayPath(found.input)})`;
  const lines: string[] = [];
  switch (v.status) {
    case 'missing':
      lines.push(`${update ? label('created', out.green) : label('missing', out.red)} ${head}: no annotation ${found.record === undefined ? 'file' : 'field'}; ${found.mentions} mention(s)`);
      break;
    case 'invalid':
      lines.push(`${update ? label('updated', out.green) : label('invalid', out.red)} ${head}: ${v.reason ?? 'cannot be read'}`);
      break;
    case 'stamp':
      lines.push(`${update ? label('updated', out.green) : label('stamp', out.cyan)} ${head}: only the annotator stamp differs: ${v.comparison!.stamp.join('; ')}`);
      break;
    case 'drift': {
      const c = v.comparison!;
      lines.push(`${update ? label('updated', out.green) : label('drift', out.yellow)} ${head}: ${summaryOf(c)}`);
      // What really changed first; mentions that only moved after it.
      const changes = [...c.mentions.changes.filter((x) => x.change !== 'shifted'), ...c.mentions.changes.filter((x) => x.change === 'shifted')];
      const shown = all ? changes : changes.slice(0, MAX_CHANGES);
      for (const change of shown) lines.push(describeChange(change, out));
      if (shown.length < changes.length) lines.push(`  … ${changes.length - shown.length} more (--all lists every change)`);
      break;
    }
  }
  return `${lines.join('\n')}\n`;
}

export function registerCheck(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('check')
    .description('annotate again and compare with the annotation files in DIR (or records\' annotations): exit 1 on drift (for CI)')
    .argument('[paths...]', 'files, folders or - for stdin, as given to annotate', [])
    .option('-o, --out-dir <dir>', 'the folder of annotation files to compare with (as written by annotate --out-dir); required unless --input jsonl')
    .addOption(new Option('-f, --format <format>', 'format of the annotation files').choices([...FORMATS]).default('yaml'))
    .option('--update', 'rewrite the files that are not up to date (atomically)')
    .option('--ignore-stamp', 'treat files whose only difference is the annotator stamp as up to date')
    .option('--all', `list every mention change (default: the first ${MAX_CHANGES} per file)`);
  addBatchOptions(addAnnotateOptions(addLexiconOptions(cmd)), {
    text: 'one document per file, compared with DIR',
    jsonl: 'JSON Lines records as annotate --input jsonl wrote them, each compared with its "annotation"',
  })
    .option('-q, --quiet', 'print only the files that are not up to date (no summary line)')
    .addOption(new Option('--color <when>', 'colour (auto: only on a terminal, NO_COLOR unset)').choices(['auto', 'always', 'never']).default('auto'))
    .addHelpText('after', CHECK_HELP)
    .action(async (paths: string[], opts: Record<string, unknown>, command: Command) => {
      const mode = opts['color'] as ColorMode;
      ctx.useColor(mode);
      const out = ctx.makeChalk(mode, ctx.io.stdout);
      const { input, jobs, shard, dateField, extensions, include } = batchSelection(opts, command);
      const update = opts['update'] === true;
      if (input === 'jsonl') {
        if (opts['outDir'] !== undefined) throw new AnnotatorError('AA401', "--out-dir cannot be used with --input jsonl (each record is compared with its own \"annotation\")");
        if (update) throw new AnnotatorError('AA401', '--update cannot be used with --input jsonl: annotate the records again with annotate --input jsonl');
        if (command.getOptionValueSource('format') === 'cli' && opts['format'] !== 'jsonl') throw new AnnotatorError('AA401', '--input jsonl reads JSON Lines records: --format must be jsonl');
      } else {
        if (opts['outDir'] === undefined) throw new AnnotatorError('AA401', 'check needs --out-dir DIR, the folder of annotation files to compare with (or --input jsonl for records)');
        if (paths.length === 0) throw new AnnotatorError('AA402', 'no inputs: give the files or folders that were annotated, or - for stdin');
      }
      const settings = annotateSettings(opts, parseTypes(opts['types']));
      const index = indexFromOptions(opts, ctx.io.env);
      const format: Format = input === 'jsonl' ? 'jsonl' : (opts['format'] as Format);
      const outDir = opts['outDir'] === undefined ? undefined : String(opts['outDir']);
      const targets = outDir === undefined ? undefined : new OutputTargets(outDir, format);
      const all = opts['all'] === true;

      const result = await runJobs({
        inputs: paths,
        input,
        index,
        indexOptions: indexOptions(opts, ctx.io.env),
        tuning: runTuning(ctx.io.env),
        format,
        jobs,
        ...(outDir === undefined ? {} : { outDir, excludeDirs: [outDir] }),
        ...(targets === undefined ? {} : { targets }),
        annotate: settings,
        ...(input === 'jsonl' ? { records: { dateField, onError: 'skip' as const } } : {}),
        ...(shard === undefined ? {} : { shard }),
        extensions,
        ...(include === undefined ? {} : { include }),
        skipOutputs: true,
        readStdin: () => ctx.readStdin(),
        stdinChunks: () => ctx.io.stdin,
        writeStdout: (chunk) => ctx.writeStdout(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')),
        onError: (e) => ctx.reportError(e),
        check: { ignoreStamp: opts['ignoreStamp'] === true, update, report: (found) => reportLines(found, update, all, out) },
      });
      const write = (line: string): Promise<void> => ctx.writeStdout(`${line}\n`);

      // Annotation files in DIR that no input writes: only when every input is a folder and
      // the check is not one shard of several (the other shards' files are not extra).
      const extras: string[] = [];
      const allFolders =
        targets !== undefined &&
        shard === undefined &&
        paths.every((p) => {
          try {
            return statSync(p).isDirectory();
          } catch {
            return false;
          }
        });
      if (allFolders && outDir !== undefined) {
        for await (const f of findInputs([outDir], { extensions: [], include: `**/*${OUTPUT_EXTENSION[format]}` })) {
          if (f.ok && !targets.has(f.input.file)) extras.push(f.input.file);
        }
      }
      for (const extra of extras) await write(`${out.red('extra'.padEnd(8))} ${displayPath(extra)}: no input writes this file${update ? ' (not removed: delete it by hand)' : ''}`);

      const verdicts = result.verdicts ?? Object.fromEntries(CHECK_STATUSES.map((s) => [s, 0]));
      const count = (s: CheckStatus): number => verdicts[s] ?? 0;
      const checked = result.files;
      const notOk = checked - count('ok');
      const failed = result.failed;
      if ((notOk > 0 && !update) || extras.length > 0 || failed > 0) ctx.raise(ExitCode.inputErrors);
      if (opts['quiet'] !== true) {
        const parts = [`${count('ok')} up to date`];
        const n = (k: number, word: string): void => {
          if (k > 0) parts.push(`${k} ${word}`);
        };
        if (update) {
          n(count('drift') + count('stamp') + count('invalid'), 'updated');
          n(count('missing'), 'created');
        } else {
          n(count('drift'), 'drifted');
          n(count('stamp'), 'stamp only');
          n(count('missing'), 'missing');
          n(count('invalid'), 'invalid');
        }
        n(extras.length, 'extra');
        n(failed, input === 'jsonl' ? 'bad or unreadable record(s)' : 'unreadable input(s)');
        await write(`check: ${checked} ${input === 'jsonl' ? 'record(s)' : 'file(s)'}: ${parts.join(', ')}`);
      }
    });
}
