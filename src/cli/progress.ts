import type { BuildProgress } from '../pipeline/types.ts';

/** How often a line is redrawn at most: a terminal need not repaint 10,000 times. */
const REDRAW_MS = 100;
/** Erase the line and go back to its start. */
const CLEAR = '\r\x1b[2K';

export interface ProgressLine {
  update(progress: BuildProgress): void;
  /** Erases the line, if one was drawn, before the summary is printed. */
  end(): void;
}

/**
 * One line on a terminal that a long build redraws in place ("reading posts 4,210 of 10,000");
 * nothing for a build done within `afterMs`, so quick runs print only their summary.
 */
export function progressLine(write: (text: string) => void, afterMs: number, now: () => number = () => performance.now()): ProgressLine {
  const started = now();
  let drawnAt: number | undefined;
  return {
    update({ stage, done, total }) {
      const at = now();
      if (at - started < afterMs || (drawnAt !== undefined && at - drawnAt < REDRAW_MS && done < total)) return;
      drawnAt = at;
      write(`${CLEAR}${stage} ${done.toLocaleString('en')} of ${total.toLocaleString('en')}`);
    },
    end() {
      if (drawnAt !== undefined) write(CLEAR);
    },
  };
}
