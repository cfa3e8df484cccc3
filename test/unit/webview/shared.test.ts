import { describe, expect, it } from 'vitest';
import {
  formatClock,
  formatDuration,
  formatInteger,
  formatMetric,
  formatSignificant,
} from '../../../webview/shared/format';
import { FrameScheduler } from '../../../webview/shared/frame-scheduler';
import { parseColor, withAlpha } from '../../../webview/shared/theme';
import { shortRunLabels } from '../../../webview/training/run-labels';

describe('format', () => {
  it('writes durations as h:mm:ss', () => {
    expect(formatDuration(0)).toBe('0:00:00');
    expect(formatDuration(59.6)).toBe('0:01:00');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(100 * 3600)).toBe('100:00:00');
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(NaN)).toBe('—');
  });

  it('writes axis times short', () => {
    expect(formatClock(5)).toBe('0:05');
    expect(formatClock(65)).toBe('1:05');
    expect(formatClock(3700)).toBe('1:01:40');
  });

  it('writes numbers people can read', () => {
    expect(formatInteger(1234567)).toBe('1,234,567');
    expect(formatSignificant(0.000123456, 3)).toBe('0.000123');
    expect(formatSignificant(1.23456e-7, 3)).toBe('1.23e-7');
    expect(formatMetric('accuracy', 0.93125)).toBe('93.1%');
    expect(formatMetric('mae', 12.34567)).toBe('12.35');
  });
});

describe('theme colours', () => {
  it('parses the colour forms VS Code uses', () => {
    expect(parseColor('#3794ff')).toEqual([55, 148, 255, 1]);
    expect(parseColor('#fff')).toEqual([255, 255, 255, 1]);
    expect(parseColor('#00000080')).toEqual([0, 0, 0, 0.502]);
    expect(parseColor('rgba(204, 204, 204, 0.5)')).toEqual([204, 204, 204, 0.5]);
    expect(parseColor('rgb(1 2 3 / 50%)')).toEqual([1, 2, 3, 0.5]);
    expect(parseColor('var(--x)')).toBeNull();
  });

  it('fades a colour by multiplying its opacity', () => {
    expect(withAlpha('#3794ff', 0.25)).toBe('rgba(55, 148, 255, 0.25)');
    expect(withAlpha('rgba(204, 204, 204, 0.5)', 0.5)).toBe('rgba(204, 204, 204, 0.25)');
    expect(withAlpha('transparent', 0.5)).toBe('transparent');
  });
});

describe('FrameScheduler (at most ~10 redraws a second)', () => {
  function fakeClock() {
    let now = 0;
    let timers: { at: number; run: () => void }[] = [];
    const frames: (() => void)[] = [];
    return {
      clock: {
        now: () => now,
        setTimeout: (run: () => void, ms: number) => timers.push({ at: now + ms, run }),
        requestAnimationFrame: (run: () => void) => frames.push(run),
      },
      /** Time passing inside a callback (no timers fire). */
      spend(ms: number) {
        now += ms;
      },
      advance(ms: number) {
        now += ms;
        const due = timers.filter((t) => t.at <= now);
        timers = timers.filter((t) => t.at > now);
        for (const t of due) t.run();
        for (const f of frames.splice(0)) f();
      },
    };
  }

  it('coalesces many requests into one redraw per frame, spaced by the interval', () => {
    const { clock, advance } = fakeClock();
    let redraws = 0;
    const scheduler = new FrameScheduler(() => redraws++, 100, clock);
    for (let k = 0; k < 50; k++) scheduler.request();
    advance(16);
    expect(redraws).toBe(1);
    // 1 s of messages every 5 ms: about 10 redraws, not 200.
    for (let t = 0; t < 1000; t += 5) {
      scheduler.request();
      advance(5);
    }
    expect(redraws).toBeGreaterThanOrEqual(9);
    expect(redraws).toBeLessThanOrEqual(12);
  });

  it('spaces redraws further when one takes long', () => {
    const { clock, advance, spend } = fakeClock();
    let redraws = 0;
    // Each redraw takes 60 ms: at most one per 300 ms, so drawing keeps to a fifth of the time.
    const scheduler = new FrameScheduler(
      () => {
        redraws++;
        spend(60);
      },
      100,
      clock,
    );
    while (clock.now() < 3000) {
      scheduler.request();
      advance(10);
    }
    expect(redraws).toBeLessThanOrEqual(11);
    expect(redraws).toBeGreaterThanOrEqual(8);
  });

  it('draws a user’s change at once, even after a slow redraw', () => {
    const { clock, advance, spend } = fakeClock();
    let redraws = 0;
    const scheduler = new FrameScheduler(
      () => {
        redraws++;
        spend(400); // a slow first draw: streamed data would now wait 1 s
      },
      100,
      clock,
    );
    scheduler.request();
    advance(16);
    expect(redraws).toBe(1);
    scheduler.request(); // data arrives: backs off
    advance(100);
    expect(redraws).toBe(1);
    scheduler.request(true); // the user moves the smoothing slider
    advance(16);
    expect(redraws).toBe(2);
  });
});

describe('shortRunLabels (legend names of overlaid runs)', () => {
  it('drops the part all run ids share', () => {
    expect(shortRunLabels(['20250114-093012-tiny', '20250113-171544-tiny', '20250112-104201-tiny'])).toEqual([
      'this run',
      '20250113-171544',
      '20250112-104201',
    ]);
    expect(shortRunLabels(['run-a12', 'run-b12'])).toEqual(['this run', 'run-b12']);
    expect(shortRunLabels(['only'])).toEqual(['this run']);
  });
});
