"""
An audio run's recordings → batches, as LSTM Studio prepares them (src/tasks/audio-classification/,
src/tasks/speech-to-text/), from the listing the exporter wrote (run_config.json's `audioListing`: the
layout and each recording's path relative to the dataset's folder, with its label or transcript, in
LSTM Studio's order — so the split and the batches pick the same recordings).

- every recording: audio.read_wav → audio.log_mel → audio.model_steps with the stored `dataset.audio`
  settings (stacked frames, per-recording or the stored global normalisation); one that cannot be read,
  or is shorter than one window, is skipped with a warning naming it, as there;
- audio classification: the stored class names, the stratified split, batches of the shuffled training
  recordings (each epoch from the unshuffled order) padded to the longest, capped at seqLen steps; a
  recording with no whole step is one step of zeros;
- speech to text: the stored symbols, transcripts normalised, the seeded split by recording, recordings
  too short for their transcript skipped, the training order shuffled each epoch from the unshuffled
  order (as every LSTM Studio batcher, so an epoch depends only on the generator), padded CTC batches
  (speech.SpeechBatch).

SpecAugment masking (`specAugment`) is not replayed: batches are the unmasked ones.
"""

import os

import torch

from .audio import log_mel, model_steps, read_wav
from .data import Batch, PreparedData, stratified_split
from .speech import (ctc_frames_needed, encode_transcript, make_speech_batch, normalize_transcript,
                     recording_split)
from .tables import DatasetError


def listing_folder(path):
    """The folder the listing's paths are relative to: the dataset folder, or a manifest file's folder."""
    return path if os.path.isdir(path) else os.path.dirname(os.path.abspath(path))


def read_recordings(folder, entries, settings):
    """(entries kept, their log-mel frames, warnings), in the listing's order."""
    kept, frames, warnings = [], [], []
    for entry in entries:
        try:
            features = log_mel(read_wav(os.path.join(folder, entry["name"])), settings["melBands"])
        except (OSError, ValueError) as error:
            warnings.append(f"{entry['name']}: {error}")
            continue
        if features.shape[0] == 0:
            warnings.append(f"{entry['name']}: shorter than one {settings['windowMs']} ms window")
            continue
        kept.append(entry)
        frames.append(features)
    if not kept:
        raise DatasetError(f"{folder}: no recording could be read ({warnings[0] if warnings else 'the listing is empty'})")
    return kept, frames, warnings


def steps_of(features, settings):
    stats = settings.get("globalNormalization") or {}
    return model_steps(features, settings["normalization"], settings["stackFrames"], stats.get("mean"), stats.get("std"))


def prepare_audio(path, dataset, listing, validation_fraction, seed):
    """PreparedData for an audio run's folder (or manifest) at `path`."""
    settings = dataset["audio"]
    entries, frames, warnings = read_recordings(listing_folder(path), listing["entries"], settings)
    if dataset["task"] == "audio-classification":
        return _classification(entries, frames, settings, dataset["classes"], validation_fraction, seed, warnings)
    if dataset["task"] == "speech-to-text":
        return _speech(entries, frames, settings, dataset["symbols"], validation_fraction, seed, warnings)
    raise DatasetError(f"unknown audio task '{dataset['task']}'")


# ---- audio classification ----

def _classification(entries, frames, settings, classes, fraction, seed, warnings):
    ids = {name: i for i, name in enumerate(classes)}
    missing = sorted({e.get("label") for e in entries if e.get("label") not in ids}, key=str)
    if missing:
        raise DatasetError(f"labels {missing} are not among the model's classes {classes}")
    labels = [ids[e["label"]] for e in entries]
    width = settings["melBands"] * settings["stackFrames"]
    values = []
    for features in frames:
        steps = steps_of(features, settings)
        values.append(steps if steps.shape[0] > 0 else torch.zeros(1, width))
    train, validation = stratified_split(labels, len(classes), fraction, seed)
    return PreparedData(
        "classification",
        lambda batch_size, seq_len, random: AudioClassBatcher(values, labels, train, batch_size, seq_len, random),
        lambda batch_size, seq_len: [_class_batch(values, labels, validation[s: s + batch_size], seq_len)
                                     for s in range(0, len(validation), batch_size)],
        warnings=warnings)


