import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeWav, decodeWavFile } from '../../../../src/data/audio/wav';
import { buildWav, sine } from './wav-builder';

/** Amplitude and dominant frequency (by a DFT scan) of 16 kHz samples, skipping the filter's edges. */
function measure(samples: Float32Array): { peak: number; hz: number } {
  const part = samples.subarray(400, samples.length - 400);
  let peak = 0;
  for (const v of part) peak = Math.max(peak, Math.abs(v));
  let best = 0;
  let bestHz = 0;
  for (let hz = 100; hz <= 4000; hz += 10) {
    let re = 0;
    let im = 0;
    for (let i = 0; i < part.length; i++) {
      re += part[i] * Math.cos((2 * Math.PI * hz * i) / 16000);
      im += part[i] * Math.sin((2 * Math.PI * hz * i) / 16000);
    }
    const power = re * re + im * im;
    if (power > best) [best, bestHz] = [power, hz];
  }
  return { peak, hz: bestHz };
}

describe('WAV decoding: every accepted variant gives 16 kHz mono in [-1, 1]', () => {
  const variants: { label: string; bits: number; format?: number; subformat?: number; tolerance: number }[] = [
    { label: 'PCM 8-bit', bits: 8, tolerance: 0.02 },
    { label: 'PCM 16-bit', bits: 16, tolerance: 0.01 },
    { label: 'PCM 24-bit', bits: 24, tolerance: 0.01 },
    { label: 'PCM 32-bit', bits: 32, tolerance: 0.01 },
    { label: 'float 32-bit', bits: 32, format: 3, tolerance: 0.01 },
    { label: 'float 64-bit', bits: 64, format: 3, tolerance: 0.01 },
    { label: 'extensible PCM 16-bit', bits: 16, format: 0xfffe, subformat: 1, tolerance: 0.01 },
    { label: 'extensible float 32-bit', bits: 32, format: 0xfffe, subformat: 3, tolerance: 0.01 },
  ];
  for (const v of variants)
    it(`${v.label}, 16 kHz mono: a 440 Hz tone keeps its amplitude and frequency`, () => {
      const wav = buildWav({ ...v, channels: 1, rate: 16000, samples: sine(440, 16000, 0.25) });
      const decoded = decodeWav(wav, 'tone.wav');
      if (!decoded.ok) throw new Error(decoded.error.message);
      expect(decoded.value.sampleRate).toBe(16000);
      expect(decoded.value.samples.length).toBe(4000);
      expect(decoded.value.durationSeconds).toBeCloseTo(0.25, 6);
      const { peak, hz } = measure(decoded.value.samples);
      expect(Math.abs(peak - 0.5)).toBeLessThan(v.tolerance);
      expect(hz).toBe(440);
    });

  it('stereo is mixed down by the mean of the channels', () => {
    const left = sine(440, 16000, 0.1, 0.6);
    const interleaved = new Float64Array(left.length * 2);
    for (let i = 0; i < left.length; i++) [interleaved[2 * i], interleaved[2 * i + 1]] = [left[i], 0.2];
    const decoded = decodeWav(buildWav({ channels: 2, rate: 16000, bits: 16, samples: interleaved }), 's.wav');
    if (!decoded.ok) throw new Error(decoded.error.message);
    expect(decoded.value.channels).toBe(2);
    for (let i = 0; i < 50; i++) expect(decoded.value.samples[i]).toBeCloseTo((left[i] + 0.2) / 2, 3);
  });

  for (const rate of [8000, 22050, 44100, 48000, 11025])
    it(`${rate} Hz is resampled to 16 kHz: a 1 kHz tone stays 1 kHz at the same amplitude`, () => {
      const decoded = decodeWav(buildWav({ channels: 1, rate, bits: 16, samples: sine(1000, rate, 0.3) }), 'r.wav');
      if (!decoded.ok) throw new Error(decoded.error.message);
      expect(decoded.value.sourceRate).toBe(rate);
      expect(Math.abs(decoded.value.samples.length - 4800)).toBeLessThanOrEqual(1);
      const { peak, hz } = measure(decoded.value.samples);
      expect(hz).toBe(1000);
      expect(Math.abs(peak - 0.5)).toBeLessThan(0.01);
    });

  it('a tone above the new Nyquist frequency is filtered out, not aliased', () => {
    const decoded = decodeWav(
      buildWav({ channels: 1, rate: 48000, bits: 16, samples: sine(12000, 48000, 0.2) }),
      'h.wav',
    );
    if (!decoded.ok) throw new Error(decoded.error.message);
    expect(measure(decoded.value.samples).peak).toBeLessThan(0.005);
  });

  it('reads a file from disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wav-'));
    const path = join(dir, 'a.wav');
    writeFileSync(path, buildWav({ channels: 1, rate: 16000, bits: 16, samples: sine(300, 16000, 0.1) }));
    const decoded = await decodeWavFile(path);
    expect(decoded.ok && decoded.value.samples.length).toBe(1600);
    const missing = await decodeWavFile(join(dir, 'none.wav'));
    expect(!missing.ok && missing.error.message).toBe('none.wav: file not found');
  });
});

