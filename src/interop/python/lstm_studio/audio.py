"""
Recordings → model steps, as LSTM Studio computes them (src/data/audio/, docs/audio.md), without
torchaudio:

    WAV        16 kHz PCM (8-bit unsigned, 16/24/32-bit signed), channels averaged to mono, scaled to
               [-1, 1) by 2^(bits-1). Another rate is refused with the file's name and rate (resample it
               first, e.g. `sox in.wav -r 16000 out.wav`): resampling here would have to match LSTM
               Studio's resampler sample for sample. Float WAVs and WAVE_FORMAT_EXTENSIBLE headers are
               refused by Python's `wave` module before 3.12.
    log-mel    frames of 400 samples (a periodic Hann window 0.5 − 0.5·cos(2πn/400)) every 160, no
               padding (frames = 1 + ⌊(N − 400)/160⌋), each zero-padded to 512 at its end, power |X_k|²
               for k = 0…256, an HTK mel filterbank of `melBands` triangles over 0–8000 Hz with no
               normalisation (torchaudio.functional.melscale_fbanks(257, 0, 8000, n_mels, 16000,
               norm=None, mel_scale='htk')), then log(mel + 1e-6).
    steps      per-recording (each band z-scored over the recording's frames, std floored at 1e-5) or
               global (the stored mean/std per band) normalisation, then k frames stacked per step with
               stride k (the tail dropped).

Not torch.stft: with a window shorter than n_fft it centres the window inside the 512 samples, so each
frame would read samples 56…456 of its hop instead of 0…400.
"""

import wave

import torch

SAMPLE_RATE = 16000
WINDOW = 400
HOP = 160
FFT_SIZE = 512
LOG_FLOOR = 1e-6
STD_FLOOR = 1e-5


def read_wav(path):
    """A 16 kHz PCM WAV as float64 mono samples in [-1, 1)."""
    try:
        with wave.open(str(path), "rb") as handle:
            channels, width, rate, count = (handle.getnchannels(), handle.getsampwidth(),
                                            handle.getframerate(), handle.getnframes())
            data = handle.readframes(count)
    except (wave.Error, EOFError) as error:
        raise ValueError(f"{path}: not a PCM WAV file this reader can decode ({error})") from None
    if rate != SAMPLE_RATE:
        raise ValueError(f"{path}: {rate} Hz; this project reads 16 kHz recordings (resample them first)")
    raw = torch.frombuffer(bytearray(data), dtype=torch.uint8)
    frames = len(data) // (width * channels)
    raw = raw[: frames * width * channels].reshape(frames, channels, width).to(torch.int64)
    if width == 1:
        values = (raw[..., 0] - 128).to(torch.float64) / 128.0
    else:
        # little-endian signed integers of `width` bytes
        value = torch.zeros(frames, channels, dtype=torch.int64)
        for byte in range(width):
            value |= raw[..., byte] << (8 * byte)
        sign = 1 << (8 * width - 1)
        value = torch.where(value >= sign, value - (sign << 1), value)
        values = value.to(torch.float64) / float(sign)
    return values.mean(dim=1)


def hz_to_mel(f):
    return 2595.0 * torch.log10(1.0 + f / 700.0)


def mel_to_hz(m):
    return 700.0 * (10.0 ** (m / 2595.0) - 1.0)


def mel_filterbank(mel_bands, dtype=torch.float64):
    """[257, melBands]: HTK triangles over 0–8000 Hz, no normalisation (torchaudio's melscale_fbanks)."""
    freqs = torch.linspace(0, SAMPLE_RATE // 2, FFT_SIZE // 2 + 1, dtype=dtype)
    m_pts = torch.linspace(float(hz_to_mel(torch.tensor(0.0, dtype=dtype))),
                           float(hz_to_mel(torch.tensor(8000.0, dtype=dtype))), mel_bands + 2, dtype=dtype)
    f_pts = mel_to_hz(m_pts)
    f_diff = f_pts[1:] - f_pts[:-1]
    slopes = f_pts[None, :] - freqs[:, None]
    down = -slopes[:, :-2] / f_diff[:-1]
    up = slopes[:, 2:] / f_diff[1:]
    return torch.clamp(torch.minimum(down, up), min=0.0)


def log_mel(samples, mel_bands):
    """[frames, melBands] log-mel values (float64) of 16 kHz mono samples."""
    samples = samples.to(torch.float64)
    if samples.shape[0] < WINDOW:
        return torch.zeros(0, mel_bands, dtype=torch.float64)
    frames = samples.unfold(0, WINDOW, HOP)  # [frames, 400]
    n = torch.arange(WINDOW, dtype=torch.float64)
    window = 0.5 - 0.5 * torch.cos(2 * torch.pi * n / WINDOW)
    spectrum = torch.fft.rfft(frames * window, n=FFT_SIZE)  # zero-padded at the end to 512
    power = spectrum.real ** 2 + spectrum.imag ** 2  # [frames, 257]
    return torch.log(power @ mel_filterbank(mel_bands) + LOG_FLOOR)


def model_steps(features, normalization, stack_frames, mean=None, std=None):
    """[steps, k·bands] float32: normalised ('recording' or 'global' with mean/std), k frames per step."""
    features = features.to(torch.float64)
    if normalization == "global":
        mean = torch.as_tensor(mean, dtype=torch.float64)
        std = torch.as_tensor(std, dtype=torch.float64).clamp(min=STD_FLOOR)
    else:
        mean = features.mean(dim=0)
        std = features.std(dim=0, unbiased=False).clamp(min=STD_FLOOR)
    normalised = (features - mean) / std
    steps = normalised.shape[0] // stack_frames
    return normalised[: steps * stack_frames].reshape(steps, -1).to(torch.float32)
