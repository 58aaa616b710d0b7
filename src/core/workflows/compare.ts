/**
 * Comparing two annotations of the same text (an old file and a fresh run, or two
 * folders). Mentions are matched by span (start, end in code points):
 *
 * - gained: a span only the new annotation has;
 * - lost: a span only the old annotation has;
 * - changed: the same span with another type, entity or province;
 * - shifted (with `alignShifts`, which `check` uses): a lost and a gained mention with the
 *   same text, type, entity and province, lined up in text order: the mention only moved
 *   (text was inserted or removed before it), so it is reported once, not as lost and gained;
 * - a span with the same type, entity and province but other details (alias, line,
 *   sentence, ambiguity, candidates, any other field) counts as unchanged here; the names
 *   of the fields that differ are reported as details.
 *
 * Pure.
 */
import type { Annotation, AnnotatorInfo, MentionRecord } from '../output/contract.js';

/** Order-insensitive deep equality of JSON values (objects by keys, arrays by position). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** What identifies a mention for comparison: its type, entity and province. */
export interface MentionIdentity {
  type: MentionRecord['type'];
  entity: string;
  name: string;
  province?: string;
}

export interface MentionChange {
  change: 'gained' | 'lost' | 'changed' | 'shifted';
  /** The new span (the old one for lost mentions). */
  start: number;
  end: number;
  text: string;
  /** Shifted mentions: the old span. */
  from?: { start: number; end: number };
  /** Absent for gained mentions. */
  old?: MentionIdentity;
  /** Absent for lost mentions. */
  new?: MentionIdentity;
}

export interface MentionComparison {
  changes: MentionChange[];
  gained: number;
  lost: number;
  changed: number;
  /** Mentions that only moved (0 unless `alignShifts`). */
  shifted: number;
  /** Spans with the same identity in both. */
  unchanged: number;
  /** Same span and identity, other fields differ (alias, line, column, sentence, ambiguity…). */
  detailFields: string[];
}

function identity(m: MentionRecord): MentionIdentity {
  return { type: m.type, entity: m.entity, name: m.name, ...(m.province === undefined ? {} : { province: m.province }) };
}

const sameIdentity = (a: MentionRecord, b: MentionRecord): boolean => a.type === b.type && a.entity === b.entity && a.province === b.province;

/** Fields that identify a mention's span and meaning; every other field is a detail. */
const IDENTITY_FIELDS = new Set(['start', 'end', 'type', 'entity', 'province']);

/**
 * Pair lost with gained mentions that are the same mention moved: same text and identity,
 * in the same order on both sides (a greedy in-order match, O(n log n)). Returns the
 * changes with each pair replaced by one `shifted` change.
 */
function alignShifts(changes: MentionChange[]): MentionChange[] {
  const lost = changes.filter((c) => c.change === 'lost');
  const gained = changes.filter((c) => c.change === 'gained');
  if (lost.length === 0 || gained.length === 0) return changes;
  const keyOf = (c: MentionChange): string => JSON.stringify([c.text, (c.old ?? c.new)!.type, (c.old ?? c.new)!.entity, (c.old ?? c.new)!.province ?? null]);
  // For each key, the positions (in `gained`) of the gained mentions that have it, ascending.
  const positions = new Map<string, number[]>();
  gained.forEach((g, i) => {
    const k = keyOf(g);
    const list = positions.get(k);
    if (list === undefined) positions.set(k, [i]);
    else list.push(i);
  });
  const used = new Set<MentionChange>();
  const shifted: MentionChange[] = [];
  let last = -1; // pairs keep their order: each gained partner comes after the previous one
  for (const l of lost) {
    const list = positions.get(keyOf(l));
    if (list === undefined) continue;
    // The first position after `last` (binary search).
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]! <= last) lo = mid + 1;
      else hi = mid;
    }
    if (lo === list.length) continue;
    const g = gained[list[lo]!]!;
    last = list[lo]!;
    used.add(l).add(g);
    shifted.push({ change: 'shifted', start: g.start, end: g.end, text: g.text, from: { start: l.start, end: l.end }, old: l.old!, new: g.new! });
  }
  return shifted.length === 0 ? changes : [...changes.filter((c) => !used.has(c)), ...shifted];
}

/**
 * Compare two mention lists (each in text order). Changes come out in text order (of the
 * new span for shifted mentions).
 */
