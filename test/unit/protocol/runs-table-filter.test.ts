/**
 * The Runs table's filter: words narrow by id, dataset, task, status or sweep; conditions compare a
 * setting (by key or CLI flag) or a metric; a filter that cannot mean anything is refused with a reason.
 */

import { describe, expect, it } from 'vitest';
import {
  filteredSettings,
  matchesFilter,
  parseRunsFilter,
  type RunsFilter,
} from '../../../src/protocol/runs-table-filter';
import { row, snapshot } from './runs-table-fixtures';

const fields = snapshot([]);
const runs = [
  row({ id: 'r1', settings: { hiddenSize: 32, lr: 0.01, optimizer: 'adam', bidirectional: false } }),
  row({
    id: 'r2',
    datasetName: 'tiny.txt',
    taskName: 'Language model',
    status: 'running',
    settings: { hiddenSize: 64, lr: 0.003, optimizer: 'sgd', bidirectional: true },
    best: { loss: 1.1, bitsPerChar: 2 },
    final: {},
  }),
  row({
    id: 'r3',
    settings: { hiddenSize: 128, lr: 0.001, optimizer: 'adamw' },
    best: { loss: 0.2, accuracy: 0.95 },
    sweep: { id: 'sweep-x', name: 'wide sweep', index: 0, count: 2 },
  }),
];

function parsed(text: string): RunsFilter {
  const result = parseRunsFilter(text, fields);
  if (!result.ok) throw new Error(result.reason);
  return result.filter;
}

const shown = (text: string) => runs.filter((r) => matchesFilter(r, parsed(text))).map((r) => r.id);

function refused(text: string): string {
  const result = parseRunsFilter(text, fields);
  expect(result.ok, text).toBe(false);
  return result.ok ? '' : result.reason;
}

describe('words', () => {
  it('match the id, dataset, task, status and sweep name, all words, any case', () => {
    expect(shown('')).toEqual(['r1', 'r2', 'r3']);
    expect(shown('TINY')).toEqual(['r2']);
    expect(shown('running')).toEqual(['r2']);
    expect(shown('wide')).toEqual(['r3']);
    expect(shown('reviews r3')).toEqual(['r3']);
  });
});

describe('conditions', () => {
  it('compare numbers', () => {
    expect(shown('hiddenSize=64')).toEqual(['r2']);
    expect(shown('lr<0.01')).toEqual(['r2', 'r3']);
    expect(shown('lr <= 0.003')).toEqual(['r2', 'r3']);
    expect(shown('hidden>=64 lr>0.002')).toEqual(['r2']);
    expect(shown('hiddenSize!=32')).toEqual(['r2', 'r3']);
  });

  it('compare choices and yes/no, case ignored', () => {
    expect(shown('optimizer=ADAM')).toEqual(['r1']);
    expect(shown('optimizer!=adam')).toEqual(['r2', 'r3']);
    expect(shown('bidirectional=true')).toEqual(['r2']);
  });

  it('compare metrics: best by default, final when asked; runs without the metric fail all but !=', () => {
    expect(shown('accuracy>0.92')).toEqual(['r3']);
    expect(shown('final.accuracy>=0.89')).toEqual(['r1', 'r3']);
    expect(shown('bitsPerChar<3')).toEqual(['r2']);
    expect(shown('accuracy!=0.9')).toEqual(['r2', 'r3']);
  });

  it('name the settings they read, so their columns stay', () => {
    expect(filteredSettings(parsed('lr<0.01 accuracy>0.5 tiny optimizer=adam'))).toEqual(['lr', 'optimizer']);
  });
});

describe('bad filters', () => {
  it('are refused with a reason a user can act on', () => {
    expect(refused('hiddn=64')).toMatch(/unknown setting or metric 'hiddn'/);
    expect(refused('lr<abc')).toMatch(/lr is a number, 'abc' is not/);
    expect(refused('lr<')).toMatch(/a value is needed after </);
    expect(refused('<5')).toMatch(/name a setting before the comparison/);
    expect(refused('optimizer=adm')).toMatch(/optimizer is one of adam, adamw, sgd, not 'adm'/);
    expect(refused('optimizer<adam')).toMatch(/compare it with = or !=/);
    expect(refused('bidirectional=maybe')).toMatch(/true or false/);
    expect(refused('accuracy=high')).toMatch(/accuracy is a number/);
  });
});
