/**
 * Scoring against gold mentions (the annotation guide's format): exact span and type.
 * Pure; used by the dev-set tests and the evaluation command.
 */
import { ENTITY_TYPES, type EntityType } from '../lexicon/types.js';

export interface GoldMention {
  start: number;
  end: number;
  text: string;
  type: EntityType;
  province?: string;
  name?: string;
  ambiguous?: boolean;
}

export interface GoldDocument {
  id: string;
  text: string;
  /** The document's language (`en`, `fa`, `ps`, `mixed`), if the gold file says. */
  lang?: string;
  mentions: GoldMention[];
}

export interface PredictedMention {
  start: number;
  end: number;
  type: EntityType;
  text: string;
  province?: string;
  name?: string;
}

export interface TypeScore {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface Score {
  byType: Record<EntityType, TypeScore>;
  all: TypeScore;
  /** Of the gold province/place mentions found with the right span and type, how many carry the right province. */
  provinceAccuracy: { correct: number; total: number };
  /** Of the gold armed_group/official mentions found with the right span and type, how many carry the gold canonical name. */
  linking: { correct: number; total: number };
  misses: { doc: string; gold: GoldMention }[];
  spurious: { doc: string; predicted: PredictedMention }[];
}

function finish(tp: number, fp: number, fn: number): TypeScore {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, precision, recall, f1 };
}

const key = (m: { start: number; end: number; type: string }): string => `${m.start}:${m.end}:${m.type}`;

export function score(docs: readonly { gold: GoldDocument; predicted: readonly PredictedMention[] }[]): Score {
  const counts = Object.fromEntries(ENTITY_TYPES.map((t) => [t, { tp: 0, fp: 0, fn: 0 }])) as Record<EntityType, { tp: number; fp: number; fn: number }>;
  const misses: Score['misses'] = [];
  const spurious: Score['spurious'] = [];
  const provinceAccuracy = { correct: 0, total: 0 };
  const linking = { correct: 0, total: 0 };
  for (const { gold, predicted } of docs) {
    const predictedByKey = new Map(predicted.map((p) => [key(p), p]));
    const goldKeys = new Set(gold.mentions.map(key));
    for (const g of gold.mentions) {
      const p = predictedByKey.get(key(g));
      if (p !== undefined) {
        counts[g.type].tp++;
        if (g.type === 'province' || g.type === 'place') {
          provinceAccuracy.total++;
          if (p.province === g.province) provinceAccuracy.correct++;
        } else if (g.name !== undefined) {
          linking.total++;
          if (p.name === g.name) linking.correct++;
        }
      } else {
        counts[g.type].fn++;
        misses.push({ doc: gold.id, gold: g });
      }
    }
    for (const p of predicted) {
      if (!goldKeys.has(key(p))) {
        counts[p.type].fp++;
        spurious.push({ doc: gold.id, predicted: p });
      }
    }
  }
  const byType = Object.fromEntries(ENTITY_TYPES.map((t) => [t, finish(counts[t].tp, counts[t].fp, counts[t].fn)])) as Record<EntityType, TypeScore>;
  const sum = (f: 'tp' | 'fp' | 'fn'): number => ENTITY_TYPES.reduce((n, t) => n + counts[t][f], 0);
  return { byType, all: finish(sum('tp'), sum('fp'), sum('fn')), provinceAccuracy, linking, misses, spurious };
}
