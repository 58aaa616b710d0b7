#!/usr/bin/env node
// @ts-check
// Build the place gazetteers from the reference tables: lexicons/provinces.yaml (34
// provinces), places.yaml (34 provincial capitals), districts.yaml (the districts of
// afghanistan-admin2.tsv) and towns.yaml (the other GeoNames cities500 places); and
// check the hand-written lexicons/landmarks.yaml against them.
//
//   node scripts/build-lexicons.mjs [--reference DIR] [--out DIR] [--wordlist FILE] [--check] [--report]
//
//   --reference DIR  reference tables (default: ../shared/reference from the repo root)
//   --out DIR        where to write the four files (default: lexicons/ in the repo root)
//   --wordlist FILE  English word list for the alias screening (default /usr/share/dict/words,
//                    Debian package wamerican); the build stops if it is missing
//   --check          build and validate, then compare with the files on disk instead of
//                    writing them; exit 1 if they differ (for CI)
//   --report         print every decision: names, additions, screening, left-out entries,
//                    dropped candidates, folded duplicates, names shared by several places
//
// Output is deterministic: same reference tables -> byte-identical files. Provinces are
// ordered by ISO 3166-2 code, places, districts and towns by id, aliases as: canonical
// name first, then the other Latin-script forms, then the Arabic-script forms (each group
// in code-unit order). The word list only decides which aliases need a recorded
// decision; it never changes the output.
//
// Every hand decision lives, with its reason, in a YAML file of scripts/curation/:
// provinces.yaml (provinces and capitals), districts.yaml, towns.yaml and screening.yaml
// (read into PROVINCE_CURATION, CAPITALS, DISTRICTS, TOWNS, SCREENING...). The script fails loudly when
// a table entry no longer matches the data (a stale removal, a redundant addition, an
// unreviewed new spelling, a screening decision nothing hits), when an alias is shorter
// than 3 characters, when two provinces or two capitals share an alias (except a capital
// and its same-named province), when a district or town alias is a province's name
// without a decision, when an alias is an English word, a person's name, a foreign place
// or another lexicon's alias without a decision, when a `district` reference does not
// resolve, or when a file does not validate against schema/lexicon.schema.json.
// Districts and towns may share names (Nawa in Helmand and Ghazni; a district and its
// seat town): those lexicons declare `shared_aliases: candidates`.
//
// Dependencies: Node >= 20, the `yaml` and `ajv` packages from node_modules, the built
// package (dist/, `npm run build`: the match keys come from its normalize.v3), and an
// English word list (wamerican). Shared helpers are in scripts/lib/.

import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import YAML from 'yaml';
import { BuildError, fail, stopIfProblems, runMain, reportSection as section } from './lib/problems.mjs';
import { LEXICON_FORMAT, sha256, serializeLexicon, lexiconSchemaValidator, validateLexicon, writeOrCheck } from './lib/lexicon-file.mjs';
import { readTsv as readTsvWith, splitMulti as splitCell } from './lib/tsv.mjs';
import { cmp, fold, isArabicScript, matchKey, slug } from './lib/text.mjs';
import { REPO_ROOT, DEFAULT_REFERENCE_DIR } from './lib/paths.mjs';
import { readCuration } from './lib/curation.mjs';

const SCRIPT_NAME = 'scripts/build-lexicons.mjs';

// The hand decisions (scripts/curation/*.yaml): provinces and capitals, districts, towns,
// and the alias screening.
const { provinces: PROVINCE_CURATION, capitals: CAPITALS } = readCuration('provinces.yaml').data;
const { web_sources: WEB_SOURCES, districts: DISTRICTS } = readCuration('districts.yaml').data;
const { towns: TOWNS } = readCuration('towns.yaml').data;
const { screening: SCREENING, foreign_places: FOREIGN_PLACES, name_words: NAME_WORDS } = readCuration('screening.yaml').data;
const LEXICON_VERSION = '1.0.0';

// ---------------------------------------------------------------------------------------
// Sources (scripts/curation/sources.yaml). Each lexicon lists the ones its entries cite, in this order.
// ---------------------------------------------------------------------------------------

/** @type {Record<string, Record<string, unknown>>} */
const SOURCES = Object.fromEntries(Object.entries(readCuration('sources.yaml').data.places).map(([id, s]) => [id, { id, ...s }]));

// Public pages checked for spellings and names the tables lack (scripts/curation/districts.yaml).
for (const [id, source] of Object.entries(WEB_SOURCES)) {
  if (SOURCES[id]) throw new Error(`curation/districts.yaml: web_sources.${id} is already a source`);
  SOURCES[id] = { id, ...source };
}

const ATTRIBUTION = "GeoNames (geonames.org), CC BY 4.0. Data from Who's On First (whosonfirst.org).";

// Sources that together make up one row of afghanistan-admin1.tsv (names, codes, ids).
const PROVINCE_ROW_SOURCES = ['geonames-admin1', 'iso-3166-2', 'wikidata', 'wof', 'wfp-ocha'];

// ---------------------------------------------------------------------------------------
// Curation. Every hand decision, with its reason.
// ---------------------------------------------------------------------------------------

// Reasons used many times by the general rules.
const RUSSIAN = 'Russian-style transliteration (kh for h, g for gh), not an English news spelling';
const DISTRICT_WORD = 'the name with a word for "district", "city" or "provincial centre" attached';
const GARBLED = 'garbled or machine transliteration, not a news spelling';


// ---------------------------------------------------------------------------------------
// General rules and helpers
// ---------------------------------------------------------------------------------------


const codePoints = (s) => [...s].length;

/** Why a Latin-script candidate is dropped by a general rule, or null. */
function latinRule(s) {
  if (!/^[\x20-\x7E]+$/.test(s)) {
    return 'non-ASCII Latin form: a foreign transliteration, or a diacritic form of an ASCII spelling (a duplicate once diacritics are removed)';
  }
  if (s.includes('`')) return 'backtick ayn (GeoNames transcription), not a news spelling';
  if (/\s(District|City)$/i.test(s)) return DISTRICT_WORD;
  if (/-\s|\s-|\(|\)/.test(s)) return 'malformed spacing or a parenthesised form';
  return null;
}

const splitMulti = (value) => splitCell(value).map((v) => v.normalize('NFC'));

// Coordinates (issue 15): WGS 84 degrees from the reference tables (GeoNames), rounded to
// 4 decimals (about 11 m). A province's point is its capital's (GeoNames PPLA/PPLC row), a
// district's its seat town's (when afghanistan-admin2.tsv names one), a town's or capital's
// its own. Entries without a point get their district's or province's at annotation time
// (geo_precision, src/annotate.ts).
function coordinates(entryId, lat, lon) {
  if (lat === '' && lon === '') return {};
  const la = Number(lat);
  const lo = Number(lon);
  if (!Number.isFinite(la) || !Number.isFinite(lo) || la < 29 || la > 39 || lo < 60 || lo > 75.5) fail(`${entryId}: coordinates "${lat}", "${lon}" are not in Afghanistan`);
  return { lat: Number(la.toFixed(4)), lon: Number(lo.toFixed(4)) };
}

/** A reference table; the first problem in it stops the build. */
const readTsv = (file, columns) =>
  readTsvWith(file, columns, {
    onError: (message) => {
      throw new BuildError(message);
    },
  });

/**
 * Turn candidates [{form, origin, sources}] into a de-duplicated alias list.
 * `decide(c)` returns {keep: true} or {keep: false, reason}. The canonical name is kept first.
 */
function collectAliases(entryId, name, candidates, decide, log) {
  const kept = new Map(); // fold key -> {form, sources}
  const add = (form, sources) => {
    const key = fold(form);
    if (kept.has(key)) {
      const first = kept.get(key);
      if (form !== first.form) log.duplicates.push(`${entryId}: "${form}" = "${first.form}"`);
      // Only the first source of a form is cited (the canonical name has none of its own).
      if (first.sources.size === 0) for (const s of sources) first.sources.add(s);
      return;
    }
    kept.set(key, { form, sources: new Set(sources) });
  };
  add(name, []);
  for (const c of candidates) {
    const verdict = decide(c);
    if (verdict.keep) add(c.form, c.sources);
    else log.dropped.push(`${entryId}: "${c.form}" [${c.origin}] - ${verdict.reason}`);
  }
  const rest = [...kept.values()].slice(1);
  const latin = rest.filter((a) => !isArabicScript(a.form)).map((a) => a.form).sort(cmp);
  const arabic = rest.filter((a) => isArabicScript(a.form)).map((a) => a.form).sort(cmp);
  const sources = new Set();
  for (const a of kept.values()) for (const s of a.sources) sources.add(s);
  const aliasSources = new Map([...kept.values()].map((a) => [a.form, [...a.sources]]));
  return { aliases: [name, ...latin, ...arabic], sources, aliasSources };
}

