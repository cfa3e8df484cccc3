// The extension in a real extension host: activation, commands, settings, and the run manager driving
// real training workers (start, pause, resume, stop, a bad dataset) through the vscode API.
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { monitorEventLoopDelay } = require('node:perf_hooks');
const vscode = require('vscode');

const EXTENSION_ID = 'lstm-studio.lstm-studio';

async function api() {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  return extension.activate();
}

function waitFor(manager, state, predicate, what, timeout = 90000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out waiting for ${what} (status ${state.meta.status}, step ${state.meta.step})`));
    }, timeout);
    const check = () => {
      if (predicate(state)) {
        clearTimeout(timer);
        subscription.dispose();
        resolve(state);
      }
    };
    const subscription = manager.onDidChangeRun((changed) => changed === state && check());
    check();
  });
}

function writeDataset(dir) {
  const lines = ['text,label'];
  for (let i = 0; i < 400; i++)
    lines.push(`${i % 2 ? 'a good and fine film' : 'a bad and poor film'} number ${i},${i % 2 ? 'pos' : 'neg'}`);
  const file = path.join(dir, 'tiny.csv');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

describe('LSTM Studio in the extension host', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lstm-exthost-'));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('activates and registers its commands', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    const started = performance.now();
    await api();
    if (!extension.isActive) throw new Error('not active after activate()');
    console.log(`activation: ${(performance.now() - started).toFixed(1)} ms (0 if VS Code had already activated it)`);
    const commands = await vscode.commands.getCommands(true);
    for (const id of [
      'lstmStudio.trainDataset',
      'lstmStudio.openTrainingPanel',
      'lstmStudio.pauseRun',
      'lstmStudio.resumeRun',
      'lstmStudio.stopRun',
      'lstmStudio.runs.openPanel',
      'lstmStudio.runs.resume',
      'lstmStudio.runs.delete',
      'lstmStudio.showLog',
    ]) {
      assert.ok(commands.includes(id), `${id} is registered`);
    }
  });

  it('contributes its settings with documented defaults', () => {
    // The contributed defaults (the test workspace's user settings may override the values).
    const config = vscode.workspace.getConfiguration('lstmStudio');
    const defaultOf = (key) => config.inspect(key).defaultValue;
    assert.equal(defaultOf('defaultPreset'), 'small');
    assert.equal(defaultOf('seed'), 42);
    assert.equal(defaultOf('runsFolder'), '.lstm-studio/runs');
    assert.equal(defaultOf('epochs'), null);
  });

  it('trains in a worker: run folder, events, pause, resume, stop saves last.safetensors', async () => {
    const { runManager } = await api();
    const dataset = writeDataset(tmp);
    const runsRoot = path.join(tmp, 'runs');
    const state = runManager.start(
      {
        datasetPath: dataset,
        runsRoot,
        config: { epochs: 200, batchSize: 8, seqLen: 8, hiddenSize: 8, embeddingDim: 8 },
      },
      'tiny.csv',
      'classification',
    );
    await waitFor(runManager, state, (s) => s.meta.step >= 5, 'five steps');
    assert.ok(state.meta.runDir.startsWith(runsRoot), 'run folder under the runs root');
    assert.equal(state.meta.task, 'classification');
    runManager.control(state, 'pause');
    await waitFor(runManager, state, (s) => s.meta.status === 'paused', 'paused');
    const pausedAt = state.meta.step;
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(state.meta.step, pausedAt, 'no steps while paused');
    runManager.control(state, 'resume');
    await waitFor(runManager, state, (s) => s.meta.status === 'running' && s.meta.step > pausedAt, 'running again');
    runManager.control(state, 'stop');
    await waitFor(runManager, state, (s) => s.meta.status === 'stopped', 'stopped');
    for (const file of ['run.json', 'metrics.csv', 'last.safetensors'])
      assert.ok(fs.existsSync(path.join(state.meta.runDir, file)), file);
    const manifest = JSON.parse(fs.readFileSync(path.join(state.meta.runDir, 'run.json'), 'utf8'));
    assert.equal(manifest.status, 'stopped');
    assert.equal(state.steps.step.length, state.meta.step, 'every step reached the host');
    await waitFor(runManager, state, () => !runManager.isActive(state.meta.runDir), 'the worker to be released');
  });

  it('a finished run loads back from its folder with its whole history', async () => {
    const { runManager } = await api();
    const dataset = writeDataset(tmp);
    // The extension host's event loop must stay free while a run trains in its worker: measure it.
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const state = runManager.start(
      {
        datasetPath: dataset,
        runsRoot: path.join(tmp, 'runs'),
        config: { epochs: 2, batchSize: 32, seqLen: 8, hiddenSize: 8, embeddingDim: 8 },
      },
      'tiny.csv',
      'classification',
    );
    await waitFor(runManager, state, (s) => s.meta.status === 'finished', 'finished');
    delay.disable();
    console.log(
      `extension-host event-loop delay while training: p50 ${(delay.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms over ${delay.count} samples`,
    );
    await new Promise((r) => setTimeout(r, 200));
    const loaded = await runManager.load(state.meta.runDir);
    assert.equal(loaded.meta.status, 'finished');
    assert.deepEqual(loaded.steps.loss, state.steps.loss);
    assert.equal(loaded.evaluations.length, 2);
    assert.ok(loaded.meta.best && loaded.meta.best.metrics.accuracy > 0.5);
  });

  it('a bad dataset fails with a message naming the file and line; the host keeps running', async () => {
    const { runManager } = await api();
    const bad = path.join(tmp, 'ragged.csv');
    fs.writeFileSync(bad, 'text,label\nfine,pos\nbroken\nok,neg\n');
    const state = runManager.start(
      { datasetPath: bad, runsRoot: path.join(tmp, 'runs'), config: {} },
      'ragged.csv',
      'classification',
    );
    await waitFor(runManager, state, (s) => s.meta.status === 'failed', 'failed');
    assert.match(state.meta.message, /ragged\.csv, line 3/);
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('lstmStudio.trainDataset'), 'the extension still answers');
  });
});
