/**
 * Finding inputs: command-line paths -> the files to annotate, in a deterministic order.
 *
 * - A file argument is taken as it is, whatever its extension.
 * - A directory is walked recursively; entries are visited in code-unit order of their
 *   names; hidden entries (a name starting with ".") are skipped; a file is taken when its
 *   extension is one of `extensions` (default: txt) or, with `include`, when its path
 *   relative to the directory matches the glob. Symbolic links to directories are
 *   followed once (a loop is not entered twice).
 * - `-` is standard input.
 * Arguments keep the order given. A path that does not exist is an error for that path
 * only; the others go on.
 * - A folder entry whose name is not valid UTF-8 cannot be named in `source.path` (a JSON
 *   string) nor mirrored below --out-dir without a lossy spelling that could collide with
 *   another name: it is refused (AA109), its name printed with the bad bytes as `\xHH`.
 * - A folder that had an error while it was walked (unreadable, say) is not reported
 *   again as having no matching files (AA106).
 * - With `skipOutputs` (annotate, check), the walk leaves out what the tool writes, so
 *   that an --out-dir inside the input folder is not annotated again on the next run:
 *   files named like outputs (TOOL_OUTPUT: `*.ann.yaml|json|jsonl`, brat `*.ann`,
 *   `*.w3c.jsonld`), the folders in `excludeDirs` (the run's --out-dir, compared by real
 *   location) and folders holding EXPORT_MARKER (written by `export`: its brat `.txt`
 *   copies would otherwise be new articles). A folder given as an argument is always walked.
 */
import { isUtf8 } from 'node:buffer';
import { readFileSync, realpathSync, type Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep, basename } from 'node:path';
import { AnnotatorError, displayPath } from '../core/errors.js';
import { firstInvalidUtf8 } from '../core/pipeline/read.js';

export interface InputFile {
  /** The path to show and to record in `source.path` (as given, joined with the walk). */
  path: string;
  /** Where to read from (same as `path`; `-` for stdin). */
  file: string;
  /** Output path relative to `--out-dir`, without the annotation extension. */
  outputStem: string;
}

export interface FindOptions {
  extensions: readonly string[];
  include?: string;
  /** Leave out of folder walks the files and folders the tool writes (see above). */
  skipOutputs?: boolean;
  /** With `skipOutputs`: folders not to enter (the run's --out-dir), by real location. */
  excludeDirs?: readonly string[];
}

/** Names of the files the tool writes: annotations, and `export`'s brat `.ann` and W3C `.w3c.jsonld`. */
export const TOOL_OUTPUT = /\.(?:ann(?:\.(?:yaml|json|jsonl))?|w3c\.jsonld)$/;
/** The hidden file `export` leaves at the top of its --out-dir: folder walks do not enter a folder that holds it. */
export const EXPORT_MARKER = '.afghan-annotator-export';

export type Found = { ok: true; input: InputFile } | { ok: false; error: AnnotatorError };