/** Check that a curation key names something that exists among the candidates. */
function checkStale(entryId, table, keys, candidateForms) {
  const have = new Set(candidateForms);
  for (const k of keys) {
    if (!have.has(k)) fail(`${entryId}: ${table} lists "${k}", which is not among the candidates (stale curation?)`);
  }
}
function checkRedundantAdditions(entryId, table, keys, candidateForms) {
  const have = new Set(candidateForms.map(fold));
  for (const k of keys) {
    if (have.has(fold(k))) fail(`${entryId}: ${table} adds "${k}", which the reference already has`);
  }
}

// ---------------------------------------------------------------------------------------
// Provinces
// ---------------------------------------------------------------------------------------

// Where each province alias came from (not written out; used when a capital inherits them).
const provinceAliasSources = new Map();

function buildProvinces(admin1, log) {
  const entries = [];
  const codes = new Set(admin1.map((r) => r.iso_3166_2));
  for (const code of Object.keys(PROVINCE_CURATION)) {
    if (!codes.has(code)) fail(`curation/provinces.yaml: provinces has ${code}, which is not in afghanistan-admin1.tsv`);
  }
  for (const row of [...admin1].sort((a, b) => cmp(a.iso_3166_2, b.iso_3166_2))) {
    const code = row.iso_3166_2;
    const cur = PROVINCE_CURATION[code] ?? {};
    const name = cur.name ? cur.name[0] : row.name_en;
    if (cur.name) log.decisions.push(`${code}: name "${name}" instead of "${row.name_en}" - ${cur.name[1]}`);

    const candidates = [];
    const push = (form, origin, sources) => candidates.push({ form: form.normalize('NFC'), origin, sources });
    push(row.name_en, 'name_en', ['wikidata']);
    push(row.name_iso_3166_2.normalize('NFKD').replace(/\p{M}/gu, ''), 'name_iso_3166_2 without diacritics', ['iso-3166-2']);
    push(row.name_iso_3166_2, 'name_iso_3166_2', ['iso-3166-2']);
    push(row.name_geonames, 'name_geonames', ['geonames-admin1']);
    for (const a of splitMulti(row.alt_names_latin)) push(a, 'alt_names_latin', ['geonames-admin1', 'wof']);
    const gk = splitMulti(row.alt_names_general_knowledge);
    for (const a of gk) push(a, 'alt_names_general_knowledge', ['curation']);
    for (const a of splitMulti(row.name_fa)) push(a, 'name_fa', ['wof']);
    for (const a of splitMulti(row.name_ps)) push(a, 'name_ps', ['wof']);

    const gkTable = cur.generalKnowledge ?? {};
    for (const a of gk) if (!(a in gkTable)) fail(`${code}: general-knowledge spelling "${a}" has no decision in curation/provinces.yaml (provinces.${code}.generalKnowledge)`);
    checkStale(code, 'generalKnowledge', Object.keys(gkTable), gk);
    const forms = candidates.map((c) => c.form);
    const drops = cur.drop ?? {};
    checkStale(code, 'drop', Object.keys(drops), forms);
    checkRedundantAdditions(code, 'add', Object.keys(cur.add ?? {}), forms);
    checkRedundantAdditions(code, 'addScript', Object.keys(cur.addScript ?? {}), forms);
    for (const [form, reason] of Object.entries(cur.add ?? {})) {
      push(form, 'hand addition', ['curation']);
      log.additions.push(`${code}: "${form}" - ${reason}`);
    }
    for (const [form, reason] of Object.entries(cur.addScript ?? {})) {
      push(form, 'hand addition', ['curation']);
      log.additions.push(`${code}: "${form}" - ${reason}`);
    }
    if (cur.name && !forms.some((f) => fold(f) === fold(name))) {
      fail(`${code}: the chosen name "${name}" is not in the reference; add it to \`add\` with a reason`);
    }

    const decide = (c) => {
      if (c.origin === 'alt_names_general_knowledge') {
        const [verdict, reason] = gkTable[c.form] ?? ['reject', 'no decision'];
        log.generalKnowledge.push(`${code}: "${c.form}" ${verdict} - ${reason}`);
        if (verdict !== 'keep') return { keep: false, reason: `general-knowledge spelling rejected: ${reason}` };
      }
      if (c.form in drops) return { keep: false, reason: drops[c.form] };
      if (!isArabicScript(c.form) && c.origin !== 'name_iso_3166_2') {
        const r = latinRule(c.form);
        if (r) return { keep: false, reason: r };
      }
      return { keep: true };
    };
    const { aliases, sources, aliasSources } = collectAliases(code, name, candidates, decide, log);
    provinceAliasSources.set(code, aliasSources);

    const entrySources = [...PROVINCE_ROW_SOURCES];
    if (sources.has('curation') || cur.name) entrySources.push('curation');
    const geonames = Number(row.geonameid);
    if (!Number.isInteger(geonames) || geonames < 1) fail(`${code}: bad geonameid "${row.geonameid}"`);
    const entry = /** @type {Record<string, any>} */ ({
      id: code,
      type: 'province',
      name,
      province: code,
      iso_3166_2: code,
      geonames,
      ...coordinates(code, row.capital_lat, row.capital_lon),
      wikidata: row.wikidata_qid,
      sources: entrySources,
    });
    if (cur.name) entry.note = `Wikidata label: ${row.name_en}.`;
    entry.aliases = aliases;
    entries.push(entry);
  }
  return entries;
}

// ---------------------------------------------------------------------------------------
// Places (v1: the provincial capitals)
// ---------------------------------------------------------------------------------------

