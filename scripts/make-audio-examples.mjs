#!/usr/bin/env node
/**
 * Synthesises the bundled audio examples with Debian's espeak-ng (deterministic: the same voices, speeds
 * and texts give the same files), as 16 kHz mono 16-bit WAV:
 * - examples/audio/digits/<zero…nine>/<voice>-<speed>.wav: label folders, 16 recordings per digit
 *   (8 voices × 2 speeds) — audio classification;
 * - examples/audio/speech/<nnn>.wav + <nnn>.txt: 160 short phrases of digits and words — speech to text.
 * espeak-ng writes 22 050 Hz; this resamples to 16 kHz with a windowed sinc (Blackman, cut at 7.2 kHz).
 * Usage: node scripts/make-audio-examples.mjs [outDir=examples/audio]  (skips files that exist)
 */

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const OUT = process.argv[2] ?? 'examples/audio';
const RATE = 16000;
const DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const VOICES = ['en', 'en-us', 'en+f3', 'en+m3', 'en+f2', 'en+m7', 'en-gb-scotland', 'en-gb-x-rp'];
const SPEEDS = [140, 185];
const WORDS = ['yes', 'no', 'up', 'down', 'left', 'right', 'on', 'off', 'stop', 'go'];

/** espeak-ng's WAV on stdout → Int16 samples and their rate. */
function synthesise(text, voice, speed) {
  const wav = execFileSync('espeak-ng', ['-v', voice, '-s', String(speed), '--stdout', text], { maxBuffer: 1 << 26 });
  const view = new DataView(wav.buffer, wav.byteOffset, wav.byteLength);
  const rate = view.getUint32(24, true);
  let at = 12;
  while (at + 8 <= wav.length) {
    const id = wav.toString('ascii', at, at + 4);
    let size = view.getUint32(at + 4, true);
    // espeak-ng writing to a pipe cannot seek back to fill in the data size: it is 0 or 0xFFFFFFFF.
    if (id === 'data') {
      if (size === 0 || size === 0xffffffff || at + 8 + size > wav.length) size = wav.length - at - 8;
      const samples = new Float64Array(Math.floor(size / 2));
      for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(at + 8 + 2 * i, true) / 32768;
      return { samples, rate };
    }
    at += 8 + size + (size & 1);
  }
  throw new Error(`espeak-ng gave no data chunk for '${text}'`);
}

/** Windowed-sinc resampling of x at `from` Hz to `to` Hz (to < from). */
function resample(x, from, to) {
  const fc = (0.45 * to) / from; // cycles per input sample
  const half = Math.ceil(16 / (2 * fc));
  const out = new Float64Array(Math.floor(((x.length - 1) * to) / from) + 1);
  for (let n = 0; n < out.length; n++) {
    const t = (n * from) / to;
    const base = Math.floor(t);
    let acc = 0;
    let norm = 0;
    for (let j = base - half + 1; j <= base + half; j++) {
      const u = t - j;
      if (Math.abs(u) >= half) continue;
      const a = 2 * fc * u;
      const sinc = a === 0 ? 1 : Math.sin(Math.PI * a) / (Math.PI * a);
      const w = 0.42 + 0.5 * Math.cos((Math.PI * u) / half) + 0.08 * Math.cos((2 * Math.PI * u) / half);
      const h = sinc * w;
      norm += h;
      if (j >= 0 && j < x.length) acc += x[j] * h;
    }
    out[n] = acc / norm;
  }
  return out;
}

function wav16(samples) {
  const bytes = Buffer.alloc(44 + samples.length * 2);
  bytes.write('RIFF', 0, 'ascii');
  bytes.writeUInt32LE(bytes.length - 8, 4);
  bytes.write('WAVEfmt ', 8, 'ascii');
  bytes.writeUInt32LE(16, 16);
  bytes.writeUInt16LE(1, 20);
  bytes.writeUInt16LE(1, 22);
  bytes.writeUInt32LE(RATE, 24);
  bytes.writeUInt32LE(RATE * 2, 28);
  bytes.writeUInt16LE(2, 32);
  bytes.writeUInt16LE(16, 34);
  bytes.write('data', 36, 'ascii');
  bytes.writeUInt32LE(samples.length * 2, 40);
  for (let i = 0; i < samples.length; i++)
    bytes.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(samples[i] * 32767))), 44 + 2 * i);
  return bytes;
}

function write(path, text, voice, speed) {
  if (existsSync(path)) return false;
  const { samples, rate } = synthesise(text, voice, speed);
  writeFileSync(path, wav16(rate === RATE ? samples : resample(samples, rate, RATE)));
  return true;
}

let made = 0;
for (const digit of DIGITS) {
  const folder = join(OUT, 'digits', digit);
  mkdirSync(folder, { recursive: true });
  for (const voice of VOICES)
    for (const speed of SPEEDS)
      if (write(join(folder, `${voice.replace(/\+/g, '-')}-${speed}.wav`), digit, voice, speed)) made++;
}

// Phrases: two or three digits or words, chosen by a fixed linear congruential sequence.
const speech = join(OUT, 'speech');
mkdirSync(speech, { recursive: true });
let state = 19;
const next = (n) => {
  state = (state * 1103515245 + 12345) % 2147483648;
  return Math.floor((state / 2147483648) * n);
};
const vocabulary = [...DIGITS, ...WORDS];
for (let i = 0; i < 160; i++) {
  const count = 2 + next(2);
  const text = Array.from({ length: count }, () => vocabulary[next(vocabulary.length)]).join(' ');
  const voice = VOICES[next(VOICES.length)];
  const speed = SPEEDS[next(SPEEDS.length)];
  const name = String(i).padStart(3, '0');
  if (write(join(speech, `${name}.wav`), text, voice, speed)) made++;
  if (!existsSync(join(speech, `${name}.txt`))) writeFileSync(join(speech, `${name}.txt`), `${text}\n`);
}
console.log(`[make-audio-examples] ${made} recordings written under ${OUT}`);
