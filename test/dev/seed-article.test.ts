/**
 * The real 2016 Kunduz report in ../shared/dev, with gold mentions that follow the
 * annotation guide. ../shared is beside the checkout for developers and CI only: in a
 * user's clone these tests skip with a message (and .ci/run fails if it is absent).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { annotateText } from '../../src/core/annotate.js';
import { score, type GoldDocument } from '../../src/core/eval/score.js';
import { expectValidAnnotation, readJsonLines, SHARED_SKIP_MESSAGE, sharedAvailable, sharedDir, shippedIndex } from '../helpers.js';

if (!sharedAvailable) console.warn(`test/dev: ${SHARED_SKIP_MESSAGE}`);

describe.skipIf(!sharedAvailable)('dev set: seed article (../shared/dev)', () => {
  const gold = sharedAvailable ? readJsonLines<GoldDocument>(join(sharedDir, 'dev', 'seed-article.gold.jsonl'))[0]! : undefined;
  const text = sharedAvailable ? readFileSync(join(sharedDir, 'dev', 'seed-article.txt'), 'utf8') : '';
  const index = shippedIndex();
  const annotation = annotateText(text, index, { path: 'seed-article.txt' });

  it('the gold file is about the same text', () => {
    expect(gold!.text).toBe(text);
    expectValidAnnotation(annotation);
  });

  it.each(['province', 'armed_group', 'official'] as const)('finds every gold %s mention with its exact span and type', (type) => {
    const found = new Set(annotation.mentions.filter((m) => m.type === type).map((m) => `${m.start}:${m.end}`));
    const missed = gold!.mentions.filter((g) => g.type === type && !found.has(`${g.start}:${g.end}`));
    expect(missed).toEqual([]);
  });

  it('links the officials to the gold canonical names and groups to theirs', () => {
    const byspan = new Map(annotation.mentions.map((m) => [`${m.start}:${m.end}`, m]));
    for (const g of gold!.mentions.filter((m) => m.type === 'official' || m.type === 'armed_group')) {
      expect(byspan.get(`${g.start}:${g.end}`)?.name).toBe(g.name);
    }
  });

  it('marks a province name that the sentence does not decide as ambiguous, as the guide asks', () => {
    const byspan = new Map(annotation.mentions.map((m) => [`${m.start}:${m.end}`, m]));
    for (const g of gold!.mentions.filter((m) => m.type === 'province' && m.ambiguous === true)) {
      expect(byspan.get(`${g.start}:${g.end}`)?.ambiguous).toBe(true);
    }
  });

  it('reports precision and recall per type (printed for the closing note)', () => {
    const s = score([{ gold: gold!, predicted: annotation.mentions }]);
    console.info(
      `seed article: ${Object.entries(s.byType)
        .map(([t, v]) => `${t} P=${v.precision.toFixed(3)} R=${v.recall.toFixed(3)} (tp ${v.tp}, fp ${v.fp}, fn ${v.fn})`)
        .join('; ')}`,
    );
    expect(s.byType.province.recall).toBe(1);
    expect(s.byType.armed_group.recall).toBe(1);
    expect(s.byType.official.recall).toBe(1);
    expect(s.byType.armed_group.precision).toBe(1);
    expect(s.byType.official.precision).toBe(1);
  });
});
