/**
 * Every panel's host checks what its webview sends (src/protocol/*-validation.ts): the messages the
 * panels really send pass unchanged, and each kind of bad one — unknown type, missing or extra field,
 * wrong type, out of range, not finite, unknown enum value, too long, a path — is refused with a reason.
 */

import { describe, expect, it } from 'vitest';
import { checkpointEditorMessage } from '../../../src/protocol/checkpoint-editor-validation';
import {
  focusStepWithin,
  gatesPanelMessage,
  MAX_GATES_TEXT_LENGTH,
} from '../../../src/protocol/gates-panel-validation';
import { validate, type Validator } from '../../../src/protocol/message-validation';
import { DEFAULT_PREDICTION_OPTIONS } from '../../../src/protocol/prediction-panel';
import { MAX_PREDICTION_INPUT_LENGTH, predictionPanelMessage } from '../../../src/protocol/prediction-panel-validation';
import { trainingPanelMessage } from '../../../src/protocol/training-panel-validation';

function accepts<T>(validator: Validator<T>, message: unknown): void {
  const result = validate(validator, message);
  expect(result).toEqual({ ok: true, value: message });
}

function refuses<T>(validator: Validator<T>, message: unknown, reason: RegExp): void {
  const result = validate(validator, message);
  expect(result.ok, String(reason)).toBe(false);
  if (!result.ok) expect(result.reason).toMatch(reason);
}

const save = { type: 'save', requestId: 3, kind: 'csv', suggestedName: 'steps.csv', data: 'step,loss\n1,2\n' };

describe('the validator library, through the panels', () => {
  it('refuses what is not a message at all', () => {
    for (const junk of [null, undefined, 42, 'ready', [], [{ type: 'ready' }], new Date(), { type: 7 }, {}])
      refuses(trainingPanelMessage, junk, /message|type/);
  });

  it('copies only declared fields and survives hostile objects', () => {
    const hostile = { type: 'ready' } as Record<string, unknown>;
    Object.defineProperty(hostile, 'boom', {
      enumerable: true,
      get() {
        throw new Error('getter');
      },
    });
    refuses(trainingPanelMessage, hostile, /unexpected field 'boom'/);
    const proxy = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('trap');
        },
      },
    );
    refuses(trainingPanelMessage, proxy, /./);
    const result = validate(trainingPanelMessage, JSON.parse('{"type":"ready","__proto__":{"polluted":1}}'));
    expect(result.ok).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('names the field and never echoes a huge or hostile value into the reason', () => {
    const result = validate(trainingPanelMessage, { type: `\u001b[31m${'x'.repeat(100_000)}` });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason.length).toBeLessThan(120);
      expect(result.reason).not.toContain('\u001b');
    }
  });
});

describe('Training panel messages', () => {
  it('accepts what the panel sends', () => {
    accepts(trainingPanelMessage, { type: 'ready' });
    for (const action of ['pause', 'resume', 'stop'])
      accepts(trainingPanelMessage, { type: 'control', runId: 'r1', action });
    accepts(trainingPanelMessage, { type: 'open-best-checkpoint', runId: 'r1' });
    accepts(trainingPanelMessage, { type: 'open-run-folder', runId: 'r1' });
    accepts(trainingPanelMessage, { type: 'inspect-gates', runId: 'r1' });
    accepts(trainingPanelMessage, { type: 'set-overlays', runIds: ['a', 'b'] });
    accepts(trainingPanelMessage, save);
    accepts(trainingPanelMessage, { ...save, kind: 'png', suggestedName: 'loss chart.png', data: 'iVBORw0KGgo=' });
  });

  it('refuses unknown types, unknown control actions, wrong shapes, paths and huge values', () => {
    refuses(trainingPanelMessage, { type: 'explode' }, /unknown type 'explode'/);
    refuses(trainingPanelMessage, { type: 'control', runId: 'r1', action: 'explode' }, /action: not a known value/);
    refuses(trainingPanelMessage, { type: 'control', action: 'stop' }, /runId: expected a string/);
    refuses(
      trainingPanelMessage,
      { type: 'control', runId: 'r1', action: 'stop', runDir: '/etc' },
      /unexpected field 'runDir'/,
    );
    refuses(trainingPanelMessage, { type: 'set-overlays', runIds: 'a' }, /runIds: expected an array/);
    refuses(trainingPanelMessage, { type: 'set-overlays', runIds: [1] }, /runIds\[0\]: expected a string/);
    refuses(trainingPanelMessage, { type: 'set-overlays', runIds: Array(1001).fill('a') }, /1001 items/);
    refuses(trainingPanelMessage, { type: 'inspect-gates', runId: 'x'.repeat(257) }, /257 characters/);
    refuses(trainingPanelMessage, { ...save, requestId: -1 }, /requestId: -1 outside/);
    refuses(trainingPanelMessage, { ...save, requestId: 1.5 }, /requestId: expected an integer/);
    refuses(trainingPanelMessage, { ...save, requestId: Number.NaN }, /requestId: expected an integer/);
    refuses(trainingPanelMessage, { ...save, kind: 'exe' }, /kind: not a known value/);
    for (const name of ['../../.bashrc', '/etc/passwd', 'a\\b.csv', '..', 'x\u0000.csv', 'C:evil', ''])
      refuses(trainingPanelMessage, { ...save, suggestedName: name }, /suggestedName: not a plain file name/);
    refuses(trainingPanelMessage, { ...save, data: 7 }, /data: expected a string/);
  });
});

