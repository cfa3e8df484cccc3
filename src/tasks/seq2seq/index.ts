/** The sequence-to-sequence task, whole. */

import type { TaskDefinition } from '../types';
import { seq2seqPresentation } from './presentation';
import { seq2seqTraining } from './training';
import { seq2seqUse } from './use';

export const seq2seqTask: TaskDefinition = {
  ...seq2seqPresentation,
  training: seq2seqTraining,
  use: seq2seqUse,
};
