// Screening decisions for district and town aliases, read by scripts/build-lexicons.mjs.
//
// The build screens every Latin-script alias of districts.yaml and towns.yaml and stops
// on each hit that has no decision here:
//   - an ordinary English word, or English words only (Debian's wamerican word list,
//     /usr/share/dict/words; lower-case entries);
//   - a proper noun of that list (a name, a language, a foreign place);
//   - a run of words of a person's name in officials.tsv or the UN sanctions list;
//   - a single word of 4 letters or fewer (abbreviations, given names, foreign words);
//   - a place outside Afghanistan listed in FOREIGN_PLACES below;
//   - an alias of the hand-written lexicons (armed groups, officials, landmarks).
// The matcher matches a capitalised alias only against a capitalised word (case-shape.v1),
// so the risk of an English word is its capitalised uses: the start of a sentence and
// title-case headlines.
//
// SCREENING: form (as written in the alias) -> [keep | drop, reason]. A drop removes the
// form from every district and town that has it. A form that no alias hits any more
// stops the build (stale decision).

const OWN_NAME = 'the entry\'s own name; no common English, personal or foreign use found that outweighs it';
const GARBLE = 'a diacritic-stripped or machine transliteration, not a news spelling; the entry keeps its usual spellings';

export const SCREENING = {
  // --- English words -------------------------------------------------------------------
  Burka: ['drop', 'the garment (burka/burqa), frequent in Afghan news; the district and town keep "Burkah"'],
  Washer: ['keep', 'Washer district (Helmand) is often in the news; the English word is rarely capitalised mid-sentence'],
  'Imam Sahib': ['keep', 'the district and its seat; "imam" and "sahib" are words, the phrase is the place'],
  'Shah Joy': ['keep', 'the district and its seat (Zabul); not an English phrase'],
  'Pas Pol': ['keep', 'a spelling of Pas Pul (Badakhshan); not an English phrase'],
  Lash: ['drop', 'an English word ("lash out", capitalised in title-case headlines); the town is named Lawlash'],
  Titan: ['drop', 'an English word and proper noun (Titan); the village is named Deh Titan'],
  March: ['drop', 'the month; the village is named Murch'],

  // --- proper nouns of the English word list ------------------------------------------
  Argo: ['keep', OWN_NAME + ' (Argo district, Badakhshan)'],
  Kabul: ['keep', 'the district of Kabul city'],
  Kandahar: ['keep', 'the district of Kandahar city'],
  Kama: ['keep', OWN_NAME + ' (Kama district, Nangarhar)'],
  Ahmadabad: ['keep', OWN_NAME + ' (Paktia); the Indian city is usually written Ahmedabad'],

  // --- parts of people's names ---------------------------------------------------------
  Qalandar: ['keep', OWN_NAME + ' (Qalandar district, Khost); rare as a name in news'],
  Jadran: ['keep', 'the district\'s official name (Paktia); the tribe is usually written Zadran'],
  Zadran: ['drop', 'the Zadran tribe and surname (the Haqqani family), far more frequent than the district; it keeps Jadran and Dzadran'],
  Kai: ['drop', 'a given name; a garbled alternate of Ka\'i'],
  "Ka'i": ['keep', OWN_NAME + ' (seat of Achin district); the apostrophe makes it rare elsewhere'],

  // --- given names and titles only ---------------------------------------------------
  'Muhammad Agha': ['keep', 'Muhammad Agha district (Logar) and its seat, often in the news; as a person\'s name usually preceded by a title or followed by a surname'],
  'Mohammad Agha': ['keep', 'the common news spelling of Muhammad Agha district (Logar)'],
  'Shekh Ali': ['keep', OWN_NAME + ' (Shekh Ali district, Parwan); the person\'s name is usually written Sheikh Ali'],
  "Shaykh 'Ali": ['keep', 'the GeoNames form of Shekh Ali; the apostrophe makes it rare elsewhere'],
  'Baba Sahib': ['keep', OWN_NAME + ' (seat of Arghandab, Kandahar); the title is rare in Afghan news'],
  'Ali Sher': ['keep', 'the seat of Tere Zayi, which news often calls Ali Sher district; a known risk with the given name Ali Sher'],
  "Ghulam 'Ali": ['keep', 'the seat of Bagram district as GeoNames writes it; the apostrophe keeps it from matching the common name Ghulam Ali'],

  // --- landmarks.yaml (hand-written; a drop here must be applied to that file) -----------
  'Islam Qala': ['keep', 'the border town (towns.yaml) and its crossing (landmarks.yaml): both are candidates'],
  HKIA: ['keep', 'the airport\'s acronym; matched in capitals only (case-shape.v1)'],
  'Camp Bastion': ['keep', 'the name of the base; capitalised as a phrase only as that name'],
  'Camp Leatherneck': ['keep', 'the name of the base'],
  'Silk Bridge': ['keep', 'the name of the Zaranj–Milak bridge in Afghan news; a known risk with other "Silk Bridge"s'],
  'Afghan National Detention Facility': ['keep', 'the official name of Pul-e-Charkhi prison'],
  Wesh: ['keep', 'the Afghan side of the Wesh–Chaman crossing (Spin Boldak); not an English word'],
  'Ghulam Khan': ['keep', 'the Khost border crossing, often in the news; a known risk with the personal name Ghulam Khan'],

  // --- places outside Afghanistan ------------------------------------------------------
  Darwaz: ['keep', 'Darwaz district (Badakhshan); the Tajik side is usually written Darvoz'],
  Ishkashim: ['keep', 'Ishkashim district and town (Badakhshan); the Tajik town is usually written Ishkoshim'],
  Shighnan: ['keep', 'Shighnan district (Badakhshan); the Tajik side is usually written Shughnon'],
  Khash: ['keep', 'Khash district (Badakhshan) and Khash town (Nimruz); Khash, Iran, is rarely in Afghan news'],
  Kohistan: ['keep', 'three Afghan districts (Badakhshan, Faryab, Kapisa); Kohistan, Pakistan, is a known false-positive risk'],
  Gulistan: ['keep', 'Gulistan district (Farah)'],
  Mirabad: ['keep', OWN_NAME + ' (Mirabad, Nimruz)'],
  Rudbar: ['keep', OWN_NAME + ' (Rudbar, Nimruz); Rudbar, Iran, is rarely in Afghan news'],
  Narin: ['drop', 'Naryn, Kyrgyzstan; Nahrin keeps its usual spellings'],
  Ghaziabad: ['drop', 'Ghaziabad, India, is far better known; the Kunar district keeps Ghazi Abad'],
  'Jalal Abad': ['drop', 'the spelling of Jalal-Abad, Kyrgyzstan; the district of Jalalabad keeps Jalalabad'],
  Karabagh: ['drop', 'a spelling of Karabakh, Azerbaijan; the Herat town keeps Qarah Bagh and Qarabagh'],

  // --- short single words --------------------------------------------------------------
  Azra: ['keep', OWN_NAME + ' (Azra district, Logar); also a given name (rare in news)'],
  Azro: ['keep', 'a news spelling of Azra district (Logar)'],
  Azru: ['drop', GARBLE],
  Bak: ['keep', OWN_NAME + ' (Bak district, Khost)'],
  Balx: ['drop', 'Uzbek/Azerbaijani spelling of Balkh (x for kh)'],
  Belx: ['drop', 'Azerbaijani spelling of Balkh'],
  Banu: ['keep', OWN_NAME + ' (seat of Andarab); the Pakistani city is Bannu'],
  Bati: ['keep', OWN_NAME + ' (seat of Bati Kot)'],
  Chal: ['keep', OWN_NAME + ' (Chal district, Takhar)'],
  Dand: ['keep', 'Dand, the other name of the district around Kandahar city (Wikipedia); not an English word'],
  Dara: ['drop', 'a given name (Dara), and the word "valley" that starts many names (Dara-e Noor, Dara Adam Khel): spellings no table lists would leave a stray "Dara" tagged as Panjshir; the district keeps Darah'],
  Dila: ['keep', OWN_NAME + ' (Dila district, Paktika)'],
  Dehi: ['keep', OWN_NAME + ' (seat of Dara-i-Suf)'],
  Duab: ['keep', OWN_NAME + ' (Du Ab district, Nuristan; Duab, Samangan)'],
  Giro: ['keep', OWN_NAME + ' (Giro district, Ghazni)'],
  Gyan: ['drop', 'a given name (Hindi); Gayan district keeps Gayan and Giyan'],
  Jaji: ['keep', OWN_NAME + ' (Jaji district, Paktia); not an English word'],
  Jarm: ['keep', 'a spelling of Jurm (Badakhshan)'],
  Jorm: ['keep', 'a spelling of Jurm (Badakhshan)'],
  Jurm: ['keep', OWN_NAME + ' (Jurm district, Badakhshan)'],
  Kahi: ['keep', 'a spelling of Ka\'i (seat of Achin)'],
  Kang: ['keep', OWN_NAME + ' (Kang district, Nimruz); also a Korean surname (rare in Afghan news)'],
  Kot: ['keep', OWN_NAME + ' (Kot district, Nangarhar); longer names ending in Kot win over it'],
  "La'l": ['keep', OWN_NAME + ' (seat of Lal wa Sarjangal)'],
  Miri: ['drop', 'a garbled alternate of Miray; also Miri, Malaysia'],
  Naik: ['drop', 'a South Asian surname; the town keeps Nayak'],
  Naka: ['drop', 'a garbled alternate of Nika'],
  Nari: ['keep', OWN_NAME + ' (Nari district, Kunar)'],
  Nawa: ['keep', 'Nawa district (Ghazni) and the common short name of Nawa-i-Barakzayi (Helmand): both are candidates'],
  Nesh: ['keep', OWN_NAME + ' (Nesh district, Kandahar)'],
  Nika: ['keep', OWN_NAME + ' (Nika district, Paktika)'],
  Nili: ['keep', 'the capital of Daykundi and its district'],
  Obe: ['drop', 'the British honour (OBE) matches a capitalised alias; the district and town keep Obeh'],
  Obeh: ['keep', OWN_NAME + ' (Obeh, Herat)'],
  Okak: ['keep', OWN_NAME + ' (seat of Nawur)'],
  Omna: ['keep', OWN_NAME + ' (Omna district, Paktika)'],
  Owbi: ['drop', GARBLE],
  Ragh: ['keep', OWN_NAME + ' (Ragh district, Badakhshan)'],
  Reg: ['keep', 'Reg districts of Helmand and Kandahar; also a given name and an abbreviation (rare in Afghan news)'],
  Tala: ['keep', 'a spelling of Talah (seat of Tala wa Barfak)'],
  Tani: ['keep', OWN_NAME + ' (Tani district, Khost)'],
  Wama: ['keep', OWN_NAME + ' (Wama district, Nuristan)'],
  Zari: ['keep', OWN_NAME + ' (Zari district, Balkh)'],
};

