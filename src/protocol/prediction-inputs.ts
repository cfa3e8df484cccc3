/**
 * How a prediction reads its input and explains its answer, as the host, the worker and the Prediction
 * panel name it. Types only: the work is in `src/inference/` (attribution.ts, numeric-selection.ts).
 */

/** How each token's share in a classification is computed (integrated gradients, gradient × input, occlusion). */
export type AttributionMethod = 'integrated-gradients' | 'gradient' | 'occlusion';

/** How numbers were laid out in the selection, so a forecast is written back the same way. */
export type NumberLayout =
  /** One line: values separated by `separator` (e.g. `, `). */
  | { kind: 'inline'; separator: string; decimals: number }
  /** One value (or row) per line, cells separated by `separator`. */
  | { kind: 'lines'; separator: string; decimals: number }
  /** Table rows: `columns` in file order (null = no header: date column if any, then the features). */
  | {
      kind: 'table';
      separator: string;
      decimals: number;
      columns: string[];
      header: boolean;
      dateColumn: number | null;
      lastDates: string[];
    };
