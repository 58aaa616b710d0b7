/**
 * `lexicon validate`: checks over a set of loaded lexicons, as data. Pure: the caller reads
 * the files (and the word list) and turns loading errors into findings with
 * `findingFromError`; this module only looks at documents and their YAML text.
 *
 * Each finding has a stable code (AA2xx, see errors.ts), a severity, the file, the YAML
 * path of the value (`entries[3].aliases[0]`) and its line:column when the text is known.
 *
 * Checks (the README's "Lexicon tooling" lists them with their codes):
 * - errors: duplicate lexicon names (AA205) and entry ids (AA204, within and across files),
 *   source ids a lexicon does not declare (AA207), aliases with nothing to match (AA206),
 *   an alias claimed by two entries of the same type when not every lexicon involved
 *   declares `shared_aliases: candidates` (AA220), date ranges that end before they start
 *   (AA223), impossible dates (AA224), `province` codes that are no loaded province's id
 *   (AA225), `district` and `part_of` ids that no loaded entry has (AA226, AA227), a
 *   province entry whose `province` is not its own id (AA230);
 * - warnings: aliases that are common English words as prose writes them (AA221), aliases
 *   of fewer than three letters or digits without `case: exact` (AA222), short forms that
 *   are another entry's alias (AA228), a `district` that is not a district of the same
 *   province (AA229).
 * Entries of different types that share an alias (the province Kunduz and the city Kunduz)
 * are not a finding: priority decides and the output flags the mention ambiguous.
 */
import YAML, { LineCounter, isNode, type Document } from 'yaml';
import type { ErrorCode } from '../errors.js';
import { findCandidates } from '../pipeline/match.js';
import { aliasPieces, piecesOfText, withSentences } from '../pipeline/normalize.js';
import { tokenize } from '../pipeline/tokenize.js';
import { compileLexicons } from './compile.js';
import { yamlPath } from './parse.js';
import { LEXICON_FORMAT, type AliasSpec, type EntityType, type Lexicon, type LexiconEntry } from './types.js';
import type { Finding, Severity } from './findings.js';

export { commonWordsFrom, findingFromError, formatFinding, type Finding } from './findings.js';

/** A loaded lexicon and, to locate findings, the YAML text it was parsed from. */
export interface LexiconSource {
  lexicon: Lexicon;
  text?: string;
}

export interface ValidateOptions {
  /**
   * Common English words (lower case). Without it the common-word check is skipped and
   * a note says so.
   */
  words?: ReadonlySet<string> | undefined;
}

export interface ValidationResult {
  /** Sorted: by lexicon (in the order given), then line and column, then code. */
  findings: Finding[];
  /** Things the user should know that are not findings (a check that was skipped). */
  notes: string[];
  lexicons: number;
  entries: number;
  aliases: number;
}

/** Alias and short-form checks: fewer letters or digits than this is "very short". */
export const MIN_ALIAS_LETTERS = 3;

// ---------------------------------------------------------------------------------------
// Dates

const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Why a schema-shaped date (YYYY, YYYY-MM, YYYY-MM-DD) cannot exist, or undefined. */
export function impossibleDate(value: string): string | undefined {
  const m = DATE.exec(value);
  if (!m) return 'not a date (YYYY, YYYY-MM or YYYY-MM-DD)';
  const year = Number(m[1]);
  if (m[2] === undefined) return undefined;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return `month ${m[2]} does not exist`;
  if (m[3] === undefined) return undefined;
  const day = Number(m[3]);
  const last = daysInMonth(year, month);
  if (day < 1 || day > last) return `${m[1]}-${m[2]} has no day ${m[3]} (it has ${last} days)`;
  return undefined;
}

/**
 * Whether `from` is after `to`, compared at the precision both give: `2021` to `2021-05`
 * is fine, `2021-09` to `2021-08-30` is not.
 */
export function dateRangeReversed(from: string, to: string): boolean {
  const n = Math.min(from.length, to.length);
  return from.slice(0, n) > to.slice(0, n);
}

// ---------------------------------------------------------------------------------------
// Aliases

function aliasForm(spec: AliasSpec): string {
  return typeof spec === 'string' ? spec : spec.form;
}

function aliasCase(spec: AliasSpec): 'shape' | 'exact' | 'any' {
  return typeof spec === 'string' ? 'shape' : (spec.case ?? 'shape');
}

