import { describe, it, expect } from 'vitest';
import {
  findLstmModules,
  MISSING_LISTED,
  lstmParamName,
  matchLstmTensorName,
  modelParamNames,
  optimizerStateName,
  parseStudioTensorName,
} from '../../../src/checkpoint';

describe('LSTM Studio tensor names (PyTorch modules embedding, lstm, head)', () => {
  it('builds the names PyTorch’s state_dict() uses, in its order', () => {
    expect(modelParamNames(2, true)).toEqual([
      'embedding.weight',
      'lstm.weight_ih_l0',
      'lstm.weight_hh_l0',
      'lstm.bias_ih_l0',
      'lstm.bias_hh_l0',
      'lstm.weight_ih_l1',
      'lstm.weight_hh_l1',
      'lstm.bias_ih_l1',
      'lstm.bias_hh_l1',
      'head.weight',
      'head.bias',
    ]);
    expect(modelParamNames(1, false)[0]).toBe('lstm.weight_ih_l0');
    expect(optimizerStateName('exp_avg_sq', lstmParamName('weight_hh', 3))).toBe(
      'optimizer.exp_avg_sq.lstm.weight_hh_l3',
    );
    expect(() => lstmParamName('bias_ih', -1)).toThrow(/non-negative integer/);
  });

  it('parses every name it builds back into module, kind and layer', () => {
    for (const name of modelParamNames(3, true)) {
      for (const full of [name, optimizerStateName('exp_avg', name), optimizerStateName('momentum_buffer', name)]) {
        const parsed = parseStudioTensorName(full)!;
        expect(parsed).toBeDefined();
        const param = parsed.module === 'optimizer' ? parsed.param : parsed;
        const rebuilt =
          param.module === 'lstm' ? lstmParamName(param.kind, param.layer) : `${param.module}.${param.kind}`;
        expect(parsed.module === 'optimizer' ? optimizerStateName(parsed.slot, rebuilt) : rebuilt).toBe(full);
      }
    }
    expect(parseStudioTensorName('lstm.bias_hh_l12')).toEqual({ module: 'lstm', kind: 'bias_hh', layer: 12 });
    expect(parseStudioTensorName('optimizer.exp_avg.head.bias')).toEqual({
      module: 'optimizer',
      slot: 'exp_avg',
      param: { module: 'head', kind: 'bias' },
    });
  });

  it('does not claim names it never writes', () => {
    for (const name of [
      'fc.weight',
      'lstm.weight_ih_l01',
      'lstm.weight_ih_l0_reverse',
      'rnn.weight_ih_l0',
      'optimizer.step.head.bias',
      'optimizer.exp_avg',
      'optimizer.exp_avg.fc.bias',
      'head.weight.x',
    ]) {
      expect(parseStudioTensorName(name), name).toBeUndefined();
    }
  });
});

describe('nn.LSTM tensors in foreign checkpoints', () => {
  it('are recognised under any module prefix, with direction and projection', () => {
    expect(matchLstmTensorName('rnn.weight_ih_l0')).toEqual({
      prefix: 'rnn',
      kind: 'weight_ih',
      layer: 0,
      reverse: false,
    });
    expect(matchLstmTensorName('encoder.lstm.weight_hh_l1')).toEqual({
      prefix: 'encoder.lstm',
      kind: 'weight_hh',
      layer: 1,
      reverse: false,
    });
    expect(matchLstmTensorName('model.rnn.bias_ih_l2_reverse')).toEqual({
      prefix: 'model.rnn',
      kind: 'bias_ih',
      layer: 2,
      reverse: true,
    });
    expect(matchLstmTensorName('lstm.weight_hr_l0')).toEqual({
      prefix: 'lstm',
      kind: 'weight_hr',
      layer: 0,
      reverse: false,
    });
    expect(matchLstmTensorName('weight_ih_l0')).toEqual({ prefix: '', kind: 'weight_ih', layer: 0, reverse: false });
    for (const name of [
      'fc.weight',
      'rnn.weight_ih',
      'rnn.weight_ih_l',
      'rnn.weight_ih_lx',
      'rnn.weight_ih_l0_backward',
      'rnn.weight_ih_l0.grad',
      '.weight_ih_l0',
    ]) {
      expect(matchLstmTensorName(name), name).toBeUndefined();
    }
  });

  it('are grouped per module with a report of layers, direction, bias, projection and what is missing', () => {
    const names = [
      'embed.weight',
      ...['', '_reverse'].flatMap((s) =>
        [0, 1].flatMap((l) =>
          ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'].map((k) => `encoder.rnn.${k}_l${l}${s}`),
        ),
      ),
      'decoder.weight_ih_l0',
      'decoder.weight_hh_l0',
      'decoder.weight_hr_l0',
      'decoder.weight_ih_l1', // no biases, projection, layer 1 incomplete
      'out.weight',
    ];
    const [encoder, decoder, ...rest] = findLstmModules(names);
    expect(rest).toEqual([]);
    expect(encoder).toMatchObject({
      prefix: 'encoder.rnn',
      numLayers: 2,
      bidirectional: true,
      hasBias: true,
      hasProjection: false,
      missing: [],
    });
    expect(encoder.tensorNames).toHaveLength(16);
    expect(decoder).toMatchObject({
      prefix: 'decoder',
      numLayers: 2,
      bidirectional: false,
      hasBias: false,
      hasProjection: true,
      missing: ['decoder.weight_hh_l1', 'decoder.weight_hr_l1'],
    });
  });

  it('a name claiming a billion layers lists at most MISSING_LISTED missing tensors, at once', () => {
    const started = performance.now();
    const [module] = findLstmModules(['lstm.weight_ih_l0', 'lstm.weight_hh_l0', 'lstm.weight_ih_l999999999']);
    expect(module.numLayers).toBe(1_000_000_000);
    expect(module.missing).toHaveLength(MISSING_LISTED);
    expect(module.missing[0]).toBe('lstm.weight_ih_l1');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('400 000 layers of one module are grouped without overflowing the stack', () => {
    const names = Array.from({ length: 400_000 }, (_, layer) => `lstm.weight_ih_l${layer}`);
    const [module] = findLstmModules(names);
    expect(module.numLayers).toBe(400_000);
  });
});
