/**
 * `lexicon lookup` (src/core/lexicon/lookup.ts) prints the matcher's own candidates and
 * verdicts (findAllCandidates, issue 14), not a walk of its own: what it accepts is what
 * annotate starts from, Dari and Pashto inflected or attached names included.
 */
import { describe, expect, it } from 'vitest';
import { lookupName } from '../../src/core/lexicon/lookup.js';
import { shippedIndex } from '../helpers.js';

const accepted = (query: string): [number, number, string][] =>
  lookupName(query, shippedIndex())
    .matches.filter((m) => m.accepted)
    .map((m) => [m.start, m.end, m.entity]);

describe('lexicon lookup shows the matcher verdicts', () => {
  it('lists the candidates arabic-affixes.v1 finds: an inflected name, an attached particle', () => {
    expect(accepted('د وسله والو طالبانو له لورې')).toContainEqual([12, 19, 'group.taliban']);
    expect(accepted('طالبان‌ها حمله کردند')).toContainEqual([0, 9, 'group.taliban']);
    expect(accepted('دسرپل ولايت والي')).toContainEqual([1, 5, 'AF-SAR']);
  });

  it('accepts a candidate at every span the annotation of the query has', () => {
    for (const query of ['د وسله والو طالبانو له لورې', 'دسرپل ولايت والي', 'THE TALIBAN IS READY', 'the Pakistani Taliban in Kunduz', 'kunduz and Haqqani network']) {
      const result = lookupName(query, shippedIndex());
      const spans = new Set(result.matches.filter((m) => m.accepted).map((m) => `${m.start}:${m.end}`));
      const mentions = result.annotation.mentions.filter((m) => m.rule === 'alias');
      for (const m of mentions) expect(spans, `${query}: ${m.text}`).toContain(`${m.start}:${m.end}`);
    }
  });

  it('gives each refusal its reason', () => {
    const [kunduz] = lookupName('kunduz', shippedIndex()).matches;
    expect(kunduz).toMatchObject({ accepted: false, reason: 'alias word "Kunduz" needs a capital initial; "kunduz" has none' });
    const shouted = lookupName('THE TALIBAN IS READY', shippedIndex()).matches.find((m) => m.text === 'IS');
    expect(shouted).toMatchObject({ accepted: false, reason: 'a short exact-case alias next to a word in capitals (shouted text) does not match' });
  });
});
