/**
 * WAV files → 16 kHz mono samples in [-1, 1]. The RIFF container (chunks, `fmt `, `data`, RF64,
 * WAVE_FORMAT_EXTENSIBLE) is parsed by the `wavefile` package; the sample data is converted here, on a
 * DataView in one pass per channel layout, since `wavefile`'s own per-sample unpacking is slow for long
 * recordings. Accepted: integer PCM of 8 (unsigned), 16, 24 or 32 bits and IEEE float of 32 or 64 bits,
 * any number of channels (mixed down to mono by their mean), any rate (resampled, resample.ts).
 * Anything else is a one-line error naming the file: not a RIFF/WAVE file, a compressed encoding (named:
 * ADPCM, µ-law, MP3 …), a truncated data chunk, no samples, NaN or infinite samples, or a recording
 * above the bounds below.
 */

import { WaveFile } from 'wavefile';
import { basename } from 'node:path';
import { failWith, ok, type Result } from '../errors';
import { formatBytes, openRegularFile } from '../regular-file';
import { resample } from './resample';
import * as l10n from '../../protocol/l10n';

/** The rate every recording is brought to. */
export const AUDIO_SAMPLE_RATE = 16000;
/** Longest recording read: 10 minutes (a dataset's recordings are utterances, not albums). */
export const MAX_WAV_SECONDS = 600;
/** Largest WAV file read: 200 MB. */
export const MAX_WAV_BYTES = 200 * 1024 * 1024;

export interface DecodedWav {
  /** Mono samples in [-1, 1] at 16 kHz. */
  samples: Float32Array;
  sampleRate: 16000;
  /** The file's own rate and channel count. */
  sourceRate: number;
  channels: number;
  durationSeconds: number;
}

const PCM = 1;
const IEEE_FLOAT = 3;
const EXTENSIBLE = 0xfffe;

/** Format codes of encodings this does not decode, named for the error. */
const COMPRESSED_FORMATS: Record<number, string> = {
  0x0002: 'Microsoft ADPCM',
  0x0006: 'A-law',
  0x0007: 'µ-law',
  0x0011: 'IMA ADPCM',
  0x0016: 'ITU G.723 ADPCM',
  0x0031: 'GSM 6.10',
  0x0040: 'G.721 ADPCM',
  0x0050: 'MPEG',
  0x0055: 'MP3',
  0x0160: 'WMA',
  0x0161: 'WMA',
  0x0162: 'WMA Pro',
  0x0163: 'WMA Lossless',
  0x2000: 'AC-3',
  0xf1ac: 'FLAC',
};

function fourCC(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
}

/** Reads a WAV file from disk (at most MAX_WAV_BYTES). */
export async function decodeWavFile(path: string): Promise<Result<DecodedWav>> {
  const name = basename(path);
  let bytes: Uint8Array;
  try {
    const { handle } = await openRegularFile(path, MAX_WAV_BYTES);
    try {
      bytes = new Uint8Array(await handle.readFile());
    } finally {
      await handle.close().catch(() => undefined);
    }
  } catch (error) {
    return failWith(name, error instanceof Error ? error.message.replace(`${path}: `, '') : String(error));
  }
  return decodeWav(bytes, name);
}

/** Decodes a whole WAV file held in memory; `name` names it in errors. */
export function decodeWav(bytes: Uint8Array, name: string): Result<DecodedWav> {
  if (bytes.length > MAX_WAV_BYTES)
    return failWith(
      name,
      l10n.t('the file is {0}, more than the {1} read', formatBytes(bytes.length), formatBytes(MAX_WAV_BYTES)),
    );
  if (bytes.length < 12 || !['RIFF', 'RF64'].includes(fourCC(bytes, 0)) || fourCC(bytes, 8) !== 'WAVE')
    return failWith(name, l10n.t('not a RIFF/WAVE file'));
  const wav = new WaveFile();
  try {
    wav.fromBuffer(bytes);
  } catch (error) {
    return failWith(
      name,
      l10n.t('not a readable WAV file ({0})', error instanceof Error ? error.message : String(error)),
    );
  }
  const fmt = wav.fmt as {
    audioFormat: number;
    numChannels: number;
    sampleRate: number;
    blockAlign: number;
    bitsPerSample: number;
    subformat: number[];
  };
  const data = wav.data as { chunkSize: number; samples: Uint8Array };
  const format = fmt.audioFormat === EXTENSIBLE ? (fmt.subformat[0] ?? 0) : fmt.audioFormat;
  if (format !== PCM && format !== IEEE_FLOAT) {
    const known = COMPRESSED_FORMATS[format];
    const what = known ? `${known}-compressed` : `in an unsupported encoding (format code 0x${format.toString(16)})`;
    return failWith(
      name,
      l10n.t('the audio is {0}; only PCM (8/16/24/32-bit) and float (32/64-bit) WAV are read', what),
    );
  }
  const bits = fmt.bitsPerSample;
  const valid = format === PCM ? [8, 16, 24, 32].includes(bits) : [32, 64].includes(bits);
  if (!valid)
    return failWith(name, l10n.t('{0}-bit {1} samples are not supported', bits, format === PCM ? 'PCM' : 'float'));
  const channels = fmt.numChannels;
  if (channels < 1) return failWith(name, l10n.t('the format chunk declares no channels'));
  if (!(fmt.sampleRate > 0))
    return failWith(name, l10n.t('the format chunk declares a sample rate of {0}', fmt.sampleRate));
  const frameBytes = (bits / 8) * channels;
  const held = data.samples.length;
  if (held < data.chunkSize)
    return failWith(
      name,
      l10n.t('truncated: the data chunk declares {0} bytes but the file holds {1}', data.chunkSize, held),
    );
  const frames = Math.floor(data.chunkSize / frameBytes);
  if (frames === 0) return failWith(name, l10n.t('the recording holds no samples'));
  const seconds = frames / fmt.sampleRate;
  if (seconds > MAX_WAV_SECONDS)
    return failWith(
      name,
      l10n.t(
        'the recording lasts {0} minutes, more than the {1} minutes read',
        (seconds / 60).toFixed(1),
        MAX_WAV_SECONDS / 60,
      ),
    );
  const mono = mixDownToMono(data.samples, format === IEEE_FLOAT, bits, channels, frames);
  const bad = mono.findIndex((value) => !Number.isFinite(value));
  if (bad >= 0) return failWith(name, l10n.t('sample {0} is {1}', bad, Number.isNaN(mono[bad]) ? 'NaN' : 'infinite'));
  const samples = resample(mono, fmt.sampleRate, AUDIO_SAMPLE_RATE);
  return ok({
    samples,
    sampleRate: AUDIO_SAMPLE_RATE,
    sourceRate: fmt.sampleRate,
    channels,
    durationSeconds: seconds,
  });
}

/** Interleaved little-endian samples `[frames, channels]` → the mean of the channels, scaled to [-1, 1]. */
function mixDownToMono(
  bytes: Uint8Array,
  float: boolean,
  bits: number,
  channels: number,
  frames: number,
): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(frames);
  const width = bits / 8;
  const count = frames * channels;
  for (let s = 0; s < count; s++) {
    const at = s * width;
    let value: number;
    if (float) value = bits === 32 ? view.getFloat32(at, true) : view.getFloat64(at, true);
    else if (bits === 8) value = (bytes[at] - 128) / 128;
    else if (bits === 16) value = view.getInt16(at, true) / 32768;
    else if (bits === 24) value = ((bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16)) << 8) / 2147483648;
    else value = view.getInt32(at, true) / 2147483648;
    out[Math.floor(s / channels)] += value / channels;
  }
  return out;
}
