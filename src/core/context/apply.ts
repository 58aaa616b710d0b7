/**
 * Stage 6, context: the words around each mention decide what it names. Pure.
 *
 * Input: the mentions that survived the overlap policy, each with every lexicon entry that
 * matched its span (ranked). Output: the same mentions with candidates narrowed by named
 * rules, mentions inside other names dropped, and new mentions for places and officials
 * that no lexicon lists, for short forms and for acronyms defined in the text. Every
 * decision is recorded (`--explain` prints them).
 *
 * The order of the steps is part of the policy (`context.v2`):
 *   1 inside-name, inside-name-of      drop place names inside other names
 *   2 noun-after, cue-before           "X province", "the city of X" ...
 *   3 new-place, new-place-before-...  names no gazetteer lists ("the Nawabad area")
 *   4 chain-after                      "Y district, X" -> X is a province; Y lies in X
 *   5 province of new places           from the next place named in the sentence
 *   6 nearby-province                  shared names resolved by the provinces named nearby
 *   7 person-inside-name               drop officials inside other names ("Mullah X Front")
 *   8 extend-known                     a known name takes the name words before it
 *   9 title-before-name, title-comma-name, name-comma-title, affiliation   officials
 *  10 acronym, full-repeat, short-form later mentions of what was named in full
 *  11 titles                           every official gets the normalised title of its person
 * Officials and later mentions live in officials.ts; the shared document model in doc.ts.
 */
import type { PhraseIndex } from '../lexicon/compile.js';
import type { Pieces } from '../pipeline/normalize.js';
import { Doc, DOCUMENT_PROVINCE_FACTOR, once, nameRunAfter, nameRunBefore, ruleMention, slug, type Decision, type Working } from './doc.js';
import { acronyms, extendKnownNames, fullRepeats, nameCommaTitle, personInsideName, shortForms, titleBeforeName, titleCommaName, titlesOfOfficials, type ShortCandidate } from './officials.js';
import { dottedAcronyms, groupBranches } from './groups.js';
import { faPsDateWords, faPsNewPlaces, faPsOfficials, faPsRepeats } from './fa-ps.js';
import type { CompiledRule, CompiledRules } from './rules.js';

export { BASE_CONFIDENCE, CONTEXT_POLICY, type Decision, type Working } from './doc.js';
export type { ShortCandidate } from './officials.js';

// ---------------------------------------------------------------------------------------

function insideName(doc: Doc, rule: CompiledRule): void {
  const keep: Working[] = [];
  for (const m of doc.mentions) {
    if (!doc.isLocation(m) || m.local !== undefined || !isInsideName(doc, m, rule)) {
      keep.push(m);
      continue;
    }
    doc.record(m, rule.name, 'dropped', doc.idsOf(m));
  }
  doc.mentions = keep;
  doc.reindex();
}

function isInsideName(doc: Doc, m: Working, rule: CompiledRule): boolean {
  if (rule.kind === 'inside-name-of') {
    const of = m.firstPiece - 1;
    const w = m.firstPiece - 2;
    return (
      doc.key(of) === 'of' &&
      doc.sameSentence(w, m.firstPiece) &&
      doc.isCap(w) &&
      doc.firstWord[w] === 0 &&
      doc.owner[w] === -1 &&
      /^\p{L}+$/u.test(doc.pieces.raw[w]!) &&
      !rule.exclude.has(doc.key(w)!) &&
      !doc.rules.stopwords.has(doc.key(w)!)
    );
  }
  if (rule.precededByCapitalised) {
    const b = m.firstPiece - 1;
    if (!(doc.sameSentence(b, m.firstPiece) && doc.isCap(b) && doc.firstWord[b] === 0 && doc.owner[b] === -1 && /^\p{L}+$/u.test(doc.pieces.raw[b]!))) {
      return false;
    }
    // Without a following noun, the capitalised word before must itself look like a name.
    if (rule.following.size === 0) return !doc.rules.stopwords.has(doc.key(b)!) && !rule.exclude.has(doc.key(b)!);
    return doc.sameSentence(m.endPiece, m.firstPiece) && rule.following.has(doc.key(m.endPiece) ?? '');
  }
  // A run of capitalised words right after the name that contains an organisation noun.
  for (let p = m.endPiece; p < m.endPiece + 4 && doc.sameSentence(p, m.firstPiece); p++) {
    if (rule.requireCapital && !doc.isCap(p)) return false;
    if (!doc.isWord(p) || doc.owner[p] !== -1) return false;
    if (rule.following.has(doc.key(p)!)) return true;
    if (!rule.requireCapital) return false;
  }
  return false;
}

