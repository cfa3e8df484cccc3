/**
 * PyTorch interop as the host and the CLI see it (the work is in `src/interop/`, run by the inference
 * worker): exporting a run as a PyTorch project, and the questions a foreign checkpoint needs answered
 * before use. Types only.
 */

import type { TaskId } from './task-id';
import type { TokenUnit } from './tokens';

/** What `export-pytorch` wrote. */
export interface ExportResult {
  outDir: string;
  /** The checkpoint exported (best.safetensors of a run folder, else last.safetensors, or the file given). */
  checkpointPath: string;
  runDir: string | null;
  datasetPath: string | null;
  /** Files written, relative to outDir. */
  files: string[];
  /** What the user should know (e.g. the dataset's place is unknown). */
  warnings: string[];
}

/** What the extension needs to ask its questions (or to say why it cannot use the file). */
export type ImportStatus =
  | { kind: 'studio' }
  | { kind: 'refused'; message: string }
  | {
      kind: 'foreign';
      /** Answers are stored beside the file (and still match it). */
      answered: boolean;
      architecture: string;
      moduleNames: string;
      /** Rows of the embedding (0: the model reads numbers); an encoder–decoder's: the encoder's. */
      vocabSize: number;
      /** An encoder–decoder's target vocabulary (the decoder's embedding rows); null for a model of one stack. */
      targetVocabSize: number | null;
      inputSize: number;
      outputSize: number;
      /** The file's metadata holds a vocabulary of this many tokens (null: none). */
      metadataVocabularySize: number | null;
      /** The likeliest task from the shapes: numbers in → forecasting; as many outputs as tokens → language model. */
      suggestedTask: TaskId;
      /** The tasks this layout can be imported as (an encoder–decoder: only sequence to sequence), the suggested one among them. */
      possibleTasks: TaskId[];
    };

/** Where the vocabulary comes from. */
export type VocabularySource =
  /** The file's own `__metadata__` (keys `vocab`, `vocabulary`, `itos`, `stoi`, `chars`, `tokens`, `alphabet`). */
  | { from: 'metadata' }
  /** A JSON file (a list of tokens, a `{token: id}` map, or LSTM Studio's vocabulary JSON), or a text file of one token per line. */
  | { from: 'file'; path: string }
  /** A text file's distinct characters in code-point order (Python's `sorted(set(text))`). */
  | { from: 'text'; path: string };

/** The questions' answers, as the CLI flags and the extension's quick picks give them. */
export interface ImportRequest extends ImportQuestions {
  task: TaskId;
  /** The vocabulary (an encoder–decoder's source vocabulary). */
  vocab?: VocabularySource;
  /** An encoder–decoder's target vocabulary: `<pad>`, `<unk>`, `<sos>`, `<eos>` first. */
  targetVocab?: VocabularySource;
}

/** The user's answers about the task's part (CLI flags, the extension's quick picks), before checking. */
export interface ImportQuestions {
  /** Default: characters when every token is one character, else words. */
  tokenUnit?: TokenUnit;
  /** An encoder–decoder: the source's and the target's unit (default `tokenUnit`, else as above). */
  sourceTokens?: TokenUnit;
  targetTokens?: TokenUnit;
  classes?: string[];
  featureColumns?: string[];
  targets?: string[];
  horizon?: number;
  /** A JSON file with `mean` and `std` per feature column (LSTM Studio's normalisation JSON has them). Default: none. */
  normalizationPath?: string;
}

/** What `import-answers` stored: the sidecar beside the checkpoint, and the model it now describes. */
export interface SavedImportAnswers {
  sidecar: string;
  task: TaskId;
  architecture: string;
}
