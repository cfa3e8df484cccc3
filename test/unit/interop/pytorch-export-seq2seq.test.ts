/**
 * Export a sequence-to-sequence run as a PyTorch project, and run it with Debian's PyTorch 1.13:
 * - trained here → exported → forward.py gives the same teacher-forced logits and attention (1e-5) and
 *   the same greedy decode (token for token) as our engine on the same inputs;
 * - the exported train.py on one process, from the run's initial weights, follows our loss curve step for
 *   step (same pairs, split, batches, loss over the valid target tokens) and reports the same final
 *   validation metrics (loss, tokenAccuracy, exactMatch, tokenErrorRate, charErrorRate, bleu, chrF);
 * - `torchrun --nproc_per_node 2` trains a few steps and writes a checkpoint that loads here.
 * Three small models: `general` attention over characters (the bundled dates example), `additive`
 * attention on GRUs over words of a headerless Tatoeba-style TSV with teacher forcing 0.5 (scheduled
 * sampling's draws from our generator), and a 2-layer LSTM without attention.
 */

import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Batch } from '../../../src/engine/batch';
import { Seq2seqModel } from '../../../src/engine/seq2seq-model';
import { detokenize, pairTokens } from '../../../src/data/pair-tokens';
import { corpusBleu, tokenize13a } from '../../../src/tasks/seq2seq/bleu';
import { corpusChrf } from '../../../src/tasks/seq2seq/chrf';
import { editDistance } from '../../../src/inference/edit-distance';
import { greedyDecode } from '../../../src/inference/pair-decoding';
import { exportPyTorchProject } from '../../../src/interop/export-pytorch';
import { loadModelCheckpoint } from '../../../src/train/model-checkpoint';
import { readManifest } from '../../../src/train/run-directory';
import { maxAbsDiff, PYTHON, python, requireTorch, torchrun, trainHere, trainLosses } from './pytorch-helpers';

