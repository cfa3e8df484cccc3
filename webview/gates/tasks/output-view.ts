/**
 * How the Gates panel shows one kind of step output (what the model outputs at every step, sent by the
 * host as `StepOutputs`): the output band above the maps, the hover lines of a step, the legend in the
 * side panel, what the input is called, and the typed arrays to revive after postMessage. One module
 * per kind beside this one; index.ts maps each kind to its view.
 */

import type { GatesModelInfo } from '../../../src/protocol/gates-panel';
import type { StepOutputs } from '../../../src/protocol/gate-recording';
import type { ThemeColors } from '../../shared/theme';
import type { ColorScale } from '../color-scales';
import type { Scene } from '../scene';
import { formatFixed } from '../../shared/format';

/** One line of the hover tooltip. */
export interface HoverLine {
  label: string;
  value: string;
  /** The line the hover is about (drawn bold). */
  emphasis?: boolean;
}

/** Where the output band is drawn: steps `first…last`, `y0` its top, `h` its height, in band coordinates. */
export interface OutputBand {
  first: number;
  last: number;
  y0: number;
  h: number;
  /** The sequential (0…1) colour scale, for probabilities. */
  sequential: ColorScale;
}

export interface StepOutputView<O extends StepOutputs> {
  /** The output band's label at the left: `next`, `P(class)`, `forecast`. */
  bandLabel: string;
  /** What one step's input is, in the token band's label and the header's count: `input`/`steps`, `row`/`rows`. */
  inputLabel: string;
  inputPlural: string;
  /** The text box's placeholder. */
  placeholder(model: GatesModelInfo): string;
  drawBand(ctx: CanvasRenderingContext2D, scene: Scene, out: O, band: OutputBand): void;
  hoverLines(out: O, step: number): HoverLine[];
  legend(out: O, theme: ThemeColors): HTMLElement;
  /** The output with its typed arrays rebuilt by `revive` (they may arrive as buffers or plain objects). */
  revive(out: O, revive: (x: unknown) => Float32Array): O;
}

/** A probability in percent, `25.0 %` (the number in the display language). */
export function percent(p: number): string {
  return Number.isFinite(p) ? `${formatFixed(p * 100, 1)} %` : '—';
}

export function formatValue(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(5))) : '—';
}
