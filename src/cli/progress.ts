/**
 * The progress line and the closing summary of `annotate` on a terminal (stderr). The
 * renderers are pure (state in, one line out); `ProgressLine` redraws the latest state
 * a few times a second, and is used only when stderr is a terminal and --quiet is not
 * given (never in pipes, files or CI logs).
 */

export interface ProgressState {
  /** Inputs handled so far: annotated, up to date, or failed. */
  done: number;
  /** How many inputs in all; undefined until the inputs have been counted. */
  total: number | undefined;
  /** Bytes read so far. */
  bytes: number;
  mentions: number;
  failed: number;
  upToDate: number;
  elapsedMs: number;
  /** What is counted: files, or records in record mode. */
  unit: 'file' | 'record';
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** `850 ms`, `12.3 s`, `4 min 05 s`, `2 h 03 min`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const total = Math.round(s);
  if (total < 3600) return `${Math.floor(total / 60)} min ${String(total % 60).padStart(2, '0')} s`;
  return `${Math.floor(total / 3600)} h ${String(Math.floor((total % 3600) / 60)).padStart(2, '0')} min`;
}

function plural(n: number, word: string): string {
  return `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;
}

/** One line of at most `width - 1` columns: `[####------]  1,234/5,000 files  3.1 MB/s  1 min 02 s left`. */
export function renderProgress(s: ProgressState, width: number = 80): string {
  const seconds = s.elapsedMs / 1000;
  const mbs = seconds > 0 ? s.bytes / (1024 * 1024) / seconds : 0;
  const rate = `${mbs.toFixed(1)} MB/s`;
  const parts: string[] = [];
  if (s.total !== undefined && s.total > 0) {
    const fraction = Math.min(1, s.done / s.total);
    const cells = 20;
    const full = Math.floor(fraction * cells);
    parts.push(`[${'#'.repeat(full)}${'-'.repeat(cells - full)}]`);
    parts.push(`${formatCount(s.done)}/${formatCount(s.total)} ${s.unit}s`);
    parts.push(rate);
    if (s.done > 0 && s.done < s.total && seconds > 0) parts.push(`${formatDuration(((s.total - s.done) * s.elapsedMs) / s.done)} left`);
  } else {
    parts.push(`${formatCount(s.done)} ${s.unit}s`);
    parts.push(rate);
    if (s.unit === 'file') parts.push('(counting inputs)');
  }
  if (s.failed > 0) parts.push(plural(s.failed, 'error'));
  const line = parts.join('  ');
  return line.length < width ? line : line.slice(0, Math.max(0, width - 1));
}

/** The one-line summary at the end: `annotated 12 files, 340 mentions, 0 errors in 2.1 s`. */
export function renderSummary(s: ProgressState): string {
  const upToDate = s.upToDate > 0 ? ` (${formatCount(s.upToDate)} up to date, skipped)` : '';
  const annotated = s.done - s.upToDate - s.failed;
  return `annotated ${plural(annotated, s.unit)}${upToDate}, ${plural(s.mentions, 'mention')}, ${plural(s.failed, 'error')} in ${formatDuration(s.elapsedMs)}`;
}

/** Redraws the progress line on a terminal stream, at most every `intervalMs`, from a snapshot function. */
export class ProgressLine {
  private snapshot: (() => ProgressState) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private shown = false;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly intervalMs = 250,
  ) {}

  start(snapshot: () => ProgressState): void {
    this.snapshot = snapshot;
    this.draw();
    this.timer = setInterval(() => this.draw(), this.intervalMs);
    this.timer.unref();
  }

  /** Erase the line (before an error message is printed; the next tick redraws it). */
  clear(): void {
    if (this.shown) this.stream.write('\r\x1b[K');
    this.shown = false;
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.snapshot = undefined;
    this.clear();
  }

  private draw(): void {
    if (this.snapshot === undefined) return;
    this.stream.write(`\r${renderProgress(this.snapshot(), this.stream.columns || 80)}\x1b[K`);
    this.shown = true;
  }
}
