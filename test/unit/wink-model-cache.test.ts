/**
 * The cache of wink's built core model (src/wink-model-cache.ts) and the reduced model the
 * tokenizer uses (sbdModel in src/pipeline/tokenize.ts), issue 5: with either, tokens,
 * offsets and sentence numbers must be exactly those of wink's whole English model, and a
 * missing, corrupt or foreign cache entry must fall back to wink's own loader silently.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deserialize } from 'node:v8';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { fullWinkModel, loadWinkCore, sbdModel, setTokenizerModel, tokenize, type Tokens, type WinkCore, type WinkModel } from '../../src/core/pipeline/tokenize.js';
import { cachedWinkModel, IMAGE_CHECK_BYTES, imageBytes, loadWinkCoreCached, sameData, useWinkModelCache, winkCacheDir, winkCacheKey, writeWinkCoreCache } from '../../src/node/wink-model-cache.js';
import { expectValidAnnotation, repoRoot, runCli } from '../helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'aa-wink-cache-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => setTokenizerModel(undefined));

const samples = join(repoRoot, 'samples');

/** English news, Pashto and Dari, emoji, CRLF, URLs, contractions, abbreviations, numbers, and words that are names on Object.prototype. */
const VARIED = [
  'KABUL, 3 March 2021 (Wire) – Taliban fighters attacked Kunduz province overnight, officials said.',
  "The U.S. envoy, Gen. Austin S. Miller, didn't comment; Dr. Abdullah's office said it wasn't told.",
  'Mr. Ghani left at 10:30 p.m. on Aug. 15. The U.N. said 1,234 people (about 12.5 %) fled; $3.5bn was pledged.',
  'See https://example.org/news/2021/08/15?id=42&lang=en and mail press@example.org — or call +93 20 210 1234.',
  'د کندز ولایت والي وویل چې طالبانو حمله وکړه. در ولایت هرات، مقامات گفتند که ۱۲ نفر کشته شدند.',
  'Emoji 🙂🇦🇫 and ZWJ 👩‍👩‍👧 inside "quotes" and ‘curly’ ones… Done!\r\nA CRLF line.\r\n\r\nNext paragraph.',
  "It's the Taliban's; they'd've gone. Isn't it? Yes—no… (maybe).",
  'He called toString and hasOwnProperty, then valueOf, constructor, __proto__, length and size.',
  'Tālibān, Hizb-e-Islami, al-Qaeda and ISIS-K; NATO-led forces; 2nd Bn., 3rd Inf. Div.; No. 7 St. James St.',
  '   \t leading blanks, trailing blanks   \n\n\n',
].join('\n');

function sampleTexts(): string {
  return readdirSync(samples)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => readFileSync(join(samples, f), 'utf8'))
    .join('\n\n');
}

interface Plain {
  count: number;
  sentences: number;
  start: number[];
  end: number[];
  sentence: number[];
  value: string[];
}

const plain = (t: Tokens): Plain => ({ count: t.count, sentences: t.sentences, start: [...t.start], end: [...t.end], sentence: [...t.sentence], value: t.value });

/** Tokenize each text with a model built by `source` (a fresh wink instance). */
function tokensWith(source: () => WinkModel, texts: string[]): Plain[] {
  setTokenizerModel(source);
  return texts.map((text) => plain(tokenize(text)));
}

const TEXTS = [VARIED, sampleTexts(), 'One.', ''];

let reference: Plain[] | undefined;
/** The tokens of wink's whole English model (the package's own model object). */
function referenceTokens(): Plain[] {
  reference ??= tokensWith(fullWinkModel, TEXTS);
  return reference;
}

const images = (dir: string): string[] => {
  try {
    return readdirSync(dir).filter((n) => n.endsWith('.v8'));
  } catch {
    return [];
  }
};

