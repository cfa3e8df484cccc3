/**
 * Importing a foreign (PyTorch) LSTM as a task: which task its shapes suggest, what the user must say
 * about it (vocabulary, classes, columns…) checked against those shapes, and the head and dataset
 * description LSTM Studio stores for it. src/interop/ asks the task; a task without an importer cannot
 * be imported.
 */

import type { LossKind } from '../engine/config';
import type { DatasetMetadata } from '../data/dataset-metadata';
import type { NormalizationJSON } from '../data/normalize';
import type { TokenUnit, TruncationKeeps } from '../data/tokenize';
import type { Vocabulary, VocabularyJSON } from '../data/vocabulary';

/** A recognised foreign model's sizes. */
export interface ForeignModelShape {
  /** Rows of the embedding, 0 when the model reads numbers. */
  vocabSize: number;
  /** The embedding's tensor name, when there is one (for messages). */
  embeddingTensor?: string;
  /** Values per step into the first LSTM layer. */
  inputSize: number;
  outputSize: number;
  /** An encoder–decoder's target vocabulary (its decoder's embedding rows, the head's outputs); absent for one stack. */
  targetVocabSize?: number;
}

import type { ImportQuestions } from '../protocol/pytorch-interop';

export type { ImportQuestions };

/** The checked answers' task part, stored in the sidecar. */
export interface ImportedTaskAnswers {
  vocab?: VocabularyJSON;
  classes?: string[];
  truncationKeeps?: TruncationKeeps;
  featureColumns?: string[];
  targets?: string[];
  horizon?: number;
  normalization?: NormalizationJSON;
  /** An encoder–decoder: the target vocabulary, each side's unit and the lengths decoding assumes. */
  targetVocab?: VocabularyJSON;
  sourceTokenUnit?: TokenUnit;
  targetTokenUnit?: TokenUnit;
  maxSourceLength?: number;
  maxTargetLength?: number;
}

/** What the importer lends a task: reading the vocabulary and the normalisation the user pointed at. */
export interface ImportSources {
  /** The vocabulary the user chose (or the file's own), with this unit unless the user chose one; throws with what is missing. */
  loadVocabulary(defaultUnit: TokenUnit | undefined): Promise<Vocabulary>;
  /** An encoder–decoder's target vocabulary (the request's `targetVocab`), checked against the decoder's rows. */
  loadTargetVocabulary(unit: TokenUnit | undefined): Promise<Vocabulary>;
  readNormalization(path: string, columns: string[]): Promise<NormalizationJSON>;
}

export interface TaskImporter {
  /** True for a task that imports encoder–decoder models (and only them); a task of one stack leaves it out. */
  encoderDecoder?: boolean;
  /** How well the shapes fit this task (0: not at all); the import suggests the best. */
  fit(shape: ForeignModelShape): number;
  /** Checks the answers against the shapes and fills defaults; throws a message the user can act on. */
  answer(shape: ForeignModelShape, questions: ImportQuestions, sources: ImportSources): Promise<ImportedTaskAnswers>;
  /** The head of an imported model with `outputSize` outputs. */
  head(outputSize: number): { headOn: 'last' | 'every'; loss: LossKind };
  /** The task's part of the stored dataset description. */
  dataset(
    answers: ImportedTaskAnswers,
  ): Pick<DatasetMetadata, 'fileFormat' | 'columns'> &
    Partial<
      Pick<
        DatasetMetadata,
        | 'featureColumns'
        | 'horizon'
        | 'sourceTokenUnit'
        | 'targetTokenUnit'
        | 'maxSourceLength'
        | 'maxTargetLength'
        | 'targetVocab'
      >
    >;
}
