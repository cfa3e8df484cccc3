/**
 * The Runs table as data: the settings that differ become columns, the metrics present get a best and a
 * final column, sorting keeps empty cells last, sweeps gather under a header, and the CSV is the table as
 * shown with proper quoting.
 */

import { describe, expect, it } from 'vitest';
import {
  cellText,
  csvField,
  differingSettings,
  diffRuns,
  formatElapsed,
  groupBySweep,
  knownColumn,
  sortRuns,
  tableColumns,
  tableCsv,
} from '../../../src/protocol/runs-table-model';
import { runsTableSettings } from '../../../src/extension/runs-table-rows';
import { row, snapshot } from './runs-table-fixtures';

const a = row({ id: 'run-a', settings: { hiddenSize: 32, lr: 0.01, optimizer: 'adam' } });
const b = row({
  id: 'run-b',
  datasetName: 'tiny.txt',
  task: 'language-model',
  taskName: 'Language model',
  settings: { hiddenSize: 64, lr: 0.01, optimizer: 'adam' },
  final: { loss: 1.2, bitsPerChar: 2.1 },
  best: { loss: 1.1, bitsPerChar: 2.0 },
  headline: 'bitsPerChar',
});
const c = row({
  id: 'run-c',
  settings: { hiddenSize: 32, lr: 0.003, optimizer: 'adam' },
  best: { loss: 0.2, accuracy: 0.95 },
});

describe('columns', () => {
  it('shows exactly the settings that differ between the shown runs', () => {
    expect(differingSettings([a, b, c], runsTableSettings())).toEqual(['hiddenSize', 'lr']);
    expect(differingSettings([a, c], runsTableSettings())).toEqual(['lr']);
    expect(differingSettings([a], runsTableSettings())).toEqual([]);
  });

  it('keeps the columns a filter names, and lists best and final metrics, headline first', () => {
    const keys = tableColumns([a, c], snapshot([a, c]), ['optimizer']).map((col) => col.key);
    expect(keys).toEqual([
      'run',
      'dataset',
      'task',
      'status',
      'started',
      'duration',
      'steps',
      'best:accuracy',
      'final:accuracy',
      'best:loss',
      'final:loss',
      'setting:optimizer',
      'setting:lr',
    ]);
  });

  it('has a sweep column when a run belongs to a sweep', () => {
    const trial = row({ id: 'run-s', sweep: { id: 'sweep-1', name: 'lr', index: 0, count: 2 } });
    expect(tableColumns([a, trial], snapshot([a, trial])).map((col) => col.key)).toContain('sweep');
  });

  it('a metric only one run has still gets its columns (different tasks side by side)', () => {
    const keys = tableColumns([a, b], snapshot([a, b])).map((col) => col.key);
    expect(keys).toEqual(expect.arrayContaining(['best:bitsPerChar', 'best:accuracy', 'best:loss']));
  });

  it('knows every column key the table could send back, and no other', () => {
    const s = snapshot([a, b]);
    expect(knownColumn(s, 'setting:dropout')?.label).toBe('Dropout');
    expect(knownColumn(s, 'best:bitsPerChar')).toBeDefined();
    expect(knownColumn(s, 'best:perplexity')).toBeUndefined(); // no run has it
    expect(knownColumn(s, 'setting:datasetPath')).toBeUndefined();
  });

  it('writes cells as people read them', () => {
    const cols = tableColumns([a, b], snapshot([a, b]));
    const col = (key: string) => cols.find((x) => x.key === key)!;
    expect(cellText(a, col('best:accuracy'))).toBe('90.0 %');
    expect(cellText(b, col('best:bitsPerChar'))).toBe('2');
    expect(cellText(a, col('steps'))).toBe('42 / 42');
    expect(cellText(a, col('duration'))).toBe('21 s');
    expect(formatElapsed(185)).toBe('3 min 05 s');
    expect(formatElapsed(7440)).toBe('2 h 04 min');
  });
});