describe('the tokenizer model (sbdModel) and the cached core model', () => {
  it('tokenize the varied text into exactly the tokens, offsets and sentences of wink\'s whole model', () => {
    const ref = referenceTokens();
    const varied = ref[0]!;
    // The reference itself is sane: lossless offsets, several sentences, the hard cases present.
    for (let i = 0; i < varied.count; i++) expect(VARIED.slice(varied.start[i], varied.end[i])).toBe(varied.value[i]);
    expect(varied.sentences).toBeGreaterThan(10);
    for (const token of ['U.S.', 'Gen.', "n't", 'toString', 'constructor', 'https://example.org/news/2021/08/15?id=42&lang=en', '1,234', 'کندز', '🙂']) expect(varied.value).toContain(token);

    expect(tokensWith(() => sbdModel(), TEXTS)).toEqual(ref);

    const dir = join(tmp, 'same');
    const miss = tokensWith(cachedWinkModel({ dir, shipped: false }), TEXTS);
    expect(images(dir)).toHaveLength(1);
    const hit = tokensWith(cachedWinkModel({ dir, shipped: false }), TEXTS);
    expect(images(dir)).toHaveLength(1);
    expect(miss).toEqual(ref);
    expect(hit).toEqual(ref);
  });

  it('gives from a hit the very core model wink builds: values, key order, null prototypes, typed arrays, sets, a lexeme hash that reads the same', () => {
    const dir = join(tmp, 'deep');
    loadWinkCoreCached({ dir, shipped: false }); // miss: writes the image
    const hit = loadWinkCoreCached({ dir, shipped: false });
    const built = loadWinkCore();
    expect(sameData(hit, built)).toBe(true);
    const lexicon = loadWinkCore();
    (lexicon['lexicon'] as Uint32Array)[7]! ^= 1;
    expect(sameData(lexicon, built)).toBe(false); // one bit of 1.4 MB tells
    const features = hit['features'] as Record<string, { hash?: Record<string, unknown>; list: unknown[] }>;
    const builtLexemes = (built['features'] as Record<string, { hash: Record<string, unknown> }>)['lexeme']!.hash;
    // The lexemes' hash is lazy (lazy-lexemes.v2): it reads as the built one, words of
    // Object.prototype's names included, and inherits nothing else.
    const lexemes = features['lexeme']!.hash!;
    expect(Object.getPrototypeOf(Object.getPrototypeOf(lexemes))).toBeNull();
    for (const word of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'Kabul', 'the', 'qqzzxq']) expect(lexemes[word]).toBe(builtLexemes[word]);
    expect(Object.getPrototypeOf(features['suffix']!.hash)).toBeNull();
    expect(features['lexeme']!.list.length).toBeGreaterThan(80_000);
    expect(hit['lexicon']).toBeInstanceOf(Uint32Array);
    expect(features['posClusters']!.list[0]).toBeInstanceOf(Set);
    // Each call gives a new object (wink adds the words it meets to its core model).
    expect(loadWinkCoreCached({ dir, shipped: false })).not.toBe(hit);
  });

  it('needs the null prototypes restored: a core whose hashes inherit from Object.prototype breaks on "toString"', () => {
    // What node:v8 deserialization alone would give; sameData tells them apart.
    const inheriting = (): WinkCore => {
      const core = loadWinkCore();
      for (const f of Object.values(core['features'] as Record<string, { hash?: object }>)) if (f.hash !== undefined) Object.setPrototypeOf(f.hash, Object.prototype);
      return core;
    };
    const core = inheriting();
    expect(sameData(core, loadWinkCore())).toBe(false);
    setTokenizerModel(() => sbdModel(() => core));
    expect(() => tokenize('He called toString twice.')).toThrow();
  });

  it('falls back to wink\'s own loader when the entry is corrupt, truncated, foreign or unreadable, and repairs it', () => {
    const ref = referenceTokens();
    const dir = join(tmp, 'corrupt');
    loadWinkCoreCached({ dir, shipped: false });
    const [name] = images(dir);
    const file = join(dir, name!);
    const good = readFileSync(file);
    const built = loadWinkCore();

    const flipped = Buffer.from(good);
    flipped[Math.floor(flipped.length / 2)]! ^= 0x55; // inside the lexicon: deserializes, but the check (CRC-32) differs
    const foreign = imageBytes(built, `${winkCacheKey()}\nanother build`); // a valid image for another key
    for (const bytes of [Buffer.from('garbage'), good.subarray(0, good.length >> 1), flipped, Buffer.alloc(0), foreign]) {
      writeFileSync(file, bytes);
      expect(sameData(loadWinkCoreCached({ dir, shipped: false }), built)).toBe(true);
      expect(readFileSync(file).equals(good)).toBe(true); // rewritten by the fallback
    }
    writeFileSync(file, flipped);
    expect(tokensWith(cachedWinkModel({ dir, shipped: false }), TEXTS)).toEqual(ref);

    // Unreadable and unwritable: a folder where the file should be.
    rmSync(file);
    mkdirSync(file);
    expect(sameData(loadWinkCoreCached({ dir, shipped: false }), built)).toBe(true);
    expect(tokensWith(cachedWinkModel({ dir, shipped: false }), TEXTS)).toEqual(ref);
  });

  it('caches a marker, not an image, for a core model it could not give back exactly', () => {
    const core = loadWinkCore();
    (core['features'] as Record<string, unknown>)['odd'] = new Map([['a', 1]]); // not restorable by sameData's rules
    const marker = deserialize(imageBytes(core).subarray(IMAGE_CHECK_BYTES)) as { core: unknown };
    expect(marker.core).toBeNull();
    const fine = deserialize(imageBytes(loadWinkCore()).subarray(IMAGE_CHECK_BYTES)) as { core: unknown };
    expect(fine.core).not.toBeNull();
  });

  it('reads a shipped image (writeWinkCoreCache) after a miss in the user\'s folder, and writes nothing there', () => {
    const shipped = join(tmp, 'shipped', 'wink');
    const user = join(tmp, 'shipped-user', 'wink');
    const file = writeWinkCoreCache(shipped);
    expect(file).toBeDefined();
    expect(images(shipped)).toHaveLength(1);
    expect(sameData(loadWinkCoreCached({ dir: user, shipped }), loadWinkCore())).toBe(true);
    expect(images(user)).toHaveLength(0);
    expect(tokensWith(cachedWinkModel({ dir: user, shipped }), TEXTS)).toEqual(referenceTokens());
  });

  it('reads and writes nothing when disabled', () => {
    const dir = join(tmp, 'off');
    expect(sameData(loadWinkCoreCached({ enabled: false, dir }), loadWinkCore())).toBe(true);
    useWinkModelCache({ enabled: false, dir });
    expect(tokenize('Kunduz fell. Kabul held.').sentences).toBe(2);
    expect(images(dir)).toHaveLength(0);
  });

  it('lives in wink/ beside the lexicon cache', () => {
    expect(winkCacheDir({ XDG_CACHE_HOME: '/x/cache' })).toBe(join('/x/cache', 'afghan-annotator', 'wink'));
  });
});

