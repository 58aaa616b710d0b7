/**
 * `afghan-annotator check <inputs> --out-dir DIR`: annotate again and compare with the
 * annotation files in DIR (the ones `annotate --out-dir DIR` wrote). The command a corpus
 * repository runs in CI: exit 0 when every file is up to date, 1 on drift. The report is
 * this command's data, so it goes to stdout; errors go to stderr. `--update` rewrites the
 * files that drifted (atomically).
 */
import { readFileSync, statSync } from 'node:fs';
import { Option, type Command } from 'commander';
import type { ChalkInstance } from 'chalk';
import { annotateText } from '../core/annotate.js';
import { AnnotatorError, ExitCode, displayPath } from '../core/errors.js';
import { findInputs, readInput } from '../node/inputs.js';
import type { Annotation } from '../core/output/contract.js';
import { FORMATS, OUTPUT_EXTENSION, serializeAnnotation, type Format } from '../core/output/serialize.js';
import { OutputTargets } from '../node/output/targets.js';
import { OutputRoot, writeOutputFile } from '../node/output/write.js';
import { decodeSource } from '../core/pipeline/read.js';
import { compareAnnotations, type AnnotationComparison, type MentionChange } from '../core/workflows/compare.js';
import { parseAnnotationText } from '../core/workflows/parse.js';
import { schemaFindings } from '../core/workflows/validate.js';
import { addAnnotateOptions, annotateSettings } from './annotate.js';
import { addLexiconOptions, indexFromOptions, parseTypes, refuseExtWithInclude, type ColorMode, type CommandContext } from './command-context.js';

/** Per file, at most this many mention changes are listed (all with --all). */
const MAX_CHANGES = 10;

const CHECK_HELP = `
Annotates the inputs exactly as \`annotate --out-dir DIR\` does (same options: --format,
--lexicon, --no-builtin-lexicons, --types, --min-confidence, --date, --explain,
--no-variants, --ext, --include; give the same paths, since source.path is part of the
file; the options that change what is found are recorded in annotator.options) and compares each result with DIR/<stem>.ann.<format>.
Like annotate, folder walks leave out DIR, the files the tool writes (*.ann.yaml,
*.ann.json, *.ann.jsonl, *.ann, *.w3c.jsonld) and folders written by export.
--update writes nothing through a symbolic link that leads out of DIR (AA110, exit 1).
Mentions are matched by span: "gained" (new span), "lost" (span gone), "changed" (same
span, another type, entity or province); a lost and a gained mention with the same text
and meaning, in the same order, are one "shifted" mention (text was inserted or removed
before it: "> shifted 12-18 -> 44-50"), listed after the other changes. A file whose only difference is the annotator
stamp (tool version, policies, lexicon versions and hashes) is reported as "stamp".

The report is the data of this command: it is printed on stdout, one line per file that
is not up to date (drift, stamp, missing, invalid, extra) with its mention changes
indented below, then a summary line. Errors reading inputs go to stderr.
"extra" files (annotation files in DIR that no input writes) are looked for only when
every input is a folder; --update never deletes them.

Examples:
  $ afghan-annotator check corpus/ --out-dir annotations/
  $ afghan-annotator check corpus/ --out-dir annotations/ --update
  $ afghan-annotator check corpus/ -o annotations/ -f json --lexicon my-places.yaml

Exit codes: 0 every annotation file is up to date (or was updated with --update);
1 drift, missing, invalid or extra files, or an input could not be read; 2 usage or
lexicon error; 3 an annotation file could not be written (--update).`;

type Status = 'ok' | 'drift' | 'stamp' | 'missing' | 'invalid';

interface FileResult {
  status: Status;
  target: string;
  input: string;
  comparison?: AnnotationComparison;
  mentions: number;
  reason?: string;
}

