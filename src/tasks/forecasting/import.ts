/** Importing a foreign forecaster: numbers in (no embedding), `targets × horizon` values out. */

import type { TaskImporter } from '../task-import';

export const forecastingImporter: TaskImporter = {
  fit: (shape) => (shape.vocabSize === 0 ? 1 : 0),
  async answer(shape, questions, sources) {
    const O = shape.outputSize;
    const D = shape.inputSize;
    const features = questions.featureColumns ?? Array.from({ length: D }, (_, k) => `x${k + 1}`);
    if (features.length !== D)
      throw new Error(`the model reads ${D} value(s) per step; ${features.length} column name(s) were given`);
    let targets = questions.targets;
    let horizon = questions.horizon;
    if (!targets) {
      if (horizon !== undefined)
        targets = O % horizon === 0 && O / horizon <= D ? features.slice(0, O / horizon) : undefined;
      else if (O <= D) [targets, horizon] = [features.slice(0, O), 1];
      else if (D === 1) [targets, horizon] = [features, O];
      if (!targets)
        throw new Error(
          `the model predicts ${O} value(s) from ${D} column(s): say which columns (--targets) and how many rows ahead (--horizon)`,
        );
    }
    horizon ??= O / targets.length;
    const missing = targets.filter((t) => !features.includes(t));
    if (missing.length > 0)
      throw new Error(
        `target column(s) ${missing.join(', ')} are not among the feature columns ${features.join(', ')}`,
      );
    if (!Number.isInteger(horizon) || horizon < 1 || horizon * targets.length !== O) {
      throw new Error(
        `the model predicts ${O} value(s): ${targets.length} target(s) × horizon ${horizon} must make ${O}`,
      );
    }
    const normalization = questions.normalizationPath
      ? await sources.readNormalization(questions.normalizationPath, features)
      : {
          format: 'lstm-studio-normalization/1' as const,
          method: 'z-score' as const,
          columns: features,
          mean: features.map(() => 0),
          std: features.map(() => 1),
        };
    return { featureColumns: features, targets, horizon, normalization };
  },
  head: () => ({ headOn: 'last', loss: 'mse' }),
  dataset: (answers) => ({
    fileFormat: 'csv',
    columns: { features: answers.featureColumns, targets: answers.targets },
    featureColumns: answers.featureColumns,
    horizon: answers.horizon,
  }),
};