/** The match key of a form: its normalize.v2 piece keys. */
export function aliasKey(form: string): string {
  return aliasPieces(form)
    .map((p) => p.key)
    .join('\u0000');
}

function displayKey(key: string): string {
  return key.split('\u0000').join(' ');
}

/** Letters and digits in a form (code points). */
function letterCount(form: string): number {
  let n = 0;
  for (const ch of form) if (/[\p{L}\p{N}]/u.test(ch)) n++;
  return n;
}

const probeCache = new Map<string, ReturnType<typeof compileLexicons> | null>();

/** A phrase index holding this one alias, compiled by the real compiler. */
function probeIndex(spec: AliasSpec): ReturnType<typeof compileLexicons> | null {
  const cacheKey = `${aliasCase(spec)}\u0001${aliasForm(spec)}`;
  let index = probeCache.get(cacheKey);
  if (index === undefined) {
    try {
      index = compileLexicons([
        {
          document: {
            format: LEXICON_FORMAT,
            lexicon: 'probe',
            version: '0.0.0',
            sources: [{ id: 'probe', title: 'probe', licence: 'none' }],
            entries: [{ id: 'probe', type: 'place', name: 'probe', province: 'AF-KBL', aliases: [spec], sources: ['probe'] }],
          },
          sha256: '',
          origin: 'probe',
        },
      ]);
    } catch {
      index = null; // nothing to match (AA206 is reported elsewhere)
    }
    probeCache.set(cacheKey, index);
  }
  return index;
}

/**
 * Whether the alias alone, with its case policy, matches the whole of `text` (through the
 * real tokenizer, normalizer and matcher).
 */
export function aliasMatchesText(spec: AliasSpec, text: string): boolean {
  const index = probeIndex(spec);
  if (index === null) return false;
  const pieces = withSentences(piecesOfText(text), tokenize(text));
  return findCandidates(text, pieces, index).some((c) => c.start === 0 && c.end === text.length);
}

/**
 * When an alias is made of common English words only, the prose forms it matches: the
 * words in lower case, and with a capital initial as at the start of a sentence.
 * Empty when it is not made of common words or its case policy keeps it off prose.
 */
export function commonWordMatches(spec: AliasSpec, words: ReadonlySet<string>): string[] {
  const pieces = aliasPieces(aliasForm(spec));
  if (pieces.length === 0) return [];
  for (const p of pieces) {
    if (!/^\p{L}+$/u.test(p.raw)) return [];
    if (!words.has(p.raw.toLowerCase()) && !words.has(p.key)) return [];
  }
  const lower = pieces.map((p) => p.raw.toLowerCase()).join(' ');
  const initial = lower.charAt(0).toUpperCase() + lower.slice(1);
  return [lower, initial].filter((form) => aliasMatchesText(spec, form));
}

// ---------------------------------------------------------------------------------------
// Locating findings in the YAML text

class Locator {
  private doc: Document | undefined;
  private readonly lines = new LineCounter();

  constructor(private readonly text: string | undefined) {}