const root = mkdtempSync(join(tmpdir(), 'lstm-export-seq2seq-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const SLOW = 240_000;
/** Our forward vs PyTorch's on the same weights and inputs: float32 on both sides, different summation orders. */
const FORWARD_TOLERANCE = 1e-5;
/** Loss curves over a few steps of Adam from the same weights and batches: float32 rounding, compounded. */
const LOSS_CURVE_TOLERANCE = 1e-5;

let torchVersion = '';
beforeEach(async () => {
  torchVersion = await requireTorch();
}, SLOW);

function writeDatasets() {
  // The bundled example's first 400 pairs: dates written many ways → ISO 8601, characters on both sides.
  const dates = readFileSync(join(__dirname, '../../../examples/dates.tsv'), 'utf8').split('\n');
  writeFileSync(join(root, 'dates.tsv'), dates.slice(0, 401).join('\n') + '\n');
  // Tatoeba/Anki style: no header, a third attribution column; word tokens with punctuation and accents.
  const subjects = ['the cat', 'my brother', 'Zoë', 'a teacher', 'the old man'];
  const verbs = ['sees', 'likes', 'paints', "doesn't need"];
  const objects = ['2 dogs', 'the café', 'red apples', 'a well-known song'];
  const rows: string[] = [];
  for (let i = 0; i < 160; i++) {
    const s = subjects[i % 5];
    const v = verbs[Math.floor(i / 5) % 4];
    const o = objects[Math.floor(i / 20) % 4];
    const end = ['.', '!', '?'][i % 3];
    const source = `${s} ${v} ${o}${end}`;
    const target = `${o}, ${v} ${s}${end}`.replace(/^./, (c) => c.toUpperCase());
    rows.push(`${source}\t${target}\tCC-BY 2.0 (France) Attribution: tatoeba.org #${1000 + i}`);
  }
  writeFileSync(join(root, 'sentences.tsv'), rows.join('\n') + '\n');
}
writeDatasets();

interface Case {
  name: string;
  id: string;
  dataset: string;
  config: Record<string, unknown>;
}

const common = { maxSteps: 12, batchSize: 16, seqLen: 24, hiddenSize: 8, embeddingDim: 6, lr: 0.01 };
const cases: Case[] = [
  {
    name: 'general attention, LSTM, characters (dates)',
    id: 'general',
    dataset: 'dates.tsv',
    // Long enough to cross epochs (validation, best.safetensors) and to get some outputs right.
    config: { ...common, maxSteps: 80, hiddenSize: 16, lr: 0.02, attention: 'general', seed: 3 },
  },
  {
    name: 'additive attention, GRU, words of a headerless TSV, teacher forcing 0.5',
    id: 'additive-gru',
    dataset: 'sentences.tsv',
    config: {
      ...common,
      attention: 'additive',
      cell: 'gru',
      sourceTokens: 'word',
      targetTokens: 'word',
      teacherForcing: 0.5,
      seed: 5,
    },
  },
  {
    name: 'no attention, 2-layer LSTM, characters (dates)',
    id: 'none-2layers',
    dataset: 'dates.tsv',
    config: { ...common, attention: 'none', numLayers: 2, dropout: 0, seed: 7 },
  },
];

/** Source ids [2, 5] and decoder inputs [2, 4] (each row right-padded), within every case's vocabularies. */
const inputs = {
  tokens: [
    [4, 5, 6, 7, 8],
    [9, 10, 11, 0, 0],
  ],
  lengths: [5, 3],
  decoderTokens: [
    [2, 4, 5, 6],
    [2, 7, 0, 0],
  ],
  decoderLengths: [4, 2],
  maxLength: 12,
};

function ourBatch(): Batch {
  return {
    batchSize: 2,
    steps: 5,
    tokens: Int32Array.from(inputs.tokens.flat()),
    lengths: Int32Array.from(inputs.lengths),
    decoder: {
      steps: 4,
      tokens: Int32Array.from(inputs.decoderTokens.flat()),
      lengths: Int32Array.from(inputs.decoderLengths),
    },
  };
}

/** Each case's run folder, by id (the torchrun test replays the `general` run's first steps). */
const runDirs = new Map<string, string>();

interface TorchPairs {
  shape: number[];
  output: number[];
  attention: number[] | null;
  greedy: number[][];
}

describe.each(cases)('export-pytorch, sequence to sequence: $name', ({ id, dataset, config }) => {
  const project = join(root, `export-${id}`);
  let runDir = '';

  it(
    'writes the project with the encoder–decoder, its vocabularies and the pairs module',
    async () => {
      runDir = await trainHere(join(root, dataset), join(root, 'runs'), config);
      runDirs.set(id, runDir);
      const result = await exportPyTorchProject(runDir, project);
      for (const file of [
        'train.py',
        'forward.py',
        'lstm_studio/seq2seq.py',
        'lstm_studio/pairs.py',
        'initial.safetensors',
      ])
        expect(existsSync(join(project, file)), file).toBe(true);
      expect(result.datasetPath).toBe(join(root, dataset));
      const runConfig = JSON.parse(readFileSync(join(project, 'run_config.json'), 'utf8'));
      expect(runConfig.dataset.metadata.task).toBe('seq2seq');
      expect(runConfig.model.decoder.attention).toBe(config.attention);
      expect(runConfig.dataset.metadata.targetVocab.tokens.slice(0, 4)).toEqual(['<pad>', '<unk>', '<sos>', '<eos>']);
      // The initial weights are the encoder–decoder the trainer built from the seed.
      const initial = await loadModelCheckpoint(join(project, 'initial.safetensors'));
      expect(initial.model).toBeInstanceOf(Seq2seqModel);
      expect(initial.metadata.step).toBe(0);
    },
    SLOW,
  );

  it(
    'trained here, loaded in PyTorch: the same logits and attention, the same greedy decode',
    async () => {
      const { model } = await loadModelCheckpoint(join(project, 'checkpoint.safetensors'));
      const s2s = model as Seq2seqModel;
      const batch = ourBatch();
      const ours = s2s.forward(batch).output; // [B, Td, V]
      const weights = s2s.network.attentionWeights(); // [Td, B, Ts]
      const inputPath = join(project, 'pairs-inputs.json');
      writeFileSync(inputPath, JSON.stringify(inputs));
      const torch = JSON.parse(
        await python(['forward.py', 'checkpoint.safetensors', '--input', inputPath], project),
      ) as TorchPairs;
      const [B, Td, V] = torch.shape;
      expect(ours.length).toBe(B * Td * V);
      // Logits at padded decoder steps are never read: compare the valid ones.
      const valid = (k: number) => Math.floor(k / V) % Td < inputs.decoderLengths[Math.floor(k / (Td * V))];
      const diff = maxAbsDiff(ours, torch.output, valid);
      console.log(`${id}: our logits vs PyTorch ${torchVersion}: max abs diff ${diff.toExponential(2)}`);
      expect(diff).toBeLessThan(FORWARD_TOLERANCE);
      if (config.attention === 'none') expect(torch.attention).toBeNull();
      else {
        const Ts = 5;
        const batchMajor = Array.from({ length: B * Td * Ts }, (_, k) => {
          const [b, t, s] = [Math.floor(k / (Td * Ts)), Math.floor(k / Ts) % Td, k % Ts];
          return weights![(t * B + b) * Ts + s];
        });
        const validRow = (k: number) => Math.floor(k / 5) % Td < inputs.decoderLengths[Math.floor(k / (Td * 5))];
        expect(maxAbsDiff(batchMajor, torch.attention!, validRow)).toBeLessThan(FORWARD_TOLERANCE);
      }
      const special = { sos: 2, eos: 3, forbidden: [0, 1, 2] };
      const greedy = greedyDecode(s2s.network, batch.tokens!, batch.lengths!, 5, special, inputs.maxLength);
      expect(torch.greedy).toEqual(greedy.outputs.map((o) => Array.from(o)));
    },
    SLOW,
  );

  it(
    'train.py from the same initial weights and data order follows our loss curve and reports our metrics',
    async () => {
      const out = join(root, `py1-${id}`);
      const log = await python(
        [
          'train.py',
          '--device',
          'cpu',
          '--init-from',
          'initial.safetensors',
          '--out',
          out,
          '--log-every',
          '0',
          '--json',
        ],
        project,
      );
      const ours = trainLosses(runDir);
      const theirs = trainLosses(out);
      expect(theirs).toHaveLength(ours.length);
      const diff = maxAbsDiff(ours, theirs);
      console.log(
        `${id}: loss curve over ${ours.length} steps, LSTM Studio vs PyTorch: max abs diff ${diff.toExponential(2)} (losses ${ours[0].toFixed(4)} → ${ours[ours.length - 1].toFixed(4)})`,
      );
      expect(diff).toBeLessThan(LOSS_CURVE_TOLERANCE);
      const summary = log
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
        .find((e) => e.type === 'summary');
      const ourFinal = (await readManifest(runDir)).final!;
      const theirFinal = summary.final as Record<string, number>;
      console.log(
        `${id}: final validation metrics here ${JSON.stringify(ourFinal)}, PyTorch ${JSON.stringify(theirFinal)}`,
      );
      expect(Object.keys(theirFinal).sort()).toEqual(Object.keys(ourFinal).sort());
      expect(Math.abs(theirFinal.loss - ourFinal.loss)).toBeLessThan(LOSS_CURVE_TOLERANCE);
      for (const name of ['tokenAccuracy', 'exactMatch', 'tokenErrorRate', 'charErrorRate', 'bleu', 'chrF'])
        expect(theirFinal[name], name).toBeCloseTo(ourFinal[name]!, 9);
      const manifest = await readManifest(out);
      expect(manifest.status).toBe('finished');
      expect(manifest.final).toEqual(theirFinal);
      const { model, metadata } = await loadModelCheckpoint(join(out, 'last.safetensors'));
      expect(model).toBeInstanceOf(Seq2seqModel);
      expect(metadata.step).toBe(ours.length);
    },
    SLOW,
  );
});

/** Texts that test the word tokenizer's classes: accents as marks, scripts, digits, emoji, JavaScript-only spaces. */
const TRICKY = [
  "Don't stop — it's 3.5 km-long (or so)!",
  'Zoë naïve café: e\u0301te\u0301 ¿Qué? ¡Sí! «Bonjour», l’été…',
  '東京は2024年、晴れ。 Привет, мир! ١٢٣ ²³ ½',
  'tab\tnbsp\u00a0bom\ufeffsep\u2028x\u001cy emoji 👍🏽 and ZWJ 👨‍👩‍👧',
  'a , b ; c/d and/or 10:30 1,000',
];

describe('export-pytorch, sequence to sequence: the Python text functions equal ours', () => {
  it(
    'tokens (characters, words), detokenize, 13a, BLEU, chrF and edit distance on tricky strings',
    async () => {
      // The sources as they are bundled (no bytecode written into the tree).
      const project = join(__dirname, '../../../src/interop/python');
      const script = [
        'import json, sys',
        'from lstm_studio.pairs import pair_tokens, detokenize',
        'from lstm_studio.text_metrics import corpus_bleu, corpus_chrf, edit_distance, tokenize_13a',
        'texts = json.load(sys.stdin)',
        'hyps, refs = texts[:-1], texts[1:]',
        'print(json.dumps({',
        '  "chars": [pair_tokens(t, "char") for t in texts],',
        '  "words": [pair_tokens(t, "word") for t in texts],',
        '  "detokenized": [detokenize(pair_tokens(t, "word"), "word") for t in texts],',
        '  "tokenized13a": [tokenize_13a(t) for t in texts],',
        '  "bleu": corpus_bleu(hyps, refs), "chrF": corpus_chrf(hyps, refs),',
        '  "edits": [edit_distance(list(h), list(r)) for h, r in zip(hyps, refs)],',
        '}))',
      ].join('\n');
      const answer = JSON.parse(await pythonWithInput(['-c', script], project, JSON.stringify(TRICKY)));
      expect(answer.chars).toEqual(TRICKY.map((t) => pairTokens(t, 'char')));
      // Python's default is the rule of vocabularies without a `words` field (letter runs, exactly ours);
      // a segmented vocabulary's CJK runs are cut by PyICU or the vocabulary (docs/formats.md, *Words*).
      expect(answer.words).toEqual(TRICKY.map((t) => pairTokens(t, 'word', 'letter-runs')));
      expect(answer.detokenized).toEqual(TRICKY.map((t) => detokenize(pairTokens(t, 'word', 'letter-runs'), 'word')));
      expect(answer.tokenized13a).toEqual(TRICKY.map((t) => tokenize13a(t)));
      const hyps = TRICKY.slice(0, -1);
      const refs = TRICKY.slice(1);
      expect(answer.bleu).toBeCloseTo(corpusBleu(hyps, [refs]).score, 10);
      expect(answer.chrF).toBeCloseTo(corpusChrf(hyps, [refs]), 10);
      expect(answer.edits).toEqual(hyps.map((h, i) => editDistance([...h], [...refs[i]])));
      // And on sentences close enough to share n-grams of every order.
      const near = JSON.parse(
        await pythonWithInput(
          [
            '-c',
            'import json, sys\nfrom lstm_studio.text_metrics import corpus_bleu, corpus_chrf\nh, r = json.load(sys.stdin)\nprint(json.dumps([corpus_bleu(h, r), corpus_chrf(h, r)]))',
          ],
          project,
          JSON.stringify([HYPS, REFS]),
        ),
      );
      expect(near[0]).toBeCloseTo(corpusBleu(HYPS, [REFS]).score, 10);
      expect(near[1]).toBeCloseTo(corpusChrf(HYPS, [REFS]), 10);
    },
    SLOW,
  );
});

const HYPS = ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.', '1990-2000 was 3.5%'];
const REFS = ['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.', '1990-2000: 3.5 %'];

describe('export-pytorch, sequence to sequence: torchrun, 2 processes on CPU (gloo)', () => {
  it(
    'trains on token-weighted shards and writes a checkpoint that loads here',
    async () => {
      const project = join(root, 'export-general');
      const out = join(root, 'torchrun-seq2seq');
      const log = await torchrun(
        2,
        [
          'train.py',
          ...['--steps', '3', '--device', 'cpu', '--init-from', 'initial.safetensors'],
          ...['--out', out, '--log-every', '1', '--json'],
        ],
        project,
      );
      const events = log
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l));
      expect(events.find((e) => e.type === 'summary')).toMatchObject({ status: 'finished', steps: 3 });
      const { model, metadata } = await loadModelCheckpoint(join(out, 'last.safetensors'));
      expect(model).toBeInstanceOf(Seq2seqModel);
      expect(metadata.step).toBe(3);
      expect((await readManifest(out)).threads).toBe(2);
      // The same global batches as one process, split by pairs: the shards' losses weighted by their tokens
      // give the one-process loss (our run's first steps).
      const ours = trainLosses(runDirs.get('general')!).slice(0, 3);
      const diff = maxAbsDiff(ours, trainLosses(out));
      console.log(`torchrun --nproc_per_node 2: first 3 losses vs our run's: max abs diff ${diff.toExponential(2)}`);
      expect(diff).toBeLessThan(LOSS_CURVE_TOLERANCE);
    },
    SLOW,
  );
});

/** `python3 ARGS` in `cwd` with `input` on its standard input; its standard output. */
function pythonWithInput(args: string[], cwd: string, input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      PYTHON,
      args,
      { cwd, env: { ...process.env, PYTHONIOENCODING: 'utf-8', PYTHONDONTWRITEBYTECODE: '1' } },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
    );
    child.stdin!.end(input);
  });
}
