/**
 * Armed groups written in ways the aliases do not list (context.v2): dotted acronyms
 * ("I.S.") and a group's branch written as a compound ("ISIS-Khorasan", "I.S.-K").
 */
import { Doc, ruleMention, type Working } from './doc.js';
import type { CompiledRule } from './rules.js';
import type { Pieces } from '../pipeline/normalize.js';

const LETTER = /^\p{Lu}$/u;
const FULL_STOP: ReadonlySet<string> = new Set(['.']);

/**
 * End (exclusive) of a dotted acronym starting at piece p ("I.S.", "U.S."), with its
 * letters; or undefined. Also the prefilter's test (prefilter.v1).
 */
export function dottedAcronymAt(pieces: Pieces, p: number): { end: number; letters: string } | undefined {
  let q = p;
  let letters = '';
  while (LETTER.test(pieces.raw[q] ?? '') && pieces.key[q + 1] === '.' && pieces.end[q] === pieces.start[q + 1]) {
    letters += pieces.raw[q]!;
    q += 2;
    if (pieces.start[q] !== pieces.end[q - 1]) break;
  }
  // "I.S" at the end of a compound ("I.S.-K" ends with a letter without its dot).
  return letters.length >= 2 ? { end: q, letters } : undefined;
}

/** Armed-group entries with `letters` as an alias (any case rule), best priority first. */
function groupsWithAlias(doc: Doc, letters: string): number[] {
  const out: number[] = [];
  for (const e of doc.index.entries) {
    if (e.type !== 'armed_group') continue;
    if (e.entry.aliases.some((a) => (typeof a === 'string' ? a : a.form) === letters)) out.push(e.index);
  }
  return out.sort((a, b) => doc.index.entries[b]!.priority - doc.index.entries[a]!.priority || a - b);
}

/** dotted-acronym: "I.S." is the group whose alias is "IS". */
export function dottedAcronyms(doc: Doc, rule: CompiledRule): void {
  const added: Working[] = [];
  // An acronym starts with a letter right before a full stop: the pieces before the full stops, in order.
  let next = 0;
  for (const dot of doc.positionsOf(FULL_STOP)) {
    const p = dot - 1;
    if (p < next) continue;
    if (doc.owner[p] !== -1 || (p > 0 && doc.pieces.end[p - 1] === doc.pieces.start[p] && doc.isWord(p - 1))) continue;
    const d = dottedAcronymAt(doc.pieces, p);
    if (d === undefined) continue;
    const end = d.end;
    next = end;
    const entries = groupsWithAlias(doc, d.letters);
    if (entries.length === 0) continue;
    const m = ruleMention(doc, p, end, rule, { entry: entries[0]! });
    m.candidates = entries;
    added.push(m);
    doc.decisions.push({ start: m.start, end: m.end, rule: rule.name, outcome: 'added', before: [], after: doc.idsOf(m) });
  }
  if (added.length > 0) {
    doc.mentions.push(...added);
    doc.reindex();
  }
}

/**
 * group-branch: a group followed by "-" and a branch word ("ISIS-Khorasan", "I.S.-K",
 * "IS-Khorasan Province") names the branch: the span takes the compound, the entity is the
 * rule's `entity` when the lexicons have it.
 */
export function groupBranches(doc: Doc, rule: CompiledRule): void {
  const branch = rule.entity === undefined ? undefined : doc.index.byId.get(rule.entity);
  let changed = false;
  for (const m of doc.mentions) {
    if (doc.typeOf(m) !== 'armed_group') continue;
    const dash = m.endPiece;
    const gap = doc.text.slice(doc.pieces.end[m.endPiece - 1]!, doc.pieces.start[dash] ?? doc.text.length);
    if (gap !== '-' || !rule.following.has(doc.key(dash) ?? '') || doc.owner[dash] !== -1) continue;
    let end = dash + 1;
    if (rule.words.has(doc.key(end) ?? '') && doc.isCap(end) && doc.owner[end] === -1) end++;
    const before = doc.idsOf(m);
    m.endPiece = end;
    m.end = doc.pieces.end[end - 1]!;
    m.alias = doc.textOf(m.firstPiece, end);
    m.rule = rule.name;
    m.confidence = rule.confidence;
    m.decided = true;
    if (branch !== undefined) m.candidates = [branch.index];
    doc.decisions.push({ start: m.start, end: m.end, rule: rule.name, outcome: 'selected', before, after: doc.idsOf(m) });
    changed = true;
  }
  if (changed) doc.reindex();
}
