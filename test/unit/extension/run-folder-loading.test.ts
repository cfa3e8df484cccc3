/**
 * The extension host reads a run folder's run.json only: a 100 000-step metrics.csv (over a second to
 * parse on the host) is never read there — the Runs view's labels come from run.json, and a panel's
 * history from the inference worker's `run-history`, which parses it off the host's thread.
 */

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { METRICS_CSV_HEADER } from '../../../src/train/run-directory';
import { readRunHistory } from '../../../src/worker/inference/run-history';
import { manifest } from './fixtures';

const filesRead: string[] = [];

// Just enough of the VS Code API for RunManager.load: the file system and an event emitter.
vi.mock('vscode', () => {
  class Uri {
    constructor(readonly fsPath: string) {}
    static file(path: string) {
      return new Uri(path);
    }
    static joinPath(base: Uri, ...parts: string[]) {
      return new Uri([base.fsPath, ...parts].join('/'));
    }
  }
  class EventEmitter {
    event = () => ({ dispose() {} });
    fire() {}
    dispose() {}
  }
  return {
    Uri,
    EventEmitter,
    workspace: {
      fs: {
        readFile: async (uri: Uri) => {
          filesRead.push(uri.fsPath);
          return new Uint8Array(await readFile(uri.fsPath));
        },
        stat: async (uri: Uri) => stat(uri.fsPath),
      },
    },
    commands: { executeCommand: async () => undefined },
    window: { createOutputChannel: () => ({ info() {}, warn() {}, error() {}, debug() {} }) },
  };
});

const { RunManager } = await import('../../../src/extension/run-manager');

const root = mkdtempSync(join(tmpdir(), 'lstm-run-folder-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const STEPS = 100_000;

function writeLongRun(): string {
  const runDir = join(root, '20261206-101500-reviews');
  mkdirSync(runDir);
  writeFileSync(join(runDir, 'run.json'), JSON.stringify(manifest({ step: STEPS, totalSteps: STEPS })));
  const rows = [METRICS_CSV_HEADER];
  for (let step = 1; step <= STEPS; step++) {
    rows.push(`train,${step},0,${step / 100},${1 / step},0.001,1.5,,,,,,`);
    if (step % 1000 === 0) rows.push(`validation,${step},0,${step / 100},,,,${2 / step},0.9,,,,`);
  }
  writeFileSync(join(runDir, 'metrics.csv'), rows.join('\n') + '\n');
  return runDir;
}

describe('a run folder with a 100 000-step metrics.csv', () => {
  const runDir = writeLongRun();

  it('loads on the host from run.json alone (status, step, best metric), without reading metrics.csv', async () => {
    let historyReads = 0;
    const manager = new RunManager('/no/worker.js', async () => {
      historyReads++;
      return readRunHistory(runDir);
    });
    const started = performance.now();
    const state = await manager.readRecord(runDir);
    const ms = performance.now() - started;
    expect(filesRead).toEqual([join(runDir, 'run.json')]);
    expect(state.meta).toMatchObject({ step: STEPS, status: 'finished', best: { metrics: { accuracy: 0.9 } } });
    expect(state.steps.step).toHaveLength(0);
    expect(historyReads).toBe(0);
    expect(ms).toBeLessThan(200);

    // A panel asks for the history: one read through the reader (the inference worker), however many ask.
    const [first, second] = await Promise.all([manager.loadHistory(state), manager.loadHistory(state)]);
    expect([first, second]).toEqual([true, true]);
    expect(historyReads).toBe(1);
    expect(state.steps.step).toHaveLength(STEPS);
    expect(state.evaluations).toHaveLength(STEPS / 1000);
    expect(await manager.loadHistory(state)).toBe(false); // already there
    expect(filesRead).toEqual([join(runDir, 'run.json')]);
  });

  it('load gives the run with its whole history, read through the reader (the inference worker), not on the host', async () => {
    filesRead.length = 0;
    let historyReads = 0;
    const manager = new RunManager('/no/worker.js', async () => {
      historyReads++;
      return readRunHistory(runDir);
    });
    const state = await manager.load(runDir);
    expect(historyReads).toBe(1);
    expect(state.steps.step).toHaveLength(STEPS);
    expect(state.meta.step).toBe(STEPS);
    expect(filesRead).toEqual([join(runDir, 'run.json')]);
  });

  it('run-history parses it as columnar steps and the evaluations', async () => {
    const history = await readRunHistory(runDir);
    expect(history.steps.step[STEPS - 1]).toBe(STEPS);
    expect(history.steps.loss[1]).toBe(0.5);
    expect(history.steps.gradNorm[0]).toBe(1.5);
    expect(history.evaluations[0]).toEqual({ step: 1000, epoch: 0, time: 10, metrics: { loss: 0.002, accuracy: 0.9 } });
    expect(await readRunHistory(join(root, 'missing'))).toEqual({
      steps: { step: [], epoch: [], time: [], loss: [], lr: [], gradNorm: [] },
      evaluations: [],
    });
  });
});
