/**
 * The exported project's speech-to-text helpers (src/interop/python/lstm_studio/speech.py) against the
 * task's TypeScript: transcript normalisation, symbols, the seeded split by recording, the frames CTC
 * needs, best-path decoding and the character/word error rates, on the same inputs.
 */

import { beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Random } from '../../../src/engine';
import { bestPathOf, collapseCtcPath } from '../../../src/inference/ctc-decoding';
import { charErrorRate, wordErrorRate } from '../../../src/inference/error-rates';
import { recordingSplit } from '../../../src/tasks/speech-to-text/prepare';
import {
  buildTranscriptSymbols,
  ctcFramesNeeded,
  normalizeTranscript,
} from '../../../src/tasks/speech-to-text/transcript-symbols';
import { python, requireTorch } from './pytorch-helpers';

const sources = join(__dirname, '../../../src/interop/python');

beforeEach(async () => {
  await requireTorch();
});

const SCRIPT = `
import json, sys, torch
sys.path.insert(0, sys.argv[1])
from lstm_studio.speech import *
data = json.loads(sys.argv[2])
texts = [normalize_transcript(t) for t in data["transcripts"]]
logits = torch.tensor(data["logits"]).reshape(data["T"], data["C"])
print(json.dumps({
  "texts": texts,
  "symbols": transcript_symbols(texts),
  "splits": [recording_split(n, f, s) for n, f, s in data["splits"]],
  "frames": [ctc_frames_needed(l) for l in data["labels"]],
  "greedy": greedy_labels(logits, data["T"] - 2),
  "rates": error_rates([(r, h) for r, h in data["pairs"]]),
}))
`;

describe("the exported project's speech helpers", () => {
  it('prepare and score as the speech-to-text task does', async () => {
    const transcripts = ['  Hello\tWORLD ', 'Café\u00a0au lait', 'ﬁne\u2003day', 'a  b'];
    const splits: [number, number, number][] = [
      [10, 0.2, 1],
      [7, 0.5, 42],
      [3, 0.1, 9],
    ];
    const labels = [[1, 1, 2], [3], [2, 2, 2], []];
    const rng = new Random(3);
    const [T, C] = [9, 5];
    const logits = Array.from({ length: T * C }, () => rng.normal());
    const pairs: [string, string][] = [
      ['kitten sat', 'sitting sat'],
      ['the cat', 'the hat'],
      ['é a', 'e a'],
    ];
    const input = { transcripts, splits, labels, T, C, logits, pairs };
    const out = JSON.parse(await python(['-c', SCRIPT, sources, JSON.stringify(input)], tmpdir()));
    const texts = transcripts.map(normalizeTranscript);
    expect(out.texts).toEqual(texts);
    expect(out.symbols).toEqual(buildTranscriptSymbols(texts));
    expect(out.splits).toEqual(splits.map(([n, f, s]) => Object.values(recordingSplit(n, f, s))));
    expect(out.frames).toEqual(labels.map(ctcFramesNeeded));
    expect(out.greedy).toEqual(collapseCtcPath(bestPathOf(logits, T - 2, C)));
    const asPairs = pairs.map(([reference, hypothesis]) => ({ reference, hypothesis }));
    expect(out.rates[0]).toBeCloseTo(charErrorRate(asPairs), 15);
    expect(out.rates[1]).toBeCloseTo(wordErrorRate(asPairs), 15);
  }, 60_000);
});
