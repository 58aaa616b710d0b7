/**
 * Stage 5, resolve: candidates -> mentions.
 *
 * Overlap policy `longest-first.v1`:
 * 1. Candidates on the same span are one decision: the entries they name are ranked by
 *    priority (higher first), then by load order (built-in lexicons by file name, then
 *    user lexicons in the order given). The first wins; if more than one entry matched,
 *    the mention is `ambiguous` and lists every candidate entry in that order.
 * 2. Spans are taken greedily: longest first (in code points), then the higher priority
 *    of their winning entry, then the earlier start. A span that overlaps one already
 *    taken is dropped.
 * 3. Mentions come out in text order.
 */
import type { PhraseIndex } from '../lexicon/compile.js';
import type { Candidate } from './match.js';

export const OVERLAP_POLICY = 'longest-first.v1';

export interface Resolved {
  start: number;
  end: number;
  firstPiece: number;
  endPiece: number;
  /** Winning entry index. */
  entry: number;
  /** The alias form that matched for the winner. */
  alias: string;
  /** All entries matched on this span, winner first (length 1 when unambiguous). */
  candidates: number[];
}

function codePointLength(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff || i === start) n++;
  }
  return n;
}

export interface Resolution {
  /** The mentions taken, in text order. */
  taken: Resolved[];
  /** Spans dropped because they overlapped a taken one (for --explain), in text order. */
  lost: Resolved[];
}

export function resolveOverlaps(text: string, candidates: readonly Candidate[], index: PhraseIndex): Resolution {
  // 1. One decision per span.
  const bySpan = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const key = `${c.firstPiece}:${c.endPiece}`;
    const list = bySpan.get(key);
    if (list === undefined) bySpan.set(key, [c]);
    else list.push(c);
  }
  const spans: (Resolved & { length: number; priority: number })[] = [];
  for (const list of bySpan.values()) {
    const seen = new Set<number>();
    const unique = list.filter((c) => (seen.has(c.entry) ? false : (seen.add(c.entry), true)));
    unique.sort((a, b) => index.entries[b.entry]!.priority - index.entries[a.entry]!.priority || a.entry - b.entry);
    const winner = unique[0]!;
    spans.push({
      start: winner.start,
      end: winner.end,
      firstPiece: winner.firstPiece,
      endPiece: winner.endPiece,
      entry: winner.entry,
      alias: winner.alias.form,
      candidates: unique.map((c) => c.entry),
      length: codePointLength(text, winner.start, winner.end),
      priority: index.entries[winner.entry]!.priority,
    });
  }

  // 2. Greedy selection.
  spans.sort((a, b) => b.length - a.length || b.priority - a.priority || a.start - b.start);
  const taken: Resolved[] = [];
  const lost: Resolved[] = [];
  const used = new Set<number>();
  for (const s of spans) {
    let free = true;
    for (let p = s.firstPiece; p < s.endPiece; p++) {
      if (used.has(p)) {
        free = false;
        break;
      }
    }
    const { length: _length, priority: _priority, ...resolved } = s;
    if (!free) {
      lost.push(resolved);
      continue;
    }
    for (let p = s.firstPiece; p < s.endPiece; p++) used.add(p);
    taken.push(resolved);
  }

  // 3. Text order.
  const byStart = (a: Resolved, b: Resolved): number => a.start - b.start || a.end - b.end;
  return { taken: taken.sort(byStart), lost: lost.sort(byStart) };
}
