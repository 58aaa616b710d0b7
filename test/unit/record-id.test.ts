/** rawMemberText: a numeric record id named as written (issue 13 item 8). */
import { describe, expect, it } from 'vitest';
import { rawMemberText } from '../../src/node/records.js';

describe('rawMemberText', () => {
  it.each([
    ['{"id": 100000000000000000000000000, "text": "x"}', '100000000000000000000000000'],
    ['{"text": "x", "id":1.50}', '1.50'],
    ['{ "id" : -0 , "text": "x" }', '-0'],
    ['{"meta": {"id": 3}, "text": "a \\"id\\": 4 {[", "id": 12e3}', '12e3'],
    ['{"id": 1, "id": 2}', '2'],
    ['{"list": [1, {"id": 9}], "id": "s\\"t"}', '"s\\"t"'],
  ])('%s -> %s', (raw, expected) => {
    expect(JSON.parse(raw)).toBeTypeOf('object');
    expect(rawMemberText(raw, 'id')).toBe(expected);
  });

  it('is undefined when the object has no such member', () => {
    expect(rawMemberText('{"meta": {"id": 3}, "text": "x"}', 'id')).toBeUndefined();
    expect(rawMemberText('{}', 'id')).toBeUndefined();
  });
});
