"""
The dataset → batches, exactly as LSTM Studio prepares them (`src/data/`), with the exported
checkpoint's vocabulary, normalisation and split rule:

- language model: the text (CRLF read as one "\\n"), the last `validationFraction` of the characters
  held out; training windows of seqLen + 1 characters at random offsets, validation windows in order;
- classification: rows with a text and a label, a stratified split shuffled with the run's seed, token ids
  from the stored vocabulary, each batch padded to its longest text (capped at seqLen);
- forecasting: the feature columns z-scored with the stored mean and std, the last rows held out,
  windows of seqLen rows with the next `horizon` rows' targets, shuffled each epoch;
- forecasting with series, calendar or known-future inputs: series_inputs.py;
- sequence to sequence: pairs.py.

Random choices come from `rng.Random`, the same generator as LSTM Studio's, so the same seed gives the
same split and the same batches in the same order.
"""

import math
import unicodedata

import numpy as np

from .pairs import prepare_pairs, split_run
from .rng import Random
from .series_inputs import prepare_series_inputs
from .tables import DatasetError, column_index, js_round, js_trim, parse_table, read_dataset_text, read_number

PAD_ID = 0


class Batch:
    """One batch, batch-major: `tokens` [B, T] or `features` [B, T, D]; `lengths` [B] or None; `targets`."""

    def __init__(self, targets, tokens=None, features=None, lengths=None):
        self.tokens, self.features, self.lengths, self.targets = tokens, features, lengths, targets

    @property
    def size(self):
        return len(self.targets)

    def rows(self, start, end):
        """Sequences [start, end) of the batch (a data-parallel shard)."""
        cut = lambda a: None if a is None else a[start:end]
        return Batch(cut(self.targets), cut(self.tokens), cut(self.features), cut(self.lengths))


class Vocabulary:
    def __init__(self, stored):
        self.unit = stored.get("unit", "char")
        self.words = stored.get("words", "letter-runs")
        self.tokens = list(stored["tokens"])
        self.specials = stored.get("specials", True)
        self.ids = {token: i for i, token in enumerate(self.tokens)}
        self.unk_id = 1 if self.specials else None

    def id_of(self, token):
        found = self.ids.get(token, self.unk_id)
        if found is None:
            raise DatasetError(f"'{token}' is not in the model's vocabulary, which has no <unk>")
        return found

    def encode(self, text):
        return [self.id_of(t) for t in tokenize(text, self.unit, self.words, self.ids)]


def tokenize(text, unit, rule="letter-runs", known=()):
    """
    Characters (code points), or lowercased runs of letters, digits and marks (`\\p{L}\\p{N}\\p{M}`); under
    a `segmented` vocabulary's rule a Chinese, Japanese or Thai run is cut into words (pairs.segment_run).
    """
    if unit == "char":
        return list(text)
    words, current = [], []
    for char in text.lower():
        if unicodedata.category(char)[0] in "LNM":
            current.append(char)
        elif current:
            words.extend(split_run("".join(current), rule, known))
            current = []
    if current:
        words.extend(split_run("".join(current), rule, known))
    return words


def tail_split(total, fraction):
    validation = min(max(0, total - 1), js_round(total * fraction))
    return total - validation, validation


def stratified_split(labels, num_classes, fraction, seed):
    random = Random(seed)
    members = [[] for _ in range(num_classes)]
    for i, label in enumerate(labels):
        members[label].append(i)
    train, validation = [], []
    for indices in members:
        random.shuffle(indices)
        held = 0 if len(indices) < 2 else min(len(indices) - 1, js_round(len(indices) * fraction))
        validation += indices[:held]
        train += indices[held:]
    return sorted(train), sorted(validation)


class PreparedData:
    """What the training loop needs: the task, a training batcher and the validation batches."""

    def __init__(self, task, make_train_batcher, make_validation_batches, target_std=None, warnings=()):
        self.task = task
        self.make_train_batcher = make_train_batcher
        self.make_validation_batches = make_validation_batches
        self.target_std = target_std
        self.warnings = list(warnings)


def prepare_dataset(path, dataset, vocab, normalization, validation_fraction, seed):
    """Reads `path` as the exported checkpoint's dataset description says (task, format, columns)."""
    text, warning = read_dataset_text(path, dataset.get("fingerprint"))
    warnings = [warning] if warning else []
    task = dataset["task"]
    if task == "language-model":
        prepared = _language_model(text, path, dataset, Vocabulary(vocab), validation_fraction)
    elif task == "classification":
        prepared = _classification(text, path, dataset, Vocabulary(vocab), validation_fraction, seed)
    elif task == "forecasting" and dataset.get("forecastInputs"):
        prepared = prepare_series_inputs(text, path, dataset, normalization, validation_fraction, tail_split, Batch, PreparedData)
    elif task == "forecasting":
        prepared = _forecasting(text, path, dataset, normalization, validation_fraction)
    elif task == "seq2seq":
        prepared = prepare_pairs(text, path, dataset, vocab, validation_fraction, seed)
    else:
        raise DatasetError(f"unknown task '{task}'")
    prepared.warnings = warnings + prepared.warnings
    return prepared


