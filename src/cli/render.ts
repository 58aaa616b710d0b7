/**
 * `show`: an article with its mentions marked, for a person to check the tool's work.
 * Without colour each mention becomes a bracketed tag, `[Kunduz|province AF-KDZ]`; with
 * colour the mention is highlighted by type. Pure: the caller passes the chalk instance.
 */
import type { ChalkInstance } from 'chalk';
import { ENTITY_TYPES, type EntityType } from '../core/lexicon/types.js';
import type { Annotation, MentionRecord } from '../core/output/contract.js';
import { CodePointText } from '../core/workflows/text.js';

/** `[text|type entity]`; a trailing ` ?` marks an ambiguous mention. */
export function mentionTag(m: MentionRecord): string {
  return `[${m.text}|${m.type} ${m.entity}${m.ambiguous ? ' ?' : ''}]`;
}

const STYLE: Record<EntityType, (c: ChalkInstance) => ChalkInstance> = {
  province: (c) => c.bold.blue,
  place: (c) => c.bold.cyan,
  armed_group: (c) => c.bold.red,
  official: (c) => c.bold.green,
};

export function typeStyle(chalk: ChalkInstance, type: EntityType): ChalkInstance {
  return STYLE[type](chalk);
}

/**
 * The text with its mentions marked: tags when `chalk` is absent or has colour level 0,
 * colours otherwise (ambiguous mentions underlined). Mentions must not overlap.
 */
export function renderMentions(text: string, mentions: readonly MentionRecord[], chalk?: ChalkInstance): string {
  const t = new CodePointText(text);
  const coloured = chalk !== undefined && chalk.level > 0;
  let out = '';
  let at = 0;
  for (const m of mentions) {
    if (m.start < at) continue;
    out += t.slice(at, m.start);
    const span = t.slice(m.start, m.end);
    if (coloured) {
      const style = typeStyle(chalk, m.type);
      out += (m.ambiguous ? style.underline : style)(span);
    } else out += mentionTag({ ...m, text: span });
    at = m.end;
  }
  out += t.slice(at, t.length);
  return out;
}

/** The legend: what each mark means, and the entities with their mention counts. */
export function renderLegend(annotation: Annotation, chalk?: ChalkInstance): string {
  const coloured = chalk !== undefined && chalk.level > 0;
  const lines: string[] = [];
  const s = annotation.summary;
  const counts = ENTITY_TYPES.map((t) => `${coloured ? typeStyle(chalk, t)(t) : t} ${s.by_type[t]}`).join(', ');
  lines.push(`${annotation.source.path}: ${s.mentions} mention(s) of ${s.entities} entit${s.entities === 1 ? 'y' : 'ies'} (${counts}), ${s.ambiguous} ambiguous`);
  lines.push(coloured ? 'legend: colour = type, underlined = ambiguous' : 'legend: [text|type entity], " ?" = ambiguous (the annotation lists the candidates)');
  const width = Math.max(0, ...annotation.entities.map((e) => Array.from(e.id).length));
  for (const e of annotation.entities) {
    const pad = ' '.repeat(width - Array.from(e.id).length);
    const id = coloured ? typeStyle(chalk, e.type)(e.id) : e.id;
    lines.push(`  ${id}${pad}  ${e.name} (${e.type}${e.province !== undefined && e.type !== 'province' ? `, ${e.province}` : ''}) x${e.mentions}`);
  }
  return `${lines.join('\n')}\n`;
}
