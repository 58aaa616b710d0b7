/** `afghan-annotator schema`: print a published JSON Schema. */
import { Argument, type Command } from 'commander';
import { readSchema } from '../node/lexicon/load.js';
import type { CommandContext } from './command-context.js';

export function registerSchema(program: Command, ctx: CommandContext): void {
  program
    .command('schema')
    .description('print the JSON Schema of the output (or of the lexicon or gold format)')
    .addArgument(new Argument('[which]', 'which schema').choices(['annotation', 'lexicon', 'gold']).default('annotation'))
    .action(async (which: 'annotation' | 'lexicon' | 'gold') => {
      await ctx.writeStdout(`${JSON.stringify(readSchema(which), null, 2)}\n`);
    });
}