# ---- language model ----

def _language_model(text, path, dataset, vocab, fraction):
    column = dataset.get("columns", {}).get("text")
    if column and dataset.get("fileFormat") != "text":
        columns, rows = parse_table(text, dataset["fileFormat"], path)
        k = column_index(columns, column, path)
        text = "\n".join(row[k] for row in rows)
    text = text.replace("\r\n", "\n")
    unknown = vocab.unk_id if vocab.unk_id is not None else -1
    ids = np.fromiter((vocab.ids.get(c, unknown) for c in text), dtype=np.int64, count=len(text))
    if (ids < 0).any():
        raise DatasetError(f"{path}: holds characters outside the model's vocabulary, which has no <unk>")
    train_length, validation_length = tail_split(len(ids), fraction)
    if train_length < 2:
        raise DatasetError(f"{path}: the text is too short to train on")
    return PreparedData(
        "language-model",
        lambda batch_size, seq_len, random: LanguageModelBatcher(ids, train_length, batch_size, seq_len, random),
        lambda batch_size, seq_len: language_model_validation_batches(ids, train_length, validation_length, batch_size, seq_len),
    )


class LanguageModelBatcher:
    def __init__(self, ids, train_length, batch_size, seq_len, random):
        self.ids, self.train_length, self.batch_size, self.random = ids, train_length, batch_size, random
        self.steps = min(seq_len, train_length - 1)
        self.examples_per_epoch = math.ceil(train_length / seq_len)
        self.batches_per_epoch = math.ceil(self.examples_per_epoch / batch_size)
        self.produced = 0

    def start_epoch(self):
        self.produced = 0

    def next_batch(self):
        if self.produced >= self.examples_per_epoch:
            return None
        B = min(self.batch_size, self.examples_per_epoch - self.produced)
        T = self.steps
        tokens = np.empty((B, T), dtype=np.int64)
        targets = np.empty((B, T), dtype=np.int64)
        for b in range(B):
            # The window's last target, offset + T, stays inside the training part.
            offset = self.random.int(self.train_length - T)
            tokens[b] = self.ids[offset:offset + T]
            targets[b] = self.ids[offset + 1:offset + T + 1]
        self.produced += B
        return Batch(targets, tokens=tokens)


def language_model_validation_batches(ids, start, length, batch_size, seq_len):
    predictions = length - 1
    if predictions < 1:
        return []
    T = min(seq_len, predictions)
    windows = math.ceil(predictions / T)
    batches = []
    for first in range(0, windows, batch_size):
        B = min(batch_size, windows - first)
        tokens = np.full((B, T), PAD_ID, dtype=np.int64)
        targets = np.full((B, T), PAD_ID, dtype=np.int64)
        lengths = np.empty(B, dtype=np.int64)
        for b in range(B):
            begin = (first + b) * T
            n = min(T, predictions - begin)
            lengths[b] = n
            tokens[b, :n] = ids[start + begin:start + begin + n]
            targets[b, :n] = ids[start + begin + 1:start + begin + n + 1]
        batches.append(Batch(targets, tokens=tokens, lengths=lengths))
    return batches


# ---- classification ----

def _classification(text, path, dataset, vocab, fraction, seed):
    columns, rows = parse_table(text, dataset["fileFormat"], path)
    t = column_index(columns, dataset["columns"]["text"], path)
    k = column_index(columns, dataset["columns"]["label"], path)
    classes = dataset["classes"]
    class_id = {name: i for i, name in enumerate(classes)}
    sequences, labels = [], []
    for row in rows:
        label = js_trim(row[k])
        if js_trim(row[t]) == "" or label == "":
            continue
        if label not in class_id:
            raise DatasetError(f"{path}: label '{label}' is not one of the model's classes ({', '.join(classes)})")
        sequences.append(vocab.encode(row[t]))
        labels.append(class_id[label])
    train, validation = stratified_split(labels, len(classes), fraction, seed)
    keep = dataset.get("truncationKeeps", "start")
    return PreparedData(
        "classification",
        lambda batch_size, seq_len, random: ClassificationBatcher(sequences, labels, train, batch_size, seq_len, random, keep),
        lambda batch_size, seq_len: [
            _classification_batch(sequences, labels, validation[s:s + batch_size], seq_len, keep) for s in range(0, len(validation), batch_size)
        ],
    )


