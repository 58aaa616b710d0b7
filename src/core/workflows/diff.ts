/**
 * `diff`: what a lexicon or version change did to a corpus's annotations, per entity
 * type and per entity, with totals. Pure: takes annotations paired by file, returns data;
 * `formatDiffTables` renders it.
 */
import { ENTITY_TYPES, type EntityType } from '../lexicon/types.js';
import type { Annotation } from '../output/contract.js';
import { compareMentions, type MentionChange, type MentionIdentity } from './compare.js';
import { formatTable } from './table.js';

export interface DiffPair {
  /** The name both sides share (annotation path relative to its folder, without `.ann.*`). */
  file: string;
  old?: Annotation;
  new?: Annotation;
}

export interface Counts {
  gained: number;
  lost: number;
  changed: number;
}

export interface DiffReport {
  files: { compared: number; changed: number; only_old: string[]; only_new: string[] };
  totals: Counts & { unchanged: number };
  by_type: ({ type: EntityType } & Counts)[];
  by_entity: ({ entity: string; type: EntityType; name: string } & Counts)[];
  by_file: ({ file: string } & Counts)[];
  changes: ({ file: string } & MentionChange)[];
}

const zero = (): Counts => ({ gained: 0, lost: 0, changed: 0 });

export function diffAnnotations(pairs: readonly DiffPair[]): DiffReport {
  const byType = new Map<EntityType, Counts>(ENTITY_TYPES.map((t) => [t, zero()]));
  const byEntity = new Map<string, { entity: string; type: EntityType; name: string } & Counts>();
  const totals = { ...zero(), unchanged: 0 };
  const report: DiffReport = {
    files: { compared: 0, changed: 0, only_old: [], only_new: [] },
    totals,
    by_type: [],
    by_entity: [],
    by_file: [],
    changes: [],
  };
  const entity = (m: MentionIdentity): Counts => {
    let row = byEntity.get(m.entity);
    if (row === undefined) {
      row = { entity: m.entity, type: m.type, name: m.name, ...zero() };
      byEntity.set(m.entity, row);
    }
    return row;
  };
  for (const pair of pairs) {
    if (pair.old === undefined && pair.new === undefined) continue;
    if (pair.old === undefined) report.files.only_new.push(pair.file);
    else if (pair.new === undefined) report.files.only_old.push(pair.file);
    else report.files.compared++;
    const cmp = compareMentions(pair.old?.mentions ?? [], pair.new?.mentions ?? []);
    totals.unchanged += cmp.unchanged;
    if (cmp.changes.length === 0) continue;
    if (pair.old !== undefined && pair.new !== undefined) report.files.changed++;
    const fileCounts = { file: pair.file, ...zero() };
    for (const c of cmp.changes) {
      if (c.change === 'shifted') continue; // not asked for here (compareMentions aligns shifts only for check)
      report.changes.push({ file: pair.file, ...c });
      fileCounts[c.change]++;
      totals[c.change]++;
      if (c.change === 'changed') {
        // Counted once per type and entity involved: under the old and the new one when they differ.
        const o = c.old!;
        const n = c.new!;
        byType.get(o.type)!.changed++;
        if (n.type !== o.type) byType.get(n.type)!.changed++;
        entity(o).changed++;
        if (n.entity !== o.entity) entity(n).changed++;
      } else {
        const m = (c.change === 'gained' ? c.new : c.old)!;
        byType.get(m.type)![c.change]++;
        entity(m)[c.change]++;
      }
    }
    report.by_file.push(fileCounts);
  }
  report.by_type = ENTITY_TYPES.map((type) => ({ type, ...byType.get(type)! }));
  report.by_entity = [...byEntity.values()].sort((a, b) => (a.entity < b.entity ? -1 : a.entity > b.entity ? 1 : 0));
  return report;
}

const identityText = (m: MentionIdentity | undefined): string => (m === undefined ? '' : `${m.type} ${m.entity}`);

/** The report as plain-text tables (per type with a total, per entity, per file). */
export function formatDiffTables(r: DiffReport, labels: { old: string; new: string }): string {
  const out: string[] = [];
  const f = r.files;
  out.push(
    `${labels.old} -> ${labels.new}: ${f.compared} file(s) compared, ${f.changed} with changes` +
      `${f.only_old.length > 0 ? `, ${f.only_old.length} only in old` : ''}${f.only_new.length > 0 ? `, ${f.only_new.length} only in new` : ''}`,
  );
  out.push('');
  const t = r.totals;
  out.push(
    formatTable(
      ['type', 'gained', 'lost', 'changed'],
      [...r.by_type.map((x) => [x.type, x.gained, x.lost, x.changed]), ['total', t.gained, t.lost, t.changed]],
      ['left', 'right', 'right', 'right'],
    ),
  );
  if (r.by_entity.length > 0) {
    out.push(
      formatTable(
        ['entity', 'name', 'type', 'gained', 'lost', 'changed'],
        r.by_entity.map((x) => [x.entity, x.name, x.type, x.gained, x.lost, x.changed]),
        ['left', 'left', 'left', 'right', 'right', 'right'],
      ),
    );
  }
  if (r.by_file.length > 0) {
    out.push(formatTable(['file', 'gained', 'lost', 'changed'], r.by_file.map((x) => [x.file, x.gained, x.lost, x.changed]), ['left', 'right', 'right', 'right']));
  }
  for (const file of f.only_old) out.push(`only in old: ${file}`);
  for (const file of f.only_new) out.push(`only in new: ${file}`);
  if (f.only_old.length + f.only_new.length > 0) out.push('');
  if (r.changes.length > 0) {
    out.push(
      formatTable(
        ['file', 'change', 'span', 'text', 'old', 'new'],
        r.changes.map((c) => [c.file, c.change, `${c.start}-${c.end}`, JSON.stringify(c.text), identityText(c.old), identityText(c.new)]),
      ),
    );
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