function nounAfter(doc: Doc, rule: CompiledRule): void {
  for (const m of doc.mentions) {
    // The noun after the name, or after a bracket that closes right after it.
    const next = doc.key(m.endPiece);
    if (next !== ')' && (next === undefined || !rule.words.has(next))) continue;
    if (m.decided || !doc.isLocation(m) || m.local !== undefined) continue;
    let p = m.endPiece;
    let group = [m];
    if (doc.key(p) === ')') {
      // "Charcheno (Shahidi Hassas) district": the name before the brackets too.
      const open = doc.matchBefore(m.firstPiece, ['(']);
      const before = open === -1 ? undefined : doc.mentionEndingAt(open);
      if (before !== undefined) group = [before, m];
      p++;
    }
    const noun = doc.key(p);
    if (noun === undefined || !rule.words.has(noun) || !doc.sameSentence(p, m.firstPiece)) continue;
    if (noun.endsWith('s')) group = [...group, ...doc.coordinated(group[0]!, -1)];
    for (const g of group) if (!g.decided) doc.select(g, rule.select ?? 'place', rule);
  }
}

/** The last keys of a rule's cues: no cue ends before a mention whose previous piece has another key. */
const lastKeysOf = once((rule: CompiledRule): ReadonlySet<string> => new Set(rule.sequences.map((seq) => seq[seq.length - 1]!)));

function cueBefore(doc: Doc, rule: CompiledRule): void {
  const lastKeys = lastKeysOf(rule);
  for (const m of doc.mentions) {
    if (m.decided || m.firstPiece === 0 || !lastKeys.has(doc.key(m.firstPiece - 1)!) || !doc.isLocation(m) || m.local !== undefined) continue;
    const cue = rule.sequences.find((seq) => doc.matchBefore(m.firstPiece, seq) !== -1);
    if (cue === undefined) continue;
    // "Aachin district of Kunduz": the noun classifies the name before it, not this one.
    const before = m.firstPiece - cue.length - 1;
    if (doc.sameSentence(before, m.firstPiece) && (doc.owner[before] !== -1 || (doc.isCap(before) && !doc.rules.stopwords.has(doc.key(before)!)))) continue;
    const group = cue[0]!.endsWith('s') ? [m, ...doc.coordinated(m, 1)] : [m];
    for (const g of group) if (!g.decided) doc.select(g, rule.select ?? 'place', rule);
  }
}

function newPlaces(doc: Doc, rule: CompiledRule): void {
  const added: Working[] = [];
  for (const p of doc.positionsOf(rule.words)) {
    if (p < 1 || doc.owner[p] !== -1) continue;
    // "the Khair Khana area", "Popalzai Khash village", "Aachin district"
    const start = nameRunBefore(doc, p, rule.maxWords);
    if (start === p) continue;
    if (added.some((a) => a.endPiece > start && a.firstPiece < p)) continue;
    // "the Kashrud-Chakhansour districts": a plural noun after names joined by hyphens names each.
    const parts: [number, number][] = [];
    let from = start;
    if (doc.key(p)!.endsWith('s')) {
      for (let q = start + 1; q < p; q++) {
        if (doc.text.slice(doc.pieces.end[q - 1]!, doc.pieces.start[q]!) === '-') {
          parts.push([from, q]);
          from = q;
        }
      }
    }
    parts.push([from, p]);
    for (const [a, b] of parts) {
      added.push(ruleMention(doc, a, b, rule, { local: { id: '', type: 'place', name: doc.textOf(a, b), kind: rule.kindOfPlace } }));
    }
  }
  if (added.length > 0) {
    doc.mentions.push(...added);
    doc.reindex();
  }
}

const oneWordCues = once((rule: CompiledRule): Set<string> => new Set(rule.sequences.filter((seq) => seq.length === 1).map((seq) => seq[0]!)));

function newPlaceBeforeProvince(doc: Doc, rule: CompiledRule): void {
  const added: Working[] = [];
  // A one-word cue before the name: "village X, <province>".
  for (const p of doc.positionsOf(oneWordCues(rule))) {
    if (doc.owner[p] !== -1) continue;
    const start = p + 1;
    const end = nameRunAfter(doc, start, rule.maxWords);
    if (end === start || doc.key(end) !== ',') continue;
    const province = doc.mentionStartingAt(end + 1);
    if (province === undefined || province.decided || !province.candidates.some((c) => doc.accepts(c, 'province'))) continue;
    added.push(ruleMention(doc, start, end, rule, { local: { id: '', type: 'place', name: doc.textOf(start, end), kind: 'place' } }));
  }
  if (added.length > 0) {
    doc.mentions.push(...added);
    doc.reindex();
  }
}

