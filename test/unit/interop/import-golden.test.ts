/**
 * Importing a PyTorch-made checkpoint: the golden char LM (test/fixtures/golden/charlm.safetensors,
 * modules `embedding`, `lstm`, head `fc`, metadata `vocab` a bare JSON list of characters) opens as a
 * usable model once its task is answered, and gives the reference probabilities within 1e-5.
 */

import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { classProbabilities } from '../../../src/inference/predictor';
import { requireSingleStack } from '../../../src/engine/create-model';
import { continueText, nextCharDistribution } from '../../../src/tasks/language-model/continue-text';
import { loadAnyCheckpoint, loadPredictor } from '../../../src/worker/inference/load-predictor';
import { RecurrentStepper } from '../../../src/inference/recurrent-stepper';
import { sidecarPath } from '../../../src/interop/import-answers';
import { ImportAnswersNeededError, importStatus, saveImportAnswers } from '../../../src/interop/import-pytorch';

const fixtures = join(__dirname, '../../fixtures/golden');
const reference = JSON.parse(readFileSync(join(fixtures, 'charlm_reference.json'), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'lstm-import-golden-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'charlm.safetensors');
copyFileSync(join(fixtures, 'charlm.safetensors'), file);

describe('importing the golden PyTorch char LM', () => {
  it('is recognised, and asks before use', async () => {
    const status = await importStatus(file);
    expect(status).toMatchObject({
      kind: 'foreign',
      answered: false,
      architecture: 'Embedding(38, 16) → LSTM(16→32) → Linear(32, 38)',
      moduleNames: 'embedding → lstm → fc',
      metadataVocabularySize: 38,
      suggestedTask: 'language-model',
    });
    await expect(loadAnyCheckpoint(file)).rejects.toThrow(ImportAnswersNeededError);
    await expect(loadAnyCheckpoint(file)).rejects.toThrow(/lstm-studio import .* --task lm\|classify\|forecast/);
  });

  it('stores the answers beside the file, with the metadata vocabulary as it is (id = index, no <pad>/<unk>)', async () => {
    const { sidecar, answers } = await saveImportAnswers(file, { task: 'language-model', vocab: { from: 'metadata' } });
    expect(sidecar).toBe(sidecarPath(file));
    expect(existsSync(sidecar)).toBe(true);
    expect(answers.vocab).toEqual({
      format: 'lstm-studio-vocabulary/1',
      unit: 'char',
      tokens: reference.vocab,
      specials: false,
    });
    expect(
      (await importStatus(file)).kind === 'foreign' && ((await importStatus(file)) as { answered: boolean }).answered,
    ).toBe(true);
  });

  it("gives charlm_reference.json's probabilities within 1e-5", async () => {
    const { model, imported } = await loadAnyCheckpoint(file);
    expect(imported).toBe(true);
    const tokens = Int32Array.from(reference.prompt_ids as number[]);
    const { output } = model.forward({ batchSize: 1, steps: tokens.length, tokens });
    const V = reference.probs_f32.shape[1] as number;
    let worst = 0;
    for (let t = 0; t < tokens.length; t++) {
      const p = classProbabilities(output, V, t * V);
      for (let v = 0; v < V; v++) worst = Math.max(worst, Math.abs(p[v] - reference.probs_f32.data[t * V + v]));
    }
    console.log(
      `golden charlm: max |p - p_torch| = ${worst.toExponential(2)} over ${tokens.length}×${V} probabilities`,
    );
    expect(worst).toBeLessThan(1e-5);
  });

  it('predicts through the ordinary path: the prompt encodes to the reference ids, greedy decoding matches PyTorch', async () => {
    const predictor = await loadPredictor(file);
    const encoded = predictor.encoder.encode(reference.prompt);
    expect(encoded.ok && Array.from(encoded.value.tokens!)).toEqual(reference.prompt_ids);
    const next = nextCharDistribution(predictor, reference.prompt);
    const top = Object.entries(next).sort((a, b) => b[1] - a[1])[0][0];
    expect(top).toBe(reference.next_char_top5_after_prompt[0][0]);
    // '\n' and ' ' are ids 0 and 1 here: real characters, never masked as <pad>/<unk>.
    const greedy = continueText(predictor, reference.prompt, { length: 60, temperature: 0 });
    expect(greedy.text).toBe('imes, it was the worst of times, it was the age of wisdom, i');
    expect(greedy.steps.some((s) => s.char === ' ')).toBe(true);
  });

  it("reproduces the reference's greedy decoding, which feeds the prompt's last character once more", async () => {
    // train_charlm.py continues from (h_n, c_n) with `last = ids[:, -1:]`: 't' is read twice ("…of tt").
    const model = requireSingleStack((await loadAnyCheckpoint(file)).model, 'this test');
    const tokens = Int32Array.from(reference.prompt_ids as number[]);
    const { finalState } = model.forward({ batchSize: 1, steps: tokens.length, tokens });
    const stepper = new RecurrentStepper(model);
    stepper.setState(finalState);
    let last = tokens[tokens.length - 1];
    let text = '';
    for (let n = 0; n < 60; n++) {
      const logits = stepper.step(last);
      last = classProbabilities(logits, logits.length).reduce((best, p, id, all) => (p > all[best] ? id : best), 0);
      text += reference.vocab[last];
    }
    expect(text).toBe(reference.greedy_continuation_60);
  });

  it('refuses characters outside a vocabulary without <unk>, naming them', async () => {
    const predictor = await loadPredictor(file);
    const encoded = predictor.encoder.encode('It was Zürich');
    expect(encoded.ok).toBe(false);
    expect(!encoded.ok && encoded.error.message).toMatch(
      /"Z", "ü" are not in this model's vocabulary \(38 characters, with no <unk>/,
    );
  });
});
