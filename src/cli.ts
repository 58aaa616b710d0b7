/**
 * The command line: a thin layer over the library. The only module that decides exit
 * codes, reads process state (argv, env, TTYs) and prints to stdout/stderr.
 *
 * stdout carries data only; every message goes to stderr. Colour only when stderr is a
 * terminal and NO_COLOR is unset (or with --color always).
 */
import { Argument, Command, CommanderError, Option } from 'commander';
import { Chalk, type ChalkInstance } from 'chalk';
import { once } from 'node:events';
import { AnnotatorError, ExitCode, exitCodeFor, oneLine } from './errors.js';
import { compileLexicons } from './lexicon/compile.js';
import { loadLexicons, readSchema } from './lexicon/load.js';
import { ENTITY_TYPES, type EntityType } from './lexicon/types.js';
import { FORMATS, type Format } from './output/serialize.js';
import { removePendingTemporaryFiles } from './output/write.js';
import { runAnnotate } from './run.js';
import { VERSION } from './version.js';

export interface CliIO {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
}

type ColorMode = 'auto' | 'always' | 'never';

function makeChalk(mode: ColorMode, io: CliIO): ChalkInstance {
  const noColor = io.env['NO_COLOR'] !== undefined && io.env['NO_COLOR'] !== '';
  const on = mode === 'always' || (mode === 'auto' && io.stderr.isTTY === true && !noColor);
  return new Chalk({ level: on ? 1 : 0 });
}

async function readAll(stream: NodeJS.ReadStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

function parseList<T extends string>(value: string, allowed: readonly T[], what: string): T[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const item of items) {
    if (!allowed.includes(item as T)) {
      throw new AnnotatorError('AA401', `unknown ${what} "${item}" (expected ${allowed.join(', ')})`);
    }
  }
  return items as T[];
}

const EXAMPLES = `
Examples:
  $ afghan-annotator annotate samples/ --out-dir annotations/
  $ afghan-annotator annotate article.txt                  # YAML on stdout
  $ afghan-annotator annotate -f jsonl corpus/ | jq -r '.mentions[].name'
  $ cat article.txt | afghan-annotator annotate - -f json
  $ afghan-annotator annotate --lexicon my-places.yaml --types place,province corpus/
  $ afghan-annotator schema > annotation.schema.json

Exit codes: 0 all inputs annotated; 1 some inputs failed (each reported on stderr, the
rest written); 2 usage or lexicon error (nothing written); 3 output not writable (run
stopped); 130 interrupted.`;

export async function main(io: CliIO): Promise<number> {
  let exitCode: number = ExitCode.ok;
  let chalk = makeChalk('auto', io);
  const reportError = (error: AnnotatorError): void => {
    const line = error.format();
    io.stderr.write(`${chalk.red(line.slice(0, line.indexOf(']') + 1))}${line.slice(line.indexOf(']') + 1)}\n`);
  };

  const program = new Command();
  program
    .name('afghan-annotator')
    .description('Find the Afghan provinces, places, armed groups and officials that news articles mention.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(s),
    })
    .addHelpText('after', EXAMPLES);

  program
    .command('annotate')
    .description('annotate text files, folders (recursively) or - (stdin)')
    .argument('[paths...]', 'files, folders or - for stdin', [])
    .option('-o, --out-dir <dir>', 'write one annotation file per input below DIR, mirroring the input tree')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...FORMATS]).default('yaml'))
    .option('--lexicon <file>', 'add a lexicon file (repeatable)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--no-builtin-lexicons', 'do not load the lexicons that ship with the tool')
    .option('--types <list>', `keep only these entity types (comma-separated: ${ENTITY_TYPES.join(', ')})`)
    .option('--ext <list>', 'file extensions to take from folders (comma-separated)', 'txt')
    .option('--include <glob>', 'take files from folders whose relative path matches GLOB (instead of --ext)')
    .option('-q, --quiet', 'print nothing but errors on stderr')
    .addOption(new Option('--color <when>', 'colour on stderr').choices(['auto', 'always', 'never']).default('auto'))
    .addHelpText('after', EXAMPLES)
    .action(async (paths: string[], opts: Record<string, unknown>) => {
      chalk = makeChalk(opts['color'] as ColorMode, io);
      const types = opts['types'] === undefined ? undefined : parseList(String(opts['types']), ENTITY_TYPES, 'entity type');
      if (paths.length === 0) {
        throw new AnnotatorError('AA402', 'no inputs: give files, folders, or - for stdin');
      }
      const index = compileLexicons(
        loadLexicons({ builtin: opts['builtinLexicons'] !== false, files: opts['lexicon'] as string[] }),
      );
      const stdout = io.stdout;
      const result = await runAnnotate({
        inputs: paths,
        index,
        format: opts['format'] as Format,
        ...(opts['outDir'] === undefined ? {} : { outDir: String(opts['outDir']) }),
        ...(types === undefined ? {} : { types: types as EntityType[] }),
        extensions: String(opts['ext']).split(',').map((s) => s.trim()).filter((s) => s !== ''),
        ...(opts['include'] === undefined ? {} : { include: String(opts['include']) }),
        readStdin: () => readAll(io.stdin),
        writeStdout: async (chunk) => {
          if (!stdout.write(chunk)) await once(stdout, 'drain');
        },
        onError: reportError,
      });
      if (result.failed > 0) exitCode = ExitCode.inputErrors;
      if (opts['quiet'] !== true && io.stderr.isTTY === true) {
        const failed = result.failed > 0 ? chalk.red(`, ${result.failed} failed`) : '';
        io.stderr.write(`annotated ${result.files} file(s), ${result.mentions} mention(s)${failed}\n`);
      }
    });

  program
    .command('schema')
    .description('print the JSON Schema of the output (or of the lexicon format)')
    .addArgument(new Argument('[which]', 'which schema').choices(['annotation', 'lexicon']).default('annotation'))
    .action((which: 'annotation' | 'lexicon') => {
      io.stdout.write(`${JSON.stringify(readSchema(which), null, 2)}\n`);
    });

  try {
    await program.parseAsync(io.argv as string[], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return ExitCode.ok;
      return ExitCode.usage;
    }
    if (error instanceof AnnotatorError) {
      reportError(error);
      return exitCodeFor(error.code);
    }
    throw error;
  }
  return exitCode;
}

/** Entry point used by bin/afghan-annotator.js. */
export async function runCli(): Promise<void> {
  const io: CliIO = { argv: process.argv.slice(2), env: process.env, stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };
  // `| head` closes the pipe: stop quietly.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(ExitCode.ok);
    throw error;
  });
  const onSignal = (signal: NodeJS.Signals): void => {
    removePendingTemporaryFiles();
    process.stderr.write(`afghan-annotator: interrupted (${signal})\n`);
    process.exit(ExitCode.interrupted);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    process.exitCode = await main(io);
  } catch (error) {
    process.stderr.write(`afghan-annotator: internal error: ${oneLine(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`);
    process.exitCode = 70;
  }
}
