import { describe, expect, it } from 'vitest';
import { formatDuration, renderProgress, renderSummary, type ProgressState } from '../../src/cli/progress.js';

const base: ProgressState = { done: 0, total: undefined, bytes: 0, mentions: 0, failed: 0, upToDate: 0, elapsedMs: 0, unit: 'file' };

describe('progress line and summary (src/progress.ts)', () => {
  it('shows files done, MB/s and that inputs are still being counted', () => {
    expect(renderProgress({ ...base, done: 1234, bytes: 6 * 1024 * 1024, elapsedMs: 2000 })).toBe('1,234 files  3.0 MB/s  (counting inputs)');
  });

  it('shows done of total, a bar, MB/s and the time left once the total is known', () => {
    const line = renderProgress({ ...base, done: 250, total: 1000, bytes: 10 * 1024 * 1024, elapsedMs: 5000, failed: 2 });
    expect(line).toBe('[#####---------------]  250/1,000 files  2.0 MB/s  15.0 s left  2 errors');
  });

  it('fits the terminal width', () => {
    const line = renderProgress({ ...base, done: 250, total: 1000, bytes: 1, elapsedMs: 5000 }, 30);
    expect(line.length).toBe(29);
  });

  it('counts records in record mode', () => {
    expect(renderProgress({ ...base, done: 10, unit: 'record', bytes: 1024 * 1024, elapsedMs: 1000 })).toBe('10 records  1.0 MB/s');
  });

  it('summarises files, mentions, errors and time in one line', () => {
    expect(renderSummary({ ...base, done: 42, failed: 2, mentions: 2749, elapsedMs: 5230 })).toBe('annotated 40 files, 2,749 mentions, 2 errors in 5.2 s');
    expect(renderSummary({ ...base, done: 13, upToDate: 12, mentions: 1, elapsedMs: 840 })).toBe(
      'annotated 1 file (12 up to date, skipped), 1 mention, 0 errors in 840 ms',
    );
  });

  it('formats durations', () => {
    expect(formatDuration(65_000)).toBe('1 min 05 s');
    expect(formatDuration(2 * 3600_000 + 180_000)).toBe('2 h 03 min');
  });
});
