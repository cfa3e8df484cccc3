/**
 * Everything a run needs before its first step: the prepared dataset, the resolved config, the model,
 * the optimizer, the random generators — fresh, or restored from a run folder's last.safetensors.
 */

import { join } from 'node:path';
import { describeArchitecture, type ModelConfig } from '../engine/config';
import { createModel } from '../engine/create-model';
import type { TrainableModel } from '../engine/trainable-model';
import { createOptimizer, type Optimizer, type OptimizerConfig } from '../engine/optimizers';
import { Random, type RandomState } from '../engine/random';
import type { DatasetOverrides } from '../data/detect';
import type { PreparedDataset } from '../data/prepare';
import { prepareDatasetFile } from '../tasks/prepare-dataset';
import { resolveTrainingConfig, type TrainingConfig } from './config';
import type { ExplosionState } from './divergence';
import { CarriedState } from './carried-state';
import { loadModelCheckpoint } from './model-checkpoint';
import { resumeConfig } from './resume-config';
import { readManifest, type RunManifest } from './run-directory';
import type { EvaluationRecord } from '../protocol/training-events';
import { storedWordSplit, type WordSplit } from '../data/word-split';

/** Where the loop is, saved in last.safetensors (`trainer` metadata) so a resumed run continues exactly. */
export interface TrainerPosition extends ExplosionState {
  /** 0-based epoch in progress. */
  epoch: number;
  /** Batches of that epoch already trained. */
  batchInEpoch: number;
  /** Optimizer steps taken. */
  step: number;
  /** The data generator's state when the epoch in progress began (replayed to rebuild its order). */
  epochStartDataRng: { words: RandomState; spareNormal: number | null };
  /** The dropout generator's state now. */
  dropoutRng: { words: RandomState; spareNormal: number | null };
  epochLossSum: number;
  epochLossCount: number;
  elapsedSeconds: number;
  best: EvaluationRecord | null;
  /** Evaluations since the best one (early stopping). */
  evaluationsSinceBest: number;
}

export interface TrainingHistory {
  evaluations: EvaluationRecord[];
  epochs: { epoch: number; step: number; trainLoss: number }[];
}

export interface TrainingSetup {
  datasetPath: string;
  datasetOverrides: DatasetOverrides;
  prepared: PreparedDataset;
  config: TrainingConfig;
  modelConfig: ModelConfig;
  model: TrainableModel;
  optimizer: Optimizer;
  dataRng: Random;
  dropoutRng: Random;
  /** Stateful runs: the state carried from each training batch into the next (saved in last.safetensors). */
  carriedState: CarriedState | null;
  /** Set when resuming: where to continue from, with the history so far and the run's manifest. */
  resumed: { position: TrainerPosition; history: TrainingHistory; manifest: RunManifest; runDir: string } | null;
}

/** Independent streams from one seed, so data order and dropout masks never interfere. */
export function deriveSeed(seed: number, stream: number): number {
  let x = (seed ^ Math.imul(stream + 1, 0x9e3779b1)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d) >>> 0;
  return (x ^ (x >>> 15)) >>> 0;
}

export function optimizerConfig(config: TrainingConfig): OptimizerConfig {
  return config.optimizer === 'sgd'
    ? { kind: 'sgd', lr: config.lr, momentum: config.momentum, weightDecay: config.weightDecay }
    : { kind: config.optimizer, lr: config.lr, weightDecay: config.weightDecay };
}

/** Reads, detects and prepares the dataset, with the options that shape the data (see trainingDataOptions). */
export async function prepareTrainingData(
  datasetPath: string,
  overrides: Partial<TrainingConfig>,
  datasetOverrides: DatasetOverrides,
  onProgress?: (bytesRead: number, totalBytes: number) => void,
  wordSplit?: WordSplit,
): Promise<PreparedDataset> {
  const prepared = await prepareDatasetFile(datasetPath, {
    ...datasetOverrides,
    ...trainingDataOptions(overrides),
    ...(wordSplit ? { wordSplit } : {}),
    onProgress,
  });
  if (!prepared.ok) throw new Error(prepared.error.message);
  return prepared.value;
}

/**
 * The config fields that change the prepared data (the split's seed, the validation share, tokens,
 * vocabulary, horizon): data prepared with equal options can train any config that agrees on them.
 */
export function trainingDataOptions(overrides: Partial<TrainingConfig>) {
  return {
    seed: overrides.seed ?? 42,
    validationFraction: overrides.validationFraction,
    tokenUnit: overrides.tokenUnit,
    maxVocabulary: overrides.vocabSize,
    horizon: overrides.horizon,
    distribution: overrides.distribution,
    quantiles: overrides.quantiles,
    season: overrides.season,
    specAugment: overrides.specAugment,
    sourceTokens: overrides.sourceTokens,
    targetTokens: overrides.targetTokens,
  };
}