function chainAfter(doc: Doc, rule: CompiledRule, placeNouns: ReadonlySet<string>): void {
  for (const m of doc.mentions) {
    if (doc.typeOf(m) !== 'place') continue;
    // Past the noun that made it a place: "Kunduz city, Kunduz", "Aachin district of Kunduz".
    const after = placeNouns.has(doc.key(m.endPiece) ?? '') ? m.endPiece + 1 : m.endPiece;
    for (const link of rule.sequences) {
      const at = doc.matchAt(after, link, m.firstPiece);
      if (at === -1) continue;
      const n = doc.mentionStartingAt(at);
      if (n === undefined || n.local !== undefined || !n.candidates.some((c) => doc.accepts(c, 'province'))) continue;
      if (!n.decided) doc.select(n, 'province', rule);
      const province = doc.definiteProvince(n);
      if (province === undefined || doc.typeOf(n) !== 'province') break;
      if (m.local !== undefined) {
        m.local.province ??= province;
      } else {
        const inside = m.candidates.filter((c) => doc.entryProvince(c) === province);
        if (inside.length > 0 && inside.length < m.candidates.length) {
          const before = doc.idsOf(m);
          m.candidates = inside;
          doc.record(m, rule.name, 'selected', before);
        }
      }
      break;
    }
  }
}

/** Provinces named in the document, by count, for places that the sentence leaves open. */
function documentProvinces(doc: Doc): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of doc.mentions) {
    if (!doc.isLocation(m)) continue;
    const p = doc.definiteProvince(m);
    if (p !== undefined) counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  return counts;
}

function topProvince(counts: Map<string, number>, allowed?: Set<string>): string | undefined {
  let best: string | undefined;
  let bestCount = 0;
  for (const [p, n] of counts) {
    if (allowed !== undefined && !allowed.has(p)) continue;
    if (n > bestCount) {
      best = p;
      bestCount = n;
    }
  }
  return best;
}

/** The province of the nearest mention in the same sentence: after m first, then before. */
function sentenceProvince(doc: Doc, m: Working, allowed?: Set<string>): string | undefined {
  const i = doc.mentions.indexOf(m);
  const ok = (x: Working): string | undefined => {
    if (x === m || !doc.isLocation(x) || !doc.sameSentence(x.firstPiece, m.firstPiece)) return undefined;
    const p = doc.definiteProvince(x);
    return p !== undefined && (allowed === undefined || allowed.has(p)) ? p : undefined;
  };
  for (let j = i + 1; j < doc.mentions.length && doc.sameSentence(doc.mentions[j]!.firstPiece, m.firstPiece); j++) {
    const p = ok(doc.mentions[j]!);
    if (p !== undefined) return p;
  }
  for (let j = i - 1; j >= 0 && doc.sameSentence(doc.mentions[j]!.firstPiece, m.firstPiece); j--) {
    const p = ok(doc.mentions[j]!);
    if (p !== undefined) return p;
  }
  return undefined;
}

function placeProvinces(doc: Doc): void {
  const pending = doc.mentions.filter((m) => m.local !== undefined && m.local.type === 'place' && m.local.province === undefined);
  // Right to left, so that "X village of Y district of Z province" passes Z's province to Y, then X.
  for (const m of [...pending].reverse()) {
    const p = sentenceProvince(doc, m);
    if (p !== undefined) m.local!.province = p;
  }
  // The document's provinces as they are before any place takes the most frequent one (counted only when one will).
  const counts = doc.mentions.some((m) => m.local !== undefined && m.local.type === 'place' && m.local.province === undefined) ? documentProvinces(doc) : new Map<string, number>();
  const keep: Working[] = [];
  for (const m of doc.mentions) {
    if (m.local !== undefined && m.local.type === 'place' && m.local.province === undefined) {
      const p = topProvince(counts);
      if (p === undefined) continue; // nothing says where it is: no mention
      m.local.province = p;
      m.confidence = Math.round(m.confidence * DOCUMENT_PROVINCE_FACTOR * 100) / 100;
    }
    if (m.local !== undefined && m.local.type === 'place') {
      m.local.id = `local.place.${m.local.province}.${slug(m.local.name)}`;
      doc.decisions.push({ start: m.start, end: m.end, rule: m.rule, outcome: 'added', before: [], after: [m.local.id] });
    }
    keep.push(m);
  }
  doc.mentions = keep;
  doc.reindex();
}

