/** The host's check of every message from the checkpoint editor (types in `checkpoint-editor.ts`). */

import type { CheckpointAction, CheckpointEditorToHost } from './checkpoint-editor';
import { byType, integer, oneOf, string, type Validator } from './message-validation';
import { MAX_REQUEST_ID } from './panel-message-limits';

const CHECKPOINT_ACTIONS = [
  'inspectGates',
  'predict',
  'evaluate',
  'resumeTraining',
  'revealRun',
  'exportPyTorch',
] as const satisfies readonly CheckpointAction[];

/** A tensor's name as safetensors stores it (names longer than this are not in any checkpoint we read). */
const tensorName = string({ maxLength: 4096 });
const requestId = integer({ min: 0, max: MAX_REQUEST_ID });
/** The heatmap asks for at most 512 × 512 cells on a canvas a few thousand pixels wide. */
const MAX_HEATMAP_CELLS = 4 * 1024 * 1024;
const MAX_HEATMAP_SIDE = 16_384;

export const checkpointEditorMessage: Validator<CheckpointEditorToHost> = byType({
  ready: {},
  'tensor-stats': { requestId, tensorName },
  'tensor-values': {
    requestId,
    tensorName,
    maxElements: integer({ min: 1, max: MAX_HEATMAP_CELLS }),
    maxRows: integer({ min: 1, max: MAX_HEATMAP_SIDE }),
    maxCols: integer({ min: 1, max: MAX_HEATMAP_SIDE }),
  },
  action: { action: oneOf(CHECKPOINT_ACTIONS) },
});