export async function prepareForTraining(
  datasetPath: string,
  overrides: Partial<TrainingConfig>,
  datasetOverrides: DatasetOverrides,
  onProgress?: (bytesRead: number, totalBytes: number) => void,
  wordSplit?: WordSplit,
): Promise<Omit<TrainingSetup, 'resumed'>> {
  const prepared = await prepareTrainingData(datasetPath, overrides, datasetOverrides, onProgress, wordSplit);
  return setupForPreparedData(datasetPath, datasetOverrides, prepared, overrides);
}

/** The config, model, optimizer and random generators for data already prepared. */
export function setupForPreparedData(
  datasetPath: string,
  datasetOverrides: DatasetOverrides,
  prepared: PreparedDataset,
  overrides: Partial<TrainingConfig>,
): Omit<TrainingSetup, 'resumed'> {
  const config = resolveTrainingConfig(prepared.task, overrides);
  const shape = prepared.model;
  const modelConfig: Partial<ModelConfig> = {
    vocabSize: shape.vocabSize,
    inputSize: Math.max(1, shape.inputSize),
    embeddingDim: shape.vocabSize > 0 ? config.embeddingDim : 0,
    paddingIdx: shape.paddingIdx,
    cell: config.cell,
    hiddenSize: config.hiddenSize,
    numLayers: config.numLayers,
    bidirectional: config.bidirectional,
    projSize: config.projSize,
    dropout: config.numLayers > 1 ? config.dropout : 0,
    outputSize: shape.outputSize,
    headOn: shape.headOn,
    loss: shape.loss,
    ...(shape.quantiles ? { quantiles: shape.quantiles } : {}),
    init: config.init,
    ...(shape.decoderVocabSize
      ? {
          decoder: {
            vocabSize: shape.decoderVocabSize,
            attention: config.attention,
            attentionSize: config.hiddenSize,
          },
        }
      : {}),
  };
  const model = createModel(modelConfig, new Random(deriveSeed(config.seed, 0)));
  const optimizer = createOptimizer(model.parameters(), optimizerConfig(config));
  return {
    datasetPath,
    datasetOverrides,
    prepared,
    config,
    modelConfig: model.config,
    model,
    optimizer,
    dataRng: new Random(deriveSeed(config.seed, 1)),
    dropoutRng: new Random(deriveSeed(config.seed, 2)),
    carriedState: config.stateful ? new CarriedState(model.config, config.batchSize) : null,
  };
}

/** Rebuilds a run from its folder: same dataset (checked by fingerprint), config, weights and optimizer state. */
/**
 * A run folder's setup to continue from its last.safetensors. `changes` (flags given again) are applied
 * when they can change mid-run and refused otherwise (src/train/resume-config.ts).
 */
export async function prepareResume(
  runDir: string,
  onProgress?: (bytesRead: number, totalBytes: number) => void,
  changes: Partial<TrainingConfig> = {},
): Promise<TrainingSetup> {
  const stored = await readManifest(runDir);
  const manifest = { ...stored, config: resumeConfig(stored.config, changes, runDir) };
  const checkpoint = await loadModelCheckpoint(join(runDir, 'last.safetensors'));
  const setup = await prepareForTraining(
    manifest.dataset.path,
    manifest.config,
    manifest.dataset.overrides ?? {},
    onProgress,
    // Words split as when the run started: its vocabulary is rebuilt from the data.
    storedWordSplit(checkpoint.metadata.vocab, checkpoint.metadata.dataset),
  );
  if (setup.prepared.fingerprint !== manifest.dataset.fingerprint) {
    throw new Error(
      `${manifest.dataset.path} has changed since the run started (fingerprint ${setup.prepared.fingerprint}, run ${manifest.dataset.fingerprint}); resuming would train on different data`,
    );
  }
  const trainerJson = checkpoint.metadata.extra?.trainer;
  if (!trainerJson)
    throw new Error(`${join(runDir, 'last.safetensors')} has no trainer state (it is a weights-only checkpoint)`);
  const position = JSON.parse(trainerJson) as TrainerPosition;
  const ours = setup.model.parameters();
  checkpoint.model.parameters().forEach((p, i) => ours[i].value.set(p.value));
  setup.optimizer.loadState(checkpoint.optimizerState, position.step);
  setup.dropoutRng.setState(position.dropoutRng);
  setup.carriedState?.loadTensors(checkpoint.trainerState);
  const history = (checkpoint.metadata.history as TrainingHistory | undefined) ?? { evaluations: [], epochs: [] };
  return { ...setup, resumed: { position, history, manifest: { ...manifest, config: setup.config }, runDir } };
}

export function architectureOf(setup: Pick<TrainingSetup, 'modelConfig'>): string {
  return describeArchitecture(setup.modelConfig);
}
