/**
 * `afghan-annotator lexicon validate|list|lookup|stats`: check and inspect lexicons.
 *
 * validate: findings on stderr, one line each (`--json`: a JSON document on stdout);
 *   exit 2 when there are errors, 1 with --strict when there are warnings, else 0.
 * list, lookup, stats: data on stdout (text, or JSON with --json). lookup exits 1 when the
 *   name alone yields no mention.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { AnnotatorError, ExitCode, displayPath } from '../core/errors.js';
import { compileLexicons, type CompiledEntry } from '../core/lexicon/compile.js';
import { BUILTIN_LEXICON_DIR, builtinLexiconFiles, loadLexicons, readLexiconFile } from '../node/lexicon/load.js';
import { SchemaErrors } from '../core/lexicon/parse.js';
import type { LookupResult } from '../core/lexicon/lookup.js';
import { lexiconStats, type LexiconStats, type StatsRow } from '../core/lexicon/stats.js';
import { ENTITY_TYPES, type EntityType } from '../core/lexicon/types.js';
import { commonWordsFrom, findingFromError, formatFinding, type Finding } from '../core/lexicon/findings.js';
import type { LexiconSource } from '../core/lexicon/validate.js';
import { addColorOption, addLexiconOptions, indexFromOptions, indexOptions, parseTypes, type ColorMode, type CommandContext } from './command-context.js';
import { useWinkCacheOf } from '../node/load-index.js';

/** Where Debian's wamerican (and most Unix systems) keep the English word list. */
export const DEFAULT_WORD_LIST = '/usr/share/dict/words';

const LEXICON_HELP = `
Examples:
  $ afghan-annotator lexicon validate                      # the built-in lexicons
  $ afghan-annotator lexicon validate my-places.yaml --strict
  $ afghan-annotator lexicon list --type armed_group
  $ afghan-annotator lexicon lookup "Sar-i-Pul"
  $ afghan-annotator lexicon stats --json | jq .total

Exit codes: validate: 0 no errors (warnings allowed), 1 warnings with --strict,
2 errors (or a usage error). lookup: 0 the name yields a mention, 1 it does not.
list and stats: 0, or 2 on a lexicon error.`;

