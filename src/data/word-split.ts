/**
 * Where the words of a text are: the one rule every word tokeniser (a classifier's lowercased words, a
 * pair's words and marks, a selection read for prediction) builds on. Two rules, and a vocabulary says
 * which one built it (`VocabularyJSON.words`), so a checkpoint always reads text as it was trained:
 *
 * - `letter-runs` (every vocabulary before the field existed): runs of letters, digits and combining
 *   marks (`\p{L}\p{N}\p{M}`). Scripts written without spaces — Chinese, Japanese, Thai, Lao, Khmer,
 *   Burmese — then give a whole clause as one "word".
 * - `segmented` (new vocabularies): the same runs, and a run holding a character of such a script is cut
 *   into words by `Intl.Segmenter` (`granularity: 'word'`; ICU's dictionaries), so 東京は晴れです reads
 *   東京 / は / 晴れ / です. Runs of other scripts are left whole, so text in English, French, Russian or
 *   Hindi splits exactly as under `letter-runs` — the PyTorch export's Python reads those identically
 *   (interop/python/lstm_studio/data.py; docs/formats.md says how it cuts the other runs).
 */

/** How a vocabulary's words were split (see the module comment). */
export type WordSplit = 'letter-runs' | 'segmented';

/** The rule new vocabularies are built with. */
export const NEW_WORD_SPLIT: WordSplit = 'segmented';

const LETTER_RUN = /[\p{L}\p{N}\p{M}]+/gu;

/** Scripts written without spaces between words: a run holding one of their characters is segmented. */
const UNSPACED_SCRIPT =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

let segmenter: Intl.Segmenter | undefined;

/** One segmenter for the process, for the root locale: the words must not depend on the user's language. */
function wordSegmenter(): Intl.Segmenter {
  return (segmenter ??= new Intl.Segmenter('und', { granularity: 'word' }));
}

/**
 * Calls `onWord(start, end)` with the UTF-16 offsets of every word of `text`, in order. Under
 * `segmented`, a run of an unspaced script is cut where `Intl.Segmenter` puts word boundaries; every
 * piece of a run is made of letters, digits and marks, so every piece is a word (none is dropped).
 */
export function forEachWord(text: string, split: WordSplit, onWord: (start: number, end: number) => void): void {
  for (const match of text.matchAll(LETTER_RUN)) {
    const start = match.index;
    const run = match[0];
    if (split === 'letter-runs' || !UNSPACED_SCRIPT.test(run)) {
      onWord(start, start + run.length);
      continue;
    }
    for (const piece of wordSegmenter().segment(run))
      onWord(start + piece.index, start + piece.index + piece.segment.length);
  }
}

/** The words of `text`, as written (no case change). */
export function splitWords(text: string, split: WordSplit): string[] {
  const words: string[] = [];
  forEachWord(text, split, (start, end) => void words.push(text.slice(start, end)));
  return words;
}

/** A stored vocabulary's `words` field → the rule (absent: `letter-runs`, every vocabulary before it). */
export function wordSplitOf(stored: unknown): WordSplit {
  return stored === 'segmented' ? 'segmented' : 'letter-runs';
}

/**
 * The word rule a checkpoint's vocabularies were built with: that of its first word vocabulary (the
 * `vocab`, else a pair dataset's `targetVocab`), or undefined when it has none (characters only, numbers).
 */
export function storedWordSplit(vocab: unknown, dataset: unknown): WordSplit | undefined {
  const targetVocab =
    dataset && typeof dataset === 'object' ? (dataset as { targetVocab?: unknown }).targetVocab : null;
  for (const stored of [vocab, targetVocab]) {
    if (stored && typeof stored === 'object' && (stored as { unit?: unknown }).unit === 'word')
      return wordSplitOf((stored as { words?: unknown }).words);
  }
  return undefined;
}
