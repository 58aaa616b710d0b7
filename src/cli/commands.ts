/**
 * The command registry: one module per command, registered in the order `--help` lists
 * them. To add a command, add its module and one line here; nothing else in cli.ts.
 *
 * Command modules are imported only when needed (issue 5, start-up time): when the first
 * argument names a command, only that command's module is loaded (`schema` never loads
 * wink-nlp, `annotate` never loads the annotation-file workflows); anything else (`--help`,
 * `--version`, `help`, a misspelt command) loads them all, so that help and "unknown
 * command" messages are what they were. `name` must be the name the module's register
 * function gives its command (test/unit/command-registry.test.ts checks).
 */
import type { Command } from 'commander';
import type { CommandContext } from './command-context.js';

export type RegisterCommand = (program: Command, ctx: CommandContext) => void;

export interface CommandModule {
  /** The command's name, as typed on the command line. */
  name: string;
  /** Import the command's module; resolves to its register function. */
  load: () => Promise<RegisterCommand>;
}

export const COMMANDS: readonly CommandModule[] = [
  { name: 'annotate', load: async () => (await import('./annotate.js')).registerAnnotate },
  { name: 'eval', load: async () => (await import('./eval.js')).registerEval },
  { name: 'lexicon', load: async () => (await import('./lexicon.js')).registerLexicon },
  { name: 'schema', load: async () => (await import('./schema.js')).registerSchema },
  { name: 'check', load: async () => (await import('./check.js')).registerCheck },
  { name: 'diff', load: async () => (await import('./diff.js')).registerDiff },
  { name: 'validate', load: async () => (await import('./validate.js')).registerValidate },
  { name: 'stats', load: async () => (await import('./stats.js')).registerStats },
  { name: 'show', load: async () => (await import('./show.js')).registerShow },
  { name: 'export', load: async () => (await import('./export.js')).registerExport },
  { name: 'report', load: async () => (await import('./report.js')).registerReport },
];

/**
 * The register functions a command line needs, in registry order: the named command's
 * alone when the first argument is a command's name, else every command's.
 */
export async function commandsFor(argv: readonly string[]): Promise<RegisterCommand[]> {
  const named = COMMANDS.find((c) => c.name === argv[0]);
  return Promise.all((named === undefined ? COMMANDS : [named]).map((c) => c.load()));
}
