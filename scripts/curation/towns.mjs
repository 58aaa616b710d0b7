// Hand decisions for lexicons/towns.yaml, read by scripts/build-lexicons.mjs.
//
// TOWNS is keyed by GeoNames id. Each value may have:
//   name:  [news name, reason]     when GeoNames' ASCII name is not the form news uses
//   id:    entry id                when <ISO>.<slug of the name> is taken
//   kind:  'village'               (default 'town')
//   keep, drop, add, keepScript, dropScript, note: as in districts.mjs
// The build fails on a decision that no longer matches a candidate.

const OLD_NAME = 'the former name (before the town was renamed Islam Qala)';
const RUSSIAN_G = 'Russian-style transliteration (g for gh)';
const CORE = (classifier, what) => `the GeoNames name without "${classifier}" (${what})`;
const SEAT = 'district centre';
const SUBDISTRICT = 'sub-district centre';
const GOVT = 'government seat';
const BAZAAR = 'bazaar';
const PROVINCE_TOO = 'the town bears this name, which is also its province\'s: such mentions list both candidates';

export const TOWNS = {
  // --- names with an administrative or place word attached in GeoNames -----------------
  1121381: { name: ['Yakawlang', CORE('Bazar-e', BAZAAR)] },
  1469706: { name: ['Achin', CORE('Markaz-e Woluswali-ye', SEAT)] },
  1147851: {
    name: ['Azra', CORE('Hukumati', GOVT)],
    drop: { Hazro: 'Hazro, Punjab, Pakistan; a garbled alternate of Azra', Hazrah: 'a garbled alternate of Azra, close to Hazara' },
  },
  1149052: { name: ['Dishu', CORE("'Alaqahdari", SUBDISTRICT)] },
  1143901: {
    name: ['Darweshan', CORE('Markaz-e Hukumat-e', GOVT)],
    add: { Darweshan: ['the GeoNames name without "Markaz-e Hukumat-e" (government seat)', ['geonames-cities500']] },
  },
  1144559: { name: ['Dahana-i-Ghori', CORE('Hukumati', GOVT)] },
  1148114: { name: ['Atghar', CORE("'Alaqahdari", SUBDISTRICT)] },
  1140919: { name: ['Gelan', CORE("'Alaqahdari", SUBDISTRICT)] },
  1434016: { name: ['Sarobi', CORE("'Alaqahdari", SUBDISTRICT)] },
  1125962: { name: ['Shah Joy', CORE("'Alaqahdari", SUBDISTRICT)] },
  1149049: { name: ['Yosuf Khel', CORE("'Alaqahdari", SUBDISTRICT)] },
  1148863: { name: ['Almar', CORE("'Alaqahdari-ye", SUBDISTRICT)] },
  1148893: { name: ['Ali Sher', CORE("'Alaqahdari", SUBDISTRICT)] },
  1146694: {
    name: ['Talah', CORE('Bazar-e', BAZAAR)],
    add: { Talah: ['the GeoNames name without "Bazar-e" (bazaar)', ['geonames-cities500']] },
  },
  1122705: { name: ['Tashkan', CORE('Bazar-e', BAZAAR)] },
  1132550: { name: ['Nad Ali', CORE('Hukumat-e', GOVT)] },
  1139967: { name: ['Shinkai', CORE('Hukumat-e', GOVT)] },
  1123666: { name: ['Sultan-e Bakwah', CORE('Markaz-e Hukumat-e', GOVT)] },
  1126263: { name: ['Sayyidabad', CORE('Markaz-e', SEAT)] },
  1133154: { name: ['Mizan', CORE("'Alaqahdari", SUBDISTRICT)] },
  1133105: { name: ['Muhammad Agha', CORE('Wuluswali', SEAT)] },
  1349709: { name: ['Qarah Bagh', CORE('Bazar', BAZAAR)], drop: { Karabagbazar: 'the name glued to "bazar" (bazaar)' } },
  1120473: { name: ['Behsud', CORE('Wuleswali', SEAT)] },
  1126216: { name: ['Sayed Karam', CORE('Wuleswali', SEAT)] },
  1148911: { name: ['Alingar', CORE('Wuluswali', SEAT)] },
  1435007: { name: ['Ziruk', CORE("`Alaqahdari", SUBDISTRICT)] },
  1467976: { name: ['Aliabad', 'GeoNames writes a backtick ayn (`Aliabad)'] },
  1148939: { name: ['Ali Khel', "GeoNames writes a leading ayn ('Ali Khel)"] },
  1148695: { name: ['Unaba', "GeoNames writes 'Unabah; Unaba is the district's name"] },

  // --- names that are English words or foreign places ----------------------------------
  1120484: { name: ['Lawlash', 'GeoNames names it Lash, an English word; Lawlash is its GeoNames alternate'] },
  1122402: { name: ['Deh Titan', 'GeoNames names it Titan, an English word; Deh Titan is its GeoNames alternate'] },
  1467433: {
    name: ['Murch', 'GeoNames names it March, the month; its alternate Qaryah-ye Murch is "the village of Murch"'],
    add: { Murch: ['the GeoNames alternate "Qaryah-ye Murch" without "Qaryah-ye" (village)', ['geonames-cities500']] },
  },
  1423451: { exclude: 'its only names, Ibrahim Khan and its transliterations, read as a common person\'s name' },
  1133749: { exclude: 'its only names, Mashhad and Mashad, are those of the Iranian city, far more frequent in Afghan news' },
  1120483: { drop: { Kohistan: 'Kohistan is the name of other districts; GeoNames lists it for Kuhsan by confusion', Kuhestan: 'Kohistan is the name of other districts; GeoNames lists it for Kuhsan by confusion' } },

  // --- spellings from checked public pages ------------------------------------------
  1141540: {
    add: {
      Grishk: ['Wikipedia: Grishk, the main town of Grishk (Nahri Saraj) district', ['web-grishk']],
      Gerishk: ['Wikipedia: Gerishk district and town', ['web-grishk']],
      Greshk: ['news spelling ("Greshk district", Shia Waves)', ['web-shiawaves-greshk']],
    },
  },
  1142404: {
    name: ['Islam Qala', 'the current name of the border town (GeoNames keeps the old name Kafir Qala)'],
    drop: { 'Kafir Qala': OLD_NAME, 'Kafir Kala': OLD_NAME },
  },

  // --- spellings the general rules keep but that are wrong or risky -------------------
  1147489: { drop: { Barak: 'a truncation of Baharak, and a given name (Barack/Barak)' } },
  1138636: {
    drop: {
      'Kala Chan': 'another name ("Qala Khan"), read as a person\'s name',
      'Kala Khan': 'another name ("Qala Khan"), read as a person\'s name',
      'Qala Khan': 'another name, read as a person\'s name',
    },
  },
  1135625: { drop: { Koshk: 'Kushk is another district (Herat)', Kushk: 'Kushk is another district (Herat)' } },
  1144905: {
    drop: { Chauki: 'chowki/chauki is an Urdu/Hindi word (police post)', Chowki: 'chowki/chauki is an Urdu/Hindi word (police post)' },
  },
  1126266: { drop: { Saiyid: 'the title Sayyid, not a spelling of the town', Seyyed: 'the title Sayyid, not a spelling of the town' } },
  1120543: { drop: { Zarmal: 'a garbled alternate (GeoNames), not a news spelling' } },
  1121418: { drop: { 'Ya Khel': 'a truncated form' } },

  // --- names shared with a province ---------------------------------------------------
  1147290: { keep: { Balkh: PROVINCE_TOO + ' (the old city of Balkh)' }, drop: { Balh: 'foreign exonym (Turkish/Arabic form) of Balkh' } },
  1147540: { keep: { Baghlan: PROVINCE_TOO + ' (Baghlan city, in Baghlani Jadid district)' }, drop: { Baglan: RUSSIAN_G } },
  1139807: { drop: { Parwan: 'the province name; GeoNames lists it among the alternate names of Jabal us Saraj' } },
  1131462: {
    keep: {
      Uruzgan: PROVINCE_TOO + ' (the seat of Khas Uruzgan district)',
      Oruzgan: PROVINCE_TOO + ' (the seat of Khas Uruzgan district)',
      Orozgan: PROVINCE_TOO + ' (the seat of Khas Uruzgan district)',
    },
  },
};
