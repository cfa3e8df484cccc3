/** Each kind of step output the host may send, and the view that shows it (output-view.ts). */

import type { StepOutputs } from '../../../src/protocol/gate-recording';
import { classProbabilitiesView } from './class-probabilities';
import { forecastView } from './forecast';
import { attentionReceivedView } from './attention-received';
import { nextTokenView } from './next-token';
import type { StepOutputView } from './output-view';

export type { HoverLine } from './output-view';

const OUTPUT_VIEWS: { [K in StepOutputs['kind']]: StepOutputView<Extract<StepOutputs, { kind: K }>> } = {
  'next-token': nextTokenView,
  'class-probabilities': classProbabilitiesView,
  forecast: forecastView,
  'attention-received': attentionReceivedView,
};

/** The view of an output kind (labels and placeholder need no output yet). */
export function outputViewOf(kind: StepOutputs['kind']): StepOutputView<StepOutputs> {
  // The map pairs each kind with its view; callers pass outputs of that same kind.
  return OUTPUT_VIEWS[kind] as StepOutputView<StepOutputs>;
}
