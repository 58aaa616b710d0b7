/**
 * The command registry: one module per command, registered in the order `--help` lists
 * them. To add a command, add its module and one line here; nothing else in cli.ts.
 */
import type { Command } from 'commander';
import type { CommandContext } from './context.js';
import { registerAnnotate } from './annotate.js';
import { registerSchema } from './schema.js';
import { registerEval } from './eval.js';
import { registerLexicon } from './lexicon.js';
import { registerCheck } from './check.js';
import { registerDiff } from './diff.js';
import { registerValidate } from './validate.js';
import { registerStats } from './stats.js';
import { registerShow } from './show.js';
import { registerExport } from './export.js';

export const COMMANDS: ((program: Command, ctx: CommandContext) => void)[] = [registerAnnotate, registerEval, registerLexicon, registerSchema, registerCheck, registerDiff, registerValidate, registerStats, registerShow, registerExport];