// Places outside Afghanistan whose names are also Afghan place names or spellings of them.
// Matched by match key; each hit needs a decision above.
export const FOREIGN_PLACES = {
  Zabol: 'Zabol, Sistan and Baluchestan, Iran',
  'Jalal-Abad': 'Jalal-Abad, Kyrgyzstan',
  Ghaziabad: 'Ghaziabad, Uttar Pradesh, India',
  Kalat: 'Kalat, Balochistan, Pakistan',
  Taleqan: 'Taleqan, Iran',
  Kandhar: 'Kandhar, Maharashtra, India',
  Sabzevar: 'Sabzevar, Razavi Khorasan, Iran',
  Karabagh: 'Karabakh, Azerbaijan',
  Karabakh: 'Karabakh, Azerbaijan',
  Mashhad: 'Mashhad, Iran',
  Mashad: 'Mashhad, Iran',
  Rudbar: 'Rudbar, Gilan, Iran',
  Khash: 'Khash, Sistan and Baluchestan, Iran',
  Mirabad: 'Mirabad, West Azerbaijan, Iran',
  Chaman: 'Chaman, Balochistan, Pakistan (the border town facing Spin Boldak)',
  Quetta: 'Quetta, Pakistan',
  Peshawar: 'Peshawar, Pakistan',
  Tashkurgan: 'Tashkurgan, Xinjiang, China',
  Kohistan: 'Kohistan, Khyber Pakhtunkhwa, Pakistan',
  Ishkashim: 'Ishkoshim, Gorno-Badakhshan, Tajikistan (across the river)',
  Darwaz: 'Darvoz, Gorno-Badakhshan, Tajikistan (across the river)',
  Shighnan: 'Shughnon, Gorno-Badakhshan, Tajikistan (across the river)',
  Narin: 'Naryn, Kyrgyzstan',
  Gulistan: 'Gulistan, Uzbekistan; Gulistan, Balochistan, Pakistan',
  Termez: 'Termez, Uzbekistan',
  Kushka: 'Kushka (Serhetabat), Turkmenistan',
};

