/** Training the forecasting task: see TaskTraining. */

import { checkForecastInputs, stepLayout } from '../../data/series-inputs';
import { paramsPerValue } from '../../engine/config';
import type { TaskTraining } from '../task-training';
import { forecastInputFlags } from './input-flags';
import { forecastingDetector } from './detect';
import { prepareForecastingEvaluation } from './evaluation-data';
import { forecastingImporter } from './import';
import { distributionOf, distributionOfConfig } from './distribution';
import { createErrorEvaluator } from './metrics';
import { calibrateForecaster, calibrationProblem } from './calibration';
import { prepareForecasting, prepareForecastingFile } from './prepare';
import { ENCODING_FLAG } from '../shared-cli-flags';

export const forecastingTraining: TaskTraining = {
  datasetKind: 'series',
  input: { kind: 'rows' },
  statefulRefusal:
    'forecasting windows overlap (one per row), so there is no next window to carry the state into; stateful forecasting is not built yet',
  detection: forecastingDetector,
  // No embedding: the model reads feature rows.
  presets: {
    small: {
      epochs: 10,
      batchSize: 32,
      seqLen: 48,
      hiddenSize: 32,
      numLayers: 1,
      embeddingDim: 0,
      dropout: 0,
      lr: 3e-3,
      clipNorm: 1,
      init: 'keras',
    },
    medium: {
      epochs: 20,
      batchSize: 64,
      seqLen: 96,
      hiddenSize: 64,
      numLayers: 2,
      embeddingDim: 0,
      dropout: 0.1,
      lr: 2e-3,
      clipNorm: 1,
      init: 'keras',
    },
    large: {
      epochs: 40,
      batchSize: 64,
      seqLen: 168,
      hiddenSize: 128,
      numLayers: 2,
      embeddingDim: 0,
      dropout: 0.2,
      lr: 1e-3,
      clipNorm: 1,
      init: 'keras',
    },
  },
  checkConfig: (config) => {
    // The levels must be ascending in (0, 1) and span the 80 % interval (distribution.ts).
    if (config.quantiles) distributionOf({ distribution: 'quantile', quantiles: config.quantiles });
  },
  cliFlags: [
    ENCODING_FLAG,
    {
      name: 'target',
      placeholder: 'names',
      description: 'forecasting: comma-separated target column(s)',
      type: 'list',
      apply: (v, into) => (into.dataset.targetColumns = v as string[]),
    },
    {
      name: 'date-column',
      placeholder: 'name',
      description: 'forecasting: the column that is the time axis (default: detected)',
      negation: 'forecasting: no time axis column (every numeric column is a feature)',
      type: 'text',
      apply: (v, into) => (into.dataset.dateColumn = v as string | null),
    },
    ...forecastInputFlags,
  ],
  prepare: prepareForecasting,
  prepareFile: prepareForecastingFile,
  prepareEvaluation: prepareForecastingEvaluation,
  createEvaluator: createErrorEvaluator,
  calibrate: calibrateForecaster,
  checkDatasetMetadata: (m) => {
    if (!Array.isArray(m.featureColumns) || m.featureColumns.length === 0)
      return 'a forecasting dataset must list its feature columns';
    if (!Number.isInteger(m.horizon) || (m.horizon as number) < 1)
      return 'a forecasting dataset must give a positive horizon';
    if (!Array.isArray(m.columns?.targets) || m.columns.targets.some((t) => !m.featureColumns!.includes(t))) {
      return 'the forecast targets must be among the feature columns';
    }
    return m.forecastInputs === undefined ? null : checkForecastInputs(m.forecastInputs, m.featureColumns);
  },
  checkModelShape: (m, _vocabularySize, config) => {
    const features = m.forecastInputs
      ? stepLayout(m.forecastInputs, m.featureColumns!.length).width
      : m.featureColumns!.length;
    const values = m.horizon! * (m.columns.targets?.length ?? 0);
    const outputs = values * paramsPerValue(config);
    if (config.vocabSize !== 0 || config.inputSize !== features)
      return `${features} feature columns are stored but the model reads ${config.vocabSize > 0 ? 'tokens' : `${config.inputSize} value(s) per step`}`;
    if (config.outputSize !== outputs)
      return `${m.columns.targets?.length ?? 0} target(s) × horizon ${m.horizon}${outputs > values ? ` × ${paramsPerValue(config)} parameters` : ''} make ${outputs} outputs but the model's head has ${config.outputSize}`;
    // An interval calibration (absent in older checkpoints) must fit the head it corrects.
    const distribution = distributionOfConfig(config);
    if (m.forecastCalibration !== undefined && distribution.kind !== 'point')
      return calibrationProblem(m.forecastCalibration, distribution, values);
    return null;
  },
  importer: forecastingImporter,
};