/** `**` any depth, `*` any run within a name, `?` one character, `{a,b}` alternatives. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') {
          i++;
          re += '(?:.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const close = glob.indexOf('}', i);
      if (close === -1) re += '\\{';
      else {
        re += `(?:${glob
          .slice(i + 1, close)
          .split(',')
          .map((s) => s.replace(/[.+^${}()|[\]\\*?]/g, '\\$&'))
          .join('|')})`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'u');
}

function stemOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

/** Reading a listed input failed: it disappeared since it was listed (AA101), or cannot be read (AA102). */
export function inputReadError(path: string, cause: unknown): AnnotatorError {
  const code = (cause as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new AnnotatorError('AA101', 'file disappeared before it could be read', { file: displayPath(path), cause });
  return new AnnotatorError('AA102', `cannot read (${code ?? 'error'})`, { file: displayPath(path), cause });
}

/** The bytes of a listed input: `inputReadError` if it cannot be read. */
export function readInput(input: Pick<InputFile, 'file' | 'path'>): Uint8Array {
  try {
    return readFileSync(input.file);
  } catch (cause) {
    throw inputReadError(input.path, cause);
  }
}

function notFound(path: string, cause: unknown): AnnotatorError {
  const code = (cause as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new AnnotatorError('AA101', 'no such file or directory', { file: displayPath(path), cause });
  return new AnnotatorError('AA102', `cannot read (${code ?? 'error'})`, { file: displayPath(path), cause });
}

/** A file name's bytes as text: valid UTF-8 decoded, every other byte written `\xHH`. */
export function escapeNameBytes(bytes: Uint8Array): string {
  let out = '';
  let rest = bytes;
  while (rest.length > 0) {
    const bad = firstInvalidUtf8(rest);
    out += Buffer.from(rest.buffer, rest.byteOffset, bad).toString('utf8');
    if (bad === rest.length) break;
    out += `\\x${rest[bad]!.toString(16).padStart(2, '0')}`;
    rest = rest.subarray(bad + 1);
  }
  return out;
}

function notUtf8(shown: string, folder: boolean): AnnotatorError {
  const what = folder ? 'folder name is not valid UTF-8 (bad bytes shown as \\xHH): its files are skipped; rename it to annotate them' : 'file name is not valid UTF-8 (bad bytes shown as \\xHH): rename it to annotate it';
  return new AnnotatorError('AA109', what, { file: displayPath(shown) });
}

const byName = <T extends { name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export async function* findInputs(args: readonly string[], options: FindOptions): AsyncGenerator<Found> {
  const include = options.include === undefined ? undefined : globToRegExp(options.include);
  const extensions = new Set(options.extensions.map((e) => (e.startsWith('.') ? e : `.${e}`).toLowerCase()));
  const wanted = (rel: string, name: string): boolean => {
    if (include !== undefined) return include.test(toPosix(rel));
    const dot = name.lastIndexOf('.');
    return dot > 0 && extensions.has(name.slice(dot).toLowerCase());
  };

  const skipOutputs = options.skipOutputs === true;
  // Real locations of `excludeDirs`, resolved as soon as they exist (an --out-dir may be made during the walk).
  const excludes = (options.excludeDirs ?? []).map((dir) => ({ dir, real: undefined as string | undefined }));
  const excluded = (real: string): boolean =>
    excludes.some((e) => {
      if (e.real === undefined) {
        try {
          e.real = realpathSync.native(e.dir);
        } catch {
          return false;
        }
      }
      return e.real === real;
    });

  for (const arg of args) {
    if (arg === '-') {
      yield { ok: true, input: { path: '-', file: '-', outputStem: 'stdin' } };
      continue;
    }
    let info;
    try {
      info = await stat(arg);
    } catch (cause) {
      const error = notFound(arg, cause);
      // Node decodes the command line as UTF-8, a bad byte as U+FFFD: such a name cannot be opened.
      if (error.code === 'AA101' && arg.includes('\uFFFD')) {
        yield { ok: false, error: new AnnotatorError('AA101', `${error.message} (a name that is not valid UTF-8 reaches the tool with U+FFFD in place of its bad bytes, and cannot be opened: rename the file)`, { file: error.file, cause }) };
      } else yield { ok: false, error };
      continue;
    }
    if (!info.isDirectory()) {
      yield { ok: true, input: { path: arg, file: arg, outputStem: stemOf(basename(arg)) } };
      continue;
    }
    let count = 0;
    let failed = false;
    const visited = new Set<string>();
    async function* walk(dir: string, top: boolean): AsyncGenerator<Found> {
      let real: string;
      try {
        real = await realpath(dir);
      } catch (cause) {
        failed = true;
        yield { ok: false, error: notFound(dir, cause) };
        return;
      }
      if (visited.has(real)) return;
      visited.add(real);
      if (skipOutputs && !top && excluded(real)) return;
      // Names are read as bytes: a name that is not UTF-8 would otherwise be read lossily
      // (U+FFFD) and then not be found.
      let listed: Dirent<Buffer>[];
      try {
        listed = await readdir(dir, { withFileTypes: true, encoding: 'buffer' });
      } catch (cause) {
        failed = true;
        yield { ok: false, error: notFound(dir, cause) };
        return;
      }
      const entries: { name: string; utf8: boolean; bytes: Buffer; entry: Dirent<Buffer> }[] = listed.map((entry) => ({
        name: entry.name.toString('utf8'),
        utf8: isUtf8(entry.name),
        bytes: entry.name,
        entry,
      }));
      if (skipOutputs && !top && entries.some((e) => e.name === EXPORT_MARKER)) return;
      entries.sort((a, b) => byName(a, b) || Buffer.compare(a.bytes, b.bytes));
      for (const { name, utf8, bytes, entry } of entries) {
        if (name.startsWith('.')) continue;
        const full = join(dir, name);
        // The entry's type comes with the listing; only links (and unknown types) need a stat.
        let s: { isDirectory(): boolean; isFile(): boolean } = entry;
        if (!entry.isDirectory() && !entry.isFile()) {
          try {
            s = await stat(utf8 ? full : Buffer.concat([Buffer.from(join(dir, '/')), bytes]));
          } catch (cause) {
            // A dangling link or a file removed while walking: report, go on.
            failed = true;
            yield { ok: false, error: utf8 ? notFound(full, cause) : notUtf8(join(dir, escapeNameBytes(bytes)), false) };
            continue;
          }
        }
        if (s.isDirectory()) {
          if (!utf8) {
            failed = true;
            yield { ok: false, error: notUtf8(join(dir, escapeNameBytes(bytes)), true) };
          } else yield* walk(full, false);
        } else if (s.isFile()) {
          const rel = relative(arg, full);
          if (!wanted(rel, name) || (skipOutputs && TOOL_OUTPUT.test(name))) continue;
          count++;
          if (!utf8) {
            yield { ok: false, error: notUtf8(join(dir, escapeNameBytes(bytes)), false) };
            continue;
          }
          const relDir = relative(arg, dir);
          yield { ok: true, input: { path: full, file: full, outputStem: toPosix(join(relDir, stemOf(name))) } };
        }
      }
    }
    yield* walk(arg, true);
    if (count === 0 && !failed) {
      const what = include === undefined ? `no *${[...extensions].join(', *')} files` : `no files match ${options.include}`;
      yield { ok: false, error: new AnnotatorError('AA106', `directory has ${what}`, { file: displayPath(arg) }) };
    }
  }
}
