/**
 * The New Training Run form's messages as the host checks them: only known settings within their rules
 * (the CLI's), bounded names, no paths, sweeps of sweepable settings only; and the pure helpers both
 * sides share (the field a worker's reason is about, a sweep's number of runs).
 */

import { describe, expect, it } from 'vitest';
import { validate } from '../../../src/protocol/message-validation';
import { fieldOfReason, sweepSpecOfForm } from '../../../src/protocol/new-run-panel';
import { RUN_CONFIGURATION_FORMAT } from '../../../src/protocol/run-configuration';
import { expandSweep } from '../../../src/protocol/sweep-expansion';
import { newRunPanelMessage } from '../../../src/protocol/new-run-panel-validation';

const choices = { task: null, columns: {}, settings: { hiddenSize: 32, lr: 0.003, preset: 'small' } };
const ok = (message: unknown) => validate(newRunPanelMessage, message);

describe('messages from the New Training Run form', () => {
  it('accepts the choices the form sends and keeps only their declared fields', () => {
    const checked = ok({ type: 'describe', requestId: 3, choices });
    expect(checked).toEqual({ ok: true, value: { type: 'describe', requestId: 3, choices } });
    const columns = { textColumn: 'body_html', labelColumn: 'verdict', targetColumns: ['a', 'b'], dateColumn: null };
    expect(ok({ type: 'train', choices: { ...choices, task: 'classification', columns } }).ok).toBe(true);
  });

  it('refuses an unknown setting, a value outside its rule and a value of the wrong kind, naming the rule', () => {
    const unknown = ok({ type: 'train', choices: { ...choices, settings: { datasetPath: '/etc/passwd' } } });
    expect(unknown).toMatchObject({ ok: false, reason: expect.stringContaining("unknown setting 'datasetPath'") });
    const outside = ok({ type: 'train', choices: { ...choices, settings: { hiddenSize: 0 } } });
    expect(outside).toMatchObject({
      ok: false,
      reason: expect.stringContaining('hiddenSize must be an integer in [1, 4096], got 0'),
    });
    expect(ok({ type: 'train', choices: { ...choices, settings: { lr: '0.1' } } }).ok).toBe(false);
    expect(ok({ type: 'train', choices: { ...choices, settings: { optimizer: 'lion' } } }).ok).toBe(false);
    expect(ok({ type: 'train', choices: { ...choices, settings: { bidirectional: 'yes' } } }).ok).toBe(false);
  });

  it('refuses a path or any other extra field, an odd task id and unbounded names', () => {
    expect(ok({ type: 'train', choices, datasetPath: '/tmp/x.csv' }).ok).toBe(false);
    expect(ok({ type: 'choose-file', path: '/tmp' }).ok).toBe(false);
    expect(ok({ type: 'train', choices: { ...choices, task: '../../x' } }).ok).toBe(false);
    expect(ok({ type: 'train', choices: { ...choices, columns: { textColumn: 'x'.repeat(5000) } } }).ok).toBe(false);
    expect(ok({ type: 'train', choices: { ...choices, columns: { notAColumn: 'x' } } }).ok).toBe(false);
  });

  it('takes a configuration name without folders or a leading dot', () => {
    expect(ok({ type: 'save-configuration', name: 'small lr-3e-3.v2', choices }).ok).toBe(true);
    for (const name of ['../evil', 'a/b', '.hidden', '', 'x'.repeat(65), 'a\\b'])
      expect(ok({ type: 'save-configuration', name, choices }).ok, name).toBe(false);
    expect(ok({ type: 'open-configuration', name: '../../etc/passwd' }).ok).toBe(false);
  });

  it('checks a sweep: sweepable settings only, each value and each range end in its rule', () => {
    const sweep = {
      method: 'grid',
      maxConcurrent: 2,
      parameters: { lr: { min: 1e-4, max: 1e-2, scale: 'log', count: 2 }, hiddenSize: { values: [16, 32] } },
    };
    expect(ok({ type: 'start-sweep', choices, sweep }).ok).toBe(true);
    const notSweepable = { ...sweep, parameters: { kernelBackend: { values: ['js'] } } };
    expect(ok({ type: 'start-sweep', choices, sweep: notSweepable })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('not a setting that may be swept'),
    });
    const badValue = { ...sweep, parameters: { hiddenSize: { values: [16, 0] } } };
    expect(ok({ type: 'count-sweep', requestId: 1, sweep: badValue }).ok).toBe(false);
    const badRange = { ...sweep, parameters: { lr: { min: 0, max: 1 } } };
    expect(ok({ type: 'count-sweep', requestId: 1, sweep: badRange }).ok).toBe(false);
    const reversed = { ...sweep, parameters: { lr: { min: 0.1, max: 0.01 } } };
    expect(ok({ type: 'count-sweep', requestId: 1, sweep: reversed }).ok).toBe(false);
    const rangeOfChoices = { ...sweep, parameters: { optimizer: { min: 1, max: 2 } } };
    expect(ok({ type: 'count-sweep', requestId: 1, sweep: rangeOfChoices }).ok).toBe(false);
    expect(ok({ type: 'count-sweep', requestId: 1, sweep: { ...sweep, maxConcurrent: 0 } }).ok).toBe(false);
  });
});

describe('what both sides share', () => {
  it('finds the setting a worker reason is about by its first word', () => {
    expect(fieldOfReason('projSize must be smaller than hiddenSize (32), got 32')).toBe('projSize');
    expect(fieldOfReason('bidirectional: a language model reads what came before')).toBe('bidirectional');
    expect(fieldOfReason("column 'x' is not in the file")).toBeNull();
    expect(fieldOfReason('')).toBeNull();
  });

  it('gives a grid range without a count three points, drops the swept settings from the base, keeps count and seed for random sweeps only', () => {
    const base = { format: RUN_CONFIGURATION_FORMAT, settings: { lr: 0.1, epochs: 2 } } as const;
    const parameters = {
      lr: { min: 1e-4, max: 1e-2, count: 4 },
      hiddenSize: { values: [16, 32] },
      dropout: { min: 0, max: 0.5 },
    };
    const grid = sweepSpecOfForm(base, { method: 'grid', seed: 3, maxConcurrent: 2, parameters });
    expect(grid.parameters.dropout).toEqual({ min: 0, max: 0.5, count: 3 });
    expect(grid.base.settings).toEqual({ epochs: 2 });
    expect(grid.seed).toBeUndefined();
    expect(expandSweep(grid)).toHaveLength(4 * 2 * 3);
    const random = sweepSpecOfForm(base, { method: 'random', count: 5, seed: 3, maxConcurrent: 2, parameters });
    expect(random.seed).toBe(3);
    expect(expandSweep(random)).toHaveLength(5);
    const integers = sweepSpecOfForm(base, {
      method: 'grid',
      maxConcurrent: 1,
      parameters: { numLayers: { min: 1, max: 2, count: 5 } },
    });
    expect(expandSweep(integers)).toHaveLength(2);
  });
});
