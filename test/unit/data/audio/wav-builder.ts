/**
 * WAV files built in the tests, byte by byte (RIFF header, `fmt `, `data`), so every variant the reader
 * accepts or refuses is made here without fixtures.
 */

export interface WavSpec {
  /** 1 PCM, 3 float, 0xfffe extensible (with `subformat`), others compressed. */
  format?: number;
  subformat?: number;
  channels: number;
  rate: number;
  bits: number;
  /** Interleaved sample values, in [-1, 1] (scaled to the integer range for PCM). */
  samples: ArrayLike<number>;
  /** Declared data size different from the bytes present (truncation). */
  declaredDataBytes?: number;
}

export function buildWav(spec: WavSpec): Uint8Array {
  const format = spec.format ?? (spec.bits === 64 ? 3 : 1);
  const width = spec.bits / 8;
  const dataBytes = spec.samples.length * width;
  const extensible = format === 0xfffe;
  const fmtSize = extensible ? 40 : 16;
  const bytes = new Uint8Array(12 + 8 + fmtSize + 8 + dataBytes);
  const view = new DataView(bytes.buffer);
  const ascii = (at: number, text: string) => [...text].forEach((c, i) => (bytes[at + i] = c.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, bytes.length - 8, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, fmtSize, true);
  view.setUint16(20, format, true);
  view.setUint16(22, spec.channels, true);
  view.setUint32(24, spec.rate, true);
  view.setUint32(28, spec.rate * spec.channels * width, true);
  view.setUint16(32, spec.channels * width, true);
  view.setUint16(34, spec.bits, true);
  if (extensible) {
    view.setUint16(36, 22, true);
    view.setUint16(38, spec.bits, true);
    view.setUint32(40, 0, true);
    view.setUint32(44, spec.subformat ?? 1, true);
    // The rest of the GUID: 00000000-0010-8000-00AA00389B71
    const tail = [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];
    tail.forEach((b, i) => (bytes[48 + i] = b));
  }
  const dataAt = 20 + fmtSize;
  ascii(dataAt, 'data');
  view.setUint32(dataAt + 4, spec.declaredDataBytes ?? dataBytes, true);
  const floating = format === 3 || (extensible && spec.subformat === 3);
  for (let i = 0; i < spec.samples.length; i++) {
    const v = spec.samples[i];
    const at = dataAt + 8 + i * width;
    if (floating && spec.bits >= 32) {
      if (spec.bits === 32) view.setFloat32(at, v, true);
      else view.setFloat64(at, v, true);
    } else if (spec.bits === 8) bytes[at] = Math.max(0, Math.min(255, Math.round(v * 128 + 128)));
    else if (spec.bits === 16) view.setInt16(at, Math.max(-32768, Math.min(32767, Math.round(v * 32768))), true);
    else if (spec.bits === 24) {
      const n = Math.max(-8388608, Math.min(8388607, Math.round(v * 8388608)));
      bytes[at] = n & 0xff;
      bytes[at + 1] = (n >> 8) & 0xff;
      bytes[at + 2] = (n >> 16) & 0xff;
    } else view.setInt32(at, Math.max(-2147483648, Math.min(2147483647, Math.round(v * 2147483648))), true);
  }
  return bytes;
}

/** A sine of `hz` at `rate` for `seconds`, amplitude `amplitude`. */
export function sine(hz: number, rate: number, seconds: number, amplitude = 0.5): Float64Array {
  const n = Math.round(rate * seconds);
  return Float64Array.from({ length: n }, (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / rate));
}
