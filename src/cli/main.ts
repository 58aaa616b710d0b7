/**
 * The command line: a thin layer over the library. The only module that decides exit
 * codes and touches the process (argv, env, signals, exit). Each command lives in
 * src/commands/; see the registry there.
 *
 * stdout carries data only; every message goes to stderr.
 */
import { Command, CommanderError } from 'commander';
import { AnnotatorError, ExitCode, exitCodeFor, oneLine } from '../core/errors.js';
import { removePendingTemporaryFiles } from '../node/output/write.js';
import { VERSION } from '../core/version.js';
import { commandsFor } from './commands.js';
import { CommandContext, EXIT_CODES_HELP, type CliIO } from './command-context.js';

export type { CliIO } from './command-context.js';


export async function main(io: CliIO): Promise<number> {
  const ctx = new CommandContext(io);
  const program = new Command();
  program
    .name('afghan-annotator')
    .description('Find the Afghan provinces, places, armed groups and officials that news articles mention.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(s),
    })
    .addHelpText('after', EXIT_CODES_HELP);
  for (const register of await commandsFor(io.argv)) register(program, ctx);
  // Every (sub)command reports usage errors by throwing, so that exit codes are decided here.
  const override = (cmd: Command): void => {
    cmd.exitOverride();
    cmd.commands.forEach(override);
  };
  override(program);

  try {
    await program.parseAsync(io.argv as string[], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return ExitCode.ok;
      return ExitCode.usage;
    }
    if (error instanceof AnnotatorError) {
      ctx.reportError(error);
      return Math.max(ctx.code, exitCodeFor(error.code));
    }
    throw error;
  }
  return ctx.code;
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
    process.exitCode = ExitCode.internal;
  }
}
