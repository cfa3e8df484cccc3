#!/usr/bin/python3
"""
Checks the exported project's audio code (src/interop/python/lstm_studio/audio.py) against a plain numpy
float64 reference of the log-mel definition (docs/audio.md), and its CTC loss against the golden file.
usage: /usr/bin/python3 pytorch_audio_check.py PYTHON_SOURCES WORKDIR GOLDEN_CTC_JSON
Writes WORKDIR/fixture.wav (16 kHz, 16-bit stereo: a chirp and noise) and prints one JSON object, with
the exported project's log-mel of it (`logMel`) for the test to compare with LSTM Studio's.
"""
import json, math, os, sys, wave

import numpy as np
import torch

sys.path.insert(0, sys.argv[1])
from lstm_studio.audio import log_mel, mel_filterbank, model_steps, read_wav  # noqa: E402
from lstm_studio.model import ctc_loss_sum  # noqa: E402

work, golden = sys.argv[2], sys.argv[3]
rng = np.random.default_rng(7)
N = 16000 * 3 // 4 + 123
t = np.arange(N) / 16000.0
left = 0.5 * np.sin(2 * np.pi * (200 + 1500 * t) * t) + 0.05 * rng.standard_normal(N)
right = 0.3 * np.sin(2 * np.pi * 440 * t) + 0.05 * rng.standard_normal(N)
pcm = np.clip(np.round(np.stack([left, right], 1) * 32767), -32768, 32767).astype('<i2')
path = os.path.join(work, 'fixture.wav')
with wave.open(path, 'wb') as out:
    out.setnchannels(2); out.setsampwidth(2); out.setframerate(16000); out.writeframes(pcm.tobytes())

# numpy reference, written from the definition
samples = pcm.astype(np.float64).mean(axis=1) / 32768.0
frames = 1 + (N - 400) // 160
n = np.arange(400)
window = 0.5 - 0.5 * np.cos(2 * np.pi * n / 400)
power = np.empty((frames, 257))
for f in range(frames):
    padded = np.zeros(512); padded[:400] = samples[f * 160:f * 160 + 400] * window
    power[f] = np.abs(np.fft.rfft(padded)) ** 2
mel = lambda f: 2595 * np.log10(1 + f / 700)
bands = 40
points = 700 * (10 ** (np.linspace(mel(0), mel(8000), bands + 2) / 2595) - 1)
bins = np.linspace(0, 8000, 257)
bank = np.zeros((257, bands))
for m in range(bands):
    lo, mid, hi = points[m], points[m + 1], points[m + 2]
    bank[:, m] = np.maximum(0, np.minimum((bins - lo) / (mid - lo), (hi - bins) / (hi - mid)))
reference = np.log(power @ bank + 1e-6)

read = read_wav(path).numpy()
ours = log_mel(read_wav(path), bands).numpy()
features = torch.tensor(reference, dtype=torch.float32)
steps = model_steps(features, 'recording', 3)

ctc = json.load(open(golden))['cases']
ctc_diffs = []
for case in ctc:
    T, B, C = case['config']['T'], case['config']['B'], case['config']['C']
    logits = torch.tensor(case['logits']['data'], dtype=torch.float64).reshape(T, B, C).transpose(0, 1)
    targets = torch.tensor(case['targets']['data']).reshape(B, -1).long()
    total = ctc_loss_sum(logits, targets, torch.tensor(case['input_lengths']), torch.tensor(case['target_lengths']))
    ctc_diffs.append(abs(float(total) / B - case['loss']))

print(json.dumps({
    'frames': int(ours.shape[0]), 'expectedFrames': frames,
    'wavMaxDiff': float(np.abs(read - samples).max()),
    'filterbankMaxDiff': float(np.abs(mel_filterbank(bands).numpy() - bank).max()),
    'logMelMaxDiff': float(np.abs(ours - reference).max()),
    'features': [float(v) for v in features.reshape(-1)], 'bands': bands,
    'logMel': [float(v) for v in ours.reshape(-1)], 'wav': path,
    'steps': int(steps.shape[0]), 'stepValues': [float(v) for v in steps.reshape(-1)],
    'ctcLossDiffs': ctc_diffs,
}))
