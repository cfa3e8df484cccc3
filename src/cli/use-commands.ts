/**
 * The commands that use a checkpoint: `eval` (metrics on a dataset), `predict` (classify, continue,
 * forecast) and `inspect` (metadata, config, every tensor with statistics).
 */

import { readRegularTextFile } from '../data/regular-file';
import type { Command } from 'commander';
import { describeArchitecture } from '../engine/config';
import { openSafetensors } from '../checkpoint/file';
import { decodeStudioMetadata } from '../checkpoint/metadata';
import { tensorStatistics } from '../checkpoint/statistics';
import { isFloatDType } from '../checkpoint/dtypes';
import { prepareEvaluationFile } from '../tasks/prepare-evaluation';
import { loadPredictor } from '../worker/inference/load-predictor';
import type { Predictor } from '../inference/predictor';
import { getTask } from '../tasks';
import { CarriedState } from '../train/carried-state';
import { runBacktest } from '../train/backtest';
import { evaluateWithExamples } from '../train/evaluate';
import { baselineHeadline, baselineWords } from '../protocol/baseline-headline';
import type { EvaluationReport } from '../protocol/evaluation-report';
import type { Metrics } from '../protocol/metrics';
import { taskPresentation } from '../tasks/presentations';
import type { BacktestOrigin } from '../protocol/run-records';
import { withEvaluationProgress } from './evaluation-progress';
import { formatBaselineMetrics, formatMetrics } from './train-command';
import { parseInteger, parseNumber } from './parse';
import { say, sayError } from './terminal-text';
import { predictRecording } from './predict-audio';
import { writeReportFile } from './write-report';