describe('the CLI and the wink model cache', () => {
  it('fills wink/ in the cache folder, gives the same annotation from a hit, and leaves it alone with --no-lexicon-cache', () => {
    const article = join(samples, '2021-08-kabul-airport-bombing.txt');
    const off = join(tmp, 'cli-off');
    const plainRun = runCli(['annotate', article, '-f', 'json', '--no-lexicon-cache'], { env: { XDG_CACHE_HOME: off } });
    expect(plainRun.status).toBe(0);
    expect(images(join(off, 'afghan-annotator', 'wink'))).toHaveLength(0);

    // The built CLI's image name; a shipped image of that name (scripts/prebuild-lexicon-cache.mjs) serves instead of the user's.
    const script = `const m = await import(${JSON.stringify(pathToFileURL(join(repoRoot, 'dist', 'node', 'wink-model-cache.js')).href)}); process.stdout.write(m.winkImageName());`;
    const name = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    const shipped = existsSync(join(repoRoot, 'dist', 'lexicon-cache', 'wink', name));

    const home = join(tmp, 'cli');
    const miss = runCli(['annotate', article, '-f', 'json'], { env: { XDG_CACHE_HOME: home } });
    expect(images(join(home, 'afghan-annotator', 'wink'))).toEqual(shipped ? [] : [name]);
    const hit = runCli(['annotate', article, '-f', 'json'], { env: { XDG_CACHE_HOME: home } });
    for (const r of [miss, hit]) {
      expect(r.status).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(plainRun.stdout);
    }
    expectValidAnnotation(JSON.parse(hit.stdout));
  });
});
