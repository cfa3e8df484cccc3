/**
 * Token ↔ id maps. Id 0 is `<pad>`, id 1 is `<unk>`, real tokens follow. Language models use every
 * character of the training text in code-point order (like Python's `sorted(set(text))`); classifiers
 * keep the K most frequent words or characters of the training part (K counts `<pad>` and `<unk>`, like
 * Keras `num_words` counts its reserved 0), ties broken by code-point order so the result never depends
 * on the order of the examples. Vocabularies round-trip through plain JSON (they live in checkpoints).
 *
 * A vocabulary that came with an imported model (e.g. a PyTorch character model's list of characters)
 * may have no specials at all (`specials: false`): every entry is a real token, id = index, and nothing
 * stands for an unknown token (`idOf` gives -1 for one, and encoders refuse it).
 */

import { compareCodePoints } from './cells';
import { dataError, fail, ok, type Result } from './errors';
import { tokenize, type TokenUnit } from './tokenize';
import { NEW_WORD_SPLIT, wordSplitOf, type WordSplit } from './word-split';
import { PAD_ID, PAD_TOKEN, UNK_ID, UNK_TOKEN } from './vocabulary-ids';

export { PAD_ID, PAD_TOKEN, UNK_ID, UNK_TOKEN };

/** Default K: at most this many entries, `<pad>` and `<unk>` included (Keras `num_words`). */
export const DEFAULT_MAX_VOCABULARY = 10_000;

export interface VocabularyJSON {
  format: 'lstm-studio-vocabulary/1';
  unit: TokenUnit;
  /** Token of each id: `tokens[0]` = `<pad>`, `tokens[1]` = `<unk>` (unless `specials` is false). */
  tokens: string[];
  /** false: no `<pad>` nor `<unk>`; every entry is a token, id = index (imported models). Default true. */
  specials?: boolean;
  /**
   * How words were split (word-split.ts): `segmented` in word vocabularies built since Chinese, Japanese
   * and Thai are segmented; absent = `letter-runs`, the rule of every earlier checkpoint, which keeps it.
   */
  words?: 'segmented';
}

export class Vocabulary {
  private readonly ids: Map<string, number>;
  /** Id of `<pad>`, or null in a vocabulary without specials. */
  readonly padId: number | null;
  /** Id of `<unk>`, or null in a vocabulary without specials (then unknown tokens cannot be read). */
  readonly unkId: number | null;

  private constructor(
    readonly unit: TokenUnit,
    /** Token of each id, specials first (if any). */
    readonly tokens: readonly string[],
    readonly hasSpecials = true,
    /** The word rule its tokens were split with (meaningless for characters). */
    readonly words: WordSplit = NEW_WORD_SPLIT,
  ) {
    this.ids = new Map(tokens.map((token, id) => [token, id]));
    this.padId = hasSpecials ? PAD_ID : null;
    this.unkId = hasSpecials ? UNK_ID : null;
  }

  /** A vocabulary of `<pad>`, `<unk>` and then `tokens`, ids in that order. */
  static fromTokens(unit: TokenUnit, tokens: readonly string[], words: WordSplit = NEW_WORD_SPLIT): Vocabulary {
    return new Vocabulary(unit, [PAD_TOKEN, UNK_TOKEN, ...tokens], true, words);
  }

  /** A vocabulary of exactly `tokens`, id = index, without `<pad>` and `<unk>` (an imported model's). */
  static withoutSpecials(unit: TokenUnit, tokens: readonly string[]): Vocabulary {
    return new Vocabulary(unit, [...tokens], false);
  }

