/**
 * `afghan-annotator validate FILES...`: check annotation files (hand-edited, or written by
 * another version) against schema/annotation.schema.json, for internal consistency, and
 * against their source text when it can be read. One line per problem on stderr, with its
 * code, file, line and column; exit 1 if any file is invalid.
 */
import type { Command } from 'commander';
import { AnnotatorError, ExitCode, displayPath } from '../core/errors.js';
import type { Annotation } from '../core/output/contract.js';
import { consistencyFindings, schemaFindings, sourceFindings, type Finding } from '../core/workflows/validate.js';
import { findAnnotationFiles, parseAnnotationBytes, readAnnotationDocuments, readSourceText } from '../node/annotation-files.js';
import { addColorOption, type ColorMode, type CommandContext } from './command-context.js';

/** At most this many problems are printed per document; the rest are counted. */
const MAX_FINDINGS = 20;

const VALIDATE_HELP = `
Checks, for every document in each file:
  - the schema (schema/annotation.schema.json): AA502, with the YAML path of the value;
  - consistency: offsets in order and inside the text, text as long as its span, every
    mention's entity listed, summary and entity counts right: AA505;
  - the source text, read from source.path (relative to the current folder, as given to
    annotate), unless --no-source: sha256 and length (AA504) and every mention's text
    equal to the code-point slice text[start:end] (AA503). A source that cannot be read
    is a warning, not an error.
Syntax errors are AA501. Folders are searched for *.ann.yaml, *.ann.json and *.ann.jsonl.
Nothing is written to stdout; on a terminal a summary line ends the run (stderr).

Examples:
  $ afghan-annotator validate annotations/
  $ afghan-annotator validate --no-source edited.ann.yaml
  $ afghan-annotator annotate -f jsonl corpus/ | afghan-annotator validate -

Exit codes: 0 every file valid; 1 some file invalid or unreadable; 2 usage error.`;

export function registerValidate(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('validate')
    .description('check annotation files against the schema, for consistency, and against their source text')
    .argument('[files...]', 'annotation files, folders, or - for stdin', [])
    .option('--no-source', 'do not read the source texts (skip the sha256 and text checks)');
  addColorOption(cmd)
    .addHelpText('after', VALIDATE_HELP)
    .action(async (files: string[], opts: Record<string, unknown>) => {
      const chalk = ctx.useColor(opts['color'] as ColorMode);
      if (files.length === 0) throw new AnnotatorError('AA402', 'no inputs: give annotation files, folders, or - for stdin');
      let valid = 0;
      let invalid = 0;
      for await (const found of findAnnotationFiles(files)) {
        if (!found.ok) {
          ctx.reportError(found.error);
          invalid++;
          continue;
        }
        const path = found.file.path;
        const origin = displayPath(path);
        let problems = 0;
        try {
          const docs = path === '-' ? parseAnnotationBytes(await ctx.readStdin(), '-') : readAnnotationDocuments(path);
          for (const doc of docs) {
            const report = (f: Finding): void => {
              problems++;
              if (problems > MAX_FINDINGS) return;
              const where = doc.locate(f.path);
              ctx.reportError(new AnnotatorError(f.code, docs.length > 1 ? `document ${doc.index + 1}: ${f.message}` : f.message, { file: origin, ...(where === undefined ? {} : { where }) }));
            };
            const schema = schemaFindings(doc.data);
            schema.forEach(report);
            if (schema.length > 0) continue;
            const annotation = doc.data as Annotation;
            consistencyFindings(annotation).forEach(report);
            if (opts['source'] === false) continue;
            let source;
            try {
              source = readSourceText(annotation.source.path);
            } catch (error) {
              if (!(error instanceof AnnotatorError)) throw error;
              if (opts['quiet'] !== true) ctx.warn(`${origin}: ${error.message}; text not checked against the source (--no-source to skip)`);
              continue;
            }
            sourceFindings(annotation, source).forEach(report);
          }
        } catch (error) {
          if (!(error instanceof AnnotatorError)) throw error;
          ctx.reportError(error);
          problems++;
        }
        if (problems > MAX_FINDINGS) ctx.io.stderr.write(`${origin}: ${problems - MAX_FINDINGS} more problem(s) not shown\n`);
        if (problems > 0) invalid++;
        else valid++;
      }
      if (invalid > 0) ctx.raise(ExitCode.inputErrors);
      if (opts['quiet'] !== true && ctx.io.stderr.isTTY === true) {
        ctx.io.stderr.write(`validated ${valid + invalid} file(s): ${valid} valid${invalid > 0 ? chalk.red(`, ${invalid} invalid`) : ''}\n`);
      }
    });
}
