/**
 * The measurement behind docs/engine.md ("Long texts: stateful training"), not a check: skipped unless
 * MEASURE_STATEFUL is set. Trains the language model of the small preset on examples/text/fables.txt
 * with independent random windows and with stateful training (truncated BPTT), the same steps, seeds and
 * thread count, then scores each final model on the validation split both ways — windows each from a
 * zero state, and streams carrying the state — and prints a Markdown table of bits per character.
 *
 *   MEASURE_STATEFUL=1 MEASURE_STEPS=1500 MEASURE_SEEDS=42,43,44 npx vitest run test/unit/train/stateful-measure.test.ts
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CarriedState } from '../../../src/train/carried-state';
import { TrainingControl } from '../../../src/train/control';
import { evaluate } from '../../../src/train/evaluate';
import { prepareForTraining } from '../../../src/train/setup';
import { runTraining } from '../../../src/train/trainer';

const enabled = process.env.MEASURE_STATEFUL !== undefined;
const steps = Number(process.env.MEASURE_STEPS ?? 1500);
const seeds = (process.env.MEASURE_SEEDS ?? '42,43,44').split(',').map(Number);
const fables = join(__dirname, '../../../examples/text/fables.txt');

interface Row {
  training: string;
  seed: number;
  windows: number;
  streams: number;
  seconds: number;
}

describe.skipIf(!enabled)('stateful training against random windows (measurement)', () => {
  it(
    `trains ${steps} steps per run and scores both ways`,
    async () => {
      const root = mkdtempSync(join(tmpdir(), 'lstm-stateful-measure-'));
      const rows: Row[] = [];
      try {
        for (const seed of seeds) {
          for (const stateful of [false, true]) {
            const setup = {
              ...(await prepareForTraining(fables, { stateful, seed, maxSteps: steps, epochs: 1000, threads: 1 }, {})),
              resumed: null,
            };
            const started = performance.now();
            const summary = await runTraining({
              setup,
              runsRoot: root,
              control: new TrainingControl(),
              emit: () => {},
            });
            const seconds = (performance.now() - started) / 1000;
            expect(summary.status).toBe('finished');
            const { model, prepared, config } = setup;
            const context = { task: prepared.task };
            const windows = evaluate(model, prepared.makeValidationBatches(config.batchSize, config.seqLen), context);
            const validation = prepared.stateful!.makeValidation(config.batchSize, config.seqLen);
            const streams = evaluate(model, validation, context, new CarriedState(model.config, config.batchSize));
            const row = {
              training: stateful ? 'stateful (TBPTT)' : 'random windows',
              seed,
              windows: windows.bitsPerChar as number,
              streams: streams.bitsPerChar as number,
              seconds,
            };
            console.log(JSON.stringify(row));
            rows.push(row);
          }
        }
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
      const lines = [
        '| training | scored as windows from zero | scored as streams carrying state | seconds |',
        '|---|---|---|---|',
      ];
      for (const training of ['random windows', 'stateful (TBPTT)']) {
        const mine = rows.filter((r) => r.training === training);
        const summary = (values: number[]) => {
          const mean = values.reduce((a, b) => a + b, 0) / values.length;
          const half = (Math.max(...values) - Math.min(...values)) / 2;
          return `${mean.toFixed(3)} ± ${half.toFixed(3)}`;
        };
        lines.push(
          `| ${training} | ${summary(mine.map((r) => r.windows))} | ${summary(mine.map((r) => r.streams))} | ${(
            mine.reduce((a, r) => a + r.seconds, 0) / mine.length
          ).toFixed(1)} |`,
        );
      }
      console.log(
        `fables.txt, ${steps} steps, seeds ${seeds.join(', ')} (bits per character, mean ± half the range)\n${lines.join('\n')}`,
      );
    },
    24 * 3600_000,
  );
});
