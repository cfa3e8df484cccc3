"""
The text metrics of LSTM Studio's sequence-to-sequence task, ported from `src/tasks/seq2seq/` so this
project reports the same numbers without extra packages:

- `edit_distance`: Levenshtein distance between two token sequences (token and character error rates);
- `corpus_bleu`: sacreBLEU's default BLEU (13a tokenisation, 4-grams, closest reference length, `exp`
  smoothing), statistics summed over the corpus;
- `corpus_chrf`: sacreBLEU's default chrF (character 6-grams without whitespace, β = 2, effective order).
"""

import math
import re

from .tables import JS_WHITESPACE

MAX_ORDER = 4
LOG_ZERO = -9999999999
_JS_SPACES = re.compile("[" + re.escape(JS_WHITESPACE) + "]+")

# mteval-v13a's rules (bleu.ts `tokenize13a`), in order.
_SYMBOLS = re.compile(r"([{-~\[-` -&(-+:-@/])")
_PERIOD_COMMA_AFTER_NON_DIGIT = re.compile(r"([^0-9])([.,])")
_PERIOD_COMMA_BEFORE_NON_DIGIT = re.compile(r"([.,])([^0-9])")
_DASH_AFTER_DIGIT = re.compile(r"([0-9])(-)")


def edit_distance(hypothesis, reference):
    """Insertions, deletions and substitutions (each costs 1) turning `hypothesis` into `reference`."""
    previous = list(range(len(reference) + 1))
    for i, h in enumerate(hypothesis, start=1):
        current = [i] + [0] * len(reference)
        for j, r in enumerate(reference, start=1):
            current[j] = min(previous[j - 1] + (0 if h == r else 1), previous[j] + 1, current[j - 1] + 1)
        previous = current
    return previous[-1]


def tokenize_13a(line):
    text = line.replace("<skipped>", "").replace("-\n", "").replace("\n", " ")
    if "&" in text:
        text = text.replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    text = _SYMBOLS.sub(r" \1 ", f" {text} ")
    text = _PERIOD_COMMA_AFTER_NON_DIGIT.sub(r"\1 \2 ", text)
    text = _PERIOD_COMMA_BEFORE_NON_DIGIT.sub(r" \1 \2", text)
    text = _DASH_AFTER_DIGIT.sub(r"\1 \2 ", text)
    return " ".join(w for w in _JS_SPACES.split(text) if w)


def _words(tokenized):
    return tokenized.split(" ") if tokenized else []


def _ngram_counts(tokens):
    counts = {}
    for n in range(1, MAX_ORDER + 1):
        for i in range(len(tokens) - n + 1):
            gram = tuple(tokens[i:i + n])
            counts[gram] = counts.get(gram, 0) + 1
    return counts


def corpus_bleu(hypotheses, references):
    """BLEU 0…100 of `hypotheses` against one reference each (`references[i]`)."""
    sys_length, ref_length = 0, 0
    correct, total = [0] * MAX_ORDER, [0] * MAX_ORDER
    for hypothesis, reference in zip(hypotheses, references):
        hyp, ref = _words(tokenize_13a(hypothesis)), _words(tokenize_13a(reference))
        reference_counts = _ngram_counts(ref)
        sys_length += len(hyp)
        ref_length += len(ref)
        for gram, count in _ngram_counts(hyp).items():
            total[len(gram) - 1] += count
            correct[len(gram) - 1] += min(count, reference_counts.get(gram, 0))
    if not any(c > 0 for c in correct):
        return 0.0
    brevity = (math.exp(1 - ref_length / sys_length) if sys_length > 0 else 0.0) if sys_length < ref_length else 1.0
    precisions, halvings = [0.0] * MAX_ORDER, 1
    for n in range(MAX_ORDER):
        if total[n] == 0:
            break
        if correct[n] > 0:
            precisions[n] = 100 * correct[n] / total[n]
        else:
            halvings *= 2
            precisions[n] = 100 / (halvings * total[n])
    log_sum = sum(LOG_ZERO if p == 0 else math.log(p) for p in precisions)
    return brevity * math.exp(log_sum / MAX_ORDER)


def _char_ngrams(text, order):
    result = []
    for n in range(1, order + 1):
        counts = {}
        for i in range(len(text) - n + 1):
            gram = text[i:i + n]
            counts[gram] = counts.get(gram, 0) + 1
        result.append(counts)
    return result


def _f_score(stats, order, beta):
    factor = beta * beta
    effective, precision_sum, recall_sum = 0, 0.0, 0.0
    for n in range(order):
        hyp, ref, match = stats[3 * n:3 * n + 3]
        if hyp > 0 and ref > 0:
            precision_sum += match / hyp
            recall_sum += match / ref
            effective += 1
    if effective == 0:
        return 0.0
    precision, recall = precision_sum / effective, recall_sum / effective
    if precision + recall == 0:
        return 0.0
    return 100 * (1 + factor) * precision * recall / (factor * precision + recall)


def corpus_chrf(hypotheses, references, order=6, beta=2):
    """chrF 0…100 of `hypotheses` against one reference each."""
    totals = [0] * (3 * order)
    for hypothesis, reference in zip(hypotheses, references):
        hyp = _char_ngrams(_JS_SPACES.sub("", hypothesis), order)
        ref = _char_ngrams(_JS_SPACES.sub("", reference), order)
        for n in range(order):
            hyp_count = sum(hyp[n].values())
            matched = sum(min(c, ref[n].get(g, 0)) for g, c in hyp[n].items())
            totals[3 * n] += hyp_count if ref[n] else 0
            totals[3 * n + 1] += sum(ref[n].values())
            totals[3 * n + 2] += matched
    return _f_score(totals, order, beta)
