/**
 * How text becomes tokens, as the dataset metadata, the import questions and the CLI name it. Types only:
 * the tokenizer itself is `src/data/tokenize.ts`.
 */

/** Characters are code points; words are lowercased runs of letters, digits and combining marks. */
export type TokenUnit = 'char' | 'word';

/** Which part of a too-long sequence is kept: its first `seqLen` tokens (`start`) or its last (`end`). */
export type TruncationKeeps = 'start' | 'end';
