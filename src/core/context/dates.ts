/**
 * The article's date and the roles officials held on it. Pure.
 *
 * Dates are ISO to the precision known (YYYY, YYYY-MM, YYYY-MM-DD). A role's `from`
 * counts from the start of its period and its `to` to the end ("to: 2016" includes
 * 31 December 2016); a role without `to` is open. `dates` says how far the span can be
 * trusted (see ROLES_POLICY).
 */
import type { Role } from '../lexicon/types.js';

export const DATE_PATTERN = /^\d{4}(-\d{2}(-\d{2})?)?$/;

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * Why `date` is not a real date of the proleptic Gregorian calendar (YYYY, YYYY-MM or
 * YYYY-MM-DD, year 0001 to 9999), or undefined when it is one: `2021-02-30`, `2021-13`
 * and `0000` match DATE_PATTERN but name no day.
 */
export function dateProblem(date: string): string | undefined {
  if (!DATE_PATTERN.test(date)) return 'expected YYYY, YYYY-MM or YYYY-MM-DD';
  const y = Number(date.slice(0, 4));
  if (y < 1) return 'there is no year 0000';
  if (date.length === 4) return undefined;
  const m = Number(date.slice(5, 7));
  if (m < 1 || m > 12) return `there is no month ${date.slice(5, 7)}: months are 01 to 12`;
  if (date.length === 7) return undefined;
  const d = Number(date.slice(8, 10));
  const days = new Date(Date.UTC(2000, 0, 1));
  days.setUTCFullYear(y, m, 0); // day 0 of the next month: the last day of month m
  const last = days.getUTCDate();
  if (d < 1 || d > last) return `${MONTH_NAMES[m - 1]} ${date.slice(0, 4)} has ${last} days`;
  return undefined;
}

/**
 * A record's date field as an article date: an ISO date (YYYY, YYYY-MM, YYYY-MM-DD) or an
 * ISO date-time whose date part is taken as written (`2021-08-27T10:15:00Z` -> 2021-08-27;
 * the time zone is not applied). Returns the date, or a reason it is not one.
 */
export function recordDate(value: string): { date: string } | { problem: string } {
  const dt = /^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(value);
  const date = dt === null ? value : dt[1]!;
  const problem = dateProblem(date);
  return problem === undefined ? { date } : { problem };
}

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11,
  november: 11, dec: 12, december: 12,
};

function startOf(date: string): string {
  return date.length === 4 ? `${date}-01-01` : date.length === 7 ? `${date}-01` : date;
}

function endOf(date: string): string {
  return date.length === 4 ? `${date}-12-31` : date.length === 7 ? `${date}-31` : date;
}

/** Name and version of the policy below (recorded in the output's `annotator.policies`). */
export const ROLES_POLICY = 'roles-on-date.v2';

/** How far an `approximate` role's window is widened on each side, in years. */
export const APPROXIMATE_MARGIN_YEARS = 1;

function shiftYear(isoDay: string, years: number): string {
  return `${String(Number(isoDay.slice(0, 4)) + years).padStart(4, '0')}${isoDay.slice(4)}`;
}

/**
 * roles-on-date.v2: the roles held on `date` (a full or partial ISO date), in lexicon
 * order, or undefined when no role can be placed in time (nothing can be said).
 * - A role without dates, or with `dates: unknown`, is never claimed as held.
 * - A role with `dates: approximate` matches within a window widened by
 *   APPROXIMATE_MARGIN_YEARS on each side of its `from`/`to`, and keeps its
 *   `dates: approximate` flag in the output, so a reader knows the claim is loose.
 * - Any other dated role (`dates: exact` or no flag, as in v1) matches its span as given.
 */
export function rolesOn(roles: readonly Role[], date: string): Role[] | undefined {
  const dated = roles.filter((r) => r.dates !== 'unknown' && (r.from !== undefined || r.to !== undefined));
  if (dated.length === 0) return undefined;
  const from = startOf(date);
  const to = endOf(date);
  return dated.filter((r) => {
    const margin = r.dates === 'approximate' ? APPROXIMATE_MARGIN_YEARS : 0;
    const rFrom = r.from === undefined ? undefined : shiftYear(startOf(r.from), -margin);
    const rTo = r.to === undefined ? undefined : shiftYear(endOf(r.to), margin);
    return (rFrom === undefined || rFrom <= to) && (rTo === undefined || rTo >= from);
  });
}

const pad = (n: number): string => String(n).padStart(2, '0');

function valid(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/**
 * A date in the article's dateline: the first three lines, "KABUL, Aug. 27, 2021 (Wire)",
 * "27 August 2021", or "2021-08-27". A dateline without a year gives no date.
 */
export function datelineDate(text: string): string | undefined {
  // The first 400 characters of the first three lines come from the first 402 of the text
  // (two line breaks of two characters become one each): split a prefix, not the whole text.
  const head = text.slice(0, 1024).split(/\r\n|\n|\r/).slice(0, 3).join('\n').slice(0, 400);
  const iso = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(head);
  if (iso && valid(+iso[1]!, +iso[2]!, +iso[3]!)) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const mdy = /\b([A-Z][a-z]{2,8})\.? (\d{1,2}),? (\d{4})\b/.exec(head);
  if (mdy) {
    const m = MONTHS[mdy[1]!.toLowerCase()];
    if (m !== undefined && valid(+mdy[3]!, m, +mdy[2]!)) return `${mdy[3]}-${pad(m)}-${pad(+mdy[2]!)}`;
  }
  const dmy = /\b(\d{1,2}) ([A-Z][a-z]{2,8})\.? (\d{4})\b/.exec(head);
  if (dmy) {
    const m = MONTHS[dmy[2]!.toLowerCase()];
    if (m !== undefined && valid(+dmy[3]!, m, +dmy[1]!)) return `${dmy[3]}-${pad(m)}-${pad(+dmy[1]!)}`;
  }
  return undefined;
}