describe('WAV decoding: bad files are one-line errors naming the file', () => {
  const tone = sine(440, 16000, 0.05);
  const problem = (bytes: Uint8Array) => {
    const decoded = decodeWav(bytes, 'bad.wav');
    expect(decoded.ok).toBe(false);
    return decoded.ok ? '' : decoded.error.message;
  };

  it('not RIFF/WAVE', () => {
    expect(problem(new TextEncoder().encode('ID3 this is an mp3 file, honest'))).toBe('bad.wav: not a RIFF/WAVE file');
    expect(problem(new Uint8Array(0))).toBe('bad.wav: not a RIFF/WAVE file');
  });

  it('compressed encodings are named', () => {
    for (const [format, name] of [
      [0x11, 'IMA ADPCM'],
      [0x02, 'Microsoft ADPCM'],
      [0x55, 'MP3'],
      [0x07, 'µ-law'],
    ] as const)
      expect(problem(buildWav({ format, channels: 1, rate: 8000, bits: 16, samples: tone }))).toBe(
        `bad.wav: the audio is ${name}-compressed; only PCM (8/16/24/32-bit) and float (32/64-bit) WAV are read`,
      );
  });

  it('unsupported sample widths', () => {
    expect(problem(buildWav({ format: 3, channels: 1, rate: 8000, bits: 16, samples: tone }))).toBe(
      'bad.wav: 16-bit float samples are not supported',
    );
  });

  it('truncated data', () => {
    const wav = buildWav({ channels: 1, rate: 16000, bits: 16, samples: tone });
    expect(problem(wav.subarray(0, 200))).toMatch(
      /^bad\.wav: truncated: the data chunk declares 1600 bytes but the file holds 156$/,
    );
  });

  it('zero length', () => {
    expect(problem(buildWav({ channels: 1, rate: 16000, bits: 16, samples: [] }))).toBe(
      'bad.wav: the recording holds no samples',
    );
  });

  it('NaN and infinite samples', () => {
    expect(problem(buildWav({ format: 3, channels: 1, rate: 16000, bits: 32, samples: [0, 0.1, NaN, 0] }))).toBe(
      'bad.wav: sample 2 is NaN',
    );
    expect(problem(buildWav({ format: 3, channels: 1, rate: 16000, bits: 64, samples: [0, Infinity] }))).toBe(
      'bad.wav: sample 1 is infinite',
    );
  });

  it('longer than ten minutes is refused with the bound named', () => {
    // A 601 s header over 8-bit 1 kHz samples (601 000 bytes), the data all there.
    const wav = buildWav({ channels: 1, rate: 1000, bits: 8, samples: new Float64Array(601_000) });
    expect(problem(wav)).toBe('bad.wav: the recording lasts 10.0 minutes, more than the 10 minutes read');
  });
});
