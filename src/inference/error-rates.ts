/**
 * Character and word error rates of transcripts, as speech toolkits report them: the Levenshtein
 * distance between hypothesis and reference (insertions, deletions and substitutions cost 1), summed over
 * a set and divided by the summed reference lengths — so a long utterance weighs more than a short one,
 * and the rate can exceed 1 when the hypotheses insert a lot. Characters are Unicode code points; words
 * are the whitespace-separated pieces.
 */

import { editDistance } from './edit-distance';

/** One transcript and the model's. */
export interface TranscriptPair {
  reference: string;
  hypothesis: string;
}

/** The characters of a transcript (code points, so an accented letter or an emoji is one). */
export function transcriptCharacters(text: string): string[] {
  return Array.from(text);
}

/** The words of a transcript: split on whitespace, empty pieces dropped. */
export function transcriptWords(text: string): string[] {
  return text.split(/\s+/u).filter((word) => word.length > 0);
}

/** Summed edits and reference lengths over a set of transcripts, added one pair at a time. */
export class ErrorRateTally {
  charEdits = 0;
  referenceChars = 0;
  wordEdits = 0;
  referenceWords = 0;

  add(reference: string, hypothesis: string): void {
    const refChars = transcriptCharacters(reference);
    const refWords = transcriptWords(reference);
    this.charEdits += editDistance(transcriptCharacters(hypothesis), refChars);
    this.referenceChars += refChars.length;
    this.wordEdits += editDistance(transcriptWords(hypothesis), refWords);
    this.referenceWords += refWords.length;
  }

  /** Σ character edits ÷ Σ reference characters (0 for an empty set; an empty reference counts 1 character). */
  charErrorRate(): number {
    return rate(this.charEdits, this.referenceChars);
  }

  /** Σ word edits ÷ Σ reference words. */
  wordErrorRate(): number {
    return rate(this.wordEdits, this.referenceWords);
  }
}

/** Character error rate of a set: Σ edits over characters ÷ Σ reference characters. */
export function charErrorRate(pairs: readonly TranscriptPair[]): number {
  return tally(pairs).charErrorRate();
}

/** Word error rate of a set: Σ edits over whitespace words ÷ Σ reference words. */
export function wordErrorRate(pairs: readonly TranscriptPair[]): number {
  return tally(pairs).wordErrorRate();
}

function tally(pairs: readonly TranscriptPair[]): ErrorRateTally {
  const counts = new ErrorRateTally();
  for (const { reference, hypothesis } of pairs) counts.add(reference, hypothesis);
  return counts;
}

// An empty reference set would divide by zero: its edits are all insertions, counted against one unit.
function rate(edits: number, referenceLength: number): number {
  return edits === 0 ? 0 : edits / Math.max(1, referenceLength);
}
