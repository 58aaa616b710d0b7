// Hand decisions for lexicons/districts.yaml, read by scripts/build-lexicons.mjs.
//
// DISTRICTS is keyed by entry id (<ISO>.<slug of the reference name_en>-district). Each
// value may have:
//   name:       [news name, reason]        when it differs from the reference name_en
//   keep:       {form: reason}             a candidate the general rules would drop
//   drop:       {form: reason}             a candidate the general rules would keep
//   add:        {form: [reason, [source ids]]}  a spelling no table has (a checked public source)
//   keepScript: {form: reason}             a Dari/Pashto name the reference flags as a manual judgement
//   dropScript: {form: reason}
//   note:       text appended to the entry's note
// The build fails on a decision that no longer matches a candidate.

/** Public pages checked for spellings and names that the reference tables lack. */
const FACTS = 'facts only (a place name and its spelling); the page text is not copied';
export const WEB_SOURCES = {
  'web-pajhwok-uruzgan': {
    title: 'Pajhwok Afghan News, "Uruzgan administrative units" (elections site)',
    url: 'https://elections.pajhwok.com/en/content/uruzgan-administrative-units',
    licence: FACTS,
    note: 'Charchino district = Shaheed Hasas (Shahidi Hassas); Dihrawood/Dihrawud.',
  },
  'web-wikipedia-panjwayi': {
    title: 'Wikipedia, "Panjwayi District"',
    url: 'https://en.wikipedia.org/wiki/Panjwayi_District',
    licence: 'CC BY-SA 4.0 text; ' + FACTS,
    note: 'Spellings Panjwaye, Panjwaii, Panjway, Panjwai.',
  },
  'web-wikipedia-nawa': {
    title: 'Wikipedia, "Nawa-I-Barakzayi District"',
    url: 'https://en.wikipedia.org/wiki/Nawa-I-Barakzayi_District',
    licence: 'CC BY-SA 4.0 text; ' + FACTS,
    note: 'The Helmand district Nawa-I-Barakzayi, called Nawa (Nawa district).',
  },
  'web-afghanbios-nawa': {
    title: 'Afghan Biographies, "Nawa-i-Barakzai District Helmand Province"',
    url: 'http://afghan-bios.info/index.php?option=com_afghanbios&id=2587&task=view&total=823&start=540&Itemid=2',
    licence: FACTS,
    note: 'Spellings Nawa-i-Barakzai, Nawa-ye Barakzai.',
  },
  'web-deh-rawood': {
    title: 'Wikipedia (via wikimili.com), "List of governors of Uruzgan": Deh Rawood district',
    url: 'https://wikimili.com/en/List_of_governors_of_Uruzgan',
    licence: 'CC BY-SA 4.0 text; ' + FACTS,
    note: 'Spelling Deh Rawood for Dihrawud district, Uruzgan.',
  },
  'web-haska-mina': {
    title: 'Afghan Peace Watch, "War on Daesh leaves Haska Mina inhabitants in ruins"',
    url: 'https://afghanpeacewatch.org/931/WaronDaeshleavesHaskaMinainhabitantsinruins',
    licence: FACTS,
    note: 'Haska Mina district, Nangarhar (the Pashto name of Deh Bala).',
  },
  'web-haska-meyna': {
    title: 'Wikipedia (via friendlywiki.com), "Haska Meyna": also called Deh Bala',
    url: 'https://friendlywiki.com/article/index.php?title=Haska_Meyna',
    licence: 'CC BY-SA 4.0 text; ' + FACTS,
    note: 'Haska Meyna (هسکه مېنه), also called Deh Bala, Nangarhar.',
  },
  'web-maiwand': {
    title: 'Wikipedia (offline mirror wiki.av1.space), "Maiwand District"',
    url: 'https://wiki.av1.space/content/wikipedia_en_all_mini_2025-06/Maiwand_District',
    licence: 'CC BY-SA 4.0 text; ' + FACTS,
    note: 'Spelling Maiwand for Maywand district, Kandahar.',
  },
  'web-kandahar-dand': {
    title: 'Wikipedia (via wikimili.com), "Kandahar District": Kandahar District or Dand District',
    url: 'https://wikimili.com/en/Kandahar_District',
    licence: 'CC BY-SA 4.0 text; ' + FACTS,
    note: 'The district around Kandahar city is also called Dand.',
  },
  'web-wikipedia-dand-aw-patan': {
    title: 'Wikipedia, "Dand Aw Patan District" (Paktia)',
    url: 'https://en.wikipedia.org/wiki/Dand_Aw_Patan_District',
    licence: 'CC BY-SA 4.0 text; ' + FACTS,
    note: 'Spelling Dand Aw Patan ("Dand and Patan").',
  },
  'web-dand-e-patan': {
    title: 'Afghanistan Peace Campaign, "Fighting With Pakistan Displaces Hundreds in Dand-e-Patan, Paktia"',
    url: 'https://afghanistanpeacecampaign.org/2024/03/20/fighting-with-pakistan-displaces-hundreds-in-dand-e-patan-paktia/',
    licence: FACTS,
    note: 'Spellings Dand-e-Patan and Dand Patan; Dand-i-Patan on schema-root.org (Paktia districts).',
  },
  'web-grishk': {
    title: 'Wikipedia (Portuguese mirror pt.xcv.wiki), "Grishk District" (Nahri Saraj)',
    url: 'https://pt.xcv.wiki/wiki/Nahr-e_Saraj_District',
    licence: 'CC BY-SA 4.0 text; ' + FACTS,
    note: 'Grishk district, also called Nahri Saraj; its main town Grishk (Gereshk, Gerishk).',
  },
  'web-shiawaves-greshk': {
    title: 'Shia Waves, "Two civilians killed in Taliban attack in Helmand"',
    url: 'http://shiawaves.com/english/islam/5512-two-civilians-killed-in-taliban-attack-in-helmand-afghanistan',
    licence: FACTS,
    note: 'Spelling Greshk (Greshk district, Helmand).',
  },
};

