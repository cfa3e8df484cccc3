/**
 * The scale benchmark's data sets, made by seeded generators so every machine trains on the same bytes:
 * plausible English-like prose (a Zipf-distributed vocabulary of real function words and generated
 * content words, sentences, commas, quotes, numbers, paragraphs, a few accented words and typographic
 * marks, so the character vocabulary and its distribution look like a book's) and a per-minute load
 * series table. Both are written in fixed-size chunks through one reused buffer, never held whole.
 * Pure: the file side (cache folder, temporary name, rename) is in bench-scale-files.ts.
 */

/** Receives each filled chunk; the buffer is reused after it returns, so copy it to keep it. */
export type ChunkSink = (chunk: Uint8Array) => void;

/** Bytes per chunk handed to the sink. */
export const GENERATOR_CHUNK_BYTES = 1 << 22;

/**
 * xorshift32 (Marsaglia 2003): a few integer operations per draw, the same sequence on every platform.
 * The generators need speed and reproducibility, not statistical quality.
 */
export class Xorshift32 {
  private state: number;

  constructor(seed: number) {
    // A zero state would stay zero; mix the seed so nearby seeds start far apart.
    this.state = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) >>> 0 || 0x6d2b79f5;
  }

  /** The next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }

  /** An integer in 0…n−1 (n ≤ 2^32; the slight modulo bias does not matter here). */
  below(n: number): number {
    return this.nextUint32() % n;
  }

  /** A float in [0, 1). */
  uniform(): number {
    return this.nextUint32() / 4294967296;
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.uniform() < p;
  }

  /** A standard normal draw (Box–Muller, one of the pair). */
  normal(): number {
    const u = 1 - this.uniform(); // (0, 1]: log(0) is −∞
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.uniform());
  }
}

/** Fills a reused buffer and hands it to the sink when the next piece would not fit. */
class ChunkWriter {
  private readonly buffer: Uint8Array;
  private used = 0;
  written = 0;

  constructor(
    private readonly sink: ChunkSink,
    chunkBytes: number,
  ) {
    this.buffer = new Uint8Array(chunkBytes);
  }

  put(bytes: Uint8Array): void {
    this.putRange(bytes, 0, bytes.length);
  }

  /** `from[start…end)`. */
  putRange(from: Uint8Array, start: number, end: number): void {
    const length = end - start;
    if (this.used + length > this.buffer.length) this.flush();
    // Pieces are a few bytes long: a plain loop beats `set` and its call overhead.
    const buffer = this.buffer;
    const at = this.used - start;
    for (let k = start; k < end; k++) buffer[at + k] = from[k];
    this.used += length;
    this.written += length;
  }

  putByte(byte: number): void {
    if (this.used === this.buffer.length) this.flush();
    this.buffer[this.used++] = byte;
    this.written++;
  }

  flush(): void {
    if (this.used > 0) this.sink(this.buffer.subarray(0, this.used));
    this.used = 0;
  }
}

const encoder = new TextEncoder();
const bytesOf = (text: string) => encoder.encode(text);

/** The most frequent English words, most frequent first: the head of the Zipf ranking. */
const FUNCTION_WORDS = (
  'the of and to a in that is was he for it with as his on be at by I had not are but from or have an ' +
  'they which one you were her all she there would their we him been has when who will more no if out so ' +
  'said what up its about into than them can only other new some could time these two may then do first ' +
  'any my now such like our over man me even most made after also did many before must through back years ' +
  'where much your way well down should because each just those people how too little state good very make ' +
  'world still own see men work long get here between both life being under never day same another know ' +
  "while last might us great old year off come since against go came right used take three don't it's " +
  "didn't I'm that's"
).split(' ');

/** Content words with accents: their letters (é, ï, ô, ü, ç, ñ) are two bytes each in UTF-8. */
const ACCENTED_WORDS = ['café', 'naïve', 'rôle', 'façade', 'über', 'señor', 'résumé', 'déjà', 'élite', 'piñata'];

