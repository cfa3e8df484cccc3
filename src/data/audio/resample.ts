/**
 * Band-limited resampling by a windowed sinc (Smith's "bandlimited interpolation"), for turning any
 * recording's rate into the features' 16 kHz.
 *
 * Output sample n sits at input position t = n · inRate / outRate. Its value is
 *   y[n] = Σ_j x[j] · h(t − j),   h(u) = 2·fc·sinc(2·fc·u) · w(u / W)
 * where fc (cycles per input sample) is 0.5 · min(1, outRate / inRate) · ROLLOFF: the low-pass cut just
 * below the lower of the two Nyquist frequencies, so a downsampled recording does not alias. The sinc is
 * cut to W = ZERO_CROSSINGS / (2·fc) input samples on each side by a Blackman window w (side lobes near
 * −58 dB). Samples outside the recording are zero.
 *
 * Speed: with inRate/outRate = M/L in lowest terms, t's fractional part takes only L values (the
 * phases), so the taps of every phase are computed once into one table and each output sample is one
 * dot product over it — no trigonometry and no allocation per sample. Each phase's taps are scaled to
 * sum to 1 so a constant keeps its level exactly. When L is large (rates with no small common
 * divisor), the phase is rounded to MAX_PHASES steps: a timing error below 1/(2·MAX_PHASES) of an input
 * sample.
 */

/** Zero crossings of the sinc kept on each side of the centre: the filter's sharpness. */
const ZERO_CROSSINGS = 16;
/** The pass band ends at this fraction of the lower Nyquist frequency (the rest is the transition). */
const ROLLOFF = 0.94;
/** The most phases tabulated. */
const MAX_PHASES = 4096;

function greatestCommonDivisor(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

function blackman(x: number): number {
  // x in [-1, 1] → window value, 1 at the centre, 0 at the ends.
  return 0.42 + 0.5 * Math.cos(Math.PI * x) + 0.08 * Math.cos(2 * Math.PI * x);
}

/** The resampling filter for one pair of rates: a table of taps per phase. */
interface PhaseTable {
  phases: number;
  /** Taps per phase; phase p's tap i multiplies x[⌊t⌋ − half + 1 + i]. */
  taps: number;
  half: number;
  /** `[phases, taps]` */
  coefficients: Float32Array;
}

function buildPhaseTable(inRate: number, outRate: number, phases: number): PhaseTable {
  const fc = 0.5 * Math.min(1, outRate / inRate) * ROLLOFF;
  const width = ZERO_CROSSINGS / (2 * fc);
  const half = Math.ceil(width);
  const taps = 2 * half;
  const coefficients = new Float32Array(phases * taps);
  for (let p = 0; p < phases; p++) {
    const fraction = p / phases;
    let sum = 0;
    for (let i = 0; i < taps; i++) {
      // Distance from the output position (⌊t⌋ + fraction) to input sample ⌊t⌋ − half + 1 + i.
      const u = fraction - (i - half + 1);
      const a = 2 * fc * u;
      const sinc = a === 0 ? 1 : Math.sin(Math.PI * a) / (Math.PI * a);
      const value = Math.abs(u) >= width ? 0 : 2 * fc * sinc * blackman(u / width);
      coefficients[p * taps + i] = value;
      sum += value;
    }
    for (let i = 0; i < taps; i++) coefficients[p * taps + i] /= sum;
  }
  return { phases, taps, half, coefficients };
}

/** `samples` (mono, at `inRate`) → the same sound at `outRate`; the input itself when the rates match. */
export function resample(samples: Float32Array, inRate: number, outRate: number): Float32Array {
  if (inRate === outRate) return samples;
  if (samples.length === 0) return new Float32Array(0);
  const divisor = greatestCommonDivisor(inRate, outRate);
  const up = outRate / divisor; // L
  const down = inRate / divisor; // M
  const phases = Math.min(up, MAX_PHASES);
  const table = buildPhaseTable(inRate, outRate, phases);
  const { taps, half, coefficients } = table;
  const outLength = Math.floor(((samples.length - 1) * up) / down) + 1;
  const out = new Float32Array(outLength);
  const n = samples.length;
  for (let o = 0; o < outLength; o++) {
    // t = o·M/L = base + remainder/L, exactly in integers.
    const numerator = o * down;
    let base = Math.floor(numerator / up);
    const remainder = numerator - base * up;
    let phase = phases === up ? remainder : Math.round((remainder * phases) / up);
    if (phase === phases) {
      // Rounded up to the next input sample.
      base += 1;
      phase = 0;
    }
    const row = phase * taps;
    const first = base - half + 1;
    let acc = 0;
    const from = Math.max(0, -first);
    const to = Math.min(taps, n - first);
    for (let i = from; i < to; i++) acc += samples[first + i] * coefficients[row + i];
    out[o] = acc;
  }
  return out;
}
