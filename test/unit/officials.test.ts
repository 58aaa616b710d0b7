/**
 * context.v2, officials and groups: each rule of lexicons/rules/context.yaml that finds or
 * links officials (and the group forms), with a case where it fires and one where it must
 * not. Sentences written for the tests; the lexicon is a fixture of invented people.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { annotateText } from '../../src/core/annotate.js';
import { compileRules } from '../../src/core/context/rules.js';
import { compileLexicons } from '../../src/core/lexicon/compile.js';
import { loadRules, readLexiconFile } from '../../src/node/lexicon/load.js';
import { cpSlice, expectValidAnnotation, fixtures } from '../helpers.js';

const index = compileLexicons([readLexiconFile(join(fixtures, 'lexicons', 'officials-rules.yaml'))], { rules: compileRules(loadRules()) });

function annotate(text: string) {
  const a = annotateText(text, index);
  expectValidAnnotation(a);
  for (const m of a.mentions) expect(cpSlice(text, m.start, m.end)).toBe(m.text);
  return a;
}
/** [text, entity, rule] of every official. */
const officials = (text: string) =>
  annotate(text)
    .mentions.filter((m) => m.type === 'official')
    .map((m) => [m.text, m.entity, m.rule]);
const titles = (text: string) =>
  annotate(text)
    .mentions.filter((m) => m.type === 'official')
    .map((m) => [m.text, m.title ?? null]);

describe('title-before-name', () => {
  it('fires after a role word or rank; honorifics stay out of the span; a name may hold "Jan" and an inner "Mullah"', () => {
    expect(titles('Provincial police chief Nabi Jan Mullah Khail confirmed it.')).toEqual([['Nabi Jan Mullah Khail', 'police chief']]);
    expect(titles('They killed the shadow district governor, Mullah Shafiq, on Monday.')).toEqual([['Shafiq', 'district governor']]);
    expect(titles('US President George W. Bush spoke.')).toEqual([['George W. Bush', 'president']]);
    expect(titles('Taliban spokesperson Dr Mohammad Naeem said so.')).toEqual([['Mohammad Naeem', 'spokesman']]);
  });

  it('fires past a place phrase, and on one word with an Afghan name ending', () => {
    expect(titles('The shadow governor for southern Helmand province Sharafuddin Taqi has died.')).toEqual([['Sharafuddin Taqi', 'governor']]);
    expect(titles('The Taliban shadow governor for Kunduz Mohammadzai is leading them.')).toEqual([['Mohammadzai', 'governor']]);
  });

  it('does not fire on capitalised words that are no name, and a headline verb ends the name', () => {
    expect(officials('Read the General Public License and the Director Of Software Freedom notes.')).toEqual([]);
    expect(officials('Top Commander Mullah Qasimullah Killed')).toEqual([['Qasimullah', 'local.person.qasimullah', 'title-before-name']]);
    expect(officials('The governor Kunduz Ghazni spoke.')).toEqual([]);
  });

  it('links "Mullah <short form>" to the one known person it names; a short form two people share stays local', () => {
    expect(officials('Later Mullah Baradan said so.')).toEqual([['Baradan', 'person.tor-baradan', 'title-before-name']]);
    expect(officials('Later Mullah Dostan said so.')).toEqual([['Dostan', 'local.person.dostan', 'title-before-name']]);
  });
});

describe('title-comma-name', () => {
  it('fires on "<role>, <Name>," and takes the first title of the role', () => {
    expect(titles('a spokesman for the governor of Kunduz, Ahmad Karimi, said the attack failed.')).toEqual([['Ahmad Karimi', 'spokesman']]);
    expect(titles('It killed the district governor, Ali Dost Shamsullah, 30, and others.')).toEqual([['Ali Dost Shamsullah', 'district governor']]);
    expect(titles('A spokesman for the governor, Ahmad Karimi, said so.')).toEqual([['Ahmad Karimi', 'spokesman']]);
  });

  it('does not fire when the name does not close the phrase or no role comes before the comma', () => {
    expect(officials('a spokesman for the governor, Ahmad Karimi and Kunduz elders met.')).toEqual([]);
    expect(officials('After the meeting in the city, Ahmad Karimi went home.')).toEqual([]);
  });
});

describe('name-comma-title', () => {
  it('fires on "<Name>, <role>", on "<Name> as <role>", and through a relative clause; "Said" is a name here', () => {
    expect(titles('He died, said Said Ansari, the spokesman for the intelligence service.')).toEqual([['Said Ansari', 'spokesman']]);
    expect(titles('The president replaced him with Yusuf Karimzai as governor of Farah.')).toEqual([['Yusuf Karimzai', 'governor']]);
    expect(titles('The strike killed Abdul Wasay, who was a provincial leader of the group.')).toEqual([['Abdul Wasay', 'leader']]);
    expect(titles('"We will stay," said Dan Hollis, a U.N. spokesman in Kabul.')).toEqual([['Dan Hollis', 'spokesman']]);
  });

  it('does not fire on journalists, teachers or a clause that gives no role', () => {
    expect(officials('Ahmad Karimi, who worked as a teacher, was wounded. Ahmad Wali, a reporter, said so.')).toEqual([]);
    expect(officials('Ahmad Karimi, who lives nearby, said so.')).toEqual([]);
    expect(officials('Copyright 2000 Keith Packard, member of The XFree86 Project, Inc.')).toEqual([]);
    expect(titles('Ghulam Sakhi Amarzai, a member of the Kunduz Provincial Council, said so.')).toEqual([['Ghulam Sakhi Amarzai', 'council member']]);
  });
});

