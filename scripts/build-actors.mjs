#!/usr/bin/env node
// @ts-check
// Build lexicons/armed-groups.yaml and lexicons/officials.yaml from the reference tables.
//
//   node scripts/build-actors.mjs [--reference DIR] [--out DIR] [--check] [--report]
//
//   --reference DIR  reference tables (default: ../shared/reference from the repo root)
//   --out DIR        where to write the two files (default: lexicons/ in the repo root)
//   --tables DIR     where the curated officials tables officials-*.yaml are
//                    (default: scripts/curation/)
//   --check          build and validate, then compare with the files on disk instead of
//                    writing them; exit 1 if they differ (for CI)
//   --report         print every general-rule transformation, every dropped alias and
//                    short form, and every excluded UN entry, with its reason
//
// Inputs: armed-groups.tsv, officials.tsv and un-sanctions-afghanistan.tsv from the
// reference folder, the hand decisions in scripts/curation/actors.yaml (each with its
// reason), and every curated officials table scripts/curation/officials-*.yaml (one
// mapping per role under `roles:`, fields name, id (optional), aliases, short_forms, role,
// title, affiliation, province, start, end, dates, source, notes; aliases, short_forms and
// source are lists; read by scripts/lib/officials-tables.mjs). Rows of the
// same person (id = person.<slug of name>, or the id field) become one entry, merged with
// the entry of the same id from the reference tables. A clash that comes from a table (an
// alias or short form shared with another entry, a name that is also a place) is a warning,
// not a failure, so that a new table never breaks the build: shared forms are kept (an
// alias shared by two entries is output as ambiguous; a short form links only after a full
// mention), and a form that is also a place name is dropped. So is a vocabulary problem
// in a row (an affiliation outside the list becomes "other", an unknown province code is
// left out, a malformed alias or short form is left out, a source that is not a URL stays
// in the note). What would make a role wrong stays fatal: no name, role or source, a bad
// or reversed date, `dates: unknown` with a span. --report lists the warnings.
//
// Dates (policy roles-on-date.v2, src/context/dates.ts): a role says `dates: approximate`
// or `dates: unknown` when its span is not sourced to the precision written. A role with no
// start date becomes `dates: unknown` (its end, if any, goes to the note); UN designations
// "under the Taliban regime" are `dates: unknown` (held at some time in 1996-2001). A role with
// a start and no end would be "still held" on every later date, so rule open-roles.v1
// (scripts/lib/open-roles.mjs) ends it, `dates: approximate`, its note saying so: (a) at the
// earliest later start of another person's role with the same title, organization and
// province (not for posts several people hold at once: deputy minister, deputy governor,
// spokesman); (b) otherwise, or when that start is after 2021-08-15, a role with affiliation
// `republic` at 2021-08-15 (the fall of the Islamic Republic). A role that has an end, or
// `dates: unknown`, is never touched; any other open role (a current post with no known
// successor) stays open. The build prints how many roles each branch closed. The general rules (titles stripped, particles lower-cased, generic forms
// dropped...) are in this script, each with its reason, and --report lists what they did.
//
// The script fails loudly (exit 1, one line per problem) on: a reference column it does
// not know, a curated decision that no longer matches the data (a stale drop, a fix for a
// role that is gone, an id that vanished), duplicate ids, an alias claimed by two entries
// (unless listed in `shared_aliases` with a reason), an alias or short form that is also
// a name in any other shipped lexicon (provinces, places, landmarks...), an alias of fewer than 3 letters unless it is
// `{form, case: exact}`, a short form shared by two people (unless listed in
// `shared_short_forms`), an invalid date or a role that ends before it starts, and a file
// that does not validate against schema/lexicon.schema.json.
//
// Output is deterministic: same inputs -> byte-identical files. Entries are sorted by id;
// aliases as: canonical name first, then the other Latin-script forms, then the
// Arabic-script forms (each group in code-unit order).
//
// Dependencies: Node >= 20, the `yaml` and `ajv` packages from node_modules, and the built
// package (dist/, `npm run build`: the match keys come from its normalize.v3). Shared
// helpers are in scripts/lib/, word lists and sources in scripts/curation/*.yaml.

import { readFileSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import YAML from 'yaml';
import { fail, exitIfProblems, reportSection as section } from './lib/problems.mjs';
import { LEXICON_FORMAT, sha256, serializeLexicon, lexiconSchemaValidator, validateLexicon, writeOrCheck } from './lib/lexicon-file.mjs';
import { readTsv as readTsvWith, splitMulti as multi } from './lib/tsv.mjs';
import { readOfficialsTables } from './lib/officials-tables.mjs';
import { isArabicScript, matchKey as aliasKey, rawPieces, slug as slugify } from './lib/text.mjs';
import { REPO_ROOT, DEFAULT_REFERENCE_DIR } from './lib/paths.mjs';
import { readCuration } from './lib/curation.mjs';
import { OPEN_ROLES_RULE, closeOpenRoles } from './lib/open-roles.mjs';

const SCRIPT_NAME = 'scripts/build-actors.mjs';
const CURATION_FILE = 'scripts/curation/actors.yaml';
// Dari and Pashto names (issue 18), each with its source; added after the other aliases.
const NATIVE_NAMES_FILE = 'scripts/curation/native-names.yaml';

// ---------------------------------------------------------------------------------------
// Problems: collected, printed together, then exit 1.
// ---------------------------------------------------------------------------------------

const stopIfProblems = (/** @type {string} */ stage) => exitIfProblems('build-actors', stage);

// ---------------------------------------------------------------------------------------
// Reading the reference tables.
// ---------------------------------------------------------------------------------------

/** A reference table; its problems stop the build at the end of the stage. */
const readTsv = (file, columns) => readTsvWith(file, columns, { onError: fail, trim: true });

// ---------------------------------------------------------------------------------------
// Text helpers. `aliasKey` is the matcher's key (normalize.v3, from the built package), so
// "two aliases that match the same text" is decided the way the annotator decides it.
// ---------------------------------------------------------------------------------------

const formOf = (a) => (typeof a === 'string' ? a : a.form);
const letterCount = (s) => Array.from(s).filter((c) => /[\p{L}\p{N}]/u.test(c)).length;
const words = (s) => s.split(/\s+/).filter((w) => w !== '');

// Word lists about names (scripts/curation/name-words.yaml), each explained there.
const NAME_WORDS = readCuration('name-words.yaml').data;
/** Particles inside transliterated names, lower-cased when not the first word. */
const PARTICLES = new Set(NAME_WORDS.name_particles);

function lowerParticles(form) {
  if (isArabicScript(form)) return form;
  let first = true;
  return form.replace(/\p{L}+/gu, (w) => {
    const out = !first && PARTICLES.has(w.toLowerCase()) ? w.toLowerCase() : w;
    first = false;
    return out;
  });
}

/** "ABDUL-HAQ WASSIQ" -> "Abdul-Haq Wassiq"; particles lower-cased. */
function titleCaseUn(name) {
  const t = name.toLowerCase().replace(/(^|[\s\-'’(])(\p{L})/gu, (_, sep, ch) => sep + ch.toUpperCase());
  return lowerParticles(t);
}

// ---------------------------------------------------------------------------------------
// Dates.
// ---------------------------------------------------------------------------------------

const DATE_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
function checkDate(value, where) {
  const m = DATE_RE.exec(value);
  if (!m) {
    fail(`${where}: "${value}" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)`);
    return false;
  }
  const [, y, mo, d] = m;
  if (mo !== undefined && (Number(mo) < 1 || Number(mo) > 12)) {
    fail(`${where}: "${value}" has no month ${mo}`);
    return false;
  }
  if (d !== undefined) {
    const days = new Date(Date.UTC(Number(y), Number(mo), 0)).getUTCDate();
    if (Number(d) < 1 || Number(d) > days) {
      fail(`${where}: "${value}" has no day ${d}`);
      return false;
    }
  }
  return true;
}
/** Earliest day a date can mean, and the latest, as comparable strings. */
const earliest = (v) => (v.length === 4 ? `${v}-01-01` : v.length === 7 ? `${v}-01` : v);
const latest = (v) => (v.length === 4 ? `${v}-12-31` : v.length === 7 ? `${v}-31` : v);
function checkInterval(from, to, where) {
  const okFrom = from === undefined || checkDate(from, `${where}.from`);
  const okTo = to === undefined || checkDate(to, `${where}.to`);
  if (okFrom && okTo && from !== undefined && to !== undefined && earliest(from) > latest(to)) {
    fail(`${where}: ends (${to}) before it starts (${from})`);
  }
}

// ---------------------------------------------------------------------------------------
// Sources (scripts/curation/sources.yaml). Each lexicon lists the ones its entries cite, in this order.
// ---------------------------------------------------------------------------------------

/** @type {Record<string, Record<string, unknown>>} */
const SOURCES = Object.fromEntries(Object.entries(readCuration('sources.yaml').data.actors).map(([id, s]) => [id, { id, ...s }]));

/** Source ids for one reference `source` cell. */
function sourceIdsOf(cell) {
  const ids = new Set();
  // Split on semicolons outside parentheses ("(quoted in ...; search-tool file id ...)").
  const parts = [];
  let depth = 0;
  let cur = '';
  for (const ch of cell) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ';' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  for (const part of parts.map((s) => s.trim()).filter(Boolean)) {
    if (part === 'general-knowledge') ids.add('general-knowledge');
    else if (/^UCDP/.test(part) || /andybega\/ds-external-data/.test(part)) ids.add('ucdp');
    else if (/^ACLED/.test(part)) ids.add('acled');
    else if (/petrarch2/.test(part)) ids.add('petrarch2');
    else if (/SpocWiki\/_Standards/.test(part)) ids.add('wikidata');
    else if (/^UN Security Council/.test(part)) ids.add('un-consolidated-list');
    else if (/wikipedia\.org\//.test(part)) ids.add('wikipedia');
    else if (/^https?:\/\//.test(part)) ids.add('web-pages');
    else fail(`unknown source in the reference: "${part}"`);
  }
  return ids;
}

// ---------------------------------------------------------------------------------------
// General rules for aliases. Each returns a verdict with its reason; --report lists them.
// ---------------------------------------------------------------------------------------

/** Titles stripped from the start of person names and aliases, repeatedly. @type {string[]} */
const TITLES = NAME_WORDS.titles;
function stripTitles(form) {
  let s = form.trim();
  for (let again = true; again; ) {
    again = false;
    for (const t of TITLES) {
      if (s.startsWith(`${t} `)) {
        s = s.slice(t.length + 1).trim();
        again = true;
      }
    }
  }
  return s;
}

/** Honorific words that make a form a nickname, not a name. */
const HONORIFIC_WORDS = new Set(NAME_WORDS.honorific_words);

/** Given-name elements: a two-word form with one of these is too common a name to use. */
const GIVEN_NAME_WORDS = new Set(NAME_WORDS.given_name_words);
const isGivenNamePair = (form) => {
  const w = words(form.replace(/-/g, ' ')).map((x) => x.toLowerCase());
  return w.length <= 2 && w.some((x) => GIVEN_NAME_WORDS.has(x));
};

/**
 * General rules for one candidate form. Returns `{ form }` (possibly transformed, with
 * `case: exact` when needed) or `{ drop: reason }`. `kind` is 'group' or 'person'.
 */
function applyRules(raw, kind, log, label) {
  let form = raw.trim();
  let stripped = false;
  if (/[(),]/.test(form) || /\bborn\b|\bson of\b/i.test(form)) {
    return { drop: 'a label or description with a parenthesis, comma or "born"/"son of": not a running-text name' };
  }
  if (!isArabicScript(form) && /^[A-Z][A-Z '’\-]+[A-Z]$/.test(form) && words(form).length > 1) {
    const t = titleCaseUn(form);
    log.rules.push(`${label}: "${form}" -> "${t}" (all-capital UN spelling title-cased)`);
    form = t;
  }
  if (/^The /.test(form)) {
    const t = form.slice(4);
    log.rules.push(`${label}: "${form}" -> "${t}" (the article is not part of the name span)`);
    form = t;
  }
  if (kind === 'person') {
    const t = stripTitles(form);
    if (t !== form) {
      log.rules.push(`${label}: "${form}" -> "${t}" (title not part of the name)`);
      form = t;
      stripped = true;
    }
    if (form === '') return { drop: 'a title alone' };
    if (words(form).some((w) => HONORIFIC_WORDS.has(w.toLowerCase()))) return { drop: 'an honorific nickname ("Saheb"), not a name' };
    if (!isArabicScript(form) && words(form).length < 2) return { drop: 'a single word: not a full name (short forms are chosen separately)' };
    if (stripped && isGivenNamePair(form)) return { drop: `without its title, "${form}" is a common given-name pair`, stripped };
  }
  const lp = lowerParticles(form);
  if (lp !== form) {
    log.rules.push(`${label}: "${form}" -> "${lp}" (name particle lower-cased so it matches any case)`);
    form = lp;
  }
  // A one-word abbreviation with a capital after a lower-case letter (LeT, JuA, KhAD):
  // case-shape.v1 would let "Let"/"Jua" match, so it must match exactly.
  if (/^[A-Za-z]+$/.test(form) && /[a-z][A-Z]/.test(form)) {
    log.rules.push(`${label}: "${form}" -> {form: ${form}, case: exact} (mixed-case abbreviation; "Let"/"LET" must not match)`);
    return { form: { form, case: 'exact' } };
  }
  if (letterCount(form) < 3) return { drop: 'fewer than 3 letters (only `{form, case: exact}` hand additions may be that short)' };
  return { form };
}

// ---------------------------------------------------------------------------------------
// Curated decisions: lookup helpers that fail on stale entries.
// ---------------------------------------------------------------------------------------

function reasonOf(value, where) {
  const r = typeof value === 'string' ? value : value?.reason;
  if (typeof r !== 'string' || r.trim().length < 8) fail(`${where}: needs a reason`);
  return r;
}

/** Aliases: canonical first, then Latin in code-unit order, then Arabic script. */
function orderAliases(name, list) {
  const seen = new Set();
  const out = [];
  const push = (a) => {
    // Same pieces, same case as written, same case policy: one alias. ("NATO" and "Nato"
    // differ under case-shape.v1 and are both kept.)
    const k = `${rawPieces(formOf(a))}\u0001${typeof a === 'string' ? 'shape' : a.case}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push(a);
  };
  const byForm = (a, b) => (formOf(a) < formOf(b) ? -1 : formOf(a) > formOf(b) ? 1 : 0);
  const canonical = list.filter((a) => formOf(a) === name);
  const rest = list.filter((a) => formOf(a) !== name);
  canonical.forEach(push);
  rest.filter((a) => !isArabicScript(formOf(a))).sort(byForm).forEach(push);
  rest.filter((a) => isArabicScript(formOf(a))).sort(byForm).forEach(push);
  return out;
}

/** Apply general rules and curated drops/additions to candidate forms. */
function curateAliases(label, kind, candidates, cur, log, canonical) {
  const drops = new Map(Object.entries(cur.drop_aliases ?? {}));
  const usedDrops = new Set();
  const kept = [];
  for (const c of candidates) {
    if (drops.has(c.form)) {
      usedDrops.add(c.form);
      log.dropped.push(`${label}: "${c.form}" (curated: ${reasonOf(drops.get(c.form), `${label}.drop_aliases.${c.form}`)})`);
      continue;
    }
    const v = applyRules(c.form, kind, log, label);
    if (v.drop !== undefined && v.stripped && canonical !== undefined && aliasKey(stripTitles(c.form)) === aliasKey(canonical)) {
      continue; // a titled form of the canonical name: nothing lost
    }
    if (v.drop !== undefined) {
      log.dropped.push(`${label}: "${c.form}" (${v.drop})`);
      continue;
    }
    const f = formOf(v.form);
    if (drops.has(f)) {
      usedDrops.add(f);
      log.dropped.push(`${label}: "${f}" (curated: ${reasonOf(drops.get(f), `${label}.drop_aliases.${f}`)})`);
      continue;
    }
    if (c.filter !== undefined) {
      const why = c.filter(f);
      if (why) {
        log.dropped.push(`${label}: "${f}" (${why})`);
        continue;
      }
    }
    kept.push(v.form);
  }
  for (const d of drops.keys()) if (!usedDrops.has(d)) fail(`${label}: curated drop_aliases "${d}" matches no candidate (stale?)`);
  for (const [form, spec] of Object.entries(cur.add_aliases ?? {})) {
    const reason = reasonOf(spec, `${label}.add_aliases.${form}`);
    const c = typeof spec === 'object' && spec.case ? { form, case: spec.case } : form;
    if (kept.some((k) => formOf(k) === form && (typeof k === 'string' ? 'shape' : k.case) === (typeof c === 'string' ? 'shape' : c.case))) {
      fail(`${label}: curated add_aliases "${form}" is already a candidate (redundant)`);
    }
    log.additions.push(`${label}: "${form}" (${reason})`);
    kept.push(c);
  }
  return kept;
}

// ---------------------------------------------------------------------------------------
// Armed groups.
// ---------------------------------------------------------------------------------------

const GROUP_COLUMNS = [
  'canonical_name', 'aliases', 'abbreviations', 'name_fa', 'name_ps', 'name_original_script_un', 'type', 'active_from',
  'active_to', 'related', 'ucdp_name', 'acled_name', 'un_sanctions_ref', 'wikidata_qid', 'source', 'general_knowledge_fields', 'notes',
];

function buildGroups(rows, curation, log) {
  const cur = curation.groups ?? [];
  const byRef = new Map();
  for (const [i, c] of cur.entries()) {
    if (c.ref !== undefined) {
      if (byRef.has(c.ref)) fail(`curation groups[${i}]: ref "${c.ref}" listed twice`);
      byRef.set(c.ref, c);
    }
  }
  const refNames = new Set(rows.map((r) => r.canonical_name));
  for (const c of cur) if (c.ref !== undefined && !refNames.has(c.ref)) fail(`curation group ref "${c.ref}" is not a row of armed-groups.tsv (stale?)`);

  const entries = [];
  for (const row of rows) {
    const c = byRef.get(row.canonical_name);
    if (c === undefined) {
      fail(`armed-groups.tsv row "${row.canonical_name}" has no curation entry (id, kind, category must be decided by hand)`);
      continue;
    }
    entries.push(groupEntry(row, c, log));
  }
  for (const c of cur.filter((x) => x.ref === undefined)) entries.push(groupEntry(undefined, c, log));
  return entries;
}

function groupEntry(row, c, log) {
  const label = c.id ?? row?.canonical_name ?? '(group)';
  for (const k of ['id', 'kind', 'category']) if (c[k] === undefined) fail(`${label}: curation needs "${k}"`);
  if (row === undefined) reasonOf(c.reason, `${label}.reason`);
  const name = c.name ?? row?.canonical_name;
  if (c.name !== undefined && row !== undefined) log.decisions.push(`${label}: name "${c.name}" (reference: "${row.canonical_name}"): ${reasonOf(c.name_reason, `${label}.name_reason`)}`);
  const candidates = [];
  if (row !== undefined) {
    for (const f of [row.canonical_name, ...multi(row.aliases), ...multi(row.abbreviations), row.name_fa, row.name_ps, row.name_original_script_un]) {
      if (f) candidates.push({ form: f });
    }
  }
  if (c.name !== undefined) candidates.unshift({ form: c.name });
  const aliases = orderAliases(name, curateAliases(label, 'group', candidates, c, log));

  const sources = new Set(row ? sourceIdsOf(row.source) : []);
  for (const s of c.sources ?? []) sources.add(s);
  if (c.add_aliases) sources.add('curation');

  const xref = {};
  if (row?.acled_name) xref.acled = row.acled_name;
  if (row?.ucdp_name) xref.ucdp = row.ucdp_name.replace(/ \(side_a_2nd\)$/, '');
  if (row?.un_sanctions_ref) xref.un = row.un_sanctions_ref.replace(/ \(listed .*\)$/, '');
  for (const [k, v] of Object.entries(c.xref ?? {})) xref[k] = v;

  const active = {};
  for (const k of ['active_from', 'active_to']) {
    const refValue = row?.[k] ?? '';
    if (c[k] !== undefined) {
      const v = c[k];
      const value = typeof v === 'object' && v !== null ? v.value : v;
      if (row !== undefined) log.decisions.push(`${label}: ${k} ${value ?? '(none)'} (reference: ${refValue || '(none)'}): ${reasonOf(v, `${label}.${k}`)}`);
      if (value !== null && value !== undefined) active[k] = String(value);
    } else if (refValue !== '') {
      active[k] = refValue;
    }
  }
  if (active.active_from || active.active_to) checkInterval(active.active_from, active.active_to, `${label}.active`);

  const notes = [];
  if (c.note) notes.push(c.note.trim());
  if (row?.notes) notes.push(`Reference: ${row.notes}`);
  if (row?.related) notes.push(`Related: ${row.related}.`);
  if (row?.general_knowledge_fields) notes.push(`General knowledge in the reference (unverified): ${row.general_knowledge_fields}.`);
  if (c.wikidata) notes.push(`Wikidata ${c.wikidata.qid} checked: ${c.wikidata.checked}`);
  if (c.checked) notes.push(`Checked: ${c.checked.trim()}`);

  const entry = {
    id: c.id,
    type: 'armed_group',
    name,
    category: c.category,
    kind: c.kind,
    ...(c.part_of ? { part_of: c.part_of } : {}),
    ...active,
    ...(c.wikidata ? { wikidata: c.wikidata.qid } : {}),
    ...(Object.keys(xref).length > 0 ? { xref } : {}),
    aliases,
    sources: [...sources],
    ...(notes.length > 0 ? { note: notes.join(' ') } : {}),
  };
  if (c.wikidata) sources.add('wikidata');
  if (c.checked) sources.add('web-checked');
  entry.sources = [...sources];
  if (aliases.length === 0) fail(`${label}: no alias left`);
  return entry;
}

// ---------------------------------------------------------------------------------------
// Officials.
// ---------------------------------------------------------------------------------------

const OFFICIAL_COLUMNS = ['canonical_name', 'aliases', 'role', 'organization', 'start', 'end', 'wikidata_qid', 'un_sanctions_ref', 'source', 'general_knowledge_fields', 'notes'];
const UN_COLUMNS = ['reference_number', 'un_list_type', 'kind', 'name', 'name_original_script', 'title', 'designation', 'aliases_good_quality', 'aliases_low_quality'];

const TALIBAN_REGIME = 'Taliban regime (1996-2001)';

// Role fields, in output order.
const ROLE_KEYS = ['title', 'organization', 'office', 'affiliation', 'province', 'from', 'to', 'dates', 'note'];
const AFFILIATIONS = new Set(['republic', 'taliban', 'haqqani', 'ttp', 'iskp', 'al-qaeda', 'nrf', 'hizb-i-islami', 'us', 'nato', 'un', 'pakistan', 'eu', 'uk', 'iran', 'india', 'china', 'russia', 'qatar', 'uzbekistan', 'other']);
const DATES_FLAGS = new Set(['exact', 'approximate', 'unknown']);

function orderRole(r) {
  const out = {};
  for (const k of ROLE_KEYS) if (r[k] !== undefined && r[k] !== '') out[k] = r[k];
  for (const k of Object.keys(r)) if (!ROLE_KEYS.includes(k)) fail(`role "${r.title}": unknown field "${k}"`);
  return out;
}

/**
 * General rule (roles-on-date.v2): a role with no start date cannot be placed in time, so it
 * says `dates: unknown`; an end date it had is kept in the note ("ended ..."), never as a
 * half-open span that would be claimed for every earlier date. `dates: exact` is the
 * default and is not written.
 */
function settleDates(role, label, log) {
  const r = { ...role };
  if (r.dates === 'exact') delete r.dates;
  if (r.dates !== undefined && !DATES_FLAGS.has(r.dates)) fail(`${label}: role "${r.title}": dates "${r.dates}" is not exact, approximate or unknown`);
  if (r.dates === undefined && r.from === undefined) {
    r.dates = 'unknown';
    const end = r.to;
    if (end !== undefined) {
      delete r.to;
      r.note = `${r.note ? `${r.note} ` : ''}Ended ${end}; start not known.`;
    }
    log.rules.push(`${label}: role "${r.title}" has no start date -> dates: unknown${end ? ` (end ${end} kept in the note)` : ''}`);
  }
  if (r.dates === 'unknown' && (r.from !== undefined || r.to !== undefined)) fail(`${label}: role "${r.title}" says dates: unknown but has from/to`);
  return orderRole(r);
}

/** UN designation -> roles. */
function unRoles(un, log) {
  const parts = [];
  for (const p of multi(un.designation)) {
    for (const q of p.replace(/^a\)\s*/, '').split(/\s+b\)\s+/)) if (q.trim()) parts.push(q.trim());
  }
  const regime = parts.some((p) => /Taliban (regime|Regime|Embassy|Consulate)/.test(p));
  return parts.map((p) => {
    let title = p;
    let organization = regime ? TALIBAN_REGIME : 'Taliban';
    title = title.replace(/\s+(under|of|during) the Taliban [Rr]egime$/, '');
    if (/^Former (.*) Deputy Taliban Governor$/.test(p)) {
      title = p.replace(/^Former (.*) Deputy Taliban Governor$/, 'Deputy Governor of $1 (former)');
      organization = 'Taliban';
    }
    if (/Amir ul-Mumineen/.test(p)) organization = 'Taliban';
    if (/^Na'ib Amir/.test(p)) organization = 'Taliban';
    title = title.replace(/^Acting, /, 'Acting ');
    log.rules.push(`${un.reference_number}: designation "${p}" -> role "${title}" (${organization})`);
    // A post "under the Taliban regime" was held at some time within the regime's years,
    // not for all of them (governorships were taken in 1997-2000, embassies opened after
    // 1997, holders died in office): the UN gives no dates, so the role says `dates:
    // unknown` and is never claimed as held on a date (roles-on-date.v2). The bound is kept
    // in the note.
    if (organization === TALIBAN_REGIME) {
      return { title, organization, dates: 'unknown', note: `UN designation (${un.reference_number}); held at some time under the Taliban regime (1996-2001); the UN gives no dates.` };
    }
    return { title, organization, dates: 'unknown', note: `UN designation (${un.reference_number}); no dates given.` };
  });
}

function buildOfficials(offRows, unRows, curation, log) {
  const unByRef = new Map(unRows.map((r) => [r.reference_number, r]));
  const cur = curation.people ?? [];
  const byRef = new Map();
  for (const [i, c] of cur.entries()) {
    if (c.ref !== undefined) {
      if (byRef.has(c.ref)) fail(`curation people[${i}]: ref "${c.ref}" listed twice`);
      byRef.set(c.ref, c);
    }
  }
  // Group the reference rows by person, in table order.
  const people = new Map();
  for (const r of offRows) {
    if (!people.has(r.canonical_name)) people.set(r.canonical_name, []);
    people.get(r.canonical_name).push(r);
  }
  for (const c of cur) {
    if (c.ref !== undefined && !people.has(c.ref) && !unByRef.has(c.ref)) fail(`curation person ref "${c.ref}" is neither a person of officials.tsv nor a UN reference (stale?)`);
  }

  const entries = [];
  const linkedUn = new Set();
  for (const [name, rows] of people) {
    const c = byRef.get(name) ?? {};
    const unRef = c.un ?? rows.find((r) => r.un_sanctions_ref)?.un_sanctions_ref;
    if (c.un !== undefined) log.decisions.push(`${name}: linked to UN ${c.un}: ${reasonOf(c.un_reason, `${name}.un_reason`)}`);
    if (unRef && !unByRef.has(unRef)) fail(`${name}: UN reference ${unRef} is not in un-sanctions-afghanistan.tsv`);
    if (unRef) linkedUn.add(unRef);
    entries.push(personEntry({ name, rows, un: unRef ? unByRef.get(unRef) : undefined, c, log }));
  }
  // UN Taliban-list individuals whose designation gives an office.
  const unCur = curation.un_people ?? {};
  for (const ref of Object.keys(unCur)) if (!unByRef.has(ref)) fail(`curation un_people "${ref}" is not in the UN table (stale?)`);
  for (const un of unRows) {
    if (!/^TAi\./.test(un.reference_number) || linkedUn.has(un.reference_number)) continue;
    const c = unCur[un.reference_number] ?? {};
    const label = `${un.reference_number} ${un.name}`;
    if (c.exclude) {
      log.excluded.push(`${label}: ${reasonOf(c.exclude, `${label}.exclude`)}`);
      continue;
    }
    if (!un.designation) {
      log.excluded.push(`${label}: the UN entry gives no designation (no office)`);
      continue;
    }
    const name = c.name ?? stripTitles(titleCaseUn(un.name));
    if (words(name).length < 2) {
      log.excluded.push(`${label}: the UN name is a single word; there is no full name to match`);
      continue;
    }
    if (isGivenNamePair(name) && !c.name) {
      log.excluded.push(`${label}: the UN name "${name}" is a common given-name pair; it would tag strangers`);
      continue;
    }
    entries.push(personEntry({ name, rows: [], un, c, log, unOnly: true }));
  }
  for (const c of cur.filter((x) => x.ref === undefined)) entries.push(personEntry({ name: c.name, rows: [], un: undefined, c, log }));
  for (const [ref] of byRef) {
    if (!people.has(ref) && !unByRef.has(ref)) continue;
  }
  return entries;
}

function personEntry({ name: refName, rows, un, c, log, unOnly = false }) {
  const label = refName;
  if (rows.length === 0 && !un) {
    for (const k of ['id', 'name', 'reason']) if (c[k] === undefined) fail(`${label ?? '(person)'}: a hand-added person needs "${k}"`);
  }
  let name = c.name ?? stripTitles(refName);
  if (c.name === undefined && name !== refName) log.rules.push(`${refName}: canonical name "${refName}" -> "${name}" (title not part of the name)`);
  if (c.name !== undefined && (c.ref !== undefined || unOnly)) log.decisions.push(`${refName}: name "${c.name}": ${reasonOf(c.name_reason, `${refName}.name_reason`)}`);
  const id = c.id ?? `person.${slugify(name)}`;

  // Alias candidates.
  const candidates = [{ form: name }];
  const refAliases = new Set();
  for (const r of rows) for (const a of multi(r.aliases)) refAliases.add(a);
  for (const a of refAliases) candidates.push({ form: a });
  const unName = un ? titleCaseUn(un.name) : undefined;
  if (un) {
    const filter = (f) => (isGivenNamePair(f) && aliasKey(f) !== aliasKey(name) ? 'UN alias that is a common given-name pair' : undefined);
    candidates.push({ form: unName, filter });
    for (const a of multi(un.aliases_good_quality)) candidates.push({ form: a, filter });
    if (un.name_original_script) candidates.push({ form: un.name_original_script });
  }
  const aliases = orderAliases(name, curateAliases(label, 'person', candidates, c, log, name));
  if (aliases.length === 0) fail(`${label}: no alias left`);

  // Short forms: the last word of each full Latin alias (the surname, or the name the
  // person goes by alone), except UN full names (they end with the father's name) and
  // people known only from the UN list; then the global and per-person curation.
  const shortDrops = new Map(Object.entries(c.short_forms?.drop ?? {}));
  const usedShortDrops = new Set();
  const shortForms = [];
  if (!unOnly && c.short_forms?.none === undefined) {
    const cands = [];
    for (const a of aliases) {
      const f = formOf(a);
      if (isArabicScript(f) || (unName && aliasKey(f) === aliasKey(unName) && aliasKey(f) !== aliasKey(name))) continue;
      const w = words(f).filter((x) => !/^Jr\.?$/.test(x));
      if (w.length < 2) continue;
      let last = w[w.length - 1];
      if (/^[a-z]/.test(w[w.length - 2]) && w.length > 2) last = `${w[w.length - 2]} ${last}`;
      cands.push(last);
    }
    for (const s of cands) {
      if (shortForms.includes(s)) continue;
      const word = s.toLowerCase();
      if (shortDrops.has(s)) {
        usedShortDrops.add(s);
        log.dropped.push(`${label}: short form "${s}" (curated: ${reasonOf(shortDrops.get(s), `${label}.short_forms.drop.${s}`)})`);
        continue;
      }
      if (GIVEN_NAME_WORDS.has(word)) {
        log.dropped.push(`${label}: short form "${s}" (a common given-name element)`);
        continue;
      }
      if (NEVER_SHORT.has(s)) {
        log.dropped.push(`${label}: short form "${s}" (${NEVER_SHORT.get(s)})`);
        continue;
      }
      shortForms.push(s);
    }
  }
  for (const d of shortDrops.keys()) if (!usedShortDrops.has(d)) fail(`${label}: curated short_forms.drop "${d}" matches no candidate (stale?)`);
  for (const [s, why] of Object.entries(c.short_forms?.add ?? {})) {
    if (shortForms.includes(s)) fail(`${label}: curated short_forms.add "${s}" is already derived (redundant)`);
    log.additions.push(`${label}: short form "${s}" (${reasonOf(why, `${label}.short_forms.add.${s}`)})`);
    shortForms.push(s);
  }
  if (c.short_forms?.none !== undefined) log.decisions.push(`${label}: no short forms: ${reasonOf(c.short_forms.none, `${label}.short_forms.none`)}`);
  shortForms.sort();

  // Roles.
  const fixes = [...(c.role_fixes ?? [])];
  const usedFixes = new Set();
  const roles = [];
  const gkNotes = [];
  const sources = new Set();
  for (const r of rows) {
    for (const s of sourceIdsOf(r.source)) sources.add(s);
    /** @type {Record<string, any>} */
    const role = { title: r.role, ...(r.organization ? { organization: r.organization } : {}), ...(r.start ? { from: r.start } : {}), ...(r.end ? { to: r.end } : {}) };
    let gk = r.general_knowledge_fields;
    const fix = fixes.find((f) => f.role === r.role && (f.from_was === undefined || f.from_was === (r.start || null)));
    if (fix) {
      usedFixes.add(fix);
      const why = reasonOf(fix, `${label}.role_fixes[${r.role}]`);
      for (const k of ['title', 'organization', 'office', 'affiliation', 'province', 'from', 'to', 'dates']) {
        if (fix[k] === undefined) continue;
        if (fix[k] === null) delete role[k];
        else role[k] = String(fix[k]);
      }
      if (fix.checked) {
        sources.add('web-checked');
        role.note = `${fix.note ? `${fix.note} ` : ''}Checked: ${fix.checked}`;
      } else if (fix.note) role.note = fix.note;
      if (fix.gk !== undefined) gk = fix.gk;
      log.decisions.push(`${label}: role "${r.role}" ${JSON.stringify(role)}: ${why}`);
    }
    if (gk) gkNotes.push(`${role.title}: ${gk}`);
    roles.push(role);
  }
  for (const f of fixes) if (!usedFixes.has(f)) fail(`${label}: curated role_fixes for "${f.role}" matches no reference row (stale?)`);
  if (un) {
    sources.add('un-consolidated-list');
    const skip = new Map(Object.entries(c.skip_un_roles ?? {}));
    const usedSkip = new Set();
    for (const r of unRoles(un, log)) {
      if (skip.has(r.title)) {
        usedSkip.add(r.title);
        log.dropped.push(`${label}: UN role "${r.title}" (curated: ${reasonOf(skip.get(r.title), `${label}.skip_un_roles`)})`);
        continue;
      }
      if (!roles.some((x) => x.title === r.title && x.organization === r.organization)) roles.push(r);
    }
    for (const t of skip.keys()) if (!usedSkip.has(t)) fail(`${label}: curated skip_un_roles "${t}" matches no UN role (stale?)`);
  }
  for (const r of c.add_roles ?? []) {
    const why = reasonOf(r.reason, `${label}.add_roles[${r.title}]`);
    log.additions.push(`${label}: role "${r.title}" (${why})`);
    const role = { title: r.title };
    for (const k of ['organization', 'office', 'affiliation', 'province', 'from', 'to', 'dates', 'note']) if (r[k] !== undefined) role[k] = String(r[k]);
    roles.push(role);
  }
  for (let i = 0; i < roles.length; i++) roles[i] = settleDates(roles[i], label, log);
  roles.forEach((r, i) => checkInterval(r.from, r.to, `${id}.roles[${i}] (${r.title})`));

  for (const s of c.sources ?? []) sources.add(s);
  if (c.add_aliases || c.short_forms?.add || c.add_roles) sources.add('curation');
  const wikidata = c.wikidata?.qid ?? rows.find((r) => r.wikidata_qid)?.wikidata_qid;
  if (wikidata) sources.add('wikidata');

  const notes = [];
  if (c.note) notes.push(c.note.trim());
  const refNotes = [...new Set(rows.map((r) => r.notes).filter(Boolean))];
  if (refNotes.length > 0) notes.push(`Reference: ${refNotes.join(' ')}`);
  if (c.un !== undefined) {
    notes.push(`Linked by hand to UN ${c.un}: ${c.un_reason.trim()}.`);
    sources.add('general-knowledge');
  }
  if (un && unOnly) notes.push(`UN Taliban list ${un.reference_number} (listed ${un.listed_on || 'date not given'}); the UN name ends with the father's name, so no short form is derived.`);
  else if (un) notes.push(`UN Taliban list ${un.reference_number}.`);
  if (gkNotes.length > 0) notes.push(`General knowledge in the reference (unverified): ${gkNotes.join('; ')}.`);
  if (c.checked) {
    sources.add('web-checked');
    notes.push(`Checked: ${c.checked.trim()}`);
  }

  const xref = {};
  if (un) xref.un = un.reference_number;
  if (sources.size === 0) sources.add('curation');
  return {
    id,
    type: 'official',
    name,
    ...(wikidata ? { wikidata } : {}),
    ...(Object.keys(xref).length > 0 ? { xref } : {}),
    aliases,
    ...(shortForms.length > 0 ? { short_forms: shortForms } : {}),
    ...(roles.length > 0 ? { roles } : {}),
    sources: [...sources],
    ...(notes.length > 0 ? { note: notes.join(' ') } : {}),
  };
}

let NEVER_SHORT = new Map();

/**
 * Dari and Pashto names from scripts/curation/native-names.yaml: each form (with its source)
 * is appended to its entry's aliases (or short forms), deduplicated like every alias.
 */
function addNativeNames(doc, groups, officials, log) {
  const byId = new Map([...groups, ...officials].map((e) => [e.id, e]));
  const checkName = (id, n) => {
    if (typeof n?.form !== 'string' || !isArabicScript(n.form)) fail(`${NATIVE_NAMES_FILE}: ${id}: form must be an Arabic-script name`);
    if (typeof n?.source !== 'string' || n.source.trim() === '') fail(`${NATIVE_NAMES_FILE}: ${id}: "${n?.form}" needs a source`);
  };
  const add = (id, names) => {
    const e = byId.get(id);
    if (e === undefined) return fail(`${NATIVE_NAMES_FILE}: ${id} is not an entry (stale?)`);
    for (const n of names ?? []) {
      checkName(id, n);
      log.additions.push(`${id}: "${n.form}" (${n.source})`);
    }
    e.aliases = orderAliases(e.name, [...e.aliases, ...(names ?? []).map((n) => n.form)]);
    if (!e.sources.includes('curation')) e.sources.push('curation');
    return e;
  };
  for (const [id, names] of Object.entries(doc.groups ?? {})) add(id, names);
  for (const [id, spec] of Object.entries(doc.people ?? {})) {
    const e = add(id, spec.names);
    if (e === undefined) continue;
    for (const s of spec.short_forms ?? []) {
      checkName(id, s);
      log.additions.push(`${id}: short form "${s.form}" (${s.source})`);
      e.short_forms = [...new Set([...(e.short_forms ?? []), s.form])];
    }
  }
}

// ---------------------------------------------------------------------------------------
// Curated officials tables: every scripts/curation/officials-*.yaml (national posts,
// provincial governors and police chiefs...). One row per role; rows of the same person
// (same id: `person.<slug of name>`, or the optional `id` field when two people share a
// name) become one entry, merged with the entry of officials.tsv/UN/actors.yaml of the same
// id if there is one.
// ---------------------------------------------------------------------------------------

/** @type {string | undefined} --tables DIR (default: scripts/curation/) */
let TABLES_DIR;
let SHOW_WARNINGS = true;

/** A table problem that loses nothing essential: reported (stderr in write mode, --report), not fatal. */
function tableWarn(log, message) {
  log.warnings.push(message);
  if (SHOW_WARNINGS) process.stderr.write(`build-actors: warning: ${message}\n`);
}

// Fatal: what would make a role wrong or unsourced (no name, role or source; a bad date;
// dates: unknown with a span). A warning, with the value dropped or replaced: an
// affiliation outside the list (-> other), a province code that is not in
// lexicons/provinces.yaml (dropped), a source that is not a URL (kept in the note).
function tableRole(r, provinceCodes, log) {
  const w = r.where;
  if (!r.name) fail(`${w}: no name`);
  if (!r.role) fail(`${w}: no role`);
  if (!r.title) fail(`${w}: no title (the normalised role word)`);
  const extra = [];
  let affiliation = r.affiliation;
  if (!AFFILIATIONS.has(affiliation)) {
    tableWarn(log, `${w}: affiliation "${affiliation}" is not one of ${[...AFFILIATIONS].join(', ')}: "other" used`);
    if (affiliation) extra.push(`Affiliation given as "${affiliation}".`);
    affiliation = 'other';
  }
  let province = r.province || undefined;
  if (province && !provinceCodes.has(province)) {
    tableWarn(log, `${w}: province "${province}" is not an ISO 3166-2 code of lexicons/provinces.yaml (Kandahar is AF-KAN): left out`);
    extra.push(`Province given as "${province}".`);
    province = undefined;
  }
  if (!DATES_FLAGS.has(r.dates)) fail(`${w}: dates "${r.dates}" is not exact, approximate or unknown`);
  if (r.dates === 'unknown' && (r.start || r.end)) fail(`${w}: dates: unknown needs empty start and end`);
  let dates = r.dates;
  let end = r.end || undefined;
  if (dates !== 'unknown' && !r.start) {
    // The general rule of roles-on-date.v2: a role with no start cannot be placed in time.
    tableWarn(log, `${w}: no start date: dates: unknown${end ? ` (end ${end} kept in the note)` : ''}`);
    if (end) extra.push(`In office until ${end} (start unknown).`);
    dates = 'unknown';
    end = undefined;
  }
  const urls = r.source;
  if (urls.length === 0) fail(`${w}: no source`);
  for (const u of urls) if (!/^https?:\/\/\S+$/.test(u)) tableWarn(log, `${w}: source "${u}" is not a URL (kept in the note)`);
  checkInterval(r.start || undefined, end, w);
  const note = [r.notes, ...extra, `Source: ${urls.join(' ; ')}.`].filter(Boolean).join(' ');
  return orderRole({
    title: r.role,
    office: r.title,
    affiliation,
    province,
    from: r.start || undefined,
    to: end,
    dates: dates === 'exact' ? undefined : dates,
    note,
  });
}

/** Merge the curated tables into `entries` (mutated); returns the forms they brought. */
function mergeOfficialsTables(tables, entries, log, provinceCodes) {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const people = new Map();
  for (const t of tables) {
    for (const r of t.rows) {
      const id = r.id || `person.${slugify(r.name)}`;
      if (!/^person\.[a-z0-9-]+$/.test(id)) fail(`${r.where}: id "${id}" is not person.<slug>`);
      if (!people.has(id)) people.set(id, []);
      people.get(id).push(r);
    }
  }
  const tableForms = new Set(); // `${id}\u0001${key}` of aliases and short forms the tables added
  for (const [id, rows] of people) {
    const names = [...new Set(rows.map((r) => r.name))];
    if (names.length > 1) fail(`${id}: rows give different names (${names.join(' / ')}); use one canonical name, or the id field for two people`);
    const name = names[0];
    const label = `${id} (${rows[0].where})`;
    let e = byId.get(id);
    if (e === undefined) {
      // A single-word canonical name is allowed for people known by one name only
      // ("Dadullah", "Fazlullah"): it then matches alone, like any alias, so it must be
      // long and not a common name element.
      if (words(name).length < 2 && !isArabicScript(name)) {
        if (letterCount(name) < 6 || GIVEN_NAME_WORDS.has(name.toLowerCase()) || NEVER_SHORT.has(name)) {
          tableWarn(log, `${label}: the single-word canonical name "${name}" is too short or a common name element: person left out`);
          continue;
        } else log.decisions.push(`${label}: single-word canonical name "${name}" (a person known by one name only; matched alone)`);
      }
      e = { id, type: 'official', name, aliases: [name], sources: [] };
      entries.push(e);
      byId.set(id, e);
      tableForms.add(`${id}\u0001${aliasKey(name)}`);
      log.additions.push(`${label}: person "${name}" from the curated tables`);
    } else {
      log.decisions.push(`${label}: rows merged into the existing entry "${e.name}"`);
    }
    const have = new Set(e.aliases.map((a) => aliasKey(formOf(a))));
    const newAliases = [];
    for (const r of rows) {
      for (const a of r.aliases) {
        if (/[(),]/.test(a)) {
          tableWarn(log, `${r.where}: alias "${a}" has a parenthesis or comma: left out`);
          continue;
        }
        if (!isArabicScript(a) && words(a).length < 2) {
          tableWarn(log, `${r.where}: alias "${a}" is a single word (single names go in short_forms): left out`);
          continue;
        }
        // Titles are not part of a name (annotation guide): "Mullah Dadullah Lang" is
        // matched as "Dadullah Lang"; a form that is a title and one word is left out.
        const bare = stripTitles(a);
        if (bare !== a) log.rules.push(`${label}: "${a}" -> "${bare}" (title not part of the name)`);
        if (!isArabicScript(bare) && words(bare).length < 2) {
          log.dropped.push(`${label}: "${a}" (without its title, a single word)`);
          continue;
        }
        const form = lowerParticles(bare);
        const k = aliasKey(form);
        if (have.has(k)) continue;
        have.add(k);
        newAliases.push(form);
        tableForms.add(`${id}\u0001${k}`);
      }
    }
    e.aliases = orderAliases(e.name, [...e.aliases, ...newAliases]);
    const shorts = new Set(e.short_forms ?? []);
    for (const r of rows) {
      for (const sf of r.short_forms) {
        if (shorts.has(sf)) continue;
        if (GIVEN_NAME_WORDS.has(sf.toLowerCase())) {
          log.dropped.push(`${label}: short form "${sf}" (a common given-name element)`);
          continue;
        }
        if (NEVER_SHORT.has(sf)) {
          log.dropped.push(`${label}: short form "${sf}" (${NEVER_SHORT.get(sf)})`);
          continue;
        }
        if (letterCount(sf) < 3) {
          tableWarn(log, `${r.where}: short form "${sf}" has fewer than 3 letters: left out`);
          continue;
        }
        shorts.add(sf);
        tableForms.add(`${id}\u0001${aliasKey(sf)}`);
      }
    }
    if (shorts.size > 0) e.short_forms = [...shorts].sort();
    const roles = [...(e.roles ?? [])];
    for (const r of rows) {
      const role = tableRole(r, provinceCodes, log);
      const dup = roles.find((x) => x.title === role.title && x.from === role.from && x.to === role.to);
      if (dup) {
        log.decisions.push(`${label}: role "${role.title}" ${role.from ?? ''} already in the entry; the table row adds nothing`);
        continue;
      }
      // The same span under another wording ("... and USFOR-A" in the reference, "... and US
      // Forces-Afghanistan" in a table): one post, so the table's row (with office and
      // affiliation) takes the place of the older one instead of doubling it.
      const same = role.from !== undefined && roles.findIndex((x) => x.from === role.from && x.to === role.to && x.province === role.province && x.office === undefined);
      if (same !== false && same !== -1) {
        log.decisions.push(`${label}: role "${roles[same].title}" ${role.from} replaced by the table's "${role.title}" (same span)`);
        roles[same] = orderRole({ ...roles[same], ...role });
        continue;
      }
      roles.push(role);
    }
    e.roles = roles;
    const sources = new Set(e.sources);
    sources.add('officials-tables');
    for (const r of rows) if (r.source.some((u) => /wikipedia\.org\//.test(u))) sources.add('wikipedia');
    e.sources = [...sources];
    // Key order of an entry as personEntry writes it.
    const ordered = {};
    for (const k of ['id', 'type', 'name', 'wikidata', 'xref', 'aliases', 'short_forms', 'roles', 'sources', 'note']) if (e[k] !== undefined) ordered[k] = e[k];
    for (const k of Object.keys(e)) delete e[k];
    Object.assign(e, ordered);
  }
  return tableForms;
}

// ---------------------------------------------------------------------------------------
// Checks across entries and lexicons.
// ---------------------------------------------------------------------------------------

function checkEntries(label, entries, min) {
  if (entries.length < min) fail(`${label}: ${entries.length} entries, expected at least ${min}`);
  const ids = new Set();
  for (const e of entries) {
    if (ids.has(e.id)) fail(`${label}: id ${e.id} defined twice`);
    ids.add(e.id);
    for (const a of e.aliases) {
      const f = formOf(a);
      if (letterCount(f) < 3 && !(typeof a === 'object' && a.case === 'exact')) fail(`${e.id}: alias "${f}" has fewer than 3 letters and is not {form, case: exact}`);
    }
  }
  return ids;
}

/**
 * @param {any[]} all
 * @param {any} curation
 * @param {any[]} otherLexicons
 * @param {Set<string>} [tableForms]
 * @param {{ dropped: string[], warnings: string[] }} [log]
 */
function checkShared(all, curation, otherLexicons, tableForms = new Set(), log = { dropped: [], warnings: [] }) {
  const fromTables = (id, k) => tableForms.has(`${id}\u0001${k}`);
  const warn = (m) => tableWarn(log, m);
  const allowed = new Map();
  for (const s of curation.shared_aliases ?? []) {
    reasonOf(s, `shared_aliases ${s.form}`);
    allowed.set(aliasKey(s.form), new Set(s.entries));
  }
  const used = new Set();
  const owners = new Map();
  for (const e of all) {
    for (const a of e.aliases) {
      const k = aliasKey(formOf(a));
      if (!owners.has(k)) owners.set(k, new Set());
      owners.get(k).add(e.id);
    }
  }
  for (const [k, ids] of owners) {
    if (ids.size < 2) continue;
    const ok = allowed.get(k);
    if (ok && [...ids].every((id) => ok.has(id))) {
      used.add(k);
      continue;
    }
    if ([...ids].some((id) => fromTables(id, k))) {
      warn(`alias "${k}" is claimed by ${[...ids].join(', ')} (from the curated officials tables): kept, matched as ambiguous`);
      continue;
    }
    fail(`alias "${k}" is claimed by ${[...ids].join(', ')} (list it in shared_aliases with a reason, or drop it)`);
  }
  for (const k of allowed.keys()) if (!used.has(k)) fail(`shared_aliases "${k}" is no longer shared (stale?)`);

  // Short forms shared between people.
  const sharedShort = curation.shared_short_forms ?? {};
  const shortOwners = new Map();
  for (const e of all) {
    for (const s of e.short_forms ?? []) {
      const k = aliasKey(s);
      if (!shortOwners.has(k)) shortOwners.set(k, []);
      if (!shortOwners.get(k).includes(e.id)) shortOwners.get(k).push(e.id);
    }
  }
  const usedShared = new Set();
  for (const [k, ids] of shortOwners) {
    if (ids.length < 2) continue;
    const entry = Object.entries(sharedShort).find(([f]) => aliasKey(f) === k);
    if (!entry && ids.some((id) => fromTables(id, k))) {
      warn(`short form "${k}" is shared by ${ids.join(', ')} (from the curated officials tables): kept; it links only to the most recent full mention`);
      continue;
    }
    if (!entry) {
      fail(`short form "${k}" is shared by ${ids.join(', ')} (list it in shared_short_forms with a reason, or drop it)`);
      continue;
    }
    reasonOf(entry[1], `shared_short_forms.${entry[0]}`);
    usedShared.add(entry[0]);
  }
  for (const f of Object.keys(sharedShort)) if (!usedShared.has(f)) fail(`shared_short_forms "${f}" is not shared by two people (stale?)`);

  // Against the other lexicons (provinces, places, landmarks): a name that is also a place.
  const placeKeys = new Map();
  for (const lex of otherLexicons) {
    for (const e of lex.entries ?? []) for (const a of e.aliases ?? []) placeKeys.set(aliasKey(formOf(a)), `${lex.lexicon}:${e.id}`);
  }
  const placeOk = curation.place_name_clashes ?? {};
  const usedPlace = new Set();
  for (const e of all) {
    for (const f of [...e.aliases.map(formOf), ...(e.short_forms ?? [])]) {
      const k = aliasKey(f);
      if (!placeKeys.has(k)) continue;
      if (!placeOk[f] && fromTables(e.id, k)) {
        e.aliases = e.aliases.filter((a) => aliasKey(formOf(a)) !== k);
        if (e.short_forms) e.short_forms = e.short_forms.filter((s) => aliasKey(s) !== k);
        if (e.short_forms?.length === 0) delete e.short_forms;
        log.dropped.push(`${e.id}: "${f}" (also ${placeKeys.get(k)}; from the curated officials tables)`);
        warn(`${e.id}: "${f}" is also ${placeKeys.get(k)}: dropped`);
        if (e.aliases.length === 0) fail(`${e.id}: no alias left`);
        continue;
      }
      if (placeOk[f]) {
        reasonOf(placeOk[f], `place_name_clashes.${f}`);
        usedPlace.add(f);
        continue;
      }
      fail(`${e.id}: "${f}" is also ${placeKeys.get(k)} (drop it or list it in place_name_clashes with a reason)`);
    }
  }
  for (const f of Object.keys(placeOk)) if (!usedPlace.has(f)) fail(`place_name_clashes "${f}" clashes with nothing (stale?)`);
}

// ---------------------------------------------------------------------------------------
// Output.
// ---------------------------------------------------------------------------------------

const SOURCE_ORDER = Object.keys(SOURCES);
const sortEntries = (entries) => [...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

function makeLexicon(meta, entries) {
  const used = new Set();
  for (const e of entries) {
    e.sources = SOURCE_ORDER.filter((s) => e.sources.includes(s));
    for (const s of e.sources) used.add(s);
  }
  return {
    format: LEXICON_FORMAT,
    lexicon: meta.lexicon,
    version: meta.version,
    description: meta.description,
    attribution: meta.attribution,
    sources: SOURCE_ORDER.filter((id) => used.has(id)).map((id) => SOURCES[id]),
    entries: sortEntries(entries),
  };
}

function serialize(lexicon, inputs) {
  const header = [
    ` GENERATED FILE - do not edit by hand.`,
    ` Generated by ${SCRIPT_NAME} from the reference tables in ../shared/reference:`,
    ...inputs.map((i) => `   ${i.file}  sha256:${i.sha256}`),
    ` and the hand decisions (each with its reason) in ${CURATION_FILE}  sha256:${inputs.curationSha}`,
    ...(inputs.tables ?? []).map((t) => ` and the curated table ${t.file}  sha256:${t.sha256}`),
    ` Sources and licences: \`sources\` below (UCDP CC BY 4.0; PETRARCH2 MIT; UN Consolidated List;`,
    ` Wikipedia CC BY-SA 4.0, facts only; web pages, facts only).`,
    ` Regenerate: node ${SCRIPT_NAME} [--reference DIR]`,
  ];
  return serializeLexicon(lexicon, header);
}

// ---------------------------------------------------------------------------------------

function main() {
  const { values } = parseArgs({
    options: {
      reference: { type: 'string' },
      out: { type: 'string' },
      check: { type: 'boolean', default: false },
      report: { type: 'boolean', default: false },
      tables: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write('usage: node scripts/build-actors.mjs [--reference DIR] [--out DIR] [--tables DIR] [--check] [--report]\n');
    return 0;
  }
  const refDir = values.reference ? path.resolve(values.reference) : DEFAULT_REFERENCE_DIR;
  const outDir = values.out ? path.resolve(values.out) : path.join(REPO_ROOT, 'lexicons');
  if (values.tables) TABLES_DIR = path.resolve(values.tables);
  // --check (CI) stays silent unless something is wrong; --report lists the warnings.
  SHOW_WARNINGS = !values.check && !values.report;
  const { text: curationText, data: curation } = readCuration('actors.yaml');
  NEVER_SHORT = new Map(Object.entries(curation.never_short_forms ?? {}).map(([k, v]) => [k, reasonOf(v, `never_short_forms.${k}`)]));

  const groupsTsv = readTsv(path.join(refDir, 'armed-groups.tsv'), GROUP_COLUMNS);
  const officialsTsv = readTsv(path.join(refDir, 'officials.tsv'), OFFICIAL_COLUMNS);
  const unTsv = readTsv(path.join(refDir, 'un-sanctions-afghanistan.tsv'), UN_COLUMNS);
  stopIfProblems('reading the reference');

  const log = { rules: [], dropped: [], additions: [], decisions: [], excluded: [], warnings: [] };
  const groups = buildGroups(groupsTsv.rows, curation, log);
  const officials = buildOfficials(officialsTsv.rows, unTsv.rows, curation, log);
  stopIfProblems('building entries');
  const provincesLex = YAML.parse(readFileSync(path.join(REPO_ROOT, 'lexicons/provinces.yaml'), 'utf8'));
  const provinceCodes = new Set((provincesLex.entries ?? []).map((e) => e.iso_3166_2).filter(Boolean));
  const tables = readOfficialsTables({ dir: TABLES_DIR, onError: fail });
  stopIfProblems('reading the curated officials tables');
  const tableForms = mergeOfficialsTables(tables, officials, log, provinceCodes);
  stopIfProblems('merging the curated officials tables');
  // General rule open-roles.v1 (scripts/lib/open-roles.mjs): an end for open dated roles.
  const closed = closeOpenRoles(/** @type {any[]} */ (officials), log);
  for (const e of officials) if (e.roles) e.roles = e.roles.map(orderRole);

  const groupIds = checkEntries('armed-groups', groups, groupsTsv.rows.length);
  const personIds = checkEntries('officials', officials, 150);
  for (const id of curation.keep_ids ?? []) if (!groupIds.has(id) && !personIds.has(id)) fail(`keep_ids: ${id} is gone (samples/ and the dev article use it)`);
  for (const g of groups) if (g.part_of && !groupIds.has(g.part_of)) fail(`${g.id}: part_of ${g.part_of} is not a group id`);
  // Every other shipped lexicon (provinces, places, landmarks, districts, towns ...):
  // used only to refuse a name that is also a place.
  const others = readdirSync(path.join(REPO_ROOT, 'lexicons'))
    .filter((f) => f.endsWith('.yaml') && f !== 'armed-groups.yaml' && f !== 'officials.yaml')
    .sort()
    .map((f) => path.join(REPO_ROOT, 'lexicons', f))
    .map((f) => {
      try {
        return YAML.parse(readFileSync(f, 'utf8'));
      } catch (e) {
        fail(`${path.relative(REPO_ROOT, f)}: cannot be read for the place-name check (${String(/** @type {Error} */ (e).message).split('\n')[0]})`);
        return {};
      }
    });
  const native = existsSync(path.join(REPO_ROOT, NATIVE_NAMES_FILE)) ? readCuration('native-names.yaml') : undefined;
  const nativeText = native?.text;
  if (native !== undefined) addNativeNames(native.data, groups, officials, log);
  stopIfProblems('adding native-script names');
  checkShared([...groups, ...officials], curation, others, tableForms, log);
  stopIfProblems('checking aliases');

  const meta = curation.lexicons;
  const groupsLex = makeLexicon(meta['armed-groups'], groups);
  const officialsLex = makeLexicon(meta.officials, officials);
  const curationSha = sha256(curationText) + (nativeText === undefined ? '' : `\n and the Dari/Pashto names in ${NATIVE_NAMES_FILE}  sha256:${sha256(nativeText)}`);
  const inputsGroups = Object.assign([{ file: 'armed-groups.tsv', sha256: groupsTsv.sha256 }], { curationSha });
  const inputsOfficials = Object.assign(
    [
      { file: 'officials.tsv', sha256: officialsTsv.sha256 },
      { file: 'un-sanctions-afghanistan.tsv', sha256: unTsv.sha256 },
    ],
    { curationSha, tables: tables.map((t) => ({ file: t.file, sha256: t.sha256 })) },
  );
  const outputs = [
    { file: 'armed-groups.yaml', text: serialize(groupsLex, inputsGroups), data: groupsLex },
    { file: 'officials.yaml', text: serialize(officialsLex, inputsOfficials), data: officialsLex },
  ];
  const ajvValidate = lexiconSchemaValidator();
  for (const o of outputs) validateLexicon(ajvValidate, o.file, o.text, o.data);
  stopIfProblems('validating');

  if (values.report) {
    section('decisions', log.decisions);
    section('hand additions', log.additions);
    section('general rules applied', log.rules);
    section('dropped aliases and short forms', log.dropped);
    section('UN entries not included', log.excluded);
    section('warnings (clashes from the curated officials tables, kept or dropped)', log.warnings);
    process.stdout.write(`\n${groups.length} groups, ${officials.length} officials\n`);
    process.stdout.write(`${OPEN_ROLES_RULE}: ${closed.successor} open roles ended at a successor's start, ${closed.republic} at the Republic's end (2021-08-15)\n`);
  }

  let stale = 0;
  for (const o of outputs) {
    const target = path.join(outDir, o.file);
    if (writeOrCheck(target, o.text, values.check) === 'stale') {
      process.stderr.write(`build-actors: ${path.relative(REPO_ROOT, target)} is out of date; run: node ${SCRIPT_NAME}\n`);
      stale++;
    }
  }
  if (stale > 0) return 1;
  if (!values.check && !values.report) {
    process.stderr.write(`build-actors: wrote ${outputs.map((o) => o.file).join(', ')} (${groups.length} groups, ${officials.length} officials)\n`);
    process.stderr.write(`build-actors: ${OPEN_ROLES_RULE} closed ${closed.successor + closed.republic} open roles: ${closed.successor} at a successor's start, ${closed.republic} at the Republic's end (2021-08-15)\n`);
  }
  return 0;
}

process.exitCode = main();
