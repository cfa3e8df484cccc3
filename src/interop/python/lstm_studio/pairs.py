"""
A pairs dataset → sequence-to-sequence batches, exactly as LSTM Studio prepares them (`src/data/pair-*.ts`,
`src/tasks/seq2seq/prepare.ts`), with the exported checkpoint's two vocabularies:

- the source and target columns of a CSV/TSV/JSON Lines table (or a headerless TSV, columns named
  `column 1`, `column 2`, … by position); a row whose source is blank is skipped;
- each side's tokens: characters (code points, spaces kept) or words — runs of letters, digits and marks
  (`\\p{L}\\p{N}\\p{M}`, case kept) and every other non-space character alone; a token outside the stored
  vocabulary is `<unk>` (the vocabulary was fitted on the training pairs, so this is what LSTM Studio read);
- the split: round(n × fraction) pairs held out, chosen by a permutation seeded with the run's seed;
- batches of the training pairs shuffled each epoch (the data-order generator), each side padded to the
  batch's longest and cut to `seqLen` tokens: source [B, Ts] with lengths; decoder input `<sos> y₁…yₙ`
  and targets `y₁…yₙ <eos>` [B, Td] with lengths n + 1;
- the validation pairs in file order, or the fixed sample LSTM Studio scores when the split is larger than
  its bound (src/train/validation-set.ts).
"""

import math
import unicodedata

import numpy as np

from .rng import Random, derive_seed
from .tables import JS_WHITESPACE, DatasetError, column_index, js_round, js_trim, parse_table

PAD_ID, UNK_ID, SOS_ID, EOS_ID = 0, 1, 2, 3
# src/train/validation-set.ts: about a million steps read per evaluation, from generator stream 3.
AUTOMATIC_VALIDATION_STEPS = 1_048_576
VALIDATION_SAMPLE_STREAM = 3


def is_word_char(char):
    """`[\\p{L}\\p{N}\\p{M}]`: a letter, a digit or number, or a combining mark."""
    return unicodedata.category(char)[0] in "LNM"


