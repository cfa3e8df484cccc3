/** Forecast answers as the worker sends them: a point forecaster, and one with quantiles of several series. */

import type { ForecastAnswer } from '../../../src/protocol/prediction-results';

/** Two targets, a 3-row history, 2 steps ahead; no distribution. */
export function pointForecast(): ForecastAnswer {
  return {
    kind: 'forecast',
    features: ['load', 'temperature'],
    targets: ['load', 'temperature'],
    history: [
      [10, 1],
      [12, 2],
      [11, 3],
    ],
    values: [
      [13, 4],
      [14, 5],
    ],
    windowRows: 2,
    layout: { kind: 'lines', separator: ',', decimals: 0 },
    insertText: '\n13,4\n14,5',
    notices: [],
    computeMs: 1,
  };
}

/** One target (`sales`, the second feature), quantiles 0.1/0.5/0.9 and the 80 % interval, three stores. */
export function quantileForecast(): ForecastAnswer {
  return {
    ...pointForecast(),
    features: ['price', 'sales'],
    targets: ['sales'],
    history: [
      [1.5, 100],
      [1.5, 110],
      [1.6, 105],
    ],
    values: [[108], [112]],
    quantiles: {
      levels: [0.1, 0.5, 0.9],
      values: [[[98, 108, 118]], [[99, 112, 127]]],
    },
    interval: { level: 0.8, lower: [[98], [99]], upper: [[118], [127]] },
    insertText: '\n108\n112',
    quantileInsertText: '\n98,108,118\n99,112,127',
    series: { column: 'store', id: 'B', ids: ['A', 'B', 'C'] },
  };
}
