/**
 * Validation metrics of one evaluation: `loss` always, then the task's own (named by its
 * `MetricDescriptor`s: `accuracy`, `bitsPerChar`, `perplexity`, `mae`, `rmse`, …). Types only.
 */
export interface Metrics {
  loss: number;
  [metric: string]: number | undefined;
}