  where(segments: readonly (string | number)[]): string | undefined {
    if (this.text === undefined) return undefined;
    this.doc ??= YAML.parseDocument(this.text, { lineCounter: this.lines, version: '1.2' });
    for (let n = segments.length; n >= 0; n--) {
      const node = this.doc.getIn(segments.slice(0, n), true);
      if (isNode(node) && node.range) {
        const pos = this.lines.linePos(node.range[0]);
        return `${pos.line}:${pos.col}`;
      }
    }
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------
// The checks

interface EntryRef {
  source: number;
  index: number;
  entry: LexiconEntry;
  file: string;
  lexicon: string;
  policy: 'refuse' | 'candidates';
}

interface AliasClaim {
  ref: EntryRef;
  alias: number;
  form: string;
}

const refName = (r: EntryRef, sameFile: string): string =>
  r.file === sameFile ? `entries[${r.index}]` : `${r.file} entries[${r.index}]`;

export function validateLexicons(sources: readonly LexiconSource[], options: ValidateOptions = {}): ValidationResult {
  const findings: (Finding & { order: number; line: number; col: number })[] = [];
  const notes: string[] = [];
  const locators = sources.map((s) => new Locator(s.text));

  const add = (source: number, code: ErrorCode, severity: Severity, segments: (string | number)[], message: string): void => {
    const where = locators[source]!.where(segments);
    const [line, col] = where === undefined ? [Number.MAX_SAFE_INTEGER, 0] : where.split(':').map(Number);
    findings.push({
      code,
      severity,
      file: sources[source]!.lexicon.origin,
      path: yamlPath(segments),
      ...(where === undefined ? {} : { where }),
      message,
      order: source,
      line: line ?? 0,
      col: col ?? 0,
    });
  };

  // Which lexicons take part in the cross-file checks: the first of each name.
  const names = new Map<string, number>();
  const active: number[] = [];
  sources.forEach((s, i) => {
    const name = s.lexicon.document.lexicon;
    const first = names.get(name);
    if (first !== undefined) {
      add(i, 'AA205', 'error', ['lexicon'], `lexicon name "${name}" is already used by ${sources[first]!.lexicon.origin}; its entries are not checked further`);
      return;
    }
    names.set(name, i);
    active.push(i);
  });

  // Every entry, and the ids they define (the first definition wins).
  const refs: EntryRef[] = [];
  const byId = new Map<string, EntryRef>();
  let entryCount = 0;
  let aliasCount = 0;
  for (const s of active) {
    const doc = sources[s]!.lexicon.document;
    const file = sources[s]!.lexicon.origin;
    doc.entries.forEach((entry, index) => {
      entryCount++;
      aliasCount += entry.aliases.length;
      const ref: EntryRef = { source: s, index, entry, file, lexicon: doc.lexicon, policy: doc.shared_aliases ?? 'refuse' };
      refs.push(ref);
      const first = byId.get(entry.id);
      if (first !== undefined) {
        add(s, 'AA204', 'error', ['entries', index, 'id'], `id "${entry.id}" is already defined at ${refName(first, file)}`);
      } else {
        byId.set(entry.id, ref);
      }
    });
  }
  const provinceIds = new Set(refs.filter((r) => r.entry.type === 'province').map((r) => r.entry.id));

  if (options.words === undefined) notes.push('common-word check (AA221) skipped: no word list');

  // Per entry.
  const claims = new Map<string, AliasClaim[]>();
  for (const ref of refs) {
    const { source: s, index: i, entry } = ref;
    const doc = sources[s]!.lexicon.document;
    const at = (...rest: (string | number)[]): (string | number)[] => ['entries', i, ...rest];

    const declared = new Set(doc.sources.map((x) => x.id));
    entry.sources.forEach((id, k) => {
      if (!declared.has(id)) add(s, 'AA207', 'error', at('sources', k), `source "${id}" is not among the lexicon's sources`);
    });

    // Dates.
    const checkDate = (value: string | undefined, path: (string | number)[]): boolean => {
      if (value === undefined) return true;
      const why = impossibleDate(value);
      if (why !== undefined) add(s, 'AA224', 'error', path, `"${value}": ${why}`);
      return why === undefined;
    };
    const fromOk = checkDate(entry.active_from, at('active_from'));
    const toOk = checkDate(entry.active_to, at('active_to'));
    if (fromOk && toOk && entry.active_from !== undefined && entry.active_to !== undefined && dateRangeReversed(entry.active_from, entry.active_to)) {
      add(s, 'AA223', 'error', at('active_from'), `active_from ${entry.active_from} is after active_to ${entry.active_to}`);
    }
    entry.roles?.forEach((role, r) => {
      const a = checkDate(role.from, at('roles', r, 'from'));
      const b = checkDate(role.to, at('roles', r, 'to'));
      if (a && b && role.from !== undefined && role.to !== undefined && dateRangeReversed(role.from, role.to)) {
        add(s, 'AA223', 'error', at('roles', r, 'from'), `role "${role.title}": from ${role.from} is after to ${role.to}`);
      }
    });

    // References.
    if (entry.province !== undefined) {
      if (entry.type === 'province' && entry.province !== entry.id) {
        add(s, 'AA230', 'error', at('province'), `province entry "${entry.id}" gives province ${entry.province}; a province lies in itself`);
      } else if (!provinceIds.has(entry.province)) {
        add(s, 'AA225', 'error', at('province'), `province "${entry.province}" is not the id of any province entry loaded`);
      }
    }
    if (entry.district !== undefined) {
      const target = byId.get(entry.district);
      if (target === undefined) {
        add(s, 'AA226', 'error', at('district'), `district "${entry.district}" is not the id of any entry loaded`);
      } else {
        const t = target.entry;
        const problems: string[] = [];
        if (t.type !== 'place') problems.push(`is a ${t.type}, not a place`);
        else if (t.kind !== undefined && t.kind !== 'district') problems.push(`is a ${t.kind}, not a district`);
        if (t.type === 'place' && entry.province !== undefined && t.province !== entry.province) {
          problems.push(`lies in ${t.province ?? 'no province'}, not ${entry.province}`);
        }
        if (problems.length > 0) add(s, 'AA229', 'warning', at('district'), `district "${entry.district}" ${problems.join('; ')}`);
      }
    }
    if (entry.part_of !== undefined && !byId.has(entry.part_of)) {
      add(s, 'AA227', 'error', at('part_of'), `part_of "${entry.part_of}" is not the id of any entry loaded`);
    }

    // Aliases.
    entry.aliases.forEach((spec, a) => {
      const form = aliasForm(spec);
      const key = aliasKey(form);
      if (key === '') {
        add(s, 'AA206', 'error', at('aliases', a), `"${form}" has no letters or digits to match`);
        return;
      }
      const list = claims.get(key);
      if (list === undefined) claims.set(key, [{ ref, alias: a, form }]);
      else list.push({ ref, alias: a, form });

      if (aliasCase(spec) !== 'exact' && letterCount(form) < MIN_ALIAS_LETTERS) {
        add(
          s,
          'AA222',
          'warning',
          at('aliases', a),
          `alias "${form}" has fewer than ${MIN_ALIAS_LETTERS} letters or digits and matches too easily; drop it, or give it case: exact if it is meant`,
        );
      }
      if (options.words !== undefined) {
        const matched = commonWordMatches(spec, options.words);
        if (matched.length > 0) {
          add(
            s,
            'AA221',
            'warning',
            at('aliases', a),
            `alias "${form}" is common English (${matched.map((x) => `"${x}"`).join(', ')} in prose would match it)`,
          );
        }
      }
    });
  }

  // An alias claimed by two entries of the same type.
  for (const [key, list] of claims) {
    const byType = new Map<EntityType, AliasClaim[]>();
    for (const c of list) {
      const l = byType.get(c.ref.entry.type);
      if (l === undefined) byType.set(c.ref.entry.type, [c]);
      else l.push(c);
    }
    for (const [type, group] of byType) {
      const entries = new Map<EntryRef, AliasClaim>();
      for (const c of group) if (!entries.has(c.ref)) entries.set(c.ref, c);
      if (entries.size < 2) continue;
      if ([...entries.keys()].every((r) => r.policy === 'candidates')) continue;
      const [first, ...rest] = [...entries.values()];
      for (const c of rest) {
        const refuse = [...new Set([first!.ref, c.ref].filter((r) => r.policy !== 'candidates').map((r) => r.lexicon))];
        add(
          c.ref.source,
          'AA220',
          'error',
          ['entries', c.ref.index, 'aliases', c.alias],
          `alias "${c.form}" (key "${displayKey(key)}") is also an alias of ${type} ${first!.ref.entry.id} (${refName(first!.ref, c.ref.file)}); ` +
            `declare shared_aliases: candidates in ${refuse.map((n) => `lexicon "${n}"`).join(' and ')} to keep both as candidates, or drop one`,
        );
      }
    }
  }

  // Short forms that match nothing, or that are another entry's alias.
  for (const ref of refs) {
    ref.entry.short_forms?.forEach((form, k) => {
      if (aliasKey(form) === '') {
        add(ref.source, 'AA206', 'error', ['entries', ref.index, 'short_forms', k], `"${form}" has no letters or digits to match`);
        return;
      }
      const others = (claims.get(aliasKey(form)) ?? []).filter((c) => c.ref !== ref);
      const ids = [...new Set(others.map((c) => c.ref.entry.id))];
      if (ids.length > 0) {
        add(
          ref.source,
          'AA228',
          'warning',
          ['entries', ref.index, 'short_forms', k],
          `short form "${form}" is an alias of ${ids.join(', ')}, which matches it anywhere`,
        );
      }
    });
  }

  findings.sort((a, b) => a.order - b.order || a.line - b.line || a.col - b.col || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
  return {
    findings: findings.map(({ order: _o, line: _l, col: _c, ...f }) => f),
    notes,
    lexicons: sources.length,
    entries: entryCount,
    aliases: aliasCount,
  };
}