class AudioClassBatcher:
    def __init__(self, values, labels, indices, batch_size, seq_len, random):
        self.values, self.labels, self.indices = values, labels, list(indices)
        self.batch_size, self.seq_len, self.random = batch_size, seq_len, random
        self.batches_per_epoch = -(-len(indices) // batch_size)
        self.order, self.position = None, -1

    def start_epoch(self):
        self.order = list(self.indices)  # from the unshuffled order, as LSTM Studio's
        self.random.shuffle(self.order)
        self.position = 0

    def next_batch(self):
        if self.position < 0:
            self.start_epoch()
        if self.position >= len(self.order):
            return None
        examples = self.order[self.position: self.position + self.batch_size]
        self.position += len(examples)
        return _class_batch(self.values, self.labels, examples, self.seq_len)


def _class_batch(values, labels, examples, seq_len):
    """features [B, T, D] zero-padded (T = the longest, at most seq_len), lengths [B], class ids [B]."""
    T = max([1] + [min(seq_len, values[i].shape[0]) for i in examples])
    features = torch.zeros(len(examples), T, values[examples[0]].shape[1])
    lengths = []
    for b, i in enumerate(examples):
        length = min(T, values[i].shape[0])
        features[b, :length] = values[i][:length]
        lengths.append(length)
    targets = torch.tensor([labels[i] for i in examples], dtype=torch.long)
    return Batch(targets, features=features, lengths=torch.tensor(lengths, dtype=torch.long))


# ---- speech to text ----

def _speech(entries, frames, settings, symbols, fraction, seed, warnings):
    transcribed = [k for k, e in enumerate(entries) if e.get("transcript") is not None]
    if len(transcribed) < len(entries):
        warnings.append(f"{len(entries) - len(transcribed)} recording(s) without a transcript skipped")
    known = set(symbols[1:])
    values, labels, usable, skipped = [], [], [], []
    for i, k in enumerate(transcribed):
        text = normalize_transcript(entries[k]["transcript"])
        unknown = next((c for c in text if c not in known), None)
        if unknown is not None:
            raise DatasetError(f"{entries[k]['name']}: its transcript has '{unknown}', which the model cannot write")
        encoded = encode_transcript(text, symbols)
        steps = steps_of(frames[k], settings)
        values.append(steps)
        labels.append(encoded)
        if steps.shape[0] == 0 or steps.shape[0] < ctc_frames_needed(encoded):
            skipped.append(entries[k]["name"])
        else:
            usable.append(i)
    if skipped:
        warnings.append(f"{len(skipped)} recording(s) too short for their transcripts skipped: {', '.join(skipped[:8])}")
    split_train, split_validation = recording_split(len(transcribed), fraction, seed)
    kept = set(usable)
    train = [i for i in split_train if i in kept]
    validation = [i for i in split_validation if i in kept]
    if not train:
        raise DatasetError("no training recording is long enough for its transcript")
    return PreparedData(
        "speech-to-text",
        lambda batch_size, _seq_len, random: SpeechBatcher(values, labels, train, batch_size, random),
        lambda batch_size, _seq_len: [make_speech_batch(values, labels, validation[s: s + batch_size])
                                      for s in range(0, len(validation), batch_size)],
        warnings=warnings)


class SpeechBatcher:
    def __init__(self, values, labels, train, batch_size, random):
        self.values, self.labels, self.indices = values, labels, list(train)
        self.order = list(train)
        self.batch_size, self.random = batch_size, random
        self.batches_per_epoch = -(-len(train) // batch_size)
        self.position, self.started = 0, False

    def start_epoch(self):
        self.order = list(self.indices)  # from the unshuffled order, as LSTM Studio's
        self.random.shuffle(self.order)
        self.position, self.started = 0, True

    def next_batch(self):
        if not self.started:
            self.start_epoch()
        if self.position >= len(self.order):
            return None
        indices = self.order[self.position: self.position + self.batch_size]
        self.position += len(indices)
        return make_speech_batch(self.values, self.labels, indices)