function readExisting(target: string, format: Format): { kind: 'missing' } | { kind: 'invalid'; reason: string } | { kind: 'ok'; annotation: Annotation } {
  let text: string;
  try {
    text = readFileSync(target, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'invalid', reason: `cannot read (${code ?? 'error'})` };
  }
  try {
    const docs = parseAnnotationText(text, displayPath(target), format === 'yaml' ? 'yaml' : 'json');
    if (docs.length !== 1) return { kind: 'invalid', reason: `holds ${docs.length} documents, expected one` };
    const findings = schemaFindings(docs[0]!.data);
    if (findings.length > 0) return { kind: 'invalid', reason: `does not match the schema: ${findings[0]!.message}` };
    return { kind: 'ok', annotation: docs[0]!.data as Annotation };
  } catch (error) {
    if (error instanceof AnnotatorError) return { kind: 'invalid', reason: `${error.where === undefined ? '' : `${error.where}: `}${error.message}` };
    throw error;
  }
}

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

export function registerCheck(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('check')
    .description('annotate again and compare with the annotation files in DIR: exit 1 on drift (for CI)')
    .argument('[paths...]', 'files or folders, as given to annotate', [])
    .requiredOption('-o, --out-dir <dir>', 'the folder of annotation files to compare with (as written by annotate --out-dir)')
    .addOption(new Option('-f, --format <format>', 'format of the annotation files').choices([...FORMATS]).default('yaml'))
    .option('--update', 'rewrite the files that are not up to date (atomically)')
    .option('--ignore-stamp', 'treat files whose only difference is the annotator stamp as up to date')
    .option('--all', `list every mention change (default: the first ${MAX_CHANGES} per file)`);
  addAnnotateOptions(addLexiconOptions(cmd))
    .option('--ext <list>', 'file extensions to take from folders (comma-separated)', 'txt')
    .option('--include <glob>', 'take files from folders whose relative path matches GLOB (instead of --ext; not with --ext)')
    .option('-q, --quiet', 'print only the files that are not up to date (no summary line)')
    .addOption(new Option('--color <when>', 'colour (auto: only on a terminal, NO_COLOR unset)').choices(['auto', 'always', 'never']).default('auto'))
    .addHelpText('after', CHECK_HELP)
    .action(async (paths: string[], opts: Record<string, unknown>, command: Command) => {
      const mode = opts['color'] as ColorMode;
      ctx.useColor(mode);
      const out = ctx.makeChalk(mode, ctx.io.stdout);
      if (paths.length === 0) throw new AnnotatorError('AA402', 'no inputs: give the files or folders that were annotated');
      if (paths.includes('-')) throw new AnnotatorError('AA401', 'check cannot read standard input (-): give files or folders');
      const settings = annotateSettings(opts, parseTypes(opts['types']));
      refuseExtWithInclude(opts, command);
      const index = indexFromOptions(opts, ctx.io.env);
      const format = opts['format'] as Format;
      const outDir = String(opts['outDir']);
      const update = opts['update'] === true;
      const ignoreStamp = opts['ignoreStamp'] === true;
      const extensions = String(opts['ext'])
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      const include = opts['include'] === undefined ? undefined : String(opts['include']);

      const targets = new OutputTargets(outDir, format);
      const root = new OutputRoot(outDir);
      const results: FileResult[] = [];
      let failed = 0;
      const write = (line: string): Promise<void> => ctx.writeStdout(`${line}\n`);

      for await (const found of findInputs(paths, { extensions, ...(include === undefined ? {} : { include }), skipOutputs: true, excludeDirs: [outDir] })) {
        if (!found.ok) {
          failed++;
          ctx.reportError(found.error);
          continue;
        }
        const input = found.input;
        const claim = targets.claim(input);
        if ('error' in claim) {
          failed++;
          ctx.reportError(claim.error);
          continue;
        }
        const target = claim.target;
        let annotation: Annotation;
        try {
          const source = decodeSource(readInput(input), displayPath(input.path));
          annotation = annotateText(source.text, index, { ...settings, path: input.path, sha256: source.sha256, encoding: source.encoding });
        } catch (error) {
          if (!(error instanceof AnnotatorError) || !error.code.startsWith('AA1')) throw error;
          failed++;
          ctx.reportError(error);
          continue;
        }
        const fresh = JSON.parse(JSON.stringify(annotation)) as Annotation;
        const existing = readExisting(target, format);
        let result: FileResult;
        if (existing.kind === 'missing') result = { status: 'missing', target, input: input.path, mentions: fresh.mentions.length };
        else if (existing.kind === 'invalid') result = { status: 'invalid', target, input: input.path, mentions: fresh.mentions.length, reason: existing.reason };
        else {
          const comparison = compareAnnotations(existing.annotation, fresh);
          const status: Status = comparison.identical || (comparison.stampOnly && ignoreStamp) ? 'ok' : comparison.stampOnly ? 'stamp' : 'drift';
          result = { status, target, input: input.path, comparison, mentions: fresh.mentions.length };
        }
        results.push(result);
        if (result.status === 'ok') continue;

        if (update) {
          try {
            writeOutputFile(target, serializeAnnotation(annotation, format), { root, input: displayPath(input.path) });
          } catch (error) {
            // A link that leads out of --out-dir: that input's error (AA110); the others go on.
            if (!(error instanceof AnnotatorError) || error.code !== 'AA110') throw error;
            results.pop();
            failed++;
            ctx.reportError(error);
            continue;
          }
        }
        const label = (word: string, colour: (s: string) => string): string => colour(word.padEnd(8));
        const head = `${displayPath(target)} (${displayPath(input.path)})`;
        switch (result.status) {
          case 'missing':
            await write(`${update ? label('created', out.green) : label('missing', out.red)} ${head}: no annotation file; ${result.mentions} mention(s)`);
            break;
          case 'invalid':
            await write(`${update ? label('updated', out.green) : label('invalid', out.red)} ${head}: ${result.reason ?? 'cannot be read'}`);
            break;
          case 'stamp':
            await write(`${update ? label('updated', out.green) : label('stamp', out.cyan)} ${head}: only the annotator stamp differs: ${result.comparison!.stamp.join('; ')}`);
            break;
          case 'drift': {
            const c = result.comparison!;
            await write(`${update ? label('updated', out.green) : label('drift', out.yellow)} ${head}: ${summaryOf(c)}`);
            // What really changed first; mentions that only moved after it.
            const changes = [...c.mentions.changes.filter((x) => x.change !== 'shifted'), ...c.mentions.changes.filter((x) => x.change === 'shifted')];
            const shown = opts['all'] === true ? changes : changes.slice(0, MAX_CHANGES);
            for (const change of shown) await write(describeChange(change, out));
            if (shown.length < changes.length) await write(`  … ${changes.length - shown.length} more (--all lists every change)`);
            break;
          }
        }
      }

      // Annotation files in DIR that no input writes: only when every input is a folder.
      const extras: string[] = [];
      const allFolders = paths.every((p) => {
        try {
          return statSync(p).isDirectory();
        } catch {
          return false;
        }
      });
      if (allFolders) {
        for await (const f of findInputs([outDir], { extensions: [], include: `**/*${OUTPUT_EXTENSION[format]}` })) {
          if (f.ok && !targets.has(f.input.file)) extras.push(f.input.file);
        }
      }
      for (const extra of extras) await write(`${out.red('extra'.padEnd(8))} ${displayPath(extra)}: no input writes this file${update ? ' (not removed: delete it by hand)' : ''}`);

      const count = (s: Status): number => results.filter((r) => r.status === s).length;
      const notOk = results.length - count('ok');
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
        n(failed, 'unreadable input(s)');
        await write(`check: ${results.length} file(s): ${parts.join(', ')}`);
      }
    });
}
