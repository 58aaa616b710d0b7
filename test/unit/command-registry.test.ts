/**
 * The lazy command registry (src/commands/index.ts, issue 5): a command line loads only the
 * module of the command it names, so each registry entry must be named as its module
 * names its command, and anything else must load them all (help, typos).
 */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { CommandContext, type CliIO } from '../../src/cli/command-context.js';
import { COMMANDS, commandsFor } from '../../src/cli/commands.js';

const io = { argv: [], env: {}, stdout: process.stdout, stderr: process.stderr, stdin: process.stdin } as unknown as CliIO;

describe('command registry', () => {
  it('names each command as its module registers it, one command per module', async () => {
    for (const c of COMMANDS) {
      const program = new Command();
      (await c.load())(program, new CommandContext(io));
      expect(program.commands.map((x) => x.name())).toEqual([c.name]);
      expect(program.commands[0]!.aliases()).toEqual([]);
    }
    expect(new Set(COMMANDS.map((c) => c.name)).size).toBe(COMMANDS.length);
  });

  it('loads only the named command, and every command for anything else', async () => {
    const all = await Promise.all(COMMANDS.map((c) => c.load()));
    for (const c of COMMANDS) {
      expect(await commandsFor([c.name, '--help'])).toEqual([await c.load()]);
    }
    for (const argv of [[], ['--help'], ['-h'], ['--version'], ['help', 'annotate'], ['annotat'], ['--color', 'never', 'annotate']]) {
      expect(await commandsFor(argv)).toEqual(all);
    }
  });
});