describe('person-inside-name', () => {
  it('drops a person inside the name of a group or a place', () => {
    expect(officials('Fighters of the Mullah Qasimullah Front attacked. They reached the Wahid Dostan Airport.')).toEqual([]);
  });

  it('keeps the person when no such noun follows', () => {
    expect(officials('Commander Mullah Qasimullah attacked.')).toEqual([['Qasimullah', 'local.person.qasimullah', 'title-before-name']]);
  });
});

describe('extend-known', () => {
  it('gives a known person the name words before the listed alias, and "Qari" when the name carries it', () => {
    expect(officials('But Qari Nek Ahmadzai denied it.')).toEqual([['Qari Nek Ahmadzai', 'person.qari-nek-ahmadzai', 'extend-known']]);
    expect(officials('Then Abdul Tor Baradan spoke and Mohammad Tor Baradan left.').map((o) => o[0])).toEqual(['Abdul Tor Baradan', 'Mohammad Tor Baradan']);
  });

  it('does not take a title or a word that is no name', () => {
    expect(officials('Governor Tor Baradan spoke. The Kunduz Tor Baradan office.').map((o) => o[0])).toEqual(['Tor Baradan', 'Tor Baradan']);
  });
});

describe('full-repeat', () => {
  it('links a later full repeat, and the given names of a three-word name', () => {
    expect(officials('Mullah Shah Wali, the Taliban shadow deputy governor, was killed. Shah Wali was appointed in 2015.').map((o) => o[2])).toEqual(['title-before-name', 'full-repeat']);
    expect(officials('Gul Agha Shirzai was the governor of Kandahar. Later Gul Agha returned.').map((o) => [o[0], o[2]])).toEqual([
      ['Gul Agha Shirzai', 'name-comma-title'],
      ['Gul Agha', 'full-repeat'],
    ]);
  });

  it('a name on its own line (a caption) is whole even when another name starts the next line', () => {
    expect(officials('Governor Ahmad Karimi spoke.\n\nAhmad Karimi\nAhmad Karimi\n').map((o) => o[2])).toEqual(['title-before-name', 'full-repeat', 'full-repeat']);
  });

  it('does not link the start of a longer name', () => {
    expect(officials('Mullah Shah Wali, the deputy governor, was killed. Shah Wali Kot is a district.').map((o) => o[2])).toEqual(['title-before-name']);
  });
});

describe('short-form', () => {
  it('a surname that is also a place becomes the person when a verb of a person follows', () => {
    const a = annotate('Defence Minister Ahmad Farah visited Kunduz. Farah said the army would stay.');
    expect(a.mentions.map((m) => [m.text, m.type, m.rule])).toEqual([
      ['Ahmad Farah', 'official', 'title-before-name'],
      ['Kunduz', 'province', 'alias'],
      ['Farah', 'official', 'short-form'],
    ]);
    expect(a.mentions[2]!.title).toBe('minister');
  });

  it('otherwise the place stays a place', () => {
    expect(annotate('Defence Minister Ahmad Farah visited Kunduz. Fighting in Farah continued.').mentions.map((m) => m.type)).toEqual(['official', 'province', 'province']);
  });
});

describe('titles', () => {
  it('a phrase after a name reads past a possessive and a long group name', () => {
    const a = annotate("Khalil Rahimzai, the Taliban's acting minister of refugees, was killed.");
    expect(a.mentions.find((m) => m.type === 'official')).toMatchObject({ text: 'Khalil Rahimzai', title: 'minister', affiliation: 'group.taliban' });
    expect(titles('Ahmad Karimi, the Islamic State Khorasan Province emir, was killed.')).toEqual([['Ahmad Karimi', 'leader']]);
  });

  it('a title before a name gives its last title word; short forms carry the title of the full mention', () => {
    expect(titles('provincial governor spokesman Jawed Karimzai said so. Karimzai added more.')).toEqual([
      ['Jawed Karimzai', 'spokesman'],
      ['Karimzai', 'spokesman'],
    ]);
  });
});

describe('dotted-acronym and group-branch', () => {
  const groups = (text: string) =>
    annotate(text)
      .mentions.filter((m) => m.type === 'armed_group')
      .map((m) => [m.text, m.entity, m.rule]);

  it('"I.S." is the group whose alias is IS; "U.S." names no group', () => {
    expect(groups('I.S. claimed it. U.S. forces replied.')).toEqual([['I.S.', 'group.iskp', 'dotted-acronym']]);
  });

  it('"ISIS-Khorasan" and "I.S.-K" are the Khorasan branch; "ISIS" alone is not', () => {
    expect(groups('ISIS-Khorasan fighters and I.S.-K cells. ISIS fighters too.')).toEqual([
      ['ISIS-Khorasan', 'group.iskp', 'group-branch'],
      ['I.S.-K', 'group.iskp', 'group-branch'],
      ['ISIS', 'group.islamic-state', 'alias'],
    ]);
  });
});

describe('x-district-unlisted, hyphenated lists', () => {
  it('"the Kashrud-Chakhansour districts" names two places; the singular names one', () => {
    const places = (text: string) =>
      annotate(text)
        .mentions.filter((m) => m.type === 'place')
        .map((m) => m.text);
    expect(places('in the Kashrud-Chakhansour districts of Farah province')).toEqual(['Kashrud', 'Chakhansour']);
    expect(places('in the Kashrud-Chakhansour district of Farah province')).toEqual(['Kashrud-Chakhansour']);
  });
});