export function registerUseCommands(program: Command): void {
  program
    .command('eval')
    .description(
      "loss and task metrics of a checkpoint on a dataset (with the checkpoint's own vocabulary and normalisation)",
    )
    .argument('<checkpoint>', 'a .safetensors checkpoint')
    .argument('<dataset>', 'the dataset file (audio models: a folder of labelled recordings, or a manifest)')
    .option('--batch-size <n>', 'sequences per batch', parseInteger(1), 64)
    .option(
      '--beam <n>',
      'sequence to sequence and speech to text: decode with a beam this wide (1 = greedy)',
      parseInteger(1),
      1,
    )
    .option(
      '--backtest <k>',
      'a forecaster: score k rolling origins at the end of the data, each forecasting the horizon (the metrics are their mean)',
      parseInteger(1),
    )
    .option(
      '--report <file.json>',
      'also write what the model gets wrong (classifiers: confusion matrix, per-class scores, calibration, mistakes; language models: the most surprising characters; forecasters: errors by horizon)',
    )
    .option('--json', 'print one JSON object')
    .action(
      async (
        checkpointPath: string,
        datasetPath: string,
        flags: { batchSize: number; beam: number; backtest?: number; report?: string; json?: boolean },
      ) => {
        const predictor = await namingFile(checkpointPath, () => loadPredictor(checkpointPath));
        // A dataset error names the dataset; one that names neither file is about the checkpoint's metadata.
        const { batches, carried, units, seqLen } = await namingFile(checkpointPath, () =>
          datasetBatches(predictor, datasetPath, flags.batchSize),
        );
        const normalization = predictor.encoder.normalization;
        const targetStd = normalization
          ? (predictor.encoder.dataset.columns.targets ?? []).map(
              (t) => normalization.std[normalization.columns.indexOf(t)],
            )
          : undefined;
        const context = {
          task: predictor.encoder.task,
          targetStd,
          stored: predictor.encoder,
          beam: flags.beam,
          report: flags.report !== undefined,
        };
        let report: EvaluationReport | undefined;
        let scored: { metrics: Metrics; baselines?: Record<string, Metrics>; origins?: BacktestOrigin[] };
        if (flags.backtest !== undefined) {
          // Origins a horizon apart: the rows one forecast covers (1 for a model that names none).
          if (!units || units.unit !== 'windows')
            throw new Error(`--backtest: ${datasetPath} is not scored in windows of a series (a forecaster's data)`);
          const spacing = predictor.encoder.dataset.horizon ?? 1;
          const plan = { origins: flags.backtest, spacing, firstForecastRow: seqLen };
          const tested = runBacktest(predictor.model, units, plan, context);
          if (!tested) throw new Error(`--backtest: ${datasetPath} has no window of ${seqLen} rows to forecast from`);
          scored = tested;
        } else {
          const evaluated = evaluateWithExamples(predictor.model, batches, context, carried);
          scored = evaluated;
          report = evaluated.report;
        }
        if (flags.report !== undefined) {
          if (!report)
            throw new Error(
              `--report: ${flags.backtest !== undefined ? 'a backtest' : `a ${taskPresentation(predictor.encoder.task).modelNoun}`} writes no report yet`,
            );
          await writeReportFile(flags.report, {
            checkpoint: checkpointPath,
            dataset: datasetPath,
            task: predictor.encoder.task,
            metrics: scored.metrics,
            ...report,
          });
        }
        const { metrics, baselines, origins } = scored;
        if (flags.json)
          say(
            JSON.stringify({
              checkpoint: checkpointPath,
              dataset: datasetPath,
              task: predictor.encoder.task,
              ...metrics,
              ...(baselines ? { baselines } : {}),
              ...(origins ? { backtest: origins } : {}),
            }),
          );
        else {
          say(`${datasetPath}: ${formatMetrics(metrics)}`);
          if (origins)
            say(
              `  backtest: the mean over ${origins.length} origin(s), ${origins[0].label} … ${origins[origins.length - 1].label}`,
            );
          for (const [key, m] of Object.entries(baselines ?? {}))
            say(`  baseline ${baselineWords(key)}: ${formatBaselineMetrics(m)}`);
          const headline = baselines ? baselineHeadline(metrics, baselines) : null;
          if (headline) say(`  ${headline}`);
        }
      },
    );

  program
    .command('predict')
    .description(
      'classify a text, continue a prompt, forecast the next values, transform a text (sequence to sequence), or hear a recording (--audio)',
    )
    .argument('<checkpoint>', 'a .safetensors checkpoint')
    .option('--text <text>', 'the input text, or numbers separated by commas, spaces or newlines')
    .option('--file <path>', 'read the input from a file')
    .option('--audio <file.wav>', 'audio models: the recording to classify or transcribe')
    .option('--length <n>', 'language model: characters to generate', parseInteger(0), 200)
    .option('--temperature <t>', 'language model: sampling temperature (0 = greedy)', parseNumber(0), 1)
    .option('--top-k <k>', 'language model: sample among the k most likely characters (0 = all)', parseInteger(0), 0)
    .option('--seed <n>', 'language model: sampling seed', parseInteger(0), 0)
    .option('--horizon <n>', 'forecaster: values to predict', parseInteger(1))
    .option('--beam <n>', 'sequence to sequence and speech to text: beam width (1 = greedy)', parseInteger(1), 1)
    .option('--max-length <n>', 'sequence to sequence: the most output tokens', parseInteger(1))
    .option('--json', 'print one JSON object')
    .action(
      async (
        checkpointPath: string,
        flags: {
          text?: string;
          file?: string;
          audio?: string;
          length: number;
          temperature: number;
          topK: number;
          seed: number;
          horizon?: number;
          beam: number;
          maxLength?: number;
          json?: boolean;
        },
      ) => {
        const given = [flags.text, flags.file, flags.audio].filter((v) => v !== undefined).length;
        if (given !== 1) throw new Error('give the input with exactly one of --text, --file or --audio');
        if (flags.audio !== undefined) {
          const predictor = await namingFile(checkpointPath, () => loadPredictor(checkpointPath));
          const { json, text } = await predictRecording(predictor, flags.audio, flags.beam);
          say(flags.json ? JSON.stringify(json) : text);
          return;
        }
        const input = flags.text ?? (await readRegularTextFile(flags.file!));
        const predictor = await namingFile(checkpointPath, () => loadPredictor(checkpointPath));
        const predict = async () => getTask(predictor.encoder.task).use.cliPredict(predictor, input, flags);
        // What is wrong with an input read from a file ("line 1: 'x' is not a number") is about that file.
        const { json, text } = flags.file ? await namingFile(flags.file, predict) : await predict();
        say(flags.json ? JSON.stringify(json) : text);
      },
    );

  program
    .command('inspect')
    .description('metadata, config and every tensor with shape and statistics')
    .argument('<checkpoint>', 'a .safetensors file (ours or any other)')
    .option('--json', 'print one JSON object')
    .action((checkpointPath: string, flags: { json?: boolean }) =>
      namingFile(checkpointPath, () => inspect(checkpointPath, flags)),
    );
}

