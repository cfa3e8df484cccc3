/**
 * The exported project's PyTorch model for every recurrent layout (LSTM, GRU, bidirectional, proj_size),
 * checked with Debian's PyTorch and without our engine: test/fixtures/pytorch/check_model_variants.py
 * builds each from an LSTM Studio config and reports its state_dict, padding and head checks and a
 * checkpoint round trip. Here: the names are exactly PyTorch's under `lstm`/`gru` in our parameter order,
 * padding changes nothing, a bidirectional classifier reads forward's last real step ‖ backward's first,
 * and the checkpoint it writes is recognised by our importer as the layout it was built from.
 */

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { openSafetensors } from '../../../src/checkpoint/file';
import { recogniseRecurrentModel } from '../../../src/interop/import-layout';
import { python, requireTorch } from './pytorch-helpers';

const dir = mkdtempSync(join(tmpdir(), 'lstm-python-variants-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const script = join(__dirname, '../../fixtures/pytorch/check_model_variants.py');
/** float32 on both sides of each comparison, the same operations in a different batch: rounding only. */
const TOLERANCE = 1e-6;

interface VariantReport {
  config: {
    cell?: 'lstm' | 'gru';
    bidirectional?: boolean;
    projSize?: number;
    vocabSize: number;
    embeddingDim: number;
    inputSize: number;
    hiddenSize: number;
    numLayers: number;
    outputSize: number;
  };
  parameters: [string, number[]][];
  paddingDiff: number;
  bidirectionalHeadDiff: number | null;
  roundTripDiff: number;
}

let report: Promise<Record<string, VariantReport>> | undefined;
beforeEach(async () => {
  await requireTorch();
  report ??= python([script, dir], dir).then(() => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')));
  await report;
}, 120_000);

/** PyTorch's state_dict for an LSTM Studio config, written out from the rules, not from PyTorch. */
function expectedParameters(config: VariantReport['config']): [string, number[]][] {
  const cell = config.cell ?? 'lstm';
  const G = cell === 'lstm' ? 4 : 3;
  const H = config.hiddenSize;
  const P = config.projSize ?? 0;
  const R = P || H;
  const directions = config.bidirectional ? ['', '_reverse'] : [''];
  const D = config.vocabSize > 0 ? config.embeddingDim : config.inputSize;
  const names: [string, number[]][] =
    config.vocabSize > 0 ? [['embedding.weight', [config.vocabSize, config.embeddingDim]]] : [];
  for (let k = 0; k < config.numLayers; k++) {
    for (const suffix of directions) {
      names.push(
        [`${cell}.weight_ih_l${k}${suffix}`, [G * H, k === 0 ? D : directions.length * R]],
        [`${cell}.weight_hh_l${k}${suffix}`, [G * H, R]],
        [`${cell}.bias_ih_l${k}${suffix}`, [G * H]],
        [`${cell}.bias_hh_l${k}${suffix}`, [G * H]],
        ...(P > 0 ? ([[`${cell}.weight_hr_l${k}${suffix}`, [P, H]]] as [string, number[]][]) : []),
      );
    }
  }
  names.push(['head.weight', [config.outputSize, directions.length * R]], ['head.bias', [config.outputSize]]);
  return names;
}

const VARIANTS = [
  'lstm-lm',
  'gru-lm',
  'proj-lstm-lm',
  'lstm-classifier',
  'gru-classifier',
  'bilstm-classifier',
  'bigru-classifier',
  'bilstm-proj-classifier',
  'bigru-forecaster',
  'bilstm-every',
];

describe.each(VARIANTS)('the exported PyTorch model: %s', (name) => {
  it('has PyTorch’s names under lstm/gru in our order; padding changes nothing; the checkpoint round-trips', async () => {
    const variant = (await report!)[name];
    expect(variant.parameters).toEqual(expectedParameters(variant.config));
    expect(variant.paddingDiff).toBeLessThan(TOLERANCE);
    expect(variant.roundTripDiff).toBe(0);
    if (variant.config.bidirectional && variant.bidirectionalHeadDiff !== null)
      expect(variant.bidirectionalHeadDiff).toBeLessThan(TOLERANCE);
  });

  it('is recognised by the importer as the layout it was built from', async () => {
    const { config } = (await report!)[name];
    const reader = await openSafetensors(join(dir, `${name}.safetensors`));
    try {
      const layout = recogniseRecurrentModel(reader.tensors);
      expect(layout.recurrent).toMatchObject({
        cell: config.cell ?? 'lstm',
        prefix: config.cell ?? 'lstm',
        hiddenSize: config.hiddenSize,
        numLayers: config.numLayers,
        bidirectional: config.bidirectional ?? false,
        projSize: config.projSize ?? 0,
      });
      expect(layout.head).toMatchObject({ weight: 'head.weight', bias: 'head.bias', outputSize: config.outputSize });
      expect(layout.embedding?.tensor ?? null).toBe(config.vocabSize > 0 ? 'embedding.weight' : null);
    } finally {
      await reader.close();
    }
  });
});

describe('the exported PyTorch model: every layout has a case', () => {
  it('covers LSTM and GRU, one and two directions, with and without a projection', async () => {
    const configs = Object.values(await report!).map((v) => v.config);
    expect(Object.keys(await report!)).toEqual(VARIANTS);
    for (const cell of ['lstm', 'gru'])
      for (const bidirectional of [false, true])
        expect(configs.some((c) => (c.cell ?? 'lstm') === cell && (c.bidirectional ?? false) === bidirectional)).toBe(
          true,
        );
    expect(configs.some((c) => (c.projSize ?? 0) > 0 && c.bidirectional)).toBe(true);
  });
});
