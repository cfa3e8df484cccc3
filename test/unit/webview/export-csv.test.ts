import { describe, expect, it } from 'vitest';
import { buildMetricsCsv, csvField, exportFileName } from '../../../webview/training/export-csv';
import type { RunView } from '../../../webview/training/run-store';
import { meta, steps } from './fixtures';

function run(id: string, stepCount: number, accuracy?: number): RunView {
  return {
    meta: meta(id),
    steps: steps(1, stepCount),
    evaluations: [
      {
        step: stepCount,
        epoch: 0,
        time: 1.5,
        metrics: accuracy === undefined ? { loss: 0.7, bitsPerChar: 1.01, perplexity: 2.01 } : { loss: 0.7, accuracy },
      },
    ],
  };
}

describe('buildMetricsCsv (Export CSV)', () => {
  it('writes every step and evaluation of every shown run in long format', () => {
    const csv = buildMetricsCsv([run('own', 3), run('other', 2)]);
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe('run,kind,step,epoch,time,loss,lr,grad_norm,perplexity,bits_per_char');
    expect(lines).toHaveLength(1 + 3 + 1 + 2 + 1);
    expect(lines.filter((l) => l.startsWith('own,train,'))).toHaveLength(3);
    expect(lines.filter((l) => l.startsWith('other,validation,'))).toHaveLength(1);
  });

  it('keeps full precision, and leaves the fields a row does not have empty', () => {
    const view = run('own', 1);
    const [, train, validation] = buildMetricsCsv([view]).trimEnd().split('\n');
    expect(train.split(',')).toEqual([
      'own',
      'train',
      '1',
      '0',
      '0.05',
      String(view.steps.loss[0]),
      '0.001',
      '2',
      '',
      '',
    ]);
    expect(validation.split(',')).toEqual(['own', 'validation', '1', '0', '1.5', '0.7', '', '', '2.01', '1.01']);
  });

  it('has a column for each validation metric some run has', () => {
    const header = buildMetricsCsv([run('a', 1, 0.9)]).split('\n')[0];
    expect(header).toBe('run,kind,step,epoch,time,loss,lr,grad_norm,accuracy');
  });

  it('adds the metrics of a task it has no column for, in snake case, after the known ones', () => {
    const view = run('s2s', 1, 0.5);
    view.evaluations = [
      {
        step: 1,
        epoch: 0,
        time: 1,
        metrics: { loss: 0.4, tokenAccuracy: 0.9, exactMatch: 0.5, bleu: 41.2, chrF: 60.5 },
      },
    ];
    const [header, validation] = buildMetricsCsv([view, run('other', 1, 0.8)])
      .split('\n')
      .filter((l) => !l.includes(',train,'));
    expect(header).toBe('run,kind,step,epoch,time,loss,lr,grad_norm,accuracy,token_accuracy,exact_match,bleu,chr_f');
    expect(validation.split(',').slice(-5)).toEqual(['', '0.9', '0.5', '41.2', '60.5']);
  });

  it('quotes run ids that need it', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
  });

  it('names files after the run', () => {
    expect(exportFileName('20250114-093012-tiny shakespeare', 'metrics', 'csv')).toBe(
      '20250114-093012-tiny-shakespeare-metrics.csv',
    );
    expect(exportFileName('///', 'loss', 'png')).toBe('run-loss.png');
  });

  it("writes a forecaster's baselines after each evaluation that scored them, with their metrics and no loss", () => {
    const view = run('f', 1);
    view.evaluations = [
      {
        step: 1,
        epoch: 0,
        time: 1.5,
        metrics: { loss: 0.4, mae: 2, mase: 0.8 },
        baselines: { seasonalNaive: { loss: 0, mae: 2.5, mase: 1 }, naive: { loss: 0, mae: 3, mase: 1.2 } },
      },
    ];
    const lines = buildMetricsCsv([view]).trimEnd().split('\n');
    expect(lines[0]).toBe('run,kind,step,epoch,time,loss,lr,grad_norm,mae,mase');
    expect(lines.slice(2)).toEqual([
      'f,validation,1,0,1.5,0.4,,,2,0.8',
      'f,baseline_naive,1,0,1.5,,,,3,1.2',
      'f,baseline_seasonal_naive,1,0,1.5,,,,2.5,1',
    ]);
  });
});
