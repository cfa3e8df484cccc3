/** The host's check of every message from the Training panel (types in `training-panel.ts`). */

import { array, byType, integer, oneOf, string, type Validator } from './message-validation';
import { fileName, MAX_EXPORT_LENGTH, MAX_ID_LENGTH, MAX_REQUEST_ID } from './panel-message-limits';
import type { TrainingPanelToHost } from './training-panel';

const runId = string({ maxLength: MAX_ID_LENGTH });

export const trainingPanelMessage: Validator<TrainingPanelToHost> = byType({
  ready: {},
  control: { runId, action: oneOf(['pause', 'resume', 'stop']) },
  'open-best-checkpoint': { runId },
  'open-run-folder': { runId },
  'inspect-gates': { runId },
  'set-overlays': { runIds: array(runId, { maxLength: 1000 }) },
  save: {
    requestId: integer({ min: 0, max: MAX_REQUEST_ID }),
    kind: oneOf(['csv', 'png']),
    suggestedName: fileName,
    data: string({ maxLength: MAX_EXPORT_LENGTH }),
  },
});
