/** `lstm-studio train` flags of a forecaster's series, known-future and calendar inputs (see TaskCliFlag). */

import type { TaskCliFlag } from '../task-training';

export const forecastInputFlags: TaskCliFlag[] = [
  {
    name: 'series-column',
    placeholder: 'name',
    description: "forecasting: the column naming each row's series (long format; default: detected)",
    type: 'text',
    apply: (v, into) => (into.dataset.seriesColumn = v as string),
  },
  {
    name: 'wide',
    placeholder: 'on|off',
    description:
      'forecasting: every numeric column but the date is one series (wide format; default: on when 3 or more are one name and a number, store_1, store_2…)',
    type: 'choice',
    choices: ['on', 'off'],
    apply: (v, into) => (into.dataset.wide = v as 'on' | 'off'),
  },
  {
    name: 'known-future',
    placeholder: 'names',
    description: 'forecasting: comma-separated columns known ahead, fed for the forecast steps too',
    type: 'list',
    apply: (v, into) => (into.dataset.knownFutureColumns = v as string[]),
  },
  {
    name: 'calendar',
    placeholder: 'on|off',
    description:
      'forecasting: calendar features from the date column (default: on with a series column, known-future columns or holidays)',
    type: 'choice',
    choices: ['on', 'off'],
    apply: (v, into) => (into.dataset.calendar = v as 'on' | 'off'),
  },
  {
    name: 'holidays',
    placeholder: 'country',
    description: "forecasting: a country's public holidays as an input (ISO code, e.g. US; needs a date column)",
    type: 'text',
    apply: (v, into) => (into.dataset.holidays = v as string),
  },
];
