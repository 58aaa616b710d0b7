/**
 * The batch driver: inputs in a deterministic order, each read, annotated and written on
 * its own; one file's error is reported and the run goes on. Errors reach the caller as
 * data (`onError`), so only cli.ts decides what to print and which exit code to use.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { annotateText } from './annotate.js';
import { AnnotatorError, displayPath } from './errors.js';
import { findInputs, type FindOptions, type InputFile } from './inputs.js';
import type { PhraseIndex } from './lexicon/compile.js';
import type { EntityType } from './lexicon/types.js';
import { decodeSource } from './pipeline/read.js';
import { OUTPUT_EXTENSION, serializeAnnotation, serializeForStream, type Format } from './output/serialize.js';
import { writeFileAtomic } from './output/write.js';

export interface RunOptions extends FindOptions {
  inputs: readonly string[];
  index: PhraseIndex;
  format: Format;
  /** Write one file per input below this folder; without it, write to `writeStdout`. */
  outDir?: string;
  types?: readonly EntityType[];
  readStdin: () => Promise<Uint8Array>;
  writeStdout: (chunk: string) => Promise<void>;
  onError: (error: AnnotatorError) => void;
  onFileDone?: (input: InputFile, mentions: number) => void;
}

export interface RunResult {
  files: number;
  failed: number;
  mentions: number;
}

async function readInput(input: InputFile, readStdin: () => Promise<Uint8Array>): Promise<Uint8Array> {
  if (input.file === '-') return readStdin();
  try {
    return readFileSync(input.file);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AnnotatorError('AA101', 'file disappeared before it could be read', { file: displayPath(input.path), cause });
    throw new AnnotatorError('AA102', `cannot read (${code ?? 'error'})`, { file: displayPath(input.path), cause });
  }
}

export async function runAnnotate(options: RunOptions): Promise<RunResult> {
  const result: RunResult = { files: 0, failed: 0, mentions: 0 };
  const outputs = new Map<string, string>();

  for await (const found of findInputs(options.inputs, options)) {
    if (!found.ok) {
      result.failed++;
      options.onError(found.error);
      continue;
    }
    const input = found.input;
    let target: string | undefined;
    if (options.outDir !== undefined) {
      target = join(options.outDir, input.outputStem + OUTPUT_EXTENSION[options.format]);
      const earlier = outputs.get(target);
      if (earlier !== undefined) {
        result.failed++;
        options.onError(
          new AnnotatorError('AA107', `its output ${displayPath(target)} would overwrite that of ${displayPath(earlier)}; skipped`, {
            file: displayPath(input.path),
          }),
        );
        continue;
      }
      outputs.set(target, input.path);
    }
    try {
      const bytes = await readInput(input, options.readStdin);
      const source = decodeSource(bytes, displayPath(input.path));
      const annotation = annotateText(source.text, options.index, {
        path: input.path,
        sha256: source.sha256,
        encoding: source.encoding,
        ...(options.types === undefined ? {} : { types: options.types }),
      });
      if (target === undefined) {
        await options.writeStdout(serializeForStream(annotation, options.format));
      } else {
        try {
          writeFileAtomic(target, serializeAnnotation(annotation, options.format));
        } catch (cause) {
          const code = (cause as NodeJS.ErrnoException).code ?? 'error';
          throw new AnnotatorError('AA301', `cannot write ${displayPath(target)} (${code})`, { file: displayPath(input.path), cause });
        }
      }
      result.files++;
      result.mentions += annotation.mentions.length;
      options.onFileDone?.(input, annotation.mentions.length);
    } catch (error) {
      if (error instanceof AnnotatorError && error.code.startsWith('AA1')) {
        result.failed++;
        options.onError(error);
        continue;
      }
      throw error;
    }
  }
  return result;
}