# Scripts written without spaces (src/data/word-split.ts): Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar.
UNSPACED_RANGES = (
    (0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0x19E0, 0x19FF), (0x2E80, 0x2FDF), (0x3005, 0x3007),
    (0x3021, 0x3029), (0x3038, 0x303B), (0x3040, 0x30FF), (0x31F0, 0x31FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
    (0xA9E0, 0xA9FF), (0xAA60, 0xAA7F), (0xF900, 0xFAFF), (0xFF66, 0xFF9F), (0x20000, 0x3134F),
)
_warned_segmentation = False


def is_unspaced(run):
    return any(lo <= ord(c) <= hi for c in run for lo, hi in UNSPACED_RANGES)


def segment_run(run, known):
    """
    A Chinese, Japanese or Thai run cut into words, as a `segmented` vocabulary was built: LSTM Studio
    uses ICU's word boundaries (`Intl.Segmenter`); PyICU, when installed, gives the same. Without it the
    run is cut by the longest tokens of the vocabulary (`known`), which agrees on most text but not all.
    """
    global _warned_segmentation
    try:
        import icu  # PyICU: pip install PyICU

        breaks = icu.BreakIterator.createWordInstance(icu.Locale.getRoot())
        breaks.setText(run)
        # ICU counts UTF-16 units; a code point above U+FFFF is two.
        units = run.encode("utf-16-le")
        edges = [0] + list(breaks)
        return [units[2 * a : 2 * b].decode("utf-16-le") for a, b in zip(edges, edges[1:]) if b > a]
    except ImportError:
        if not _warned_segmentation:
            print("note: PyICU is not installed; Chinese/Japanese/Thai words are cut by the vocabulary's longest "
                  "tokens, which may differ from LSTM Studio's (pip install PyICU to match)")
            _warned_segmentation = True
    longest = max((len(t) for t in known), default=1)
    words, at = [], 0
    while at < len(run):
        for size in range(min(longest, len(run) - at), 0, -1):
            if size == 1 or run[at : at + size] in known:
                words.append(run[at : at + size])
                at += size
                break
    return words


def split_run(run, words, known):
    """A run of letters, digits and marks as words: whole, or segmented (`words`: the vocabulary's rule)."""
    if words == "segmented" and is_unspaced(run):
        return segment_run(run, known)
    return [run]


def pair_tokens(text, unit, words="letter-runs", known=()):
    """One side's tokens (src/data/pair-tokens.ts `pairTokens`): characters, or words and marks."""
    if unit == "char":
        return list(text)
    tokens, run = [], []
    for char in text:
        if is_word_char(char):
            run.append(char)
            continue
        if run:
            tokens.extend(split_run("".join(run), words, known))
            run = []
        if char not in JS_WHITESPACE:  # JavaScript's \s is its WhiteSpace and LineTerminator set
            tokens.append(char)
    if run:
        tokens.extend(split_run("".join(run), words, known))
    return tokens


# detokenize's spacing rules (src/data/pair-tokens.ts).
NO_SPACE_BEFORE = set(".,!?;:%)]}»›…、。，！？；：）」』")
NO_SPACE_AFTER = set("([{¿¡«‹「『（")
WORD_JOINERS = set("'’-‐/")
NUMBER_JOINERS = set(".,:")


def _is_word_run(token):
    return token is not None and len(token) > 0 and all(is_word_char(c) for c in token)


def _is_digits(token):
    return token is not None and len(token) > 0 and all(unicodedata.category(c)[0] == "N" for c in token)


def _joins(left, mark, right):
    if left is None or right is None:
        return False
    if mark in WORD_JOINERS:
        return _is_word_run(left) and _is_word_run(right)
    if mark in NUMBER_JOINERS:
        return _is_digits(left) and _is_digits(right)
    return False


def detokenize(tokens, unit):
    """Tokens back to text: characters joined; words spaced as LSTM Studio spaces them."""
    if unit == "char":
        return "".join(tokens)
    at = lambda i: tokens[i] if 0 <= i < len(tokens) else None
    text = ""
    for i, token in enumerate(tokens):
        if i > 0:
            previous = tokens[i - 1]
            glued = _joins(previous, token, at(i + 1)) or _joins(at(i - 2), previous, token)
            if not glued and token not in NO_SPACE_BEFORE and previous not in NO_SPACE_AFTER:
                text += " "
        text += token
    return text


class SideVocabulary:
    """One side's stored vocabulary (`<pad>` 0, `<unk>` 1; the target adds `<sos>` 2, `<eos>` 3)."""

    def __init__(self, stored):
        self.unit = stored.get("unit", "char")
        self.words = stored.get("words", "letter-runs")
        self.tokens = list(stored["tokens"])
        self.ids = {token: i for i, token in enumerate(self.tokens)}

    def encode(self, text):
        return [self.ids.get(token, UNK_ID) for token in pair_tokens(text, self.unit, self.words, self.ids)]

    def token_of(self, token_id):
        return self.tokens[token_id] if 0 <= token_id < len(self.tokens) else self.tokens[UNK_ID]

    def text_of(self, ids):
        return detokenize([self.token_of(i) for i in ids], self.unit)


class PairBatch:
    """One batch, batch-major: source `tokens` [B, Ts] and `lengths`; `decoder_tokens`, `targets` [B, Td] and `decoder_lengths`."""

    def __init__(self, tokens, lengths, decoder_tokens, decoder_lengths, targets):
        self.tokens, self.lengths = tokens, lengths
        self.decoder_tokens, self.decoder_lengths, self.targets = decoder_tokens, decoder_lengths, targets
        self.features = None

    @property
    def size(self):
        return len(self.lengths)

    def rows(self, start, end):
        """Pairs [start, end) of the batch (a data-parallel shard), padding kept as the whole batch's."""
        return PairBatch(self.tokens[start:end], self.lengths[start:end], self.decoder_tokens[start:end],
                         self.decoder_lengths[start:end], self.targets[start:end])


def pair_batch(sources, targets, pairs, seq_len):
    """`fillPairBatch`: each side padded to the batch's longest, at most seqLen tokens (+ 1 on the decoder side)."""
    kept = [min(seq_len, len(sources[i])) for i in pairs]
    kept_target = [min(seq_len, len(targets[i])) for i in pairs]
    Ts = max([1] + kept)
    Td = max([1] + [n + 1 for n in kept_target])
    B = len(pairs)
    tokens = np.full((B, Ts), PAD_ID, dtype=np.int64)
    lengths = np.empty(B, dtype=np.int64)
    decoder_tokens = np.full((B, Td), PAD_ID, dtype=np.int64)
    decoder_lengths = np.empty(B, dtype=np.int64)
    out = np.full((B, Td), PAD_ID, dtype=np.int64)
    for b, i in enumerate(pairs):
        n = kept[b]
        tokens[b, :n] = sources[i][:n]
        lengths[b] = max(1, n)
        m = kept_target[b]
        decoder_tokens[b, 0] = SOS_ID
        decoder_tokens[b, 1:m + 1] = targets[i][:m]
        out[b, :m] = targets[i][:m]
        out[b, m] = EOS_ID
        decoder_lengths[b] = m + 1
    return PairBatch(tokens, lengths, decoder_tokens, decoder_lengths, out)


class PairBatcher:
    """`PairBatcher`: the training pairs shuffled from their unshuffled order at every epoch."""

    def __init__(self, sources, targets, indices, batch_size, seq_len, random):
        if not indices:
            raise DatasetError("the training part holds no pairs")
        self.sources, self.targets, self.indices = sources, targets, list(indices)
        self.batch_size, self.seq_len, self.random = batch_size, seq_len, random
        self.examples_per_epoch = len(indices)
        self.batches_per_epoch = math.ceil(len(indices) / batch_size)
        self.order, self.position = list(indices), 0

    def start_epoch(self):
        self.order = list(self.indices)
        self.random.shuffle(self.order)
        self.position = 0

    def next_batch(self):
        if self.position >= len(self.order):
            return None
        pairs = self.order[self.position:self.position + self.batch_size]
        self.position += len(pairs)
        return pair_batch(self.sources, self.targets, pairs, self.seq_len)


def random_pair_split(total, fraction, seed):
    """`randomPairSplit`: round(n × fraction) pairs (at most n − 1) to validation, both parts in file order."""
    held = min(max(0, total - 1), js_round(total * fraction))
    order = list(range(total))
    Random(seed).shuffle(order)
    return sorted(order[held:]), sorted(order[:held])


def validation_bound(training):
    """`validationBound`: the most pairs an evaluation scores."""
    if training.get("fullValidation"):
        return math.inf
    if training.get("validationMax", 0) > 0:
        return training["validationMax"]
    return max(1, AUTOMATIC_VALIDATION_STEPS // training["seqLen"])


def choose_validation_sample(count, bound, seed):
    """`chooseValidationSample`: selection sampling (Knuth's Algorithm S), ascending; None = every unit."""
    if count <= bound:
        return None
    random, chosen = Random(seed), []
    for i in range(count):
        if len(chosen) >= bound:
            break
        if (count - i) * random.uniform() < bound - len(chosen):
            chosen.append(i)
    return chosen


class PreparedPairs:
    """What the training loop needs: a training batcher, the validation batches and the vocabularies."""

    task = "seq2seq"
    target_std = None

    def __init__(self, sources, targets, train, validation, source_vocab, target_vocab, max_output_length, warnings):
        self.sources, self.targets, self.train, self.validation = sources, targets, train, validation
        self.source_vocab, self.target_vocab = source_vocab, target_vocab
        self.max_output_length = max_output_length
        self.warnings = list(warnings)

    def make_train_batcher(self, batch_size, seq_len, random):
        return PairBatcher(self.sources, self.targets, self.train, batch_size, seq_len, random)

    def make_validation_batches(self, batch_size, seq_len, training=None):
        """The validation pairs (or LSTM Studio's fixed sample of them) in batches, in file order."""
        pairs = self.validation
        if training is not None:
            chosen = choose_validation_sample(len(pairs), validation_bound(training),
                                              derive_seed(training["seed"], VALIDATION_SAMPLE_STREAM))
            if chosen is not None:
                pairs = [pairs[u] for u in chosen]
        return [pair_batch(self.sources, self.targets, pairs[s:s + batch_size], seq_len)
                for s in range(0, len(pairs), batch_size)]


def prepare_pairs(text, path, dataset, vocab, validation_fraction, seed):
    """The pairs file as the exported run read it (columns, tokens, vocabularies, split)."""
    columns = dataset["columns"]
    names, rows = parse_table(text, dataset["fileFormat"], path, header=not columns.get("headerless", False))
    s = column_index(names, columns["source"], path)
    t = column_index(names, columns["target"], path)
    source_vocab = SideVocabulary(vocab)
    target_vocab = SideVocabulary(dataset["targetVocab"])
    sources, targets, skipped = [], [], 0
    for row in rows:
        source = row[s] if s < len(row) else ""
        if js_trim(source) == "":
            skipped += 1
            continue
        sources.append(source_vocab.encode(source))
        targets.append(target_vocab.encode(row[t] if t < len(row) else ""))
    if not sources:
        raise DatasetError(f"{path}: no row has a text in '{columns['source']}'")
    warnings = [f"{skipped} row(s) with an empty '{columns['source']}' skipped"] if skipped else []
    train, validation = random_pair_split(len(sources), validation_fraction, seed)
    # src/tasks/seq2seq/pair-codec.ts: room beyond the longest target the run trained on
    max_output_length = math.ceil(dataset["maxTargetLength"] * 1.5) + 5
    return PreparedPairs(sources, targets, train, validation, source_vocab, target_vocab, max_output_length, warnings)
