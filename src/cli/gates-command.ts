/**
 * `lstm-studio gates`: headless gate inspection — records the cell's signals (LSTM i, f, g, o, c, h; GRU
 * r, z, n, h) of every layer, direction and step for a text (or rows of a series, or a validation sample
 * of the run's dataset) and prints them, with the model's output per step. `--json` prints one object
 * whose `gates[k]` is one layer's direction (`{ layer, direction, signals }`, layer-major, forward first)
 * and `gates[k].signals[name].values[step][unit]` the engine's recorded values, exactly as the Gates panel
 * shows them.
 */

import { readRegularTextFile } from '../data/regular-file';
import type { Command } from 'commander';
import { openSampleSet } from '../worker/inference/gate-samples';
import { loadPredictor } from '../worker/inference/load-predictor';
import { recordGateInput } from '../worker/inference/record-gate-input';
import { directionLabel, type GateRecording } from '../protocol/gate-recording';
import type { GateInput } from '../protocol/inference-messages';
import { getTask } from '../tasks';
import { parseInteger } from './parse';
import { say } from './terminal-text';

interface GatesFlags {
  text?: string;
  file?: string;
  sample?: number;
  search?: string;
  dataset?: string;
  json?: boolean;
}

export function registerGatesCommand(program: Command): void {
  program
    .command('gates')
    .description('record the gates (LSTM i, f, g, o, c, h; GRU r, z, n, h) of every layer and step for one input')
    .argument('<checkpoint>', 'a .safetensors checkpoint')
    .option('--text <text>', 'the input text (series models: numbers, one row per line)')
    .option('--file <path>', 'read the input from a file')
    .option('--sample <n>', "validation sample n (0-based) of the run's dataset", parseInteger(0))
    .option('--search <text>', 'with --sample: the first sample from n on that contains this text')
    .option('--dataset <path>', "with --sample: sample this file instead of the run's dataset")
    .option('--json', 'print one JSON object')
    .action(async (checkpointPath: string, flags: GatesFlags) => {
      const given = [flags.text, flags.file, flags.sample].filter((x) => x !== undefined).length;
      if (given !== 1) throw new Error('give the input with exactly one of --text, --file or --sample');
      let input: GateInput;
      if (flags.sample !== undefined)
        input = { type: 'validation-sample', index: flags.sample, search: flags.search, datasetPath: flags.dataset };
      else input = { type: 'text', text: flags.text ?? (await readRegularTextFile(flags.file!)) };
      const predictor = await loadPredictor(checkpointPath);
      const recording = await recordGateInput(
        checkpointPath,
        predictor,
        input,
        (datasetPath) => openSampleSet(checkpointPath, predictor, datasetPath),
        getTask(predictor.encoder.task).use.gateOutputs,
      );
      if (flags.json) say(JSON.stringify(recordingJson(recording)));
      else printRecording(recording);
    });
}

/** The recording with its arrays as nested lists: `gates[k].signals[name].values[step][unit]`. */
export function recordingJson(recording: GateRecording): object {
  const { units: H, steps: T } = recording;
  const rows = (values: Float32Array, width: number) =>
    Array.from({ length: values.length / width }, (_, t) => Array.from(values.subarray(t * width, (t + 1) * width)));
  const outputs = recording.outputs;
  const pair = recording.pair;
  return {
    checkpoint: recording.checkpointPath,
    task: recording.task,
    architecture: recording.architecture,
    cell: recording.cell,
    bidirectional: recording.bidirectional,
    projSize: recording.projSize,
    layers: recording.layers,
    units: H,
    steps: T,
    source: recording.source,
    tokens: recording.tokens,
    gates: layersJson(recording.gates),
    outputs:
      outputs.kind === 'class-probabilities'
        ? { ...outputs, probabilities: rows(outputs.probabilities, outputs.classes.length) }
        : outputs.kind === 'forecast'
          ? {
              ...outputs,
              predicted: rows(outputs.predicted, outputs.targets.length),
              actual: rows(outputs.actual, outputs.targets.length).map((r) =>
                r.map((x) => (Number.isNaN(x) ? null : x)),
              ),
            }
          : outputs,
    // An encoder–decoder: `gates` and `tokens` are the decoder's; the encoder's and the attention here.
    ...(pair && {
      pair: {
        ...pair,
        encoder: layersJson(pair.encoder),
        attention: pair.attention && rows(pair.attention, pair.sourceSteps),
      },
    }),
  };
}

/** Layers with each signal's values as `[step][unit]` lists. */
function layersJson(layers: GateRecording['gates']): object[] {
  const rows = (values: Float32Array, width: number) =>
    Array.from({ length: values.length / width }, (_, t) => Array.from(values.subarray(t * width, (t + 1) * width)));
  return layers.map((layer) => ({
    layer: layer.layer,
    direction: layer.direction,
    signals: Object.fromEntries(
      layer.signals.map(({ name, label, range, width, values }) => [
        name,
        { label, range, width, values: rows(values, width) },
      ]),
    ),
  }));
}

function printRecording(recording: GateRecording): void {
  const { units: H, steps: T } = recording;
  say(`${recording.checkpointPath}: ${recording.architecture}, ${recording.task}`);
  say(`${recording.source.label}: ${T} steps`);
  for (const note of recording.source.notes) say(`  note: ${note}`);
  for (const layer of recording.gates) {
    const direction = recording.bidirectional ? ` ${directionLabel(layer.direction)}` : '';
    say(`layer ${layer.layer + 1}${direction} (${H} units):`);
    for (const { name, label, width, values } of layer.signals) {
      let min = Infinity;
      let max = -Infinity;
      let sum = 0;
      for (const x of values) {
        min = Math.min(min, x);
        max = Math.max(max, x);
        sum += x;
      }
      const words = width === H ? label : `${label}, ${width} units`;
      say(
        `  ${name}  min ${min.toFixed(4).padStart(8)}  mean ${(sum / values.length).toFixed(4).padStart(8)}  max ${max.toFixed(4).padStart(8)}  ${words}`,
      );
    }
  }
}