describe('sorting', () => {
  it('sorts numbers as numbers, either way, empty cells last both times', () => {
    const ids = (runs: { id: string }[]) => runs.map((r) => r.id);
    expect(ids(sortRuns([a, b, c], 'best:accuracy', 'descending'))).toEqual(['run-c', 'run-a', 'run-b']);
    expect(ids(sortRuns([a, b, c], 'best:accuracy', 'ascending'))).toEqual(['run-a', 'run-c', 'run-b']);
    expect(ids(sortRuns([a, b, c], 'setting:hiddenSize', 'descending'))).toEqual(['run-b', 'run-a', 'run-c']);
  });

  it('sorts text in natural order and is stable', () => {
    const runs = ['run-10', 'run-9', 'run-2'].map((id) => row({ id }));
    expect(sortRuns(runs, 'run', 'ascending').map((r) => r.id)).toEqual(['run-2', 'run-9', 'run-10']);
    expect(sortRuns(runs, 'dataset', 'ascending').map((r) => r.id)).toEqual(['run-10', 'run-9', 'run-2']);
  });
});

describe('sweeps', () => {
  const sweep = (index: number, status: 'running' | 'finished') =>
    row({ id: `s-${index}`, status, sweep: { id: 'sweep-1', name: 'lr sweep', index, count: 4 } });

  it('gathers a sweep under one header where its first run sorts, counting the runs done', () => {
    const runs = [sweep(0, 'finished'), a, sweep(1, 'running'), sweep(2, 'finished')];
    const entries = groupBySweep(runs, [...runs, sweep(3, 'finished')]);
    expect(entries.map((e) => (e.kind === 'run' ? e.run.id : `[${e.name} ${e.done}/${e.count}]`))).toEqual([
      '[lr sweep 3/4]',
      's-0',
      's-1',
      's-2',
      'run-a',
    ]);
    expect(entries[0]).toMatchObject({ kind: 'sweep', training: true });
  });

  it('offers no stop once none of its runs trains (a stopped sweep leaves runs that never started)', () => {
    const runs = [sweep(0, 'finished'), sweep(1, 'finished')];
    expect(groupBySweep(runs, runs)[0]).toMatchObject({ kind: 'sweep', done: 2, count: 4, training: false });
  });
});

describe('CSV', () => {
  it('quotes what needs quoting and nothing else', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded')).toBe('" padded"');
  });

  it('writes the given columns in order and the given runs in order, numbers in full', () => {
    const odd = row({ id: 'run-"odd", one', best: { accuracy: 0.123456789, loss: 1 } });
    const cols = tableColumns([a, odd], snapshot([a, odd])).filter((col) =>
      ['run', 'best:accuracy', 'dataset'].includes(col.key),
    );
    expect(tableCsv([odd, a], cols)).toBe(
      'Run,Dataset,Best accuracy\r\n"run-""odd"", one",reviews.csv,0.123456789\r\nrun-a,reviews.csv,0.9\r\n',
    );
  });
});

describe('diff', () => {
  it('puts two runs side by side and marks what differs', () => {
    const lines = diffRuns(a, b, runsTableSettings());
    const byLabel = new Map(lines.map((l) => [l.label, l]));
    expect(byLabel.get('Dataset')).toEqual({ label: 'Dataset', left: 'reviews.csv', right: 'tiny.txt', differs: true });
    expect(byLabel.get('Hidden size')).toMatchObject({ left: '32', right: '64', differs: true });
    expect(byLabel.get('Learning rate')?.differs).toBe(false);
    expect(byLabel.has('Dropout')).toBe(false); // neither run has it
  });
});

describe('metric column order', () => {
  it('puts the headline most runs report first', () => {
    const lm = row({ id: 'lm', headline: 'bitsPerChar', best: { loss: 1, bitsPerChar: 2 }, final: {} });
    const keys = tableColumns([lm, a, c], snapshot([lm, a, c]))
      .filter((col) => col.kind === 'metric')
      .map((col) => col.key);
    expect(keys.slice(0, 4)).toEqual(['best:accuracy', 'final:accuracy', 'best:bitsPerChar', 'final:bitsPerChar']);
  });
});