class ClassificationBatcher:
    def __init__(self, sequences, labels, indices, batch_size, seq_len, random, keep):
        if not indices:
            raise DatasetError("the training part holds no examples")
        self.sequences, self.labels, self.indices = sequences, labels, list(indices)
        self.batch_size, self.seq_len, self.random, self.keep = batch_size, seq_len, random, keep
        self.examples_per_epoch = len(indices)
        self.batches_per_epoch = math.ceil(len(indices) / batch_size)
        self.order, self.position = list(indices), 0

    def start_epoch(self):
        # Shuffled from the unshuffled order, as LSTM Studio does.
        self.order = list(self.indices)
        self.random.shuffle(self.order)
        self.position = 0

    def next_batch(self):
        if self.position >= len(self.order):
            return None
        examples = self.order[self.position:self.position + self.batch_size]
        self.position += len(examples)
        return _classification_batch(self.sequences, self.labels, examples, self.seq_len, self.keep)


def _classification_batch(sequences, labels, examples, seq_len, keep):
    T = max(1, max(min(seq_len, len(sequences[i])) for i in examples))
    tokens = np.full((len(examples), T), PAD_ID, dtype=np.int64)
    lengths = np.empty(len(examples), dtype=np.int64)
    for b, i in enumerate(examples):
        ids = sequences[i]
        n = min(len(ids), T)
        part = ids[len(ids) - n:] if keep == "end" else ids[:n]
        tokens[b, :n] = part
        lengths[b] = max(1, n)
    return Batch(np.array([labels[i] for i in examples], dtype=np.int64), tokens=tokens, lengths=lengths)


# ---- forecasting ----

def _forecasting(text, path, dataset, normalization, fraction):
    columns, rows = parse_table(text, dataset["fileFormat"], path)
    features = dataset["featureColumns"]
    targets = dataset["columns"]["targets"]
    horizon = dataset.get("horizon", 1)
    if normalization["columns"] != features:
        raise DatasetError("the checkpoint's normalisation columns do not match its feature columns")
    indices = [column_index(columns, name, path) for name in features]
    values = np.empty((len(rows), len(features)), dtype=np.float64)
    for r, row in enumerate(rows):
        for d, k in enumerate(indices):
            values[r, d] = read_number(row[k], f"{path}: row {r + 1}, column '{features[d]}'")
    mean = np.array(normalization["mean"], dtype=np.float64)
    std = np.array(normalization["std"], dtype=np.float64)
    normalized = ((values - mean) / std).astype(np.float32)  # float64 arithmetic, rounded once, as LSTM Studio
    target_indices = [features.index(t) for t in targets]
    train_rows, validation_rows = tail_split(len(rows), fraction)
    series = (normalized, target_indices, horizon)
    return PreparedData(
        "forecasting",
        lambda batch_size, window, random: ForecastBatcher(series, train_rows, batch_size, window, random),
        lambda batch_size, window: [] if validation_rows == 0 else forecast_validation_batches(series, train_rows, batch_size, window),
        target_std=[float(std[i]) for i in target_indices],
    )


class ForecastBatcher:
    def __init__(self, series, train_rows, batch_size, window, random):
        self.series, self.batch_size, self.window, self.random = series, batch_size, window, random
        count = train_rows - window - series[2] + 1
        if count < 1:
            raise DatasetError(f"the training part has {train_rows} rows, too few for a window of {window} plus {series[2]} row(s) ahead")
        self.count = count
        self.examples_per_epoch = count
        self.batches_per_epoch = math.ceil(count / batch_size)
        self.starts, self.position = list(range(count)), 0

    def start_epoch(self):
        self.starts = list(range(self.count))
        self.random.shuffle(self.starts)
        self.position = 0

    def next_batch(self):
        if self.position >= self.count:
            return None
        starts = self.starts[self.position:self.position + self.batch_size]
        self.position += len(starts)
        return _forecast_batch(self.series, starts, self.window)


def forecast_validation_batches(series, train_rows, batch_size, window):
    first = max(0, train_rows - window)
    last = len(series[0]) - window - series[2]
    return [_forecast_batch(series, list(range(s, min(s + batch_size, last + 1))), window) for s in range(first, last + 1, batch_size)]


def _forecast_batch(series, starts, window):
    values, target_indices, horizon = series
    features = np.stack([values[s:s + window] for s in starts])
    # targets [B, horizon * K]: row s + W + h, target k at h * K + k
    targets = np.stack([values[s + window:s + window + horizon][:, target_indices].reshape(-1) for s in starts])
    return Batch(targets, features=features)