export function compareMentions(oldMentions: readonly MentionRecord[], newMentions: readonly MentionRecord[], options: { alignShifts?: boolean } = {}): MentionComparison {
  const key = (m: MentionRecord): string => `${m.start}:${m.end}`;
  const before = new Map(oldMentions.map((m) => [key(m), m]));
  const after = new Map(newMentions.map((m) => [key(m), m]));
  const changes: MentionChange[] = [];
  const details = new Set<string>();
  let unchanged = 0;
  for (const m of oldMentions) {
    const n = after.get(key(m));
    if (n === undefined) changes.push({ change: 'lost', start: m.start, end: m.end, text: m.text, old: identity(m) });
    else if (!sameIdentity(m, n)) changes.push({ change: 'changed', start: m.start, end: m.end, text: n.text, old: identity(m), new: identity(n) });
    else {
      unchanged++;
      const a = m as unknown as Record<string, unknown>;
      const b = n as unknown as Record<string, unknown>;
      for (const f of new Set([...Object.keys(a), ...Object.keys(b)])) if (!IDENTITY_FIELDS.has(f) && !deepEqual(a[f], b[f])) details.add(f);
    }
  }
  for (const n of newMentions) {
    if (!before.has(key(n))) changes.push({ change: 'gained', start: n.start, end: n.end, text: n.text, new: identity(n) });
  }
  const aligned = options.alignShifts === true ? alignShifts(changes) : changes;
  const order = { lost: 0, changed: 1, shifted: 2, gained: 3 };
  aligned.sort((a, b) => a.start - b.start || order[a.change] - order[b.change] || a.end - b.end);
  const changesOut = aligned;
  return {
    changes: changesOut,
    gained: changesOut.filter((c) => c.change === 'gained').length,
    lost: changesOut.filter((c) => c.change === 'lost').length,
    changed: changesOut.filter((c) => c.change === 'changed').length,
    shifted: changesOut.filter((c) => c.change === 'shifted').length,
    unchanged,
    detailFields: [...details].sort(),
  };
}

/** What differs in the annotator stamp, in words (`lexicon tiny 1.0.0 -> 1.0.1`). */
export function describeStampChange(a: AnnotatorInfo, b: AnnotatorInfo): string[] {
  const out: string[] = [];
  if (a.version !== b.version) out.push(`annotator ${a.version} -> ${b.version}`);
  for (const k of ['normalize', 'case', 'overlap', 'variant', 'context'] as const) {
    if (a.policies[k] !== b.policies[k]) out.push(`policy ${k} ${a.policies[k] ?? '(none)'} -> ${b.policies[k] ?? '(none)'}`);
  }
  if (!deepEqual(a.options ?? {}, b.options ?? {})) out.push(`options ${JSON.stringify(a.options ?? {})} -> ${JSON.stringify(b.options ?? {})}`);
  const oldL = new Map(a.lexicons.map((l) => [l.name, l]));
  const newL = new Map(b.lexicons.map((l) => [l.name, l]));
  for (const l of a.lexicons) if (!newL.has(l.name)) out.push(`lexicon ${l.name} removed`);
  for (const l of b.lexicons) {
    const o = oldL.get(l.name);
    if (o === undefined) out.push(`lexicon ${l.name} ${l.version} added`);
    else if (!deepEqual(o, l)) {
      const parts: string[] = [];
      if (o.version !== l.version) parts.push(`${o.version} -> ${l.version}`);
      if (o.sha256 !== l.sha256) parts.push(`sha256 ${o.sha256.slice(0, 8)} -> ${l.sha256.slice(0, 8)}`);
      if (o.entries !== l.entries) parts.push(`${o.entries} -> ${l.entries} entries`);
      if (o.attribution !== l.attribution) parts.push('attribution');
      out.push(`lexicon ${l.name} ${parts.join(', ')}`);
    }
  }
  const order = (x: AnnotatorInfo): string => x.lexicons.map((l) => l.name).join(',');
  if (out.length === 0 && order(a) !== order(b)) out.push('lexicon load order');
  return out;
}

export interface AnnotationComparison {
  /** Deep-equal (key order ignored). */
  identical: boolean;
  mentions: MentionComparison;
  /** Empty when the stamps are equal. */
  stamp: string[];
  /** `source` fields that differ (`path`, `sha256`, `length`, `encoding`). */
  source: string[];
  /** Entity records differ (attributes or counts). */
  entities: boolean;
  /** The only difference is in `annotator` (tool version, policies, lexicon stamps). */
  stampOnly: boolean;
}

export function compareAnnotations(before: Annotation, after: Annotation): AnnotationComparison {
  const mentions = compareMentions(before.mentions, after.mentions, { alignShifts: true });
  const stamp = deepEqual(before.annotator, after.annotator) ? [] : describeStampChange(before.annotator, after.annotator);
  if (!deepEqual(before.annotator, after.annotator) && stamp.length === 0) stamp.push('annotator stamp');
  const source = (['path', 'sha256', 'length', 'encoding'] as const).filter((k) => before.source[k] !== after.source[k]);
  const identical = deepEqual(before, after);
  const withoutStamp = deepEqual({ ...before, annotator: null }, { ...after, annotator: null });
  return {
    identical,
    mentions,
    stamp,
    source,
    entities: !deepEqual(before.entities, after.entities),
    stampOnly: !identical && withoutStamp,
  };
}