describe('Gates panel messages', () => {
  it('accepts what the panel sends', () => {
    accepts(gatesPanelMessage, { type: 'ready' });
    accepts(gatesPanelMessage, { type: 'choose-model' });
    accepts(gatesPanelMessage, { type: 'record', input: { type: 'text', text: 'the cat sat' } });
    accepts(gatesPanelMessage, {
      type: 'record',
      input: {
        type: 'rows',
        values: [
          [1, 2.5],
          [-3, 4e10],
        ],
      },
    });
    accepts(gatesPanelMessage, { type: 'record', input: { type: 'validation-sample', index: 3 } });
    accepts(gatesPanelMessage, { type: 'record', input: { type: 'validation-sample', index: -1 } });
    accepts(gatesPanelMessage, { type: 'record', input: { type: 'validation-sample', index: 999_999, search: 'cat' } });
    accepts(gatesPanelMessage, { ...save, kind: 'png' });
  });

  it('refuses a dataset path or any other field in a record input', () => {
    const sample = { type: 'validation-sample', index: 0 };
    refuses(
      gatesPanelMessage,
      { type: 'record', input: { ...sample, datasetPath: '/etc/passwd' } },
      /input: unexpected field 'datasetPath'/,
    );
    refuses(
      gatesPanelMessage,
      { type: 'record', input: { type: 'text', text: 'a', checkpointPath: '/x' } },
      /unexpected field 'checkpointPath'/,
    );
    refuses(
      gatesPanelMessage,
      { type: 'record', input: sample, checkpointPath: '/x' },
      /unexpected field 'checkpointPath'/,
    );
    refuses(gatesPanelMessage, { type: 'choose-model', path: '/x.safetensors' }, /unexpected field 'path'/);
  });

  it('refuses wrong shapes and values', () => {
    refuses(gatesPanelMessage, { type: 'record' }, /input: expected an object/);
    refuses(
      gatesPanelMessage,
      { type: 'record', input: { type: 'file', path: '/etc/passwd' } },
      /input.type: unknown type 'file'/,
    );
    refuses(
      gatesPanelMessage,
      { type: 'record', input: { type: 'validation-sample', index: 0.5 } },
      /index: expected an integer/,
    );
    refuses(
      gatesPanelMessage,
      { type: 'record', input: { type: 'validation-sample', index: '0' } },
      /index: expected an integer/,
    );
    refuses(
      gatesPanelMessage,
      { type: 'record', input: { type: 'rows', values: [[1, null]] } },
      /values\[0\]\[1\]: expected a finite number/,
    );
    refuses(
      gatesPanelMessage,
      { type: 'record', input: { type: 'rows', values: [[Infinity]] } },
      /expected a finite number/,
    );
    refuses(
      gatesPanelMessage,
      { type: 'record', input: { type: 'rows', values: [[Number.NaN]] } },
      /expected a finite number/,
    );
    refuses(
      gatesPanelMessage,
      { type: 'record', input: { type: 'rows', values: [1, 2] } },
      /values\[0\]: expected an array/,
    );
    const wide = Array.from({ length: 300 }, () => new Array<number>(10_000).fill(0));
    refuses(gatesPanelMessage, { type: 'record', input: { type: 'rows', values: wide } }, /3000000 numbers/);
    const text = 'x'.repeat(MAX_GATES_TEXT_LENGTH + 1);
    refuses(gatesPanelMessage, { type: 'record', input: { type: 'text', text } }, /characters, at most/);
  });
});

describe('the step a Gates recording focuses', () => {
  it('is sent only when it is one of the recorded steps', () => {
    expect(focusStepWithin(0, 5)).toBe(0);
    expect(focusStepWithin(4, 5)).toBe(4);
    expect(focusStepWithin(5, 5)).toBeUndefined();
    expect(focusStepWithin(-1, 5)).toBeUndefined();
    expect(focusStepWithin(1.5, 5)).toBeUndefined();
    expect(focusStepWithin(undefined, 5)).toBeUndefined();
    expect(focusStepWithin(0, 0)).toBeUndefined();
  });
});