function buildPlaces(admin1, places, admin2, provinceEntries, log) {
  const placeById = new Map(places.map((p) => [p.geonameid, p]));
  const provinceById = new Map(provinceEntries.map((e) => [e.id, e]));
  const codes = new Set(admin1.map((r) => r.iso_3166_2));
  for (const code of Object.keys(CAPITALS)) {
    if (!codes.has(code)) fail(`curation/provinces.yaml: capitals has ${code}, which is not in afghanistan-admin1.tsv`);
  }
  const entries = [];
  for (const row of admin1) {
    const code = row.iso_3166_2;
    const cur = CAPITALS[code];
    if (!cur) {
      fail(`${code}: no entry in curation/provinces.yaml capitals; review its capital's names and add one`);
      continue;
    }
    const [name, nameReason] = Array.isArray(cur.name) ? cur.name : [cur.name, null];
    const province = provinceById.get(code);

    // The capital must be a GeoNames PPLA/PPLC row lying in this province.
    const place = placeById.get(row.capital_geonameid);
    if (!place) {
      fail(`${code}: capital_geonameid ${row.capital_geonameid} is not in afghanistan-places.tsv`);
      continue;
    }
    if (!['PPLA', 'PPLC'].includes(place.feature_code)) fail(`${code}: capital ${place.name} is ${place.feature_code}, not PPLA/PPLC`);
    if (place.province_iso !== code) fail(`${code}: capital ${place.name} lies in ${place.province_iso}`);
    const district = admin2.find((d) => d.geonames_admin2_code !== '' && d.geonames_admin2_code === place.geonames_admin2_code);

    const sameName = fold(name) === fold(province.name);
    const id = sameName ? `${code}.${slug(name)}-city` : `${code}.${slug(name)}`;

    const candidates = [];
    const push = (form, origin, sources) => candidates.push({ form: form.normalize('NFC'), origin, sources });
    push(row.capital, 'GeoNames name', ['geonames-cities500']);
    push(row.capital_statoids, 'Statoids name (WOF)', ['wof']);
    for (const a of splitMulti(row.capital_alt_names_latin)) push(a, 'GeoNames alternate', ['geonames-cities500']);
    for (const a of splitMulti(row.capital_names_arabic_script)) push(a, 'GeoNames alternate', ['geonames-cities500']);
    if (district) {
      if (district.seat_geonameid !== row.capital_geonameid) {
        fail(`${code}: district ${district.name_en} has seat ${district.seat_geonameid}, not the capital ${row.capital_geonameid}`);
      }
      push(district.name_en, 'district name (WOF)', ['wof']);
      for (const a of splitMulti(district.alt_names_latin)) push(a, 'district alternate', ['geonames-admin2', 'wof']);
      for (const a of splitMulti(district.name_fa)) push(a, 'district name_fa (WOF)', ['wof']);
      for (const a of splitMulti(district.name_ps)) push(a, 'district name_ps (WOF)', ['wof']);
    }
    const sourceForms = candidates.map((c) => c.form);

    // Inherited from the province entry when the names are the same.
    const inherited = new Set();
    if (sameName) {
      for (const a of province.aliases) {
        inherited.add(fold(a));
        push(a, `province alias (${code})`, provinceAliasSources.get(code).get(a));
      }
    }

    const keep = new Set(cur.keep);
    const drop = cur.drop ?? {};
    const dropScript = cur.dropScript ?? {};
    for (const k of cur.keep) if (k in drop) fail(`${code}: "${k}" is both kept and dropped`);
    checkStale(code, 'keep', cur.keep, sourceForms);
    checkStale(code, 'drop', Object.keys(drop), sourceForms);
    checkStale(code, 'dropScript', Object.keys(dropScript), sourceForms);
    checkRedundantAdditions(code, 'add', Object.keys(cur.add ?? {}), [...sourceForms, ...province.aliases.filter(() => sameName)]);
    checkRedundantAdditions(code, 'addScript', Object.keys(cur.addScript ?? {}), sourceForms);
    for (const [form, reason] of Object.entries({ ...(cur.add ?? {}), ...(cur.addScript ?? {}) })) {
      push(form, 'hand addition', ['curation']);
      log.additions.push(`${id}: "${form}" - ${reason}`);
    }
    if (![...candidates].some((c) => fold(c.form) === fold(name))) {
      fail(`${code}: the chosen name "${name}" is in no source; add it to \`add\` with a reason`);
    }
    if (nameReason) log.decisions.push(`${id}: name "${name}" - ${nameReason}`);

    const decide = (c) => {
      if (c.origin === 'hand addition' || c.origin.startsWith('province alias')) return { keep: true };
      if (isArabicScript(c.form)) {
        return c.form in dropScript ? { keep: false, reason: dropScript[c.form] } : { keep: true };
      }
      const rule = latinRule(c.form);
      if (rule) return { keep: false, reason: rule };
      if (inherited.has(fold(c.form))) {
        if (c.form in drop) fail(`${code}: "${c.form}" is dropped but is also a spelling of the province's name`);
        return { keep: true };
      }
      if (keep.has(c.form)) return { keep: true };
      if (c.form in drop) return { keep: false, reason: drop[c.form] };
      fail(`${code}: unreviewed spelling "${c.form}" [${c.origin}]: add it to capitals.${code}.keep or .drop in curation/provinces.yaml`);
      return { keep: false, reason: 'unreviewed' };
    };
    const { aliases, sources } = collectAliases(id, name, candidates, decide, log);

    const order = Object.keys(SOURCES);
    const entrySources = [...new Set(['geonames-cities500', ...sources, ...(nameReason ? ['curation'] : [])])].sort(
      (a, b) => order.indexOf(a) - order.indexOf(b),
    );
    /** @type {Record<string, any>} */
    const entry = {
      id,
      type: 'place',
      name,
      kind: 'city',
      province: code,
    };
    if (district) entry.district = `${district.province_iso}.${slug(district.name_en)}-district`;
    else fail(`${code}: capital ${place.name} lies in no district of afghanistan-admin2.tsv`);
    entry.geonames = Number(row.capital_geonameid);
    Object.assign(entry, coordinates(id, row.capital_lat, row.capital_lon));
    entry.sources = entrySources;
    const notes = [`Capital of ${province.name} province.`];
    if (fold(place.asciiname) !== fold(name)) notes.push(`GeoNames name: ${place.name}.`);
    entry.note = notes.join(' ');
    entry.aliases = aliases;
    entries.push(entry);
  }
  return entries.sort((a, b) => cmp(a.id, b.id));
}

// ---------------------------------------------------------------------------------------
// Districts and towns (lexicons/districts.yaml, lexicons/towns.yaml)
// ---------------------------------------------------------------------------------------
//
// Districts: every row of afghanistan-admin2.tsv (398 GeoNames ADM2 districts and the two
// WOF-only ones). Towns: every row of afghanistan-places.tsv that is not a provincial
// capital (those are in places.yaml). Spelling candidates come from the tables; the
// general rules below decide most of them, and every exception is a hand decision in
// scripts/curation/{districts,towns}.mjs with its reason. Then every kept Latin alias is
// screened (English words, personal names, places outside Afghanistan, other lexicons'
// aliases): each hit needs a recorded decision in scripts/curation/screening.yaml.

// On a name shared by several places, the mention goes to the highest priority (the others
// stay candidates): a provincial capital (places.yaml, the default 30) before the district
// named after it, a district before its same-named seat town. Context rules decide further.
const DISTRICT_PRIORITY = 28;
const TOWN_PRIORITY = 26;

const CLASSIFIER = 'the name with an administrative or place word attached ("district centre", "sub-district", "government seat", "village", "bazaar")';
const OTHER_NAME = 'a different name (a former name, a neighbouring locality or a confusion in the source), not a spelling of the entry\'s name';

// Particles written in lower case inside names ("Nawa-i-Barak Zayi", "Lash wa Juwayn").
const PARTICLES = new Set(['e', 'i', 'ye', 'yi', 'wa', 'va', 'o', 'us', 'os', 'ul', 'al', 'as', 'ud', 'de', 'da', 'aw']);
const ADMIN_WORD_RE =
  /(?:^|[\s-])'?(?:alaq\w*|aaqa\w*|alakadari\w*|hukumat\w*|hokumat\w*|khukumat\w*|markaz\w*|woluswal\w*|wuluswal\w*|wuleswal\w*|woludwal\w*|vulusval\w*|ulusval\w*|oluswal\w*|qaryeh|qaryah|qeshlaq|wilayat|bazar|bazare|bazari)(?=$|[\s-])/;
// The same words glued to the name ("Alisheralakadari", "Zerok Alagadari").
const GLUED_ADMIN_RE = /ala[qkg]a?h?dari|olusval|oluswal|woluswal|wuluswal|ulusval|vulusval/;
const ADMIN_WORD_AR_RE = /ولسوال|علاقه ?دار|علاقهدار|حکومت|حكومت|مرکز|مركز|بازار|قریه|قريه/;

/** Consonant skeleton for "is this a spelling of that name": vowels, h/w/y and doubled letters dropped. */
function skeleton(s) {
  let k = fold(s).replace(/[^a-z]/g, '');
  k = k.replace(/kh/g, 'x').replace(/gh/g, 'g').replace(/sh/g, 's').replace(/ch/g, 'c').replace(/zh/g, 'j');
  k = k.replace(/q/g, 'k').replace(/ph/g, 'f').replace(/ts/g, 'c');
  return k.replace(/[aeiouyhw]/g, '').replace(/(.)\1+/g, '$1');
}
function levenshtein(a, b) {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}
/** True when `form` reads as a spelling of one of `names` (skeletons at least 75% alike). */
function isSpellingOf(form, names) {
  const x = skeleton(form);
  return names.some((n) => {
    const y = skeleton(n);
    if (x.length === 0 || y.length === 0) return false;
    return 1 - levenshtein(x, y) / Math.max(x.length, y.length) >= 0.75;
  });
}

const stripMarks = (s) => s.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[\u2018\u2019\u02BC\u02BB]/g, "'").normalize('NFC');

