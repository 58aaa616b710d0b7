/**
 * What every command gets from cli.ts: the process's streams and environment, a way to
 * report errors (formatted and coloured in one place) and to raise the exit code. Commands
 * never call process.exit and never write data anywhere but `writeStdout`.
 */
import { once } from 'node:events';
import { Chalk, type ChalkInstance } from 'chalk';
import { Option, type Command } from 'commander';
import { AnnotatorError, type ExitCode } from '../core/errors.js';
import { exitCodesHelp } from '../core/docs-tables.js';
import type { PhraseIndex } from '../core/lexicon/compile.js';
import { loadIndex, type LoadIndexOptions } from '../node/load-index.js';
import { lexiconCacheDir } from '../node/lexicon/cache.js';
import { ENTITY_TYPES, type EntityType } from '../core/lexicon/types.js';

export interface CliIO {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
}

/** Printed after --help of the program and of every command that reads inputs. */
export const EXIT_CODES_HELP = `
${wrap(`Exit codes: ${exitCodesHelp()}.`, 88)}
Every error is one line on stderr: error[CODE] FILE: message (codes in the README).`;

function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, line].join('\n');
}

export type ColorMode = 'auto' | 'always' | 'never';

export class CommandContext {
  private exitCode: ExitCode = 0;
  private colour: ChalkInstance;

  constructor(readonly io: CliIO) {
    this.colour = this.makeChalk('auto');
  }

  /** Colour for stderr: only on a terminal with NO_COLOR unset, unless forced. */
  makeChalk(mode: ColorMode, stream: NodeJS.WriteStream = this.io.stderr): ChalkInstance {
    const noColor = this.io.env['NO_COLOR'] !== undefined && this.io.env['NO_COLOR'] !== '';
    const on = mode === 'always' || (mode === 'auto' && stream.isTTY === true && !noColor);
    return new Chalk({ level: on ? 1 : 0 });
  }

  /** Set the colour mode of stderr messages (from a command's --color). */
  useColor(mode: ColorMode): ChalkInstance {
    this.colour = this.makeChalk(mode);
    return this.colour;
  }

  get chalk(): ChalkInstance {
    return this.colour;
  }

  /** The exit code the run ends with: the highest raised. */
  get code(): ExitCode {
    return this.exitCode;
  }

  raise(code: ExitCode): void {
    if (code > this.exitCode) this.exitCode = code;
  }

  reportError(error: AnnotatorError): void {
    const line = error.format();
    const cut = line.indexOf(']') + 1;
    this.io.stderr.write(`${this.colour.red(line.slice(0, cut))}${line.slice(cut)}\n`);
  }

  warn(message: string): void {
    this.io.stderr.write(`${this.colour.yellow('warning:')} ${message}\n`);
  }

  /** Write data to stdout, waiting when the pipe is full. */
  async writeStdout(chunk: string): Promise<void> {
    if (!this.io.stdout.write(chunk)) await once(this.io.stdout, 'drain');
  }

  async readStdin(): Promise<Uint8Array> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    return Buffer.concat(chunks);
  }
}

/** Options shared by every command that loads lexicons. */
export function addLexiconOptions(cmd: Command): Command {
  return cmd
    .option('--lexicon <file>', 'add a lexicon file (repeatable)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--no-builtin-lexicons', 'do not load the lexicons that ship with the tool')
    .option('--no-context-rules', 'tag what the aliases say: no context rules (city or province, unlisted places and officials, short forms)')
    .option('--no-lexicon-cache', 'do not read or write the compiled-lexicon cache (~/.cache/afghan-annotator)');
}

/** The index options of a command's --lexicon, --no-builtin-lexicons, --no-context-rules and --no-lexicon-cache. */
export function indexOptions(opts: Record<string, unknown>, env: NodeJS.ProcessEnv): LoadIndexOptions {
  const cacheDir = lexiconCacheDir(env);
  return {
    ...(cacheDir === undefined ? {} : { cacheDir }),
    builtin: opts['builtinLexicons'] !== false,
    files: [...((opts['lexicon'] as string[] | undefined) ?? [])],
    contextRules: opts['contextRules'] !== false,
    cache: opts['lexiconCache'] !== false,
  };
}

/** The index a command's options ask for. */
export function indexFromOptions(opts: Record<string, unknown>, env: NodeJS.ProcessEnv): PhraseIndex {
  return loadIndex(indexOptions(opts, env));
}

export function addColorOption(cmd: Command): Command {
  return cmd
    .option('-q, --quiet', 'print nothing but errors on stderr')
    .addOption(new Option('--color <when>', 'colour on stderr').choices(['auto', 'always', 'never']).default('auto'));
}

export function parseList<T extends string>(value: string, allowed: readonly T[], what: string): T[] {
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

export function parseTypes(value: unknown): EntityType[] | undefined {
  if (value === undefined) return undefined;
  const types = parseList(String(value), ENTITY_TYPES, 'entity type');
  // An empty list would keep nothing: always a mistake (an unset shell variable), never a request.
  if (types.length === 0) throw new AnnotatorError('AA401', `--types needs at least one entity type (${ENTITY_TYPES.join(', ')}), not "${String(value)}"`);
  return types;
}

/**
 * `--min-confidence X`: a decimal number from 0 to 1 as written (`0.5`, `.5`, `1`). `Number()`
 * alone would take "" and " " as 0 and `0x1` as 1.
 */
export function parseMinConfidence(value: unknown): number {
  const text = String(value);
  const x = /^(?:\d+(?:\.\d*)?|\.\d+)$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(x) || x < 0 || x > 1) throw new AnnotatorError('AA401', `--min-confidence takes a decimal number from 0 to 1, not "${text}"`);
  return x;
}

/** `--ext` and `--include` both choose the files taken from folders: given together, one would be ignored. */
export function refuseExtWithInclude(opts: Record<string, unknown>, command: Command): void {
  if (opts['include'] !== undefined && command.getOptionValueSource('ext') === 'cli') {
    throw new AnnotatorError('AA401', '--ext and --include cannot be used together: --include GLOB alone chooses the files taken from folders (for example --include "**/*.{txt,md}")');
  }
}
