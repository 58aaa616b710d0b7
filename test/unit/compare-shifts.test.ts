/** compareMentions with alignShifts (what check uses): moved mentions are "shifted" (issue 13 item 8). */
import { describe, expect, it } from 'vitest';
import type { MentionRecord } from '../../src/core/output/contract.js';
import { compareMentions } from '../../src/core/workflows/compare.js';

const m = (start: number, text: string, entity: string, type: MentionRecord['type'] = 'province'): MentionRecord =>
  ({ start, end: start + [...text].length, text, type, entity, name: text, province: entity, line: 1, column: start + 1, sentence: 1, alias: text, rule: 'alias', confidence: 1, ambiguous: false }) as unknown as MentionRecord;

describe('compareMentions alignShifts', () => {
  const before = [m(0, 'Kunduz', 'AF-KDZ'), m(10, 'Helmand', 'AF-HEL'), m(30, 'Kunduz', 'AF-KDZ')];
  // "Ghor " inserted (roughly) at the start; the second Kunduz was edited away; a new Kabul at the end.
  const after = [m(0, 'Ghor', 'AF-GHO'), m(7, 'Kunduz', 'AF-KDZ'), m(17, 'Helmand', 'AF-HEL'), m(50, 'Kabul', 'AF-KAB')];

  it('pairs lost and gained mentions with the same text and identity, in order', () => {
    const c = compareMentions(before, after, { alignShifts: true });
    expect([c.gained, c.lost, c.changed, c.shifted]).toEqual([2, 1, 0, 2]);
    expect(c.changes.map((x) => [x.change, x.text, x.from?.start ?? null, x.start])).toEqual([
      ['gained', 'Ghor', null, 0],
      ['shifted', 'Kunduz', 0, 7],
      ['shifted', 'Helmand', 10, 17],
      ['lost', 'Kunduz', null, 30],
      ['gained', 'Kabul', null, 50],
    ]);
  });

  it('does not pair across another identity, and leaves diff (no alignShifts) as it was', () => {
    const moved = [m(5, 'Kunduz', 'AF-KDZ.kunduz-city', 'place')];
    expect(compareMentions([m(0, 'Kunduz', 'AF-KDZ')], moved, { alignShifts: true }).shifted).toBe(0);
    const plain = compareMentions(before, after);
    expect([plain.gained, plain.lost, plain.shifted]).toEqual([4, 3, 0]);
  });
});