  /** Checks a stored vocabulary; the message says what is wrong. */
  static fromJSON(json: unknown, source = 'vocabulary'): Result<Vocabulary> {
    const bad = (problem: string) => fail<Vocabulary>(dataError(source, problem));
    if (json === null || typeof json !== 'object') return bad('the vocabulary is not a JSON object');
    const { unit, tokens, specials } = json as Partial<VocabularyJSON>;
    const words = wordSplitOf((json as { words?: unknown }).words);
    if (unit !== 'char' && unit !== 'word')
      return bad(
        unit === undefined
          ? "the vocabulary has no unit (expected 'char' or 'word')"
          : `unknown vocabulary unit ${typeof unit === 'string' ? `'${(unit as string).slice(0, 40)}'` : JSON.stringify(unit)?.slice(0, 40)} (expected 'char' or 'word')`,
      );
    if (!Array.isArray(tokens) || !tokens.every((t) => typeof t === 'string'))
      return bad('the vocabulary tokens must be a list of strings');
    if (specials === false) {
      if (tokens.length === 0) return bad('the vocabulary is empty');
      if (new Set(tokens).size !== tokens.length) return bad('the vocabulary lists a token twice');
      return ok(new Vocabulary(unit, [...tokens], false, words));
    }
    if (tokens[PAD_ID] !== PAD_TOKEN || tokens[UNK_ID] !== UNK_TOKEN)
      return bad(`the vocabulary must start with '${PAD_TOKEN}' and '${UNK_TOKEN}'`);
    if (new Set(tokens).size !== tokens.length) return bad('the vocabulary lists a token twice');
    return ok(new Vocabulary(unit, [...tokens], true, words));
  }

  toJSON(): VocabularyJSON {
    const json: VocabularyJSON = { format: 'lstm-studio-vocabulary/1', unit: this.unit, tokens: [...this.tokens] };
    if (!this.hasSpecials) json.specials = false;
    if (this.unit === 'word' && this.words === 'segmented') json.words = 'segmented';
    return json;
  }

  get size(): number {
    return this.tokens.length;
  }

  /** Id of a token, `<unk>` when it is not in the vocabulary (-1 when there is no `<unk>`). */
  idOf(token: string): number {
    return this.ids.get(token) ?? this.unkId ?? -1;
  }

  has(token: string): boolean {
    return this.ids.has(token);
  }

  tokenOf(id: number): string {
    return this.tokens[id] ?? UNK_TOKEN;
  }

  /** Tokenises the way this vocabulary was built (words lowercased) and maps to ids (-1: unknown, no `<unk>`). */
  encode(text: string): Int32Array {
    const tokens = tokenize(text, this.unit, this.words);
    const out = new Int32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) out[i] = this.idOf(tokens[i]);
    return out;
  }

  /** Ids back to text (words joined by spaces); `<pad>` is dropped, `<unk>` is shown as `<unk>`. */
  decode(ids: ArrayLike<number>): string {
    const parts: string[] = [];
    for (let i = 0; i < ids.length; i++) if (ids[i] !== this.padId) parts.push(this.tokenOf(ids[i]));
    return parts.join(this.unit === 'word' ? ' ' : '');
  }
}

/** How often each token occurs in `texts` (words split by `words`, the new rule by default). */
export function countTokens(
  texts: Iterable<string>,
  unit: TokenUnit,
  words: WordSplit = NEW_WORD_SPLIT,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts)
    for (const token of tokenize(text, unit, words)) counts.set(token, (counts.get(token) ?? 0) + 1);
  return counts;
}

export interface BuildVocabularyOptions {
  unit: TokenUnit;
  /** At most this many entries, `<pad>` and `<unk>` included. Default 10 000; Infinity keeps all. */
  maxSize?: number;
  /** Id order: most frequent first (classification), or code-point order (language models). Default frequency. */
  order?: 'frequency' | 'code-point';
  /** The word rule the counted tokens were split with. Default: the new rule. */
  words?: WordSplit;
}

/** The `maxSize - 2` most frequent tokens (ties by code point), then ordered as asked. */
export function buildVocabulary(counts: ReadonlyMap<string, number>, options: BuildVocabularyOptions): Vocabulary {
  const maxSize = options.maxSize ?? DEFAULT_MAX_VOCABULARY;
  if (!(maxSize >= 3))
    throw new Error(`vocabulary: maxSize must be at least 3 (<pad>, <unk> and one token), got ${maxSize}`);
  const ranked = [...counts.entries()]
    .filter(([, count]) => count > 0)
    .sort(([a, ca], [b, cb]) => cb - ca || compareCodePoints(a, b))
    .slice(0, maxSize - 2)
    .map(([token]) => token);
  if (options.order === 'code-point') ranked.sort(compareCodePoints);
  return Vocabulary.fromTokens(options.unit, ranked, options.words);
}
