"""
Speech to text as src/tasks/speech-to-text/ prepares and scores it: transcripts normalised (NFKC, lower
case, JavaScript-whitespace runs as one space, trimmed), the CTC symbols (0 = the blank `·`, then the
characters in code-point order), the seeded split by recording, the padded batches, greedy (best path)
decoding, and the character and word error rates (summed edits ÷ summed reference lengths).
"""

import unicodedata

import torch

from .rng import Random
from .tables import JS_WHITESPACE, js_round
from .text_metrics import edit_distance

BLANK_SYMBOL = "·"


def _js_split_spaces(text):
    """`text` cut at runs of JavaScript's \\s, empty pieces dropped (split(/\\s+/u).filter(…))."""
    words, word = [], []
    for char in text:
        if char in JS_WHITESPACE:
            if word:
                words.append("".join(word)); word = []
        else:
            word.append(char)
    if word:
        words.append("".join(word))
    return words


def normalize_transcript(text):
    return " ".join(_js_split_spaces(unicodedata.normalize("NFKC", text).lower()))


def transcript_symbols(texts):
    characters = sorted({char for text in texts for char in text}, key=ord)
    return [BLANK_SYMBOL] + characters


def encode_transcript(text, symbols):
    ids = {symbol: index for index, symbol in enumerate(symbols) if index != 0}
    return [ids[char] for char in text]


def ctc_frames_needed(labels):
    return len(labels) + sum(1 for k in range(1, len(labels)) if labels[k] == labels[k - 1])


def recording_split(count, fraction, seed):
    """(train, validation) recording indices, ascending: round(n × fraction) (at most n − 1) held out."""
    order = list(range(count))
    Random(seed).shuffle(order)
    held = min(count - 1, js_round(count * fraction))
    return sorted(order[held:]), sorted(order[:held])


def speech_batch(values, labels, indices):
    """features [B, T, D] zero-padded, lengths [B], targets [B, S] zero-padded, target_lengths [B]."""
    steps = [values[i].shape[0] for i in indices]
    T, S, D = max([1] + steps), max([1] + [len(labels[i]) for i in indices]), values[indices[0]].shape[1]
    features = torch.zeros(len(indices), T, D)
    targets = torch.zeros(len(indices), S, dtype=torch.long)
    for b, i in enumerate(indices):
        features[b, : steps[b]] = values[i]
        targets[b, : len(labels[i])] = torch.tensor(labels[i], dtype=torch.long)
    lengths = torch.tensor(steps, dtype=torch.long)
    target_lengths = torch.tensor([len(labels[i]) for i in indices], dtype=torch.long)
    return features, lengths, targets, target_lengths


class SpeechBatch:
    """A batch as training.py's steps read it (tokens None), with the CTC label counts; rows() shards it."""

    def __init__(self, features, lengths, targets, target_lengths):
        self.tokens, self.features, self.lengths = None, features, lengths
        self.targets, self.target_lengths = targets, target_lengths
        self.size = features.shape[0]

    def rows(self, start, end):
        return SpeechBatch(self.features[start:end], self.lengths[start:end], self.targets[start:end],
                           self.target_lengths[start:end])


def make_speech_batch(values, labels, indices):
    return SpeechBatch(*speech_batch(values, labels, indices))


def greedy_labels(logits, length):
    """Best path of logits [T, C] over the first `length` steps: argmax, repeats merged, blanks dropped."""
    path = logits[:length].argmax(dim=-1).tolist()
    labels, previous = [], -1
    for symbol in path:
        if symbol != previous and symbol != 0:
            labels.append(symbol)
        previous = symbol
    return labels


def error_rates(pairs):
    """(charErrorRate, wordErrorRate) of (reference, hypothesis) pairs, as src/inference/error-rates.ts."""
    char_edits = chars = word_edits = words = 0
    for reference, hypothesis in pairs:
        char_edits += edit_distance(list(hypothesis), list(reference))
        chars += len(reference)
        reference_words = _js_split_spaces(reference)
        word_edits += edit_distance(_js_split_spaces(hypothesis), reference_words)
        words += len(reference_words)
    rate = lambda edits, length: 0.0 if edits == 0 else edits / max(1, length)
    return rate(char_edits, chars), rate(word_edits, words)