// Given names and titles. An alias made only of these words ("Ghulam Ali", "Ibrahim Khan")
// reads as a person's name and needs a decision.
export const NAME_WORDS = [
  'Abdul', 'Agha', 'Ahmad', 'Ahmed', 'Ali', 'Amir', 'Aziz', 'Baba', 'Barak', 'Barack', 'Bashir', 'Daud', 'Dawood',
  'Ghulam', 'Gul', 'Habib', 'Haji', 'Hajji', 'Hassan', 'Hazrat', 'Hussain', 'Ibrahim', 'Imam', 'Ismail', 'Jan',
  'Karim', 'Khan', 'Khoja', 'Khwaja', 'Mawlawi', 'Maulvi', 'Mir', 'Mirza', 'Mohammad', 'Mohammed', 'Muhammad',
  'Mullah', 'Nadir', 'Nasir', 'Noor', 'Nur', 'Omar', 'Osman', 'Qari', 'Rahim', 'Rahman', 'Sahib', 'Saiyid', 'Sayed',
  'Sayid', 'Sayyid', 'Seyyed', 'Shah', 'Shaykh', 'Sheikh', 'Shekh', 'Sher', 'Sultan', 'Syed', 'Umar', 'Usman',
  'Wali', 'Yosuf', 'Yusuf', 'Zia',
];