const ONSETS = ['', 'b', 'c', 'd', 'f', 'g', 'h', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w', 'br', 'ch', 'cl'];
const MORE_ONSETS = ['cr', 'dr', 'fl', 'fr', 'gr', 'pl', 'pr', 'sh', 'sl', 'sp', 'st', 'str', 'th', 'tr', 'wh'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'a', 'e', 'e', 'i', 'o', 'ea', 'ou', 'ai', 'ee', 'oo', 'y'];
const CODAS = ['', '', 'n', 'r', 's', 't', 'l', 'd', 'm', 'ng', 'st', 'nd', 'rt', 'ck', 'ss', 'th', 'nt'];
const SUFFIXES = ['', '', '', '', '', '', '', '', 'ed', 'ing', 's', 's', 'er', 'ly', 'tion', 'ness', 'ment', 'es'];

/** Content words made of English-like syllables (a deterministic list for one seed). */
function inventedWords(count: number, rng: Xorshift32): string[] {
  // Single consonants twice as often as clusters, as in English.
  const onsets = [...ONSETS, ...ONSETS, ...MORE_ONSETS];
  const taken = new Set(FUNCTION_WORDS);
  const words: string[] = [];
  while (words.length < count) {
    // Mostly one or two syllables: English running text averages under five letters a word.
    const draw = rng.uniform();
    const syllables = draw < 0.55 ? 1 : draw < 0.9 ? 2 : 3;
    let word = '';
    for (let s = 0; s < syllables; s++)
      word += onsets[rng.below(onsets.length)] + VOWELS[rng.below(VOWELS.length)] + CODAS[rng.below(CODAS.length)];
    word += SUFFIXES[rng.below(SUFFIXES.length)];
    if (word.length < 2 || taken.has(word)) continue;
    taken.add(word);
    words.push(word);
  }
  return words;
}

/** 2^20 slots: a word of probability p fills about p·2^20 of them, so a uniform slot draws it with p. */
const RANK_TABLE_BITS = 20;

/** How often a number stands where a word would (a year, a count, an amount). */
const NUMBER_SHARE = 0.012;

/**
 * Slot → rank, so that a uniform slot draws word r with probability ∝ 1/(r + 2.7) (Zipf–Mandelbrot), and
 * rank `words` (one past the last word: a number) with probability `NUMBER_SHARE`.
 */
function zipfRankTable(words: number): Uint16Array {
  const weights = Float64Array.from({ length: words + 1 }, (_, r) => 1 / (r + 2.7));
  const wordTotal = weights.subarray(0, words).reduce((a, b) => a + b, 0);
  for (let r = 0; r < words; r++) weights[r] *= (1 - NUMBER_SHARE) / wordTotal;
  weights[words] = NUMBER_SHARE;
  const table = new Uint16Array(1 << RANK_TABLE_BITS);
  let rank = 0;
  let cumulative = weights[0];
  for (let slot = 0; slot < table.length; slot++) {
    while ((slot + 0.5) / table.length > cumulative && rank < words) cumulative += weights[++rank];
    table[slot] = rank;
  }
  return table;
}

/**
 * Every word's UTF-8 bytes with a leading space, lower case then capitalised (a sentence's first word),
 * in one flat array: word r is `bytes[plain[r]…plain[r] + length[r])`, capitalised at `capitalised[r]`.
 */
interface EncodedWords {
  bytes: Uint8Array;
  plain: Int32Array;
  capitalised: Int32Array;
  length: Int32Array;
}

function encodeWords(words: string[]): EncodedWords {
  const pieces = words.flatMap((w) => [bytesOf(` ${w}`), bytesOf(` ${w[0].toUpperCase()}${w.slice(1)}`)]);
  const bytes = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  const plain = new Int32Array(words.length);
  const capitalised = new Int32Array(words.length);
  const length = new Int32Array(words.length);
  let at = 0;
  for (let r = 0; r < words.length; r++) {
    const [lower, upper] = [pieces[2 * r], pieces[2 * r + 1]];
    // Capitalising never changes the UTF-8 length of these words (ASCII, or é → É: two bytes each).
    if (lower.length !== upper.length) throw new Error(`bench: '${words[r]}' changes length when capitalised`);
    length[r] = lower.length;
    plain[r] = at;
    bytes.set(lower, at);
    capitalised[r] = at += lower.length;
    bytes.set(upper, at);
    at += upper.length;
  }
  return { bytes, plain, capitalised, length };
}

const BYTE = {
  newline: 0x0a,
  space: 0x20,
  comma: 0x2c,
  period: 0x2e,
  question: 0x3f,
  exclamation: 0x21,
  zero: 0x30,
} as const;
const OPEN_QUOTE = bytesOf(' “');
const CLOSE_QUOTE = bytesOf('”');
const EM_DASH = bytesOf(' —');
const PARAGRAPH_BREAK = bytesOf('\n\n');
/** Of 4 096: a comma after 7 % of words (not a sentence's last), an em dash after 0.4 %. */
const COMMA_BELOW = 287;
const DASH_BELOW = 303;

/**
 * Exactly `totalBytes` of UTF-8 prose from `seed`, in chunks. Pieces (a word, a mark) are never split,
 * so every chunk boundary falls between characters of the generator's own; the last few bytes (less
 * than one piece) are newlines. Same seed and size, same bytes.
 */
export function generateText(
  totalBytes: number,
  seed: number,
  sink: ChunkSink,
  chunkBytes = GENERATOR_CHUNK_BYTES,
): void {
  const rng = new Xorshift32(seed);
  const vocabulary = [...FUNCTION_WORDS, ...inventedWords(6000, rng)];
  // The accented words sit among the content words, moderately rare (about one word in two thousand).
  for (let i = 0; i < ACCENTED_WORDS.length; i++) vocabulary.splice(400 + i * 37, 0, ACCENTED_WORDS[i]);
  const words = encodeWords(vocabulary);
  const ranks = zipfRankTable(vocabulary.length);
  const numberRank = vocabulary.length;
  const out = new ChunkWriter(sink, Math.max(64, chunkBytes));
  // The longest piece is a word with its space (under 40 bytes) or a number; stop before one can overflow.
  const stopAt = totalBytes - 48;

  for (let paragraph = 0; out.written < stopAt; paragraph++) {
    if (paragraph > 0) out.put(PARAGRAPH_BREAK);
    let paragraphStart = true;
    const sentences = 1 + rng.below(7);
    for (let s = 0; s < sentences && out.written < stopAt; s++) {
      // The next piece takes no leading space: at a paragraph's start, or just after an opening quote.
      let glued = paragraphStart;
      paragraphStart = false;
      const quoted = rng.chance(0.06);
      if (quoted) {
        out.put(glued ? OPEN_QUOTE.subarray(1) : OPEN_QUOTE);
        glued = true;
      }
      const length = 4 + rng.below(18);
      for (let w = 0; w < length && out.written < stopAt; w++) {
        // One draw per word: its top 20 bits choose the word (or a number), its low 12 the mark after it.
        const draw = rng.nextUint32();
        const rank = ranks[draw >>> (32 - RANK_TABLE_BITS)];
        if (rank === numberRank) {
          const n = rng.chance(0.5) ? 1700 + rng.below(330) : rng.below(1000);
          if (!glued) out.putByte(BYTE.space);
          for (const c of String(n)) out.putByte(c.charCodeAt(0));
        } else {
          const start = (w === 0 ? words.capitalised[rank] : words.plain[rank]) + (glued ? 1 : 0);
          out.putRange(words.bytes, start, start + words.length[rank] - (glued ? 1 : 0));
        }
        glued = false;
        if (w < length - 1) {
          const mark = draw & 4095;
          if (mark < COMMA_BELOW) out.putByte(BYTE.comma);
          else if (mark < DASH_BELOW) out.put(EM_DASH);
        }
      }
      const end = rng.uniform();
      out.putByte(end < 0.86 ? BYTE.period : end < 0.94 ? BYTE.question : BYTE.exclamation);
      if (quoted) out.put(CLOSE_QUOTE);
    }
  }
  while (out.written < totalBytes) out.putByte(BYTE.newline);
  out.flush();
}

/** The table's columns: the first is the time axis, `load` the series to forecast (its name says so). */
export const TABLE_HEADER = 'date,load,temperature,humidity\n';
/** Every row is exactly this long: `2000-01-01T00:00:00Z,543.21,21.07,0.612\n`. */
export const TABLE_ROW_BYTES = 40;

/** The byte size of a generated table of `rows` rows (fixed-width rows, so known before writing). */
export function tableBytes(rows: number): number {
  return TABLE_HEADER.length + rows * TABLE_ROW_BYTES;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeapYear = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * A per-minute electricity load table from 2000-01-01T00:00Z, `rows` rows after the header: load with a
 * daily and a yearly cycle, a weekend dip and AR(1) noise; temperature following the sun and the season;
 * humidity falling as the temperature rises. Values are clamped to fixed widths (load 100.00–999.99,
 * temperature 10.00–39.99, humidity 0.100–0.999) so every row is `TABLE_ROW_BYTES` long.
 */
export function generateTable(rows: number, seed: number, sink: ChunkSink, chunkBytes = GENERATOR_CHUNK_BYTES): void {
  const rng = new Xorshift32(seed);
  const out = new ChunkWriter(sink, Math.max(TABLE_ROW_BYTES * 2, chunkBytes));
  out.put(bytesOf(TABLE_HEADER));
  const row = bytesOf('2000-01-01T00:00:00Z,000.00,00.00,0.000\n');
  if (row.length !== TABLE_ROW_BYTES) throw new Error('bench: the table row template has the wrong width');
  let [year, month, day, hour, minute, weekday] = [2000, 0, 1, 0, 0, 6]; // 2000-01-01 was a Saturday (0 = Sunday)
  let dayOfYear = 0;
  let loadNoise = 0;
  let temperatureNoise = 0;
  for (let i = 0; i < rows; i++) {
    const dayPhase = (hour * 60 + minute) / 1440;
    const yearPhase = dayOfYear / 365.25;
    loadNoise = 0.995 * loadNoise + 1.5 * rng.normal();
    temperatureNoise = 0.999 * temperatureNoise + 0.05 * rng.normal();
    const weekend = weekday === 0 || weekday === 6 ? -60 : 0;
    const temperature = 24 + 5 * Math.sin(2 * Math.PI * (dayPhase - 0.375)) - 7 * Math.cos(2 * Math.PI * yearPhase);
    const load = 560 + 130 * Math.sin(2 * Math.PI * (dayPhase - 0.3)) + 6 * (temperature - 24) + weekend + loadNoise;
    const humidity = 0.62 - 0.018 * (temperature - 24) + 0.03 * rng.normal();
    writeDigits(row, 0, year, 4);
    writeDigits(row, 5, month + 1, 2);
    writeDigits(row, 8, day, 2);
    writeDigits(row, 11, hour, 2);
    writeDigits(row, 14, minute, 2);
    writeFixed(row, 21, clampRound(load * 100, 10_000, 99_999), 3, 2);
    writeFixed(row, 28, clampRound((temperature + temperatureNoise) * 100, 1_000, 3_999), 2, 2);
    writeFixed(row, 34, clampRound(humidity * 1000, 100, 999), 1, 3);
    out.put(row);

    if (++minute < 60) continue;
    minute = 0;
    if (++hour < 24) continue;
    hour = 0;
    weekday = (weekday + 1) % 7;
    dayOfYear++;
    const monthDays = DAYS_IN_MONTH[month] + (month === 1 && isLeapYear(year) ? 1 : 0);
    if (++day <= monthDays) continue;
    day = 1;
    if (++month < 12) continue;
    month = 0;
    dayOfYear = 0;
    year++;
  }
  out.flush();
}

function clampRound(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.round(x)));
}

/** `value` as `width` zero-padded decimal digits at `at`. */
function writeDigits(row: Uint8Array, at: number, value: number, width: number): void {
  for (let k = width - 1; k >= 0; k--) {
    row[at + k] = BYTE.zero + (value % 10);
    value = Math.floor(value / 10);
  }
}

/** `scaled` / 10^decimals as `whole` digits, a point and `decimals` digits at `at` (the template holds the point). */
function writeFixed(row: Uint8Array, at: number, scaled: number, whole: number, decimals: number): void {
  writeDigits(row, at + whole + 1, scaled % 10 ** decimals, decimals);
  writeDigits(row, at, Math.floor(scaled / 10 ** decimals), whole);
}
