// @ts-check
// General rule open-roles.v1 of scripts/build-actors.mjs: an end for the dated roles that
// have none (issue 12, bench/officials-audit.md "Audit 4"). Pure; used by build-actors and
// by test/unit/actor-lexicons.test.ts.

/** Earliest day a date (YYYY, YYYY-MM or YYYY-MM-DD) can mean, as a comparable string. */
const earliest = (/** @type {string} */ v) => (v.length === 4 ? `${v}-01-01` : v.length === 7 ? `${v}-01` : v);

/**
 * @typedef {{ title: string, organization?: string, office?: string, affiliation?: string, province?: string,
 *   from?: string, to?: string, dates?: string, note?: string }} Role
 * @typedef {{ id: string, roles?: Role[] }} Person
 */

/** Name and version of the rule below (written in the note of every role it closes). */
export const OPEN_ROLES_RULE = 'open-roles.v1';
/** The Islamic Republic fell on this day: none of its officials held office after it. */
const REPUBLIC_END = '2021-08-15';
/**
 * Posts that several people hold at a time (a ministry has several deputies, a governor
 * several deputies, a movement several spokesmen): a later holder is not a successor.
 */
const SEVERAL_HOLDERS = /^(first |second )?deputy (minister|governor)\b|^spokesm[ae]n\b/i;

/**
 * General rule open-roles.v1. Under roles-on-date.v2 a role with a start and no end is
 * "still held", so an article of a later year would name a long-gone official in post. For
 * every role with a `from`, no `to` and dates other than `unknown` (an unknown role is never
 * claimed anyway); a role that has an end is never touched:
 *  (a) successor: if another person has a role with the same title, organization and
 *      province and a later start (the earliest such start; not for posts several people
 *      hold at a time), the role ends at that start;
 *  (b) republic: else, or when that start is after 2021-08-15, a role with affiliation
 *      `republic` ends at 2021-08-15 (the Islamic Republic's officials had all left by then).
 * Either way the role becomes `dates: approximate` and its note says so. Any other open role
 * (a current post with no successor known) stays open. The closed roles replace the old ones
 * in `entries` (a new object each); which roles close, and how, depends only on the roles'
 * values, so the
 * result does not depend on the order of the entries.
 * @param {Person[]} entries people, each with `roles`
 * @param {{ rules: string[] }} log
 * @returns {{ successor: number, republic: number }}
 */
export function closeOpenRoles(entries, log) {
  const counts = { successor: 0, republic: 0 };
  const postKey = (/** @type {Role} */ r) => `${r.title}\u0001${r.organization ?? ''}\u0001${r.province ?? ''}`;
  /** The dated roles of each post: who, and from when. @type {Map<string, { id: string, from: string }[]>} */
  const byPost = new Map();
  for (const e of entries) {
    for (const r of e.roles ?? []) {
      if (r.from === undefined || r.dates === 'unknown') continue;
      const k = postKey(r);
      const holders = byPost.get(k) ?? [];
      holders.push({ id: e.id, from: r.from });
      byPost.set(k, holders);
    }
  }
  for (const e of entries) {
    const roles = e.roles ?? [];
    for (let i = 0; i < roles.length; i++) {
      const r = roles[i];
      if (r === undefined || r.from === undefined || r.to !== undefined || r.dates === 'unknown') continue;
      const start = earliest(r.from);
      // The successor: the earliest later start of another person (ties: the smaller id).
      /** @type {{ id: string, from: string } | undefined} */
      let next;
      if (!SEVERAL_HOLDERS.test(r.title)) {
        for (const c of byPost.get(postKey(r)) ?? []) {
          if (c.id === e.id || earliest(c.from) <= start) continue;
          const [a, b] = [earliest(c.from), next === undefined ? '' : earliest(next.from)];
          if (next === undefined || a < b || (a === b && c.id < next.id)) next = c;
        }
      }
      const republic = r.affiliation === 'republic' && start <= REPUBLIC_END;
      let to;
      let why;
      if (next !== undefined && !(republic && earliest(next.from) > REPUBLIC_END)) {
        to = next.from;
        why = `successor's start: ${next.id} from ${next.from}`;
        counts.successor++;
      } else if (republic) {
        to = REPUBLIC_END;
        why = 'the Islamic Republic fell on 2021-08-15';
        counts.republic++;
      } else continue;
      const note = `End not sourced: set by ${OPEN_ROLES_RULE} (${why}).`;
      roles[i] = { ...r, to, dates: 'approximate', note: r.note ? `${r.note} ${note}` : note };
      log.rules.push(`${e.id}: role "${r.title}" from ${r.from} had no end -> to ${to}, dates: approximate (${OPEN_ROLES_RULE}: ${why})`);
    }
  }
  return counts;
}