function nearbyProvince(doc: Doc, rule: CompiledRule): void {
  let counts: Map<string, number> | undefined;
  for (const m of doc.mentions) {
    if (m.local !== undefined || m.candidates.length < 2 || !doc.isLocation(m)) continue;
    const provinces = new Set(m.candidates.map((c) => doc.entryProvince(c) ?? ''));
    if (provinces.size < 2) continue;
    let chosen = sentenceProvince(doc, m, provinces);
    if (chosen === undefined) {
      counts ??= documentProvinces(doc);
      chosen = topProvince(counts, provinces);
    }
    if (chosen === undefined) continue;
    const before = doc.idsOf(m);
    m.candidates = m.candidates.filter((c) => doc.entryProvince(c) === chosen);
    if (!m.decided) {
      m.rule = rule.name;
      m.confidence = rule.confidence;
    }
    doc.record(m, rule.name, 'selected', before);
  }
}

/** What the rules imply for every document, computed once per compiled rules. */
const derivedOf = once((rules: CompiledRules) => {
  const of = (kind: Parameters<CompiledRules['byKind']['get']>[0]): CompiledRule[] => rules.byKind.get(kind) ?? [];
  return {
    placeNouns: new Set([...of('noun-after'), ...of('new-place')].filter((r) => r.select !== 'province').flatMap((r) => [...r.words])) as ReadonlySet<string>,
    nameEnders: new Set([...rules.nameBreakers, ...of('person-inside-name').flatMap((r) => [...r.following])]),
    links: of('affiliation')[0]?.sequences ?? [],
  };
});

/** Apply the context rules to the resolved mentions. */
export function applyContext(
  text: string,
  pieces: Pieces,
  index: PhraseIndex,
  rules: CompiledRules,
  mentions: Working[],
  shortCandidates: readonly ShortCandidate[],
  decisions: Decision[],
): Working[] {
  const doc = new Doc(text, pieces, index, rules, mentions, decisions);
  const of = (kind: Parameters<CompiledRules['byKind']['get']>[0]): CompiledRule[] => rules.byKind.get(kind) ?? [];
  for (const r of [...of('inside-name'), ...of('inside-name-of')]) insideName(doc, r);
  for (const r of of('fa-ps-date-word')) faPsDateWords(doc, r);
  for (const r of of('noun-after')) nounAfter(doc, r);
  for (const r of of('cue-before')) cueBefore(doc, r);
  for (const r of of('new-place')) newPlaces(doc, r);
  for (const r of of('new-place-before-province')) newPlaceBeforeProvince(doc, r);
  for (const r of of('fa-ps-new-place')) faPsNewPlaces(doc, r);
  const derived = derivedOf(rules);
  for (const r of of('chain-after')) chainAfter(doc, r, derived.placeNouns);
  placeProvinces(doc);
  for (const r of of('nearby-province')) nearbyProvince(doc, r);
  for (const r of of('dotted-acronym')) dottedAcronyms(doc, r);
  for (const r of of('group-branch')) groupBranches(doc, r);
  doc.nameEnders = derived.nameEnders;
  for (const r of of('extend-known')) extendKnownNames(doc, r);
  const links = derived.links;
  for (const r of of('title-before-name')) titleBeforeName(doc, r, links, shortCandidates);
  for (const r of of('title-comma-name')) titleCommaName(doc, r, links);
  for (const r of of('name-comma-title')) nameCommaTitle(doc, r, links);
  faPsOfficials(doc, of('fa-ps-title-name'), of('fa-ps-name-title'), links, shortCandidates);
  for (const r of of('person-inside-name')) personInsideName(doc, r);
  for (const r of of('acronym')) acronyms(doc, r);
  for (const r of of('full-repeat')) fullRepeats(doc, r);
  for (const r of of('short-form')) shortForms(doc, r, shortCandidates);
  for (const r of of('fa-ps-repeat')) faPsRepeats(doc, r);
  for (const r of of('extend-known')) extendKnownNames(doc, r, true);
  titlesOfOfficials(doc);
  return doc.mentions;
}