describe('Prediction panel messages', () => {
  const predict = { type: 'predict', input: 'hello', options: { ...DEFAULT_PREDICTION_OPTIONS } };

  it('accepts what the panel sends', () => {
    for (const type of ['ready', 'stop', 'switch-model', 'open-gates', 'reveal-source'])
      accepts(predictionPanelMessage, { type });
    accepts(predictionPanelMessage, predict);
    accepts(predictionPanelMessage, {
      ...predict,
      options: { ...predict.options, attribution: 'occlusion', greedy: true },
    });
    accepts(predictionPanelMessage, { type: 'insert', text: ', 3.5' });
    accepts(predictionPanelMessage, { type: 'copy', text: 'abc' });
  });

  it('refuses bad options, missing options and huge inputs', () => {
    const withOption = (option: Record<string, unknown>) => ({
      ...predict,
      options: { ...predict.options, ...option },
    });
    refuses(predictionPanelMessage, { type: 'predict', input: 'x' }, /options: expected an object/);
    refuses(predictionPanelMessage, withOption({ attribution: 'shap' }), /options.attribution: not a known value/);
    refuses(predictionPanelMessage, withOption({ length: 1e9 }), /options.length: 1000000000 outside 1…10000/);
    refuses(
      predictionPanelMessage,
      withOption({ temperature: Infinity }),
      /options.temperature: expected a finite number/,
    );
    refuses(predictionPanelMessage, withOption({ temperature: -1 }), /outside/);
    refuses(predictionPanelMessage, withOption({ topK: -5 }), /options.topK/);
    refuses(predictionPanelMessage, withOption({ seed: 'seven' }), /options.seed/);
    refuses(predictionPanelMessage, withOption({ greedy: 1 }), /options.greedy: expected true or false/);
    refuses(predictionPanelMessage, withOption({ horizon: 0 }), /options.horizon/);
    refuses(predictionPanelMessage, withOption({ modelPath: '/etc/passwd' }), /unexpected field 'modelPath'/);
    refuses(predictionPanelMessage, { ...predict, input: 7 }, /input: expected a string/);
    const input = 'x'.repeat(MAX_PREDICTION_INPUT_LENGTH + 1);
    refuses(predictionPanelMessage, { ...predict, input }, /input: \d+ characters/);
    refuses(predictionPanelMessage, { type: 'switch-model', path: '/etc/passwd' }, /unexpected field 'path'/);
    refuses(predictionPanelMessage, { type: 'insert' }, /text: expected a string/);
  });

  it('accepts a transform edit by candidate rank, never a text, range or path', () => {
    accepts(predictionPanelMessage, { type: 'transform-edit', edit: 'replace', candidate: 0 });
    accepts(predictionPanelMessage, { type: 'transform-edit', edit: 'insert', candidate: 63 });
    refuses(
      predictionPanelMessage,
      { type: 'transform-edit', edit: 'delete', candidate: 0 },
      /edit: not a known value/,
    );
    refuses(
      predictionPanelMessage,
      { type: 'transform-edit', edit: 'replace', candidate: 64 },
      /candidate: 64 outside 0…63/,
    );
    refuses(predictionPanelMessage, { type: 'transform-edit', edit: 'replace', candidate: -1 }, /candidate/);
    refuses(predictionPanelMessage, { type: 'transform-edit', edit: 'replace', candidate: 0.5 }, /candidate/);
    refuses(predictionPanelMessage, { type: 'transform-edit', edit: 'replace' }, /candidate/);
    for (const extra of [{ text: 'rm -rf /' }, { range: [0, 0, 9, 9] }, { path: '/etc/passwd' }])
      refuses(
        predictionPanelMessage,
        { type: 'transform-edit', edit: 'replace', candidate: 0, ...extra },
        /unexpected field/,
      );
  });
});

describe('checkpoint editor messages', () => {
  const values = {
    type: 'tensor-values',
    requestId: 2,
    tensorName: 'lstm.weight_ih_l0',
    maxElements: 262_144,
    maxRows: 1920,
    maxCols: 180,
  };

  it('accepts what the editor sends', () => {
    accepts(checkpointEditorMessage, { type: 'ready' });
    accepts(checkpointEditorMessage, { type: 'tensor-stats', requestId: 1, tensorName: 'head.bias' });
    accepts(checkpointEditorMessage, values);
    for (const action of ['inspectGates', 'predict', 'resumeTraining', 'revealRun', 'exportPyTorch'])
      accepts(checkpointEditorMessage, { type: 'action', action });
  });

  it('refuses unknown actions, unbounded heatmaps and wrong shapes', () => {
    refuses(checkpointEditorMessage, { type: 'action', action: 'deleteFile' }, /action: not a known value/);
    refuses(checkpointEditorMessage, { type: 'action', action: 'toString' }, /action: not a known value/);
    refuses(checkpointEditorMessage, { ...values, maxElements: 1e12 }, /maxElements: 1000000000000 outside/);
    refuses(checkpointEditorMessage, { ...values, maxRows: 0 }, /maxRows: 0 outside/);
    refuses(checkpointEditorMessage, { ...values, maxCols: Number.POSITIVE_INFINITY }, /maxCols: expected an integer/);
    refuses(checkpointEditorMessage, { ...values, tensorName: 'x'.repeat(5000) }, /tensorName: 5000 characters/);
    refuses(checkpointEditorMessage, { type: 'tensor-stats', requestId: 1 }, /tensorName: expected a string/);
    refuses(
      checkpointEditorMessage,
      { type: 'tensor-stats', requestId: 1, tensorName: 'a', checkpointPath: '/etc/passwd' },
      /unexpected field 'checkpointPath'/,
    );
  });
});
