/**
 * Where each input's annotation file goes below `--out-dir`, for `annotate` and `check`
 * alike: `DIR/<stem>.ann.<format>`. An input is refused, and only that input, when its
 * output name is longer than a file name may be (AA108) or when an earlier input of the
 * same run already writes that file (AA107).
 */
import { basename, join } from 'node:path';
import { AnnotatorError, displayPath } from '../../core/errors.js';
import type { InputFile } from '../inputs.js';
import { OUTPUT_EXTENSION, type Format } from '../../core/output/serialize.js';
import { NAME_MAX } from './write.js';

export class OutputTargets {
  /** Output file -> the input that writes it. */
  private readonly claimed = new Map<string, string>();

  constructor(
    private readonly outDir: string,
    private readonly format: Format,
  ) {}

  /** The output file of `input` (now taken by it), or the error that refuses the input. */
  claim(input: InputFile): { target: string } | { error: AnnotatorError } {
    const target = join(this.outDir, input.outputStem + OUTPUT_EXTENSION[this.format]);
    const file = displayPath(input.path);
    const size = Buffer.byteLength(basename(target));
    if (size > NAME_MAX) {
      return { error: new AnnotatorError('AA108', `its output name would be ${size} bytes, more than the ${NAME_MAX} a file name may have; skipped`, { file }) };
    }
    const earlier = this.claimed.get(target);
    if (earlier !== undefined) {
      return { error: new AnnotatorError('AA107', `its output ${displayPath(target)} would overwrite that of ${displayPath(earlier)}; skipped`, { file }) };
    }
    this.claimed.set(target, input.path);
    return { target };
  }

  /** Whether an input of this run writes `file` (a path as `join` gives it). */
  has(file: string): boolean {
    return this.claimed.has(join(file));
  }
}