async function inspect(checkpointPath: string, flags: { json?: boolean }): Promise<void> {
  const reader = await openSafetensors(checkpointPath);
  try {
    const decoded = decodeStudioMetadata({ ...reader.metadata });
    const tensors = [];
    for (const info of reader.tensors) {
      const stats = isFloatDType(info.dtype) ? tensorStatistics(await reader.readTensor(info.name)) : null;
      tensors.push({ name: info.name, dtype: info.dtype, shape: info.shape, bytes: info.byteLength, stats });
    }
    if (flags.json) {
      say(
        JSON.stringify({
          file: checkpointPath,
          fileSize: reader.fileSize,
          metadata: decoded.kind === 'studio' ? decoded.metadata : decoded.raw,
          format: decoded.kind,
          tensors,
        }),
      );
      return;
    }
    say(
      `${checkpointPath} (${reader.fileSize.toLocaleString('en-US')} bytes, ${decoded.kind === 'studio' ? 'LSTM Studio checkpoint' : 'foreign safetensors file'})`,
    );
    if (decoded.kind === 'studio') {
      const m = decoded.metadata;
      say(
        `  model: ${describeArchitecture(m.config)}; task ${(m.dataset as { task?: string } | undefined)?.task ?? '?'}; step ${m.step ?? '?'}, epoch ${m.epoch ?? '?'}, seed ${m.seed ?? '?'}, created ${m.created ?? '?'}`,
      );
    } else {
      for (const [key, value] of Object.entries(decoded.raw))
        say(`  ${key}: ${value.length > 100 ? value.slice(0, 100) + '…' : value}`);
    }
    for (const t of tensors) {
      const s = t.stats;
      const stats = s
        ? `  min ${fmt(s.min)} max ${fmt(s.max)} mean ${fmt(s.mean)} std ${fmt(s.std)} zeros ${s.zeros} NaN ${s.nans}`
        : '';
      say(`  ${t.name.padEnd(36)} ${t.dtype.padEnd(4)} [${t.shape.join(', ')}]${stats}`);
    }
  } finally {
    await reader.close();
  }
}

/**
 * Runs `work`; an error whose message does not name `path` gets it in front (the message is changed in
 * place, so the error keeps its class and code): every error the CLI prints says which file it is about.
 */
async function namingFile<T>(path: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Error && !error.message.includes(path)) error.message = `${path}: ${error.message}`;
    throw error;
  }
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(4) : String(x);
}

async function datasetBatches(predictor: Predictor, datasetPath: string, batchSize: number) {
  const { dataset, vocab, normalization } = predictor.metadata;
  const data = await prepareEvaluationFile(datasetPath, { dataset, vocab, normalization });
  if (!data.ok) throw new Error(data.error.message);
  for (const warning of data.value.summary.warnings) sayError(`warning: ${warning}`);
  // The sequence length the model was trained with, and whether it carried its state (its training config).
  const training = predictor.metadata.extra?.training
    ? (JSON.parse(predictor.metadata.extra.training) as { seqLen?: number; stateful?: boolean })
    : {};
  const seqLen = training.seqLen ?? 64;
  // Drawn one batch at a time as they are evaluated: a long text is never held as batches whole. Every
  // unit is scored (training samples its validation; eval does not), so the count goes to stderr. A model
  // trained carrying its state across windows is scored the way it validated: streams carrying it.
  const units = data.value.units(seqLen);
  const progress = { total: units?.count ?? null, unit: units?.unit ?? 'examples', stream: process.stderr } as const;
  const stateful = training.stateful === true ? data.value.streamStateful : undefined;
  if (stateful)
    return {
      batches: withEvaluationProgress(stateful(batchSize, seqLen), progress),
      carried: new CarriedState(predictor.model.config, batchSize),
      units,
      seqLen,
    };
  return {
    batches: withEvaluationProgress(data.value.streamBatches(batchSize, seqLen), progress),
    carried: null,
    units,
    seqLen,
  };
}
