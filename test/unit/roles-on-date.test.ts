/**
 * roles-on-date.v2 (src/context/dates.ts): which roles an official held on an article's
 * date, when some roles are only approximately dated or not dated at all.
 */
import { describe, expect, it } from 'vitest';
import { ROLES_POLICY, rolesOn } from '../../src/core/context/dates.js';
import type { Role } from '../../src/core/lexicon/types.js';

describe('roles-on-date.v2', () => {
  it('is named and versioned', () => {
    expect(ROLES_POLICY).toBe('roles-on-date.v2');
  });

  it('never claims a role with dates: unknown, and says nothing when no role can be placed in time', () => {
    const unknown: Role = { title: 'Governor of Kandahar Province', dates: 'unknown', note: 'held at some time in 1996-2001' };
    expect(rolesOn([unknown], '1998-05-01')).toBeUndefined();
    const exact: Role = { title: 'Minister', from: '2010-01-16', to: '2014-09-29' };
    expect(rolesOn([unknown, exact], '1998-05-01')).toEqual([]);
    expect(rolesOn([unknown, exact], '2012')).toEqual([exact]);
  });

  it('matches an exact role on its span only', () => {
    const r: Role = { title: 'Commander, ISAF', from: '2004-08', to: '2005-02-13' };
    expect(rolesOn([r], '2005-02-13')).toEqual([r]);
    expect(rolesOn([r], '2005-02-14')).toEqual([]);
    expect(rolesOn([r], '2004-07-31')).toEqual([]);
  });

  it('widens an approximate role by a year on each side and keeps its flag', () => {
    const r: Role = { title: 'Leader, ISKP', from: '2016', to: '2017-04-27', dates: 'approximate' };
    expect(rolesOn([r], '2015-03-01')).toEqual([r]);
    expect(rolesOn([r], '2018-04-27')).toEqual([r]);
    expect(rolesOn([r], '2018-04-28')).toEqual([]);
    expect(rolesOn([r], '2014-12-31')).toEqual([]);
    expect(rolesOn([r], '2016-06')![0]!.dates).toBe('approximate');
  });

  it('keeps an open approximate role open', () => {
    const r: Role = { title: 'Special Representative', from: '2023-05-23', dates: 'approximate' };
    expect(rolesOn([r], '2030')).toEqual([r]);
    expect(rolesOn([r], '2022-05-24')).toEqual([r]);
    expect(rolesOn([r], '2022-05-22')).toEqual([]);
  });
});
