/** `afghan-annotator annotate`: the main job. */
import { Option, type Command } from 'commander';
import { AnnotatorError, ExitCode } from '../errors.js';
import { ENTITY_TYPES } from '../lexicon/types.js';
import { FORMATS, type Format } from '../output/serialize.js';
import { runAnnotate } from '../run.js';
import { addColorOption, addLexiconOptions, EXIT_CODES_HELP, indexFromOptions, parseTypes, type ColorMode, type CommandContext } from './context.js';

export const ANNOTATE_EXAMPLES = `
Examples:
  $ afghan-annotator annotate samples/ --out-dir annotations/
  $ afghan-annotator annotate article.txt                  # YAML on stdout
  $ afghan-annotator annotate -f jsonl corpus/ | jq -r '.mentions[].name'
  $ cat article.txt | afghan-annotator annotate - -f json
  $ afghan-annotator annotate --lexicon my-places.yaml --types place,province corpus/`;

export function registerAnnotate(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('annotate')
    .description('annotate text files, folders (recursively) or - (stdin)')
    .argument('[paths...]', 'files, folders or - for stdin', [])
    .option('-o, --out-dir <dir>', 'write one annotation file per input below DIR, mirroring the input tree')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...FORMATS]).default('yaml'));
  addLexiconOptions(cmd)
    .option('--types <list>', `keep only these entity types (comma-separated: ${ENTITY_TYPES.join(', ')})`)
    .option('--ext <list>', 'file extensions to take from folders (comma-separated)', 'txt')
    .option('--include <glob>', 'take files from folders whose relative path matches GLOB (instead of --ext)');
  addColorOption(cmd)
    .addHelpText('after', ANNOTATE_EXAMPLES + EXIT_CODES_HELP)
    .action(async (paths: string[], opts: Record<string, unknown>) => {
      const chalk = ctx.useColor(opts['color'] as ColorMode);
      const types = parseTypes(opts['types']);
      if (paths.length === 0) throw new AnnotatorError('AA402', 'no inputs: give files, folders, or - for stdin');
      const index = indexFromOptions(opts);
      const result = await runAnnotate({
        inputs: paths,
        index,
        format: opts['format'] as Format,
        ...(opts['outDir'] === undefined ? {} : { outDir: String(opts['outDir']) }),
        ...(types === undefined ? {} : { types }),
        extensions: String(opts['ext'])
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== ''),
        ...(opts['include'] === undefined ? {} : { include: String(opts['include']) }),
        readStdin: () => ctx.readStdin(),
        writeStdout: (chunk) => ctx.writeStdout(chunk),
        onError: (e) => ctx.reportError(e),
      });
      if (result.failed > 0) ctx.raise(ExitCode.inputErrors);
      if (opts['quiet'] !== true && ctx.io.stderr.isTTY === true) {
        const failed = result.failed > 0 ? chalk.red(`, ${result.failed} failed`) : '';
        ctx.io.stderr.write(`annotated ${result.files} file(s), ${result.mentions} mention(s)${failed}\n`);
      }
    });
}