function tableRow(cells: readonly string[], widths: readonly number[], right: ReadonlySet<number> = new Set()): string {
  return `| ${cells.map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
}

function table(header: readonly string[], body: readonly (readonly string[])[], right: ReadonlySet<number>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const rule = `|${widths.map((w, i) => (right.has(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [tableRow(header, widths), rule, ...body.map((r) => tableRow(r, widths, right))].join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------
// validate

interface LexiconFile {
  path: string;
  origin: string;
}

/** Built-ins (unless turned off), a FILE that is a built-in replacing it; then --lexicon files and the other FILEs. */
function filesToValidate(opts: Record<string, unknown>, files: readonly string[]): LexiconFile[] {
  const real = (p: string): string => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  };
  const given = [...((opts['lexicon'] as string[] | undefined) ?? []), ...files];
  const out: LexiconFile[] = [];
  const used = new Set<number>();
  if (opts['builtinLexicons'] !== false) {
    for (const f of builtinLexiconFiles()) {
      const path = join(BUILTIN_LEXICON_DIR, f);
      const k = given.findIndex((g, i) => !used.has(i) && real(g) === real(path));
      if (k === -1) {
        out.push({ path, origin: `builtin:${f}` });
      } else {
        used.add(k);
        out.push({ path: given[k]!, origin: displayPath(given[k]!) });
      }
    }
  }
  given.forEach((g, i) => {
    if (!used.has(i)) out.push({ path: g, origin: displayPath(g) });
  });
  return out;
}

function readWords(opts: Record<string, unknown>, cmd: Command): { words: Set<string> | undefined; note: string | undefined } {
  const path = String(opts['words']);
  const explicit = cmd.getOptionValueSource('words') !== 'default';
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code ?? 'unreadable';
    if (explicit) throw new AnnotatorError('AA401', `--words: cannot read the word list (${reason})`, { file: displayPath(path), cause });
    return {
      words: undefined,
      note: `common-word check (AA221) skipped: ${path} not found (on Debian: apt-get install wamerican)`,
    };
  }
  return { words: commonWordsFrom(text), note: undefined };
}

function registerValidate(lexicon: Command, ctx: CommandContext): void {
  const cmd = lexicon
    .command('validate')
    .description('check lexicons: schema, duplicate ids, shared aliases, common-word and short aliases, dates, references')
    .argument('[files...]', 'lexicon files to check with the others (a built-in lexicon given by path replaces itself)', [])
    .option('--strict', 'exit 1 when there are warnings')
    .option('--json', 'print the findings as one JSON document on stdout')
    .option('--words <file>', 'English word list for the common-word check (one word a line)', DEFAULT_WORD_LIST);
  addLexiconOptions(cmd);
  addColorOption(cmd)
    .addHelpText('after', LEXICON_HELP)
    .action(async (files: string[], opts: Record<string, unknown>) => {
      const chalk = ctx.useColor(opts['color'] as ColorMode);
      const { words, note } = readWords(opts, cmd);
      const sources: LexiconSource[] = [];
      const loadFindings: Finding[] = [];
      let notLoaded = 0;
      for (const f of filesToValidate(opts, files)) {
        try {
          const lexicon = readLexiconFile(f.path, f.origin);
          sources.push({ lexicon, text: readFileSync(f.path, 'utf8') });
        } catch (error) {
          if (!(error instanceof AnnotatorError)) throw error;
          // A schema error carries every error of the file: report each (the README says every finding).
          notLoaded++;
          const all = error instanceof SchemaErrors ? error.all : [error];
          for (const e of all) loadFindings.push(findingFromError(e, f.origin));
        }
      }
      const { validateLexicons } = await import('../core/lexicon/validate.js'); // loads wink-nlp: only when validating
      useWinkCacheOf(indexOptions(opts, ctx.io.env)); // the common-word check tokenizes: wink's model from its cache
      const result = validateLexicons(sources, { words });
      const findings = [...loadFindings, ...result.findings];
      // The command knows why the word list is missing: its note replaces the generic one.
      const notes = note === undefined ? result.notes : [note, ...result.notes.filter((n) => !n.startsWith('common-word'))];
      const errors = findings.filter((f) => f.severity === 'error').length;
      const warnings = findings.length - errors;
      const checked = `${sources.length + notLoaded} lexicon(s), ${result.entries} entries, ${result.aliases} aliases`;

      if (opts['json'] === true) {
        await ctx.writeStdout(`${JSON.stringify({ lexicons: sources.length + notLoaded, entries: result.entries, aliases: result.aliases, errors, warnings, findings, notes }, null, 2)}\n`);
      } else {
        const quiet = opts['quiet'] === true;
        for (const f of findings) {
          if (quiet && f.severity !== 'error') continue;
          const line = formatFinding(f);
          const cut = line.indexOf(']') + 1;
          const colour = f.severity === 'error' ? chalk.red : chalk.yellow;
          ctx.io.stderr.write(`${colour(line.slice(0, cut))}${line.slice(cut)}\n`);
        }
        if (!quiet) {
          for (const n of notes) ctx.io.stderr.write(`note: ${n}\n`);
          ctx.io.stderr.write(`checked ${checked}: ${errors} error(s), ${warnings} warning(s)\n`);
        }
      }
      if (errors > 0) ctx.raise(ExitCode.usage);
      else if (warnings > 0 && opts['strict'] === true) ctx.raise(ExitCode.inputErrors);
    });
}

// ---------------------------------------------------------------------------------------
// list

export interface ListedEntry {
  id: string;
  type: EntityType;
  name: string;
  province: string | null;
  lexicon: string;
  aliases: number;
}

function listEntries(entries: readonly CompiledEntry[], types: readonly EntityType[] | undefined): ListedEntry[] {
  const order = (t: EntityType): number => ENTITY_TYPES.indexOf(t);
  return entries
    .filter((e) => types === undefined || types.includes(e.type))
    .map((e) => ({
      id: e.id,
      type: e.type,
      name: e.name,
      province: e.province ?? null,
      lexicon: e.lexicon,
      aliases: e.entry.aliases.length,
    }))
    .sort((a, b) => order(a.type) - order(b.type) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function registerList(lexicon: Command, ctx: CommandContext): void {
  const cmd = lexicon
    .command('list')
    .description('list the entries: id, type, name, province, lexicon, number of aliases (by type, then id)')
    .option('--type <types>', `only these types (comma-separated: ${ENTITY_TYPES.join(', ')})`)
    .option('--json', 'print a JSON array');
  addLexiconOptions(cmd).action(async (opts: Record<string, unknown>) => {
    const types = parseTypes(opts['type']);
    const index = indexFromOptions(opts, ctx.io.env);
    const rows = listEntries(index.entries, types);
    if (opts['json'] === true) {
      await ctx.writeStdout(`${JSON.stringify(rows, null, 2)}\n`);
      return;
    }
    const clean = (s: string): string => s.replace(/[\t\r\n]+/g, ' ');
    let text = 'id\ttype\tname\tprovince\tlexicon\taliases\n';
    for (const r of rows) text += `${clean(r.id)}\t${r.type}\t${clean(r.name)}\t${r.province ?? '-'}\t${r.lexicon}\t${r.aliases}\n`;
    await ctx.writeStdout(text);
  });
}

// ---------------------------------------------------------------------------------------
// lookup

function formatLookup(r: LookupResult): string {
  const q = (s: string): string => JSON.stringify(s);
  const lines: string[] = [];
  lines.push(`query: ${q(r.query)}`);
  lines.push(`${r.policies.normalize} pieces: ${r.pieces.map((p) => `${q(p.raw)} -> ${q(p.key)} (${p.case})`).join(', ') || '(none)'}`);
  lines.push('');
  lines.push('aliases:');
  if (r.matches.length === 0) lines.push('  (no alias has these keys)');
  for (const m of r.matches) {
    lines.push(
      `  [${m.start},${m.end}) ${q(m.text)}: ${m.accepted ? 'accepted' : 'refused'}: ${m.entity} (${m.type}, ${q(m.name)}, lexicon ${m.lexicon}) alias ${q(m.alias)} (case: ${m.case}): ${m.reason}`,
    );
  }
  if (r.short_forms.length > 0) {
    lines.push('');
    lines.push('short forms (matched only after a full alias of the entry earlier in the article):');
    for (const s of r.short_forms) lines.push(`  [${s.start},${s.end}) ${q(s.text)}: ${s.entity} (${s.type}, ${q(s.name)}, lexicon ${s.lexicon}) short form ${q(s.short_form)}`);
  }
  lines.push('');
  lines.push('annotateText on the query alone:');
  if (r.annotation.mentions.length === 0) lines.push('  no mention');
  for (const m of r.annotation.mentions) {
    const head = `  [${m.start},${m.end}) ${q(m.text)} -> ${m.entity} (${m.type}, ${q(m.name)}) alias ${q(m.alias)}, rule ${m.rule}`;
    if (m.ambiguous) {
      lines.push(`${head}, ambiguous; candidates, winner first: ${(m.candidates ?? []).map((c) => `${c.entity} (${c.type})`).join(', ')}`);
    } else {
      lines.push(head);
    }
  }
  return `${lines.join('\n')}\n`;
}

function registerLookup(lexicon: Command, ctx: CommandContext): void {
  const cmd = lexicon
    .command('lookup')
    .description('show which entries a name matches and why (pieces, keys, case policy, what annotate would output)')
    .argument('<name>', 'the name to look up')
    .option('--json', 'print the result as JSON (with the full annotation of the name alone)');
  addLexiconOptions(cmd).action(async (name: string, opts: Record<string, unknown>) => {
    const { lookupName } = await import('../core/lexicon/lookup.js'); // loads wink-nlp: only when looking up
    const result = lookupName(name, indexFromOptions(opts, ctx.io.env));
    await ctx.writeStdout(opts['json'] === true ? `${JSON.stringify(result, null, 2)}\n` : formatLookup(result));
    if (result.annotation.mentions.length === 0) ctx.raise(ExitCode.inputErrors);
  });
}

// ---------------------------------------------------------------------------------------
// stats

function formatStats(s: LexiconStats, compiled: number): string {
  const cells = (lexicon: string, type: string, r: StatsRow): string[] => [
    lexicon,
    type,
    String(r.entries),
    String(r.aliases),
    String(r.arabic_script_aliases),
    String(r.short_forms),
    String(r.sources),
    r.longest_alias === null ? '-' : `${r.longest_alias.pieces} ${JSON.stringify(r.longest_alias.form)}`,
  ];
  const body: string[][] = [];
  for (const l of s.lexicons) {
    for (const t of ENTITY_TYPES) {
      const row = l.by_type[t];
      if (row !== undefined) body.push(cells(l.name, t, row));
    }
    if (Object.keys(l.by_type).length !== 1) body.push(cells(l.name, 'all', l));
  }
  for (const t of ENTITY_TYPES) {
    const row = s.types[t];
    if (row !== undefined) body.push(cells('all', t, row));
  }
  body.push(cells('all', 'all', s.total));
  const header = ['lexicon', 'type', 'entries', 'aliases', 'Arabic script', 'short forms', 'sources', 'longest alias (pieces)'];
  return `${table(header, body, new Set([2, 3, 4, 5, 6]))}\n${compiled} alias and short-form keys in the phrase index (forms of one entry that fold to the same keys count once).\n`;
}

function registerStats(lexicon: Command, ctx: CommandContext): void {
  const cmd = lexicon
    .command('stats')
    .description('count entries, aliases, Arabic-script aliases, short forms and sources per lexicon and per type')
    .option('--json', 'print the statistics as JSON');
  addLexiconOptions(cmd).action(async (opts: Record<string, unknown>) => {
    const lexicons = loadLexicons({ builtin: opts['builtinLexicons'] !== false, files: (opts['lexicon'] as string[] | undefined) ?? [] });
    const compiled = compileLexicons(lexicons).aliasCount;
    const stats = lexiconStats(lexicons);
    await ctx.writeStdout(opts['json'] === true ? `${JSON.stringify({ ...stats, compiled_aliases: compiled }, null, 2)}\n` : formatStats(stats, compiled));
  });
}

export function registerLexicon(program: Command, ctx: CommandContext): void {
  const lexicon = program
    .command('lexicon')
    .description('check and inspect lexicons: validate, list, lookup, stats')
    .addHelpText('after', LEXICON_HELP);
  registerValidate(lexicon, ctx);
  registerList(lexicon, ctx);
  registerLookup(lexicon, ctx);
  registerStats(lexicon, ctx);
}