const DUE_TO_MANUAL = 'flagged in the reference as kept by manual judgement; ';

const LEFT_OUT = 'left out: its only name is ';

export const DISTRICTS = {
  // --- names and spellings from checked public pages --------------------------------
  'AF-HEL.nahri-sarraj-district': {
    name: ['Nahr-e Saraj', 'the common news form (Nahr-e Saraj, Nahr-e-Saraj); the reference writes Nahri Sarraj'],
    add: { 'Nahri Saraj': ['Wikipedia: Grishk District, also called Nahri Saraj', ['web-grishk']] },
    note: 'Its seat Gereshk (Grishk) is a town entry (towns.yaml).',
  },
  'AF-HEL.nawa-i-barak-zayi-district': {
    name: ['Nawa-i-Barakzayi', 'the Wikipedia form; news mostly says Nawa (shared with Nawa district, Ghazni)'],
    add: {
      'Nawa-i-Barakzayi': ['Wikipedia article title', ['web-wikipedia-nawa']],
      Nawa: ['"Nawa district" in news and on Wikipedia; also the name of a Ghazni district (both are candidates)', ['web-wikipedia-nawa']],
      'Nawa-i-Barakzai': ['Afghan Biographies', ['web-afghanbios-nawa']],
      'Nawa-ye Barakzai': ['Afghan Biographies', ['web-afghanbios-nawa']],
    },
  },
  'AF-KAN.panjwayi-district': {
    add: {
      Panjwai: ['Wikipedia lists it among the spellings', ['web-wikipedia-panjwayi']],
      Panjwaye: ['Wikipedia lists it among the spellings', ['web-wikipedia-panjwayi']],
      Panjwaii: ['Wikipedia lists it among the spellings', ['web-wikipedia-panjwayi']],
      Panjway: ['Wikipedia lists it among the spellings', ['web-wikipedia-panjwayi']],
    },
  },
  'AF-KAN.maywand-district': {
    name: ['Maiwand', 'the common English spelling (Battle of Maiwand, Wikipedia); the reference writes Maywand'],
    add: { Maiwand: ['Wikipedia article title', ['web-maiwand']] },
  },
  'AF-PIA.dand-wa-patan-district': {
    add: {
      'Dand Aw Patan': ['Wikipedia article title', ['web-wikipedia-dand-aw-patan']],
      'Dand-e-Patan': ['news spelling (TOLOnews via Afghanistan Peace Campaign)', ['web-dand-e-patan']],
      'Dand-i-Patan': ['news spelling quoted on schema-root.org', ['web-dand-e-patan']],
    },
    note: 'Its spellings are listed in full so that "Dand" alone (Kandahar) does not match inside them.',
  },
  'AF-KAN.kandahar-district': {
    add: { Dand: ['Wikipedia: "Kandahar District or Dand District"', ['web-kandahar-dand']] },
  },
  'AF-URU.shahidi-hassas-district': {
    add: {
      Charchino: ['Pajhwok: "Charchino District: (Shaheed Hasas)", its current name', ['web-pajhwok-uruzgan']],
      'Shaheed Hasas': ['Pajhwok spelling', ['web-pajhwok-uruzgan']],
    },
    note: 'Called Charchino since the 2010s (Pajhwok).',
  },
  'AF-URU.dihrawud-district': {
    name: ['Dehrawud', 'the common news form (Pajhwok, TOLOnews); the reference writes Dihrawud'],
    add: {
      'Deh Rawood': ['Wikipedia spelling', ['web-deh-rawood']],
      Dihrawood: ['Pajhwok spelling', ['web-pajhwok-uruzgan']],
    },
  },
  'AF-NAN.dih-bala-district': {
    name: ['Deh Bala', 'the common news form; the reference writes Dih Bala'],
    add: {
      'Haska Mina': ['the district\'s Pashto name as news writes it', ['web-haska-mina']],
      'Haska Meyna': ['Wikipedia: Haska Meyna, also called Deh Bala', ['web-haska-meyna']],
    },
    keepScript: {
      'ده‌بالا': DUE_TO_MANUAL + 'Deh Bala written out',
      'هسکه مېنه': DUE_TO_MANUAL + 'Haska Mina, the Pashto name of the district (Wikipedia: Haska Meyna)',
    },
  },

  // --- news names among the reference's spellings ------------------------------------
  'AF-BAL.dihdadi-district': { name: ['Dehdadi', 'the common news form (Deh for Dih)'] },
  'AF-BGL.dih-salah-district': { name: ['Deh Salah', 'the common news form (Deh for Dih)'] },
  'AF-GHA.dih-yak-district': { name: ['Deh Yak', 'the common news form (Deh for Dih)'] },
  'AF-GHA.jaghuri-district': { name: ['Jaghori', 'the common news form (Jaghori); the reference writes Jaghuri'] },
  'AF-HEL.naw-zad-district': { name: ['Nawzad', 'the common news form'] },
  'AF-HEL.garmser-district': { name: ['Garmsir', 'the common news form; the reference writes Garmser'] },
  'AF-KDZ.dashte-archi-district': { name: ['Dasht-e Archi', 'the common news form'] },
  'AF-KDZ.qalay-i-zal-district': { name: ['Qala-e-Zal', 'the common news form'] },
  'AF-PAN.hisa-i-awali-panjsher-district': {
    name: ['Khinj', 'the district\'s usual name (GeoNames); the reference name means "first part of Panjsher"'],
    keep: { Khinj: 'the GeoNames name of the district and its seat' },
  },

  // --- other names of a district that the similarity rule would drop ------------------
  'AF-BDG.murghab-district': {
    keep: { 'Bala Murghab': 'the district centre\'s name, used for the district in news', Balamurghab: 'spelling of Bala Murghab' },
  },
  'AF-BDS.ragh-district': { keep: { Raghistan: 'the district\'s other official name (GeoNames)', Raghestan: 'spelling of Raghistan' } },
  'AF-BDS.darwaz-district': { keep: { "Darwaz-e Pa'in": 'the GeoNames name ("Lower Darwaz")' } },
  'AF-GHA.wali-muhammadi-shahid-district': { keep: { 'Wali Muhammad Shahid Khugyani': 'the GeoNames name of the district' } },
  'AF-HEL.reg-district': { keep: { 'Reg-e Khan Neshin': 'the GeoNames name of the district' } },
  'AF-KAN.reg-district': { keep: { Registan: 'the GeoNames name of the district' } },
  'AF-KAP.kohistan-district': {
    keep: { 'Hisah-ye Awal-e Kohistan': 'the GeoNames name ("first part of Kohistan")', 'Hisa-i-Awali Kohistan': 'the AIMS form of the same name' },
  },
  'AF-PAR.ghorband-district': { keep: { 'Siyahgird Ghorband': 'the GeoNames name of the district' } },
  'AF-PIA.jadran-district': { keep: { Dzadran: 'the GeoNames name of the district (Pashto dz)' } },
  'AF-PIA.lija-mangal-district': {
    keep: {
      'Lajah Ahmad Khel': 'the GeoNames name of the district',
      'Laja Ahmad Khail': 'spelling of Lajah Ahmad Khel',
      'Lija Ahmad Khel': 'spelling of Lajah Ahmad Khel',
    },
  },
  'AF-PKA.wor-mamay-district': { keep: { Wolmamay: 'spelling of Wor Mamay (Pashto r/l)' } },
  'AF-SAM.dara-i-suf-district': {
    keep: { "Darah-ye Suf-e Pa'in": 'the GeoNames name ("Lower Dara-i-Suf")', 'Dara-I-Sufi Payin': 'the AIMS form of the same name' },
  },

  // --- spellings the general rules keep but that are wrong or risky -------------------
  'AF-BDS.baharak-district': { drop: { Barak: 'a truncation of Baharak, and a given name (Barack/Barak)' } },
  'AF-KAB.kalakan-district': {
    drop: {
      'Kala Chan': 'another name of the seat ("Qala Khan"), read as a person\'s name',
      'Kala Khan': 'another name of the seat ("Qala Khan"), read as a person\'s name',
      'Qala Khan': 'another name of the seat, read as a person\'s name',
    },
  },
  'AF-HER.kushki-kuhna-district': {
    drop: { Koshk: 'Kushk is another district (Herat)', Kushk: 'Kushk is another district (Herat)' },
  },
  'AF-KNR.chawkay-district': {
    drop: { Chauki: 'chowki/chauki is an Urdu/Hindi word (police post)', Chowki: 'chowki/chauki is an Urdu/Hindi word (police post)' },
  },
  'AF-SAR.sayyad-district': {
    drop: { Saiyid: 'the title Sayyid (a person\'s name word), not a spelling of the district', Seyyed: 'the title Sayyid (a person\'s name word)' },
  },
  'AF-PIA.zurmat-district': { drop: { Zarmal: 'a garbled alternate (GeoNames), not a news spelling' } },
  'AF-PIA.ahmadabad-district': { drop: { Ahmadaba: 'a truncated form' } },
  'AF-PKA.yahya-khel-district': { drop: { 'Ya Khel': 'a truncated form' } },

  'AF-PAN.dara-district': { name: ['Darah', 'Dara is screened out (a given name, and the start of many other names); Darah is the GeoNames form'] },
  'AF-BGL.burka-district': { name: ['Burkah', 'Burka is the garment (burka/burqa); Burkah is the GeoNames form'] },
  'AF-HER.obe-district': { name: ['Obeh', 'Obe matches the British honour OBE; Obeh is the GeoNames form'] },
  'AF-HER.farsi-district': {
    exclude: LEFT_OUT + 'Farsi, the Persian language, named constantly in Afghan news; a district entry would tag every mention of the language (a context rule keyed on "district" could bring it back)',
  },
  'AF-PAR.shinwari-district': {
    exclude: LEFT_OUT + 'Shinwari, a large Pashtun tribe and a common surname, far more frequent in the news than this Parwan district',
  },
  'AF-ZAB.kakar-district': {
    exclude: LEFT_OUT + 'Kakar, a Pashtun tribe and surname (e.g. Pakistan\'s caretaker prime minister Anwaar-ul-Haq Kakar), far more frequent than this Zabul district',
  },
  // WOF gives these districts the HASC code of a neighbour (the code's letters name the other one).
  'AF-BDG.ab-kamari-district': { dropHasc: 'AF.BG.QN is Qala-i-Naw\'s code (QN); WOF repeats it on Ab Kamari' },
  'AF-BAL.sharak-hairatan-district': { dropHasc: 'AF.BK.KA is Kaldar\'s code (KA); WOF repeats it on Sharak Hairatan' },
  'AF-KAB.kabul-district': { dropHasc: 'AF.KT.KH is a Khost code (KT = Khost); the WOF Kabul record mixes in Khost (it also lists Khost as a name)' },
  'AF-NIM.dilaram-district': { dropHasc: 'AF.NM.KR is Khash Rod\'s code (KR); WOF repeats it on Dilaram' },
  'AF-HER.kohsan-district': {
    drop: {
      Kohistan: 'Kohistan is the name of other districts; GeoNames lists it for Kuhsan by confusion',
      Kuhestan: 'Kohistan is the name of other districts; GeoNames lists it for Kuhsan by confusion',
    },
  },
  'AF-BAL.balkh-district': {
    keep: {
      Balkh: 'the district and its seat, the old city of Balkh, bear the province\'s name: context decides',
    },
    drop: { Balh: 'foreign exonym (Turkish/Arabic form) of Balkh' },
  },
  'AF-BDS.yaftali-sufla-district': {
    keepScript: {
      'یفتل پایین': DUE_TO_MANUAL + 'Dari "Lower Yaftal", the same name (sufla = payin = lower)',
      'يفتال سفله': DUE_TO_MANUAL + 'the Arabic-derived form of the same name',
    },
  },
  'AF-GHO.chaghcharan-district': {
    keepScript: { 'فیروزکوه': DUE_TO_MANUAL + 'Firozkoh, the official name of Chaghcharan since 2014' },
  },
  'AF-KNR.dara-i-pech-district': {
    keepScript: {
      'دره‌پیچ': DUE_TO_MANUAL + 'Dara-i-Pech written out',
      'پېچ دره': DUE_TO_MANUAL + 'the Pashto word order (Pech Dara) of the same name',
    },
  },
  'AF-LOG.charkh-district': {
    keepScript: {
      'چرخ': DUE_TO_MANUAL + 'Dari spelling of Charkh',
      'څرخ': DUE_TO_MANUAL + 'Pashto spelling of Charkh (with tse), as on the Wikipedia page of the district',
    },
  },
  'AF-WAR.chaki-wardak-district': {
    keepScript: { 'چک وردک': DUE_TO_MANUAL + 'Chak-e Wardak written out' },
  },
};
