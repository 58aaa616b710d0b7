import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/pipeline/tokenize.js';

describe('tokenize: wink-nlp tokens with offsets rebuilt', () => {
  it('gives offsets whose slices are the token values, through CRLF, emoji and Pashto', () => {
    const text = 'The Taliban’s attack 🙂 on د کندز ولایت.\r\n\r\nNATO-led forces said so. Next one!';
    const t = tokenize(text);
    expect(t.count).toBeGreaterThan(10);
    for (let i = 0; i < t.count; i++) expect(text.slice(t.start[i], t.end[i])).toBe(t.value[i]);
  });

  it('numbers sentences from 0 in text order', () => {
    const t = tokenize('Kunduz fell. Helmand held. Kabul waited.');
    expect(t.sentences).toBe(3);
    const first = t.value.indexOf('Helmand');
    expect(t.sentence[first]).toBe(1);
    expect(t.sentence[t.value.indexOf('Kabul')]).toBe(2);
  });

  it('handles empty and whitespace-only text', () => {
    expect(tokenize('').count).toBe(0);
    const ws = tokenize(' \r\n\t ');
    for (let i = 0; i < ws.count; i++) expect(ws.value[i]!.trim()).toBe('');
  });
});
