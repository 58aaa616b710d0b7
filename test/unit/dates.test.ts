import { describe, expect, it } from 'vitest';
import { dateProblem, recordDate } from '../../src/core/context/dates.js';

describe('dateProblem: real dates only (issue 13 item 5)', () => {
  it('accepts real dates at every precision, leap days included', () => {
    for (const d of ['2021', '2021-02', '2021-02-28', '2020-02-29', '2000-02-29', '0001', '9999-12-31']) expect(dateProblem(d), d).toBeUndefined();
  });

  it('names what is wrong with an impossible one', () => {
    expect(dateProblem('2021-02-30')).toBe('February 2021 has 28 days');
    expect(dateProblem('1900-02-29')).toBe('February 1900 has 28 days');
    expect(dateProblem('2021-04-31')).toBe('April 2021 has 30 days');
    expect(dateProblem('2021-01-00')).toBe('January 2021 has 31 days');
    expect(dateProblem('2021-13')).toBe('there is no month 13: months are 01 to 12');
    expect(dateProblem('2021-00')).toBe('there is no month 00: months are 01 to 12');
    expect(dateProblem('0000')).toBe('there is no year 0000');
    expect(dateProblem('21-01-01')).toBe('expected YYYY, YYYY-MM or YYYY-MM-DD');
  });
});

describe('recordDate: a record\'s date field (issue 13 item 4)', () => {
  it('takes ISO dates and the date part of ISO date-times as written', () => {
    expect(recordDate('2021-08-27')).toEqual({ date: '2021-08-27' });
    expect(recordDate('2021-08')).toEqual({ date: '2021-08' });
    expect(recordDate('2021-08-27T23:30:00+04:30')).toEqual({ date: '2021-08-27' });
    expect(recordDate('2021-08-27 10:15')).toEqual({ date: '2021-08-27' });
    expect(recordDate('2021-08-27T10:15:00.123Z')).toEqual({ date: '2021-08-27' });
  });

  it('refuses anything else', () => {
    for (const v of ['yesterday', '27/08/2021', '2021-02-30T10:00:00Z', '2021-08-27T', '2021-08-27Tnoon']) expect(recordDate(v), v).toHaveProperty('problem');
  });
});