/** Why a Latin-script district or town candidate is dropped by a general rule, or null. */
function placeRule(s) {
  if (!/^[\x20-\x7E]+$/.test(s)) {
    return 'non-ASCII Latin form: a foreign transliteration, or a diacritic form of an ASCII spelling (a duplicate once diacritics are removed)';
  }
  if (s.includes('`')) return 'backtick ayn (GeoNames transcription), not a news spelling';
  if (/\s(District|City)$/i.test(s)) return DISTRICT_WORD;
  if (/-\s|\s-|\(|\)/.test(s)) return 'malformed spacing or a parenthesised form';
  if (ADMIN_WORD_RE.test(fold(s)) || GLUED_ADMIN_RE.test(fold(s))) return CLASSIFIER;
  if (/dzh/i.test(s) || /'(?=$|[\s-])/.test(s)) return RUSSIAN + ' (dzh, or an apostrophe for the soft sign)';
  if (/c(?!h)/i.test(s)) return GARBLED + ' (c for ch: a stripped č)';
  const lower = s.split(/[\s-]+/).find((w) => /^[a-z]/.test(w) && !PARTICLES.has(w));
  if (lower !== undefined) return `a lower-case word ("${lower}", a machine transliteration) would match any case`;
  if (!/^[A-Z]/.test(s)) return 'does not start with a capital letter';
  if (codePoints(s) < 3) return 'shorter than 3 characters';
  return null;
}

/** Turn candidates into an alias list: name first, then Latin, then Arabic script, deduplicated by match key. */
function collectPlaceAliases(entryId, name, candidates, decide, log) {
  const kept = new Map(); // match key -> {form, sources}
  const add = (form, sources) => {
    const key = matchKey(form);
    const first = kept.get(key);
    if (first !== undefined) {
      if (form !== first.form) log.duplicates.push(`${entryId}: "${form}" = "${first.form}"`);
      if (first.sources.size === 0) for (const s of sources) first.sources.add(s);
      return;
    }
    kept.set(key, { form, sources: new Set(sources) });
  };
  add(name, []);
  for (const c of candidates) {
    const verdict = decide(c);
    if (verdict.keep) add(c.form, c.sources);
    else log.dropped.push(`${entryId}: "${c.form}" [${c.origin}] - ${verdict.reason}`);
  }
  const rest = [...kept.values()].slice(1);
  const latin = rest.filter((a) => !isArabicScript(a.form)).map((a) => a.form).sort(cmp);
  const arabic = rest.filter((a) => isArabicScript(a.form)).map((a) => a.form).sort(cmp);
  const sources = new Set();
  for (const a of kept.values()) for (const s of a.sources) sources.add(s);
  return { aliases: [name, ...latin, ...arabic], sources };
}

function candidateList() {
  const list = [];
  const push = (form, origin, sources) => {
    if (!form) return;
    const f = form.normalize('NFC').trim();
    // A leading ayn apostrophe ('Ali Khel, 'Unabah) is transcription: the form without it is the candidate.
    if (/^['\u2018\u2019`]/.test(f)) {
      list.push({ form: f, origin, sources, dropReason: 'leading ayn apostrophe (transcription); the form without it is a candidate' });
      list.push({ form: f.replace(/^['\u2018\u2019`]+/, ''), origin: `${origin} without the leading ayn`, sources });
      return;
    }
    // "Nawzad District", "Bamyan City": the name without the classifier is the candidate.
    const bare = f.replace(/\s+(District|City)$/i, '');
    if (bare !== f) {
      list.push({ form: f, origin, sources, dropReason: DISTRICT_WORD + '; the form without it is a candidate' });
      list.push({ form: bare, origin: `${origin} without "District"/"City"`, sources });
      return;
    }
    list.push({ form: f, origin, sources });
  };
  return { list, push };
}

/** Check that a curation table only names forms among the candidates (no stale decisions). */
function checkTable(entryId, table, keys, candidateForms) {
  const have = new Set(candidateForms);
  for (const k of keys) if (!have.has(k)) fail(`${entryId}: ${table} lists "${k}", which is not among the candidates (stale curation?)`);
}

const NEEDS_DECISION = Symbol('needs decision');

/**
 * The shared decision procedure for a district or town candidate.
 * `ctx`: {id, cur, names (spelling references), provinceKeys (match key -> province id),
 *         ownProvince, foreignKeys (aliases of another entry this one must not take: key -> why)}
 */
function decidePlaceCandidate(c, ctx) {
  const { cur } = ctx;
  if (c.dropReason) return { keep: false, reason: c.dropReason };
  if (c.origin === 'hand addition' || c.inherited) return { keep: true };
  if (isArabicScript(c.form)) {
    if (cur.dropScript && c.form in cur.dropScript) return { keep: false, reason: cur.dropScript[c.form] };
    if (cur.keepScript && c.form in cur.keepScript) return { keep: true };
    if (ADMIN_WORD_AR_RE.test(c.form)) return { keep: false, reason: CLASSIFIER };
    if (codePoints(c.form.replace(/\s/g, '')) < 3) return { keep: false, reason: 'shorter than 3 characters' };
    if (c.doubtful) return { keep: false, reason: NEEDS_DECISION };
    const other = ctx.foreignKeys.get(matchKey(c.form));
    if (other) return { keep: false, reason: other };
    const prov = ctx.provinceKeys.get(matchKey(c.form));
    if (prov) return { keep: false, reason: `the name of the province ${prov} (another entry)` };
    return { keep: true };
  }
  if (cur.drop && c.form in cur.drop) return { keep: false, reason: cur.drop[c.form] };
  const rule = placeRule(c.form);
  if (rule) return { keep: false, reason: rule };
  if (cur.keep && c.form in cur.keep) return { keep: true };
  const other = ctx.foreignKeys.get(matchKey(c.form));
  if (other) return { keep: false, reason: other };
  const prov = ctx.provinceKeys.get(matchKey(c.form));
  if (prov) return { keep: false, reason: NEEDS_DECISION };
  if (!isSpellingOf(c.form, ctx.names)) return { keep: false, reason: OTHER_NAME };
  const garbled = garbledVariant(c.form, ctx.latinForms);
  if (garbled) return { keep: false, reason: garbled };
  return { keep: true };
}

/**
 * A form that is another candidate with a digraph undone: diacritics stripped from a
 * scholarly transliteration (š written s, č written c, ž written z) or Russian kh for h.
 */
function garbledVariant(form, others) {
  const bare = (x) => fold(x).replace(/[^a-z]/g, '');
  const f = bare(form);
  for (const o of others) {
    const b = bare(o);
    if (b === f) continue;
    if (b.includes('sh') && b.replace(/sh/g, 's') === f) return `${GARBLED} (sh written s, a stripped š; "${o}" is the candidate)`;
    if (b.includes('ch') && b.replace(/ch/g, 'c') === f) return `${GARBLED} (ch written c, a stripped č; "${o}" is the candidate)`;
    if (b.includes('zh') && b.replace(/zh/g, 'z') === f) return `${GARBLED} (zh written z, a stripped ž; "${o}" is the candidate)`;
    if (f.includes('kh') && f.replace(/kh/g, 'h') === b) return `${RUSSIAN} ("${o}" is the candidate)`;
  }
  return null;
}

function runPlaceDecisions(id, name, candidates, ctx, log) {
  const decide = (c) => {
    const v = decidePlaceCandidate(c, ctx);
    if (v.reason === NEEDS_DECISION) {
      const what = isArabicScript(c.form)
        ? 'a Dari/Pashto name the reference flags as kept by manual judgement (unverified): add it to keepScript or dropScript'
        : 'the name of a province: add it to keep (with the reason the entry really bears it) or drop';
      fail(`${id}: "${c.form}" [${c.origin}] is ${what}`);
      return { keep: false, reason: 'undecided' };
    }
    return v;
  };
  return collectPlaceAliases(id, name, candidates, decide, log);
}

function addHandCandidates(id, cur, push, log, sourceForms) {
  for (const [form, spec] of Object.entries(cur.add ?? {})) {
    const [reason, sources] = Array.isArray(spec) ? spec : [spec, ['curation']];
    if (sourceForms.some((f) => matchKey(f) === matchKey(form))) fail(`${id}: add "${form}", which the reference already has`);
    for (const s of sources) if (!SOURCES[s]) fail(`${id}: add "${form}" cites unknown source ${s}`);
    push(form, 'hand addition', sources);
    log.additions.push(`${id}: "${form}" - ${reason}`);
  }
}

function buildDistricts(admin1, admin2, places, capitals, provinces, log) {
  const capitalById = new Map(capitals.map((c) => [String(c.geonames), c]));
  const capitalGeonameid = new Map(admin1.map((r) => [r.iso_3166_2, r.capital_geonameid]));
  const placeById = new Map(places.map((p) => [p.geonameid, p]));
  const provinceKeys = new Map();
  for (const p of provinces) for (const a of p.aliases) provinceKeys.set(matchKey(a), p.id);

  const rows = [...admin2].sort((a, b) => cmp(a.province_iso, b.province_iso) || cmp(a.name_en, b.name_en));
  const ids = new Set(rows.map((r) => `${r.province_iso}.${slug(r.name_en)}-district`));
  for (const id of Object.keys(DISTRICTS)) if (!ids.has(id)) fail(`curation/districts.yaml: districts has ${id}, which is no district of afghanistan-admin2.tsv`);

  const hascCount = new Map(); // rows per HASC code
  const hascKept = new Map(); // rows per HASC code once the dropHasc decisions apply
  for (const row of rows) {
    if (!row.hasc) continue;
    hascCount.set(row.hasc, (hascCount.get(row.hasc) ?? 0) + 1);
    if (!DISTRICTS[`${row.province_iso}.${slug(row.name_en)}-district`]?.dropHasc) hascKept.set(row.hasc, (hascKept.get(row.hasc) ?? 0) + 1);
  }
  const entries = [];
  for (const row of rows) {
    const code = row.province_iso;
    const id = `${code}.${slug(row.name_en)}-district`;
    const cur = DISTRICTS[id] ?? {};
    if (cur.exclude) {
      log.excluded.push(`${id} (${row.name_en}) - ${cur.exclude}`);
      continue;
    }
    const capital = row.seat_geonameid !== '' && row.seat_geonameid === capitalGeonameid.get(code) ? capitalById.get(row.seat_geonameid) : undefined;
    let name = row.name_en;
    let nameReason = null;
    if (cur.name && cur.name[0] === row.name_en) fail(`${id}: curation/districts.yaml gives the name "${row.name_en}", which is the reference name already`);
    if (cur.name) [name, nameReason] = cur.name;
    else if (capital && capital.name !== row.name_en) [name, nameReason] = [capital.name, 'the district of a provincial capital takes the capital\'s news name'];

    const { list: candidates, push } = candidateList();
    const doubtful = /general-knowledge/.test(row.source);
    push(row.name_en, 'name_en (WOF)', ['wof']);
    if (row.name_geonames) push(stripMarks(row.name_geonames), 'GeoNames name, diacritics removed', ['geonames-admin2']);
    for (const a of splitMulti(row.alt_names_latin)) push(a, 'alt_names_latin', ['geonames-admin2', 'wof']);
    for (const a of splitMulti(row.name_fa)) candidates.push({ form: a, origin: 'name_fa (WOF)', sources: ['wof'], doubtful });
    for (const a of splitMulti(row.name_ps)) candidates.push({ form: a, origin: 'name_ps (WOF)', sources: ['wof'], doubtful });
    // A seat town of the same name lends its spellings (GeoNames alternate names).
    const seat = row.seat_geonameid ? placeById.get(row.seat_geonameid) : undefined;
    if (seat && !capital && isSpellingOf(seat.asciiname, [row.name_en, name])) {
      push(seat.asciiname, 'seat town name (GeoNames)', ['geonames-cities500']);
      for (const a of splitMulti(seat.alt_names_latin)) push(a, 'seat town alternate (GeoNames)', ['geonames-cities500']);
    }
    const sourceForms = candidates.map((c) => c.form);
    if (capital) {
      for (const a of capital.aliases) candidates.push({ form: a, origin: `alias of the capital ${capital.id}`, sources: capital.sources, inherited: true });
    }
    checkTable(id, 'keep', Object.keys(cur.keep ?? {}), sourceForms);
    checkTable(id, 'drop', Object.keys(cur.drop ?? {}), sourceForms);
    checkTable(id, 'keepScript', Object.keys(cur.keepScript ?? {}), sourceForms);
    checkTable(id, 'dropScript', Object.keys(cur.dropScript ?? {}), sourceForms);
    addHandCandidates(id, cur, push, log, sourceForms);
    if (![...candidates].some((c) => matchKey(c.form) === matchKey(name))) fail(`${id}: the name "${name}" is in no source; add it with a reason`);
    if (nameReason) log.decisions.push(`${id}: name "${name}" - ${nameReason}`);

    const latinForms = candidates.filter((c) => !isArabicScript(c.form) && !c.dropReason && placeRule(c.form) === null).map((c) => c.form);
    const ctx = { cur, names: [name, row.name_en], latinForms, provinceKeys: capital ? new Map() : provinceKeys, foreignKeys: new Map() };
    const { aliases, sources } = runPlaceDecisions(id, name, candidates, ctx, log);

    const order = Object.keys(SOURCES);
    const rowSources = row.geonames_admin2_code ? ['geonames-admin2', 'wof'] : ['wof'];
    const entrySources = [...new Set([...rowSources, ...sources, ...(nameReason ? ['curation'] : [])])].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    /** @type {Record<string, any>} */
    const entry = { id, type: 'place', name, kind: 'district', priority: DISTRICT_PRIORITY, province: code };
    if (row.geonameid) entry.geonames = Number(row.geonameid);
    Object.assign(entry, coordinates(id, row.seat_lat, row.seat_lon));
    if (row.wikidata_qid_wof) entry.wikidata = row.wikidata_qid_wof;
    const xref = {};
    if (row.geonames_admin2_code) xref.geonames_admin2 = row.geonames_admin2_code;
    if (row.hasc && hascKept.get(row.hasc) > 1 && !cur.dropHasc) fail(`${id}: HASC ${row.hasc} is shared with another district: set dropHasc on the one it is wrong for`);
    if (cur.dropHasc && hascCount.get(row.hasc) === 1) fail(`${id}: dropHasc, but HASC ${row.hasc} is no longer shared (stale?)`);
    if (cur.dropHasc) log.dropped.push(`${id}: HASC ${row.hasc} - ${cur.dropHasc}`);
    else if (row.hasc) xref.hasc = row.hasc;
    if (row.wof_id) xref.wof = row.wof_id;
    entry.xref = xref;
    entry.sources = entrySources;
    // Notes only for what the fields do not say (kept short: the files are parsed at start-up).
    const notes = [];
    if (fold(name) !== fold(row.name_en)) notes.push(`Reference name: ${row.name_en}.`);
    if (!row.geonames_admin2_code) notes.push("Who's On First only (no GeoNames district).");
    if (cur.note) notes.push(cur.note);
    if (notes.length > 0) entry.note = notes.join(' ');
    entry.aliases = aliases;
    entries.push(entry);
  }
  return entries.sort((a, b) => cmp(a.id, b.id));
}

function buildTowns(places, admin2, capitals, districts, provinces, log) {
  const capitalIds = new Set(capitals.map((c) => String(c.geonames)));
  const districtEntryById = new Map(districts.map((d) => [d.id, d]));
  const provinceKeys = new Map();
  for (const p of provinces) for (const a of p.aliases) provinceKeys.set(matchKey(a), p.id);
  const rows = places.filter((p) => !capitalIds.has(p.geonameid));
  const known = new Set(rows.map((r) => r.geonameid));
  for (const gid of Object.keys(TOWNS)) if (!known.has(gid)) fail(`curation/towns.yaml: towns has ${gid}, which is no non-capital row of afghanistan-places.tsv`);

  const entries = [];
  const idOwner = new Map();
  for (const row of rows) {
    const code = row.province_iso;
    const cur = TOWNS[row.geonameid] ?? {};
    if (cur.exclude) {
      log.excluded.push(`town ${row.geonameid} (${row.name}, ${code}) - ${cur.exclude}`);
      continue;
    }
    // The district it lies in, from the reference (it may be left out of districts.yaml).
    const dRow = admin2.find((d) => d.geonames_admin2_code && d.geonames_admin2_code === row.geonames_admin2_code);
    const refDistrictId = dRow ? `${dRow.province_iso}.${slug(dRow.name_en)}-district` : undefined;
    const district = refDistrictId ? districtEntryById.get(refDistrictId) : undefined;
    // A town named like its district takes the district's news name when GeoNames lists it too.
    let [name, nameReason] = cur.name ?? [row.asciiname, null];
    const spellings = [row.name, row.asciiname, ...splitMulti(row.alt_names_latin)].map(matchKey);
    if (!cur.name && district && matchKey(district.name) !== matchKey(name) && isSpellingOf(name, [district.name]) && spellings.includes(matchKey(district.name))) {
      [name, nameReason] = [district.name, `the news name of its district, ${district.id}; GeoNames writes ${row.asciiname}`];
    }
    const id = cur.id ?? `${code}.${slug(name)}`;
    const label = `${id} (${row.geonameid})`;
    if (idOwner.has(id)) fail(`towns: id ${id} is used by ${idOwner.get(id)} and ${row.geonameid}; give one an id in curation/towns.yaml`);
    idOwner.set(id, row.geonameid);
    if (row.geonames_admin2_code && !dRow) fail(`${label}: admin2 ${row.geonames_admin2_code} is no district`);
    // A district left out of districts.yaml (see districts.<id>.exclude in curation/districts.yaml) cannot be referred to.
    const districtId = district?.id;

    const { list: candidates, push } = candidateList();
    push(row.name, 'GeoNames name', ['geonames-cities500']);
    push(row.asciiname, 'GeoNames ASCII name', ['geonames-cities500']);
    for (const a of splitMulti(row.alt_names_latin)) push(a, 'GeoNames alternate', ['geonames-cities500']);
    for (const a of splitMulti(row.alt_names_arabic_script)) push(a, 'GeoNames alternate', ['geonames-cities500']);
    // A district of the same name lends its spellings.
    const sameNameDistrict = dRow && isSpellingOf(name, [dRow.name_en, ...(district ? [district.name] : [])]);
    if (sameNameDistrict) {
      push(dRow.name_en, 'district name_en (WOF)', ['wof']);
      for (const a of splitMulti(dRow.alt_names_latin)) push(a, 'district alternate', ['geonames-admin2', 'wof']);
    }
    const sourceForms = candidates.map((c) => c.form);
    checkTable(label, 'keep', Object.keys(cur.keep ?? {}), sourceForms);
    checkTable(label, 'drop', Object.keys(cur.drop ?? {}), sourceForms);
    checkTable(label, 'keepScript', Object.keys(cur.keepScript ?? {}), sourceForms);
    checkTable(label, 'dropScript', Object.keys(cur.dropScript ?? {}), sourceForms);
    addHandCandidates(label, cur, push, log, sourceForms);
    if (![...candidates].some((c) => matchKey(c.form) === matchKey(name))) fail(`${label}: the name "${name}" is in no source; add it with a reason`);
    if (nameReason) log.decisions.push(`${id}: name "${name}" - ${nameReason}`);
    const nameRule = placeRule(name);
    if (nameRule) fail(`${label}: the name "${name}" breaks a rule (${nameRule}); give it a name in curation/towns.yaml`);

    // The names of its district, when the town is named otherwise: that is the district entry.
    const foreignKeys = new Map();
    if (district && !sameNameDistrict) {
      for (const a of district.aliases) foreignKeys.set(matchKey(a), `the name of its district (${district.id}), not of the town`);
    }
    const latinForms = candidates.filter((c) => !isArabicScript(c.form) && !c.dropReason && placeRule(c.form) === null).map((c) => c.form);
    const ctx = { cur, names: [name, row.asciiname], latinForms, provinceKeys, foreignKeys };
    const { aliases, sources } = runPlaceDecisions(label, name, candidates, ctx, log);

    const order = Object.keys(SOURCES);
    const entrySources = [...new Set(['geonames-cities500', ...sources, ...(nameReason ? ['curation'] : [])])].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    const population = Number(row.population || 0);
    const kind = cur.kind ?? 'town';
    /** @type {Record<string, any>} */
    const entry = { id, type: 'place', name, kind, priority: TOWN_PRIORITY, province: code };
    if (districtId) entry.district = districtId;
    entry.geonames = Number(row.geonameid);
    Object.assign(entry, coordinates(id, row.lat, row.lon));
    entry.sources = entrySources;
    const notes = [];
    if (row.feature_code === 'PPLA2') notes.push('District seat.');
    if (dRow && !district) notes.push(`In ${dRow.name_en} district (not in districts.yaml).`);
    if (fold(row.asciiname) !== fold(name)) notes.push(`GeoNames name: ${row.name}.`);
    if (population > 0) notes.push(`GeoNames population ${population}.`);
    if (cur.note) notes.push(cur.note);
    entry.note = notes.join(' ');
    entry.aliases = aliases;
    entries.push(entry);
  }
  return entries.sort((a, b) => cmp(a.id, b.id));
}

// ---------------------------------------------------------------------------------------
// Screening: English words, personal names, places outside Afghanistan, other lexicons
// ---------------------------------------------------------------------------------------

const DEFAULT_WORD_LIST = '/usr/share/dict/words';

/** Debian's wamerican list: lower-case entries are ordinary words, capitalised ones proper nouns. */
function readWordList(file) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new BuildError(
      `the English word list ${file} is missing: install it (Debian/Ubuntu: apt-get install wamerican) or pass --wordlist FILE`,
    );
  }
  const lower = new Set();
  const proper = new Set();
  for (const line of text.split('\n')) {
    const w = line.trim();
    if (w === '' || w.includes("'")) continue;
    if (/^[a-z]/.test(w)) lower.add(fold(w));
    else if (/^[A-Z][a-z]/.test(w)) proper.add(fold(w));
  }
  return { lower, proper, sha256: sha256(text) };
}

/**
 * The words of a form, each folded to its match key (pieces glued back together): "Ka'i" ->
 * "ka'i", "Shaykh 'Ali" -> "shaykh 'ali", "Sar-e-Pol" -> "sar e pol". The screening's tests
 * ("a single word", "a person's name") are about words, where the matcher sees pieces.
 */
const screenKey = (form) =>
  form
    .split(/[\s\u002d\u00ad\u2010-\u2015\u2212\ufe63\uff0d]+/)
    .map((w) => matchKey(w).replace(/ /g, ''))
    .filter((w) => w !== '')
    .join(' ');

/** Every run of 1-4 consecutive name words of the people in officials.tsv and the UN list (match keys). */
function personNameRuns(refDir) {
  const runs = new Set();
  const addName = (n) => {
    const words = screenKey(stripMarks(n)).replace(/'/g, '').replace(/[^a-z ]/g, ' ').split(/\s+/).filter((w) => w.length >= 3);
    for (let i = 0; i < words.length; i++) for (let k = 1; k <= 4 && i + k <= words.length; k++) runs.add(words.slice(i, i + k).join(' '));
  };
  const off = readTsv(path.join(refDir, 'officials.tsv'), ['canonical_name', 'aliases']);
  for (const r of off.rows) {
    addName(r.canonical_name);
    for (const a of splitMulti(r.aliases)) addName(a);
  }
  const un = readTsv(path.join(refDir, 'un-sanctions-afghanistan.tsv'), ['kind', 'name', 'aliases_good_quality', 'aliases_low_quality']);
  for (const r of un.rows) {
    if (!/individual/i.test(r.kind)) continue;
    addName(r.name);
    for (const a of [...splitMulti(r.aliases_good_quality), ...splitMulti(r.aliases_low_quality)]) addName(a);
  }
  return { runs, inputs: [{ file: 'officials.tsv', sha256: off.sha256 }, { file: 'un-sanctions-afghanistan.tsv', sha256: un.sha256 }] };
}

/** Aliases of the hand-written lexicons (armed groups, officials, landmarks): match key -> owner. */
function handLexiconAliases(lexDir, files) {
  const owners = new Map();
  for (const f of files) {
    const p = path.join(lexDir, f);
    if (!existsSync(p)) continue;
    const doc = YAML.parse(readFileSync(p, 'utf8'));
    for (const e of doc.entries ?? []) {
      for (const a of e.aliases ?? []) {
        const form = typeof a === 'string' ? a : a.form;
        const key = matchKey(form);
        if (!owners.has(key)) owners.set(key, `${e.id} (${f})`);
      }
    }
  }
  return owners;
}

/**
 * Screen every Latin alias of the given entries. Each hit needs a decision in SCREENING
 * ([keep|drop, reason]); a dropped alias is removed from every entry that has it.
 */
function screenAliases(entries, words, persons, handAliases, log, { readOnly = false, used = new Set() } = {}) {
  const foreign = new Map(Object.entries(FOREIGN_PLACES).map(([k, v]) => [matchKey(k), [k, v]]));
  const nameWords = new Set(NAME_WORDS.map((w) => matchKey(w)));
  for (const e of entries) {
    const keep = [];
    for (const spec of e.aliases) {
      const a = typeof spec === 'string' ? spec : spec.form;
      if (isArabicScript(a)) {
        keep.push(a);
        continue;
      }
      const key = matchKey(a);
      const wordsKey = screenKey(a);
      const ws = wordsKey.split(' ').filter((w) => /[a-z]/.test(w));
      const hits = [];
      if (ws.length === 1 && words.lower.has(ws[0])) hits.push('an English word');
      else if (ws.length > 1 && ws.every((w) => words.lower.has(w) || PARTICLES.has(w))) hits.push('English words');
      if (ws.length === 1 && words.proper.has(ws[0])) hits.push('an English-dictionary proper noun');
      if (persons.runs.has(wordsKey.replace(/'/g, ''))) hits.push("part of a person's name (officials.tsv / UN list)");
      if (ws.length === 1 && [...ws[0]].length <= 4) hits.push('a short single word (4 letters or fewer)');
      if (foreign.has(key)) hits.push(`a place outside Afghanistan (${foreign.get(key)?.[1]})`);
      if (ws.every((w) => nameWords.has(w.replace(/'/g, '')))) hits.push('only given-name or title words (name_words of screening.yaml)');
      if (handAliases.has(key)) hits.push(`an alias of ${handAliases.get(key)}`);
      if (hits.length === 0) {
        keep.push(spec);
        continue;
      }
      const decision = SCREENING[`${e.id}|${a}`] ?? SCREENING[a];
      const decisionKey = SCREENING[`${e.id}|${a}`] ? `${e.id}|${a}` : a;
      if (!decision) {
        fail(`screening: ${e.id}: "${a}" is ${hits.join('; ')}: record a decision in scripts/curation/screening.yaml`);
        keep.push(spec);
        continue;
      }
      used.add(decisionKey);
      const [verdict, reason] = decision;
      log.screening.push(`${verdict} "${a}" (${e.id}) - ${hits.join('; ')} - ${reason}`);
      if (verdict === 'keep') keep.push(spec);
      else if (verdict === 'drop') {
        if (readOnly) fail(`screening: ${e.id}: "${a}" is dropped by curation/screening.yaml; remove it from the hand-written lexicon`);
        if (a === e.name) fail(`screening: ${e.id}: the name "${a}" itself is dropped; choose another name for the entry`);
        log.dropped.push(`${e.id}: "${a}" [screening] - ${reason}`);
      } else fail(`screening: "${a}": verdict must be keep or drop`);
    }
    if (!readOnly) e.aliases = keep;
  }
  return used;
}

/**
 * landmarks.yaml is hand-written: check it against the generated place lexicons (schema,
 * provinces, district ids, ids not taken) and screen its aliases like the others.
 */
function checkLandmarks(file, ajvValidate, provinceIds, districtIds, placeIds, words, persons, generatedAliases, log, used) {
  if (!existsSync(file)) return;
  const doc = YAML.parse(readFileSync(file, 'utf8'));
  if (!ajvValidate(doc)) {
    for (const err of ajvValidate.errors) fail(`landmarks.yaml: schema: ${err.instancePath || '/'} ${err.message}`);
    return;
  }
  for (const e of doc.entries) {
    if (!provinceIds.has(e.province)) fail(`landmarks.yaml: ${e.id}: province ${e.province} is not one of the 34`);
    if (!e.id.startsWith(`${e.province}.`)) fail(`landmarks.yaml: ${e.id}: id does not start with its province`);
    if (e.district !== undefined && !districtIds.has(e.district)) fail(`landmarks.yaml: ${e.id}: district ${e.district} is no district entry`);
    if (e.district !== undefined && !e.district.startsWith(`${e.province}.`)) fail(`landmarks.yaml: ${e.id}: district ${e.district} lies in another province`);
    if (placeIds.has(e.id)) fail(`landmarks.yaml: id ${e.id} is also a generated place`);
    for (const s of e.sources) if (!doc.sources.some((x) => x.id === s)) fail(`landmarks.yaml: ${e.id}: unknown source ${s}`);
    for (const a of e.aliases) {
      const form = typeof a === 'string' ? a : a.form;
      if (codePoints(form) < 3) fail(`landmarks.yaml: ${e.id}: alias "${form}" is shorter than 3 characters`);
    }
  }
  screenAliases(doc.entries, words, persons, generatedAliases, log, { readOnly: true, used });
}

// ---------------------------------------------------------------------------------------
// Checks across the place lexicons
// ---------------------------------------------------------------------------------------

function checkPlaceLexicons(byLexicon, provinceIds, landmarkIds) {
  const seen = new Map();
  const districtIds = new Set(byLexicon.districts.map((e) => e.id));
  for (const [label, entries] of Object.entries(byLexicon)) {
    for (const e of entries) {
      if (seen.has(e.id)) fail(`${label}: id ${e.id} is also in ${seen.get(e.id)}`);
      seen.set(e.id, label);
      if (!provinceIds.has(e.province)) fail(`${label}: ${e.id}: province ${e.province} is not one of the 34`);
      if (!e.id.startsWith(`${e.province}.`) && label !== 'provinces') fail(`${label}: ${e.id}: id does not start with its province ${e.province}`);
      if (e.district !== undefined && !districtIds.has(e.district)) fail(`${label}: ${e.id}: district ${e.district} is no district entry`);
      if (e.aliases.length === 0) fail(`${label}: ${e.id}: no alias left`);
      if (e.aliases[0] !== e.name) fail(`${label}: ${e.id}: the name is not the first alias`);
      const keys = new Set();
      for (const a of e.aliases) {
        if (codePoints(a.trim()) < 3) fail(`${label}: ${e.id}: alias "${a}" is shorter than 3 characters`);
        if (a !== a.trim() || a !== a.normalize('NFC')) fail(`${label}: ${e.id}: alias "${a}" is not trimmed NFC`);
        if (fold(a).includes('afghanistan')) fail(`${label}: ${e.id}: alias "${a}" names Afghanistan`);
        // Districts and towns list one form per match key; provinces and places keep their
        // hyphen/space variants for readers (checked by fold in checkEntries).
        const key = label === 'districts' || label === 'towns' ? matchKey(a) : fold(a);
        if (keys.has(key)) fail(`${label}: ${e.id}: two aliases with the key "${key}"`);
        keys.add(key);
      }
    }
  }
  for (const id of landmarkIds) if (seen.has(id)) fail(`landmarks.yaml: id ${id} is also in ${seen.get(id)}`);
}

/** Aliases claimed by more than one entry (reported; the lexicons declare shared_aliases: candidates). */
function sharedAliasGroups(entries) {
  const owners = new Map();
  for (const e of entries) for (const a of e.aliases) {
    const k = matchKey(a);
    if (!owners.has(k)) owners.set(k, new Set());
    owners.get(k).add(e.id);
  }
  return [...owners].filter(([, ids]) => ids.size > 1).map(([k, ids]) => `${k}: ${[...ids].sort().join(', ')}`).sort(cmp);
}

// ---------------------------------------------------------------------------------------
// Checks on the built lexicons
// ---------------------------------------------------------------------------------------

function checkEntries(label, entries, expectedCount) {
  if (entries.length !== expectedCount) fail(`${label}: ${entries.length} entries, expected ${expectedCount}`);
  const ids = new Set();
  const owner = new Map(); // fold key -> entry id
  for (const e of entries) {
    if (ids.has(e.id)) fail(`${label}: duplicate id ${e.id}`);
    ids.add(e.id);
    if (e.aliases[0] !== e.name) fail(`${label}: ${e.id}: the name is not the first alias`);
    const seen = new Set();
    for (const a of e.aliases) {
      const key = fold(a);
      if (codePoints(a.trim()) < 3) fail(`${label}: ${e.id}: alias "${a}" is shorter than 3 characters`);
      if (a !== a.trim() || a !== a.normalize('NFC')) fail(`${label}: ${e.id}: alias "${a}" is not trimmed NFC`);
      if (key.includes('afghanistan')) fail(`${label}: ${e.id}: alias "${a}" names Afghanistan`);
      if (seen.has(key)) fail(`${label}: ${e.id}: duplicate alias "${a}"`);
      seen.add(key);
      if (owner.has(key) && owner.get(key) !== e.id) fail(`${label}: alias "${a}" is shared by ${owner.get(key)} and ${e.id}`);
      owner.set(key, e.id);
    }
  }
  return owner;
}

function checkPlacesAgainstProvinces(places, provinces, provinceOwner) {
  const provinceName = new Map(provinces.map((p) => [p.id, p.name]));
  for (const p of places) {
    for (const a of p.aliases) {
      const prov = provinceOwner.get(fold(a));
      if (prov === undefined) continue;
      if (prov !== p.province || !p.id.endsWith('-city')) {
        fail(`places: ${p.id}: alias "${a}" is also an alias of province ${prov}`);
      }
    }
    if (p.id.endsWith('-city')) {
      const provName = fold(provinceName.get(p.province));
      if (!p.aliases.some((a) => fold(a) === provName)) fail(`places: ${p.id}: lacks its province's name as an alias`);
    }
  }
}

// ---------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------

/**
 * @param {string} lexicon
 * @param {string} description
 * @param {any[]} entries
 * @param {{ sharedAliases?: string }} [options]
 */
function makeLexicon(lexicon, description, entries, { sharedAliases } = {}) {
  const order = Object.keys(SOURCES);
  const used = new Set(entries.flatMap((e) => e.sources));
  for (const s of used) if (!SOURCES[s]) fail(`${lexicon}: unknown source id ${s}`);
  return {
    format: LEXICON_FORMAT,
    lexicon,
    version: LEXICON_VERSION,
    description,
    attribution: ATTRIBUTION,
    ...(sharedAliases ? { shared_aliases: sharedAliases } : {}),
    sources: order.filter((id) => used.has(id)).map((id) => SOURCES[id]),
    entries,
  };
}

function serialize(lexicon, inputs, { compact = false } = {}) {
  const header = [
    ` GENERATED FILE - do not edit by hand.`,
    ` Generated by ${SCRIPT_NAME} from the reference tables in ../shared/reference:`,
    ...inputs.map((i) => `   ${i.file}  sha256:${i.sha256}`),
    ` Sources: GeoNames (geonames.org, CC BY 4.0); Who's On First (CC0, attribution "Data from`,
    ` Who's On First"); ISO 3166-2 via Debian iso-codes; Wikidata (CC0); hand curation with`,
    ` reasons in the script and in scripts/curation/. Details and licences in \`sources\` below.`,
    ` Regenerate: node ${SCRIPT_NAME} [--reference DIR]`,
  ];
  // compact: one line per list and per xref map, so the files stay small and quick to parse.
  return serializeLexicon(lexicon, header, { flowKeys: compact ? ['aliases', 'sources', 'xref'] : [], flowCollectionPadding: false });
}

// ---------------------------------------------------------------------------------------

/**
 * Dari and Pashto names from the `places` section of scripts/curation/native-names.yaml
 * (issue 18; each with its source): appended to the entry's aliases, source `curation`.
 */
function addNativePlaceNames(entries, log) {
  const file = path.join(REPO_ROOT, 'scripts/curation/native-names.yaml');
  if (!existsSync(file)) return;
  const byId = new Map(entries.map((e) => [e.id, e]));
  for (const [id, names] of Object.entries(readCuration('native-names.yaml').data.places ?? {})) {
    const e = byId.get(id);
    if (e === undefined) {
      fail(`native-names.yaml: places.${id} is not a place entry (stale?)`);
      continue;
    }
    for (const n of names) {
      if (typeof n?.source !== 'string' || n.source.trim() === '') fail(`native-names.yaml: places.${id}: "${n?.form}" needs a source`);
      if (e.aliases.includes(n.form)) fail(`native-names.yaml: places.${id}: "${n.form}" is already an alias (redundant)`);
      e.aliases.push(n.form);
      log.additions.push(`${id}: "${n.form}" (${n.source})`);
    }
    if (!e.sources.includes('curation')) e.sources = [...e.sources, 'curation'].sort();
  }
}

function main() {
  const { values } = parseArgs({
    options: {
      reference: { type: 'string' },
      out: { type: 'string' },
      wordlist: { type: 'string' },
      check: { type: 'boolean', default: false },
      report: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write('usage: node scripts/build-lexicons.mjs [--reference DIR] [--out DIR] [--wordlist FILE] [--check] [--report]\n');
    return 0;
  }
  const refDir = values.reference ? path.resolve(values.reference) : DEFAULT_REFERENCE_DIR;
  const outDir = values.out ? path.resolve(values.out) : path.join(REPO_ROOT, 'lexicons');
  const words = readWordList(values.wordlist ? path.resolve(values.wordlist) : DEFAULT_WORD_LIST);

  const a1 = readTsv(path.join(refDir, 'afghanistan-admin1.tsv'), [
    'iso_3166_2', 'name_en', 'name_iso_3166_2', 'name_geonames', 'alt_names_latin', 'alt_names_general_knowledge',
    'name_fa', 'name_ps', 'capital', 'capital_statoids', 'capital_alt_names_latin', 'capital_names_arabic_script',
    'capital_geonameid', 'geonameid', 'wikidata_qid',
  ]);
  const pl = readTsv(path.join(refDir, 'afghanistan-places.tsv'), [
    'geonameid', 'name', 'asciiname', 'alt_names_latin', 'alt_names_arabic_script', 'feature_code', 'province_iso',
    'geonames_admin2_code', 'population',
  ]);
  const a2 = readTsv(path.join(refDir, 'afghanistan-admin2.tsv'), [
    'province_iso', 'geonames_admin2_code', 'name_en', 'name_geonames', 'alt_names_latin', 'name_fa', 'name_ps',
    'geonameid', 'wof_id', 'hasc', 'wikidata_qid_wof', 'seat_geonameid', 'source',
  ]);
  if (a1.rows.length !== 34) fail(`afghanistan-admin1.tsv has ${a1.rows.length} rows, expected 34`);
  const persons = personNameRuns(refDir);
  stopIfProblems('reading the reference');

  const log = { dropped: [], additions: [], generalKnowledge: [], decisions: [], duplicates: [], screening: [], excluded: [] };
  const provinces = buildProvinces(a1.rows, log);
  stopIfProblems('building provinces');
  const places = buildPlaces(a1.rows, pl.rows, a2.rows, provinces, log);
  stopIfProblems('building places');

  const provinceOwner = checkEntries('provinces', provinces, 34);
  checkEntries('places', places, 34);
  checkPlacesAgainstProvinces(places, provinces, provinceOwner);
  stopIfProblems('checking aliases');

  const districts = buildDistricts(a1.rows, a2.rows, pl.rows, places, provinces, log);
  stopIfProblems('building districts');
  const towns = buildTowns(pl.rows, a2.rows, places, districts, provinces, log);
  stopIfProblems('building towns');
  addNativePlaceNames([...places, ...districts, ...towns], log);
  stopIfProblems('adding Dari/Pashto place names');
  const handAliases = handLexiconAliases(path.join(REPO_ROOT, 'lexicons'), ['armed-groups.yaml', 'officials.yaml', 'landmarks.yaml']);
  const used = screenAliases([...districts, ...towns], words, persons, handAliases, log);
  const generatedAliases = new Map();
  for (const e of [...provinces, ...places, ...districts, ...towns]) {
    for (const a of e.aliases) if (!generatedAliases.has(matchKey(a))) generatedAliases.set(matchKey(a), `${e.id} (generated)`);
  }
  const ajvLandmarks = lexiconSchemaValidator();
  checkLandmarks(
    path.join(REPO_ROOT, 'lexicons', 'landmarks.yaml'),
    ajvLandmarks,
    new Set(provinces.map((p) => p.id)),
    new Set(districts.map((d) => d.id)),
    new Set([...provinces, ...places, ...districts, ...towns].map((e) => e.id)),
    words,
    persons,
    generatedAliases,
    log,
    used,
  );
  for (const k of Object.keys(SCREENING)) if (!used.has(k)) fail(`screening: curation/screening.yaml has "${k}", which no alias hits any more (stale?)`);
  stopIfProblems('screening aliases');
  const landmarkIds = (() => {
    const p = path.join(REPO_ROOT, 'lexicons', 'landmarks.yaml');
    return existsSync(p) ? (YAML.parse(readFileSync(p, 'utf8')).entries ?? []).map((e) => e.id) : [];
  })();
  checkPlaceLexicons({ provinces, places, districts, towns }, new Set(provinces.map((p) => p.id)), landmarkIds);
  stopIfProblems('checking the place lexicons');

  const provincesLex = makeLexicon(
    'provinces',
    "Afghanistan's 34 provinces (ISO 3166-2:AF): common English news spellings plus the Dari and Pashto names.",
    provinces,
  );
  const placesLex = makeLexicon(
    'places',
    "The 34 provincial capitals. A capital that shares its province's name carries that name too, and its district (districts.yaml) shares its spellings: context decides.",
    places,
    { sharedAliases: 'candidates' },
  );
  const districtsLex = makeLexicon(
    'districts',
    "Afghanistan's districts (GeoNames ADM2 and Who's On First counties, Republic-era boundaries): news spellings plus the Dari and Pashto names where known. Names shared by several districts, by a district and its seat town, or by a district and a province are deliberate: such mentions list every candidate.",
    districts,
    { sharedAliases: 'candidates' },
  );
  const townsLex = makeLexicon(
    'towns',
    'Towns and villages of GeoNames cities500 that are not provincial capitals, each with the district it lies in. A town shares its name with its district when they are named alike: such mentions list both candidates.',
    towns,
    { sharedAliases: 'candidates' },
  );
  const inputsProv = [{ file: 'afghanistan-admin1.tsv', sha256: a1.sha256 }];
  const inputsPlaces = [
    { file: 'afghanistan-admin1.tsv', sha256: a1.sha256 },
    { file: 'afghanistan-admin2.tsv', sha256: a2.sha256 },
    { file: 'afghanistan-places.tsv', sha256: pl.sha256 },
  ];
  const inputsScreened = [...inputsPlaces, ...persons.inputs];
  const outputs = [
    { file: 'provinces.yaml', text: serialize(provincesLex, inputsProv), data: provincesLex },
    { file: 'places.yaml', text: serialize(placesLex, inputsPlaces), data: placesLex },
    { file: 'districts.yaml', text: serialize(districtsLex, inputsScreened, { compact: true }), data: districtsLex },
    { file: 'towns.yaml', text: serialize(townsLex, inputsScreened, { compact: true }), data: townsLex },
  ];

  const ajvValidate = lexiconSchemaValidator();
  for (const o of outputs) validateLexicon(ajvValidate, o.file, o.text, o.data);
  stopIfProblems('validating');

  if (values.report) {
    section('name decisions', log.decisions);
    section('general-knowledge spellings', log.generalKnowledge);
    section('hand additions', log.additions);
    section('screening decisions', log.screening);
    section('entries left out', log.excluded);
    section('dropped candidates', log.dropped);
    section('folded duplicates (kept the first form)', log.duplicates);
    section('aliases shared by several place entries (districts, towns, capitals)', sharedAliasGroups([...places, ...districts, ...towns]));
  }

  let stale = 0;
  for (const o of outputs) {
    const target = path.join(outDir, o.file);
    const aliasCount = o.data.entries.reduce((n, e) => n + e.aliases.length, 0);
    const result = writeOrCheck(target, o.text, values.check);
    if (result === 'stale') {
      stale++;
      process.stderr.write(`${path.relative(process.cwd(), target)} is out of date; run node ${SCRIPT_NAME}\n`);
    } else if (result === 'up to date') {
      process.stdout.write(`${path.relative(process.cwd(), target)}: up to date (${o.data.entries.length} entries, ${aliasCount} aliases)\n`);
    } else {
      process.stdout.write(`wrote ${path.relative(process.cwd(), target)}: ${o.data.entries.length} entries, ${aliasCount} aliases, valid against schema/lexicon.schema.json\n`);
    }
  }
  return stale > 0 ? 1 : 0;
}

runMain('build-lexicons', main);
