"""
A forecaster with series, calendar or known-future inputs (`forecastInputs` in the dataset description),
prepared exactly as LSTM Studio prepares it (src/data/series-inputs.ts, series-long.ts, series-steps.ts,
series-windows.ts):

- the rows grouped by the series column, in order of first appearance, each split at its own tail;
- each series z-scored with its stored mean and std (float64 arithmetic, rounded to float32 once);
- a step = [features | series one-hot | calendar sin/cos | holiday flag | future flag]; dates are read as
  written, as a UTC wall clock (no time zone, no daylight saving); the holiday flag comes from the stored
  `holidayDays` (no holiday library needed here);
- a window = seqLen history steps, then `horizon` future steps carrying only the known-future columns
  (the other features 0), the calendar of those rows and the future flag 1; targets are the next
  `horizon` rows' targets. Training windows per series, shuffled each epoch; validation windows in order.
"""

import calendar as calendars
import datetime
import math
import re

import numpy as np

from .tables import DatasetError, column_index, js_trim, parse_table, read_number

ISO_LIKE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?")


def parse_date(text, where):
    """An ISO-like date as a naive datetime, read as written (as parseDateUtc)."""
    m = ISO_LIKE.match(js_trim(text))
    if not m:
        raise DatasetError(f"{where}: '{text}' is not a date like 2024-02-29")
    parts = [int(g) if g is not None else 0 for g in m.groups()]
    try:
        return datetime.datetime(*parts)
    except ValueError:
        raise DatasetError(f"{where}: '{text}' is not a date") from None


def phase(field, when):
    """Where in its cycle a calendar field stands, in [0, 1) (calendarPhase)."""
    if field == "hourOfDay":
        return when.hour / 24
    if field == "dayOfWeek":
        return when.weekday() / 7  # Monday 0
    if field == "dayOfMonth":
        return (when.day - 1) / calendars.monthrange(when.year, when.month)[1]
    if field == "weekOfYear":
        return (when.isocalendar()[1] - 1) / 53
    if field == "month":
        return (when.month - 1) / 12
    raise DatasetError(f"unknown calendar field '{field}'")


class Layout:
    def __init__(self, inputs, features):
        self.features = features
        self.series_count = len(inputs["series"]["ids"]) if inputs.get("series") else 0
        cal = inputs.get("calendar") or {}
        self.fields = cal.get("fields", [])
        self.series_at = features
        self.calendar_at = self.series_at + self.series_count
        after = self.calendar_at + 2 * len(self.fields)
        self.holiday_at = after if cal.get("holidays") else -1
        after += 1 if cal.get("holidays") else 0
        self.future_at = after if inputs["futureSteps"] else -1
        self.width = after + (1 if inputs["futureSteps"] else 0)


def _context(layout, row, series, when, holidays, future):
    """row[D:] ← series one-hot, calendar, holiday and future flags (writeStepContext)."""
    if layout.series_count > 0:
        row[layout.series_at + series] = 1
    for f, field in enumerate(layout.fields):
        angle = 2 * math.pi * phase(field, when)
        row[layout.calendar_at + 2 * f] = math.sin(angle)
        row[layout.calendar_at + 2 * f + 1] = math.cos(angle)
    if layout.holiday_at >= 0:
        row[layout.holiday_at] = 1 if when.strftime("%Y-%m-%d") in holidays else 0
    if layout.future_at >= 0:
        row[layout.future_at] = 1 if future else 0


def prepare_series_inputs(text, path, dataset, normalization, fraction, tail_split, batch_class, prepared_class):
    inputs = dataset["forecastInputs"]
    columns, rows = parse_table(text, dataset["fileFormat"], path)
    features = dataset["featureColumns"]
    targets = dataset["columns"]["targets"]
    horizon = dataset.get("horizon", 1)
    series = inputs.get("series")
    cal = inputs.get("calendar")
    feature_at = [column_index(columns, name, path) for name in features]
    id_at = column_index(columns, series["column"], path) if series else -1
    date_at = column_index(columns, dataset["columns"]["date"], path) if cal else -1
    groups = {}
    for r, row in enumerate(rows):
        key = js_trim(row[id_at]) if id_at >= 0 else ""
        values = [read_number(row[k], f"{path}: row {r + 1}, column '{features[d]}'") for d, k in enumerate(feature_at)]
        when = parse_date(row[date_at], f"{path}: row {r + 1}") if cal else None
        groups.setdefault(key, []).append((values, when))
    layout = Layout(inputs, len(features))
    holidays = set((cal or {}).get("holidayDays", []))
    known = [features.index(name) for name in inputs["knownFuture"]]
    target_indices = [features.index(t) for t in targets]
    total = len(rows)
    history = np.zeros((total, layout.width), dtype=np.float32)
    future = np.zeros((total, layout.width), dtype=np.float32) if inputs["futureSteps"] else None
    segments = []
    at = 0
    for s, (key, group) in enumerate(groups.items()):
        if series:
            if key not in series["ids"]:
                raise DatasetError(f"{path}: series '{key}' is not one the model was trained on")
            index = series["ids"].index(key)
            mean, std = series["mean"][index], series["std"][index]
        else:
            index, mean, std = 0, normalization["mean"], normalization["std"]
        mean, std = np.array(mean, dtype=np.float64), np.array(std, dtype=np.float64)
        train, _ = tail_split(len(group), fraction)
        segments.append((at, len(group), train))
        for values, when in group:
            _context(layout, history[at], index, when, holidays, False)
            history[at, : len(features)] = ((np.array(values, dtype=np.float64) - mean) / std).astype(np.float32)
            if future is not None:
                _context(layout, future[at], index, when, holidays, True)
                for d in known:
                    future[at, d] = history[at, d]
            at += 1
    target_rows = history[:, target_indices].copy()
    steps = (history, future, target_rows, horizon)

    def window_batch(starts, window):
        parts = [history[s:s + window] if future is None else np.concatenate([history[s:s + window], future[s + window:s + window + horizon]]) for s in starts]
        return batch_class(np.stack([target_rows[s + window:s + window + horizon].reshape(-1) for s in starts]), features=np.stack(parts))

    def train_starts(window):
        return [start + r for start, _, train in segments for r in range(0, train - window - horizon + 1)]

    def validation_batches(batch_size, window):
        starts = [start + r for start, count, train in segments if train < count for r in range(max(0, train - window), count - window - horizon + 1)]
        return [window_batch(starts[k:k + batch_size], window) for k in range(0, len(starts), batch_size)]

    pooled_std = normalization["std"]
    return prepared_class(
        "forecasting",
        lambda batch_size, window, random: SeriesWindowBatcher(train_starts(window), batch_size, window, random, window_batch),
        validation_batches,
        target_std=[float(pooled_std[i]) for i in target_indices],
    )


class SeriesWindowBatcher:
    def __init__(self, order, batch_size, window, random, window_batch):
        if not order:
            raise DatasetError(f"no series has a training part long enough for a window of {window}")
        self.order, self.batch_size, self.window, self.random, self.window_batch = order, batch_size, window, random, window_batch
        self.examples_per_epoch = len(order)
        self.batches_per_epoch = math.ceil(len(order) / batch_size)
        self.starts, self.position = list(order), 0

    def start_epoch(self):
        self.starts = list(self.order)
        self.random.shuffle(self.starts)
        self.position = 0

    def next_batch(self):
        if self.position >= len(self.starts):
            return None
        starts = self.starts[self.position:self.position + self.batch_size]
        self.position += len(starts)
        return self.window_batch(starts, self.window)
