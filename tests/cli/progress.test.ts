import { describe, expect, it } from 'vitest';
import { progressLine } from '../../src/cli/progress.ts';

const CLEAR = '\r\x1b[2K';

/** A progress line on a clock the test moves. */
function line(afterMs: number) {
  let clock = 0;
  const written: string[] = [];
  const progress = progressLine((text) => written.push(text), afterMs, () => clock);
  return { progress, written, at: (ms: number) => (clock = ms) };
}

describe('the progress line', () => {
  it('draws nothing before the delay, then at most every 100 ms, and always the last step', () => {
    const { progress, written, at } = line(1000);
    at(999);
    progress.update({ stage: 'reading posts', done: 1, total: 10_000 });
    expect(written).toEqual([]);
    at(1000);
    progress.update({ stage: 'reading posts', done: 2, total: 10_000 });
    at(1050);
    progress.update({ stage: 'reading posts', done: 3, total: 10_000 });
    at(1100);
    progress.update({ stage: 'reading posts', done: 4_210, total: 10_000 });
    at(1101);
    progress.update({ stage: 'reading posts', done: 10_000, total: 10_000 });
    progress.end();
    expect(written).toEqual([
      `${CLEAR}reading posts 2 of 10,000`,
      `${CLEAR}reading posts 4,210 of 10,000`,
      `${CLEAR}reading posts 10,000 of 10,000`,
      CLEAR,
    ]);
  });

  it('leaves the terminal untouched when it never drew', () => {
    const { progress, written } = line(1000);
    progress.update({ stage: 'writing feed files', done: 1, total: 3 });
    progress.end();
    expect(written).toEqual([]);
  });
});
