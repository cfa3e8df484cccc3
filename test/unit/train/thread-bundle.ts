/**
 * Builds the `train-thread` bundle from the current sources (webpack, the project's own config, into a
 * temporary folder), so the tests of multi-threaded training run helper threads on the code under test
 * and not on a stale dist/. About two seconds.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const repo = join(__dirname, '../../..');

export async function buildTrainThreadBundle(): Promise<{ script: string; dispose: () => void }> {
  const require = createRequire(join(repo, 'package.json'));
  const webpack = require('webpack');
  const configs = require(join(repo, 'webpack.config.js'))({}, { mode: 'development' }) as any[];
  const worker = configs.find((c) => c.name === 'worker');
  const out = mkdtempSync(join(tmpdir(), 'lstm-train-thread-'));
  const config = {
    ...worker,
    context: repo,
    devtool: false,
    entry: { 'train-thread': './src/worker/train-thread.ts' },
    output: { ...worker.output, path: out },
  };
  await new Promise<void>((resolve, reject) => {
    webpack(config, (error: Error | null, stats: any) => {
      if (error) return reject(error);
      if (stats.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true })));
      resolve();
    });
  });
  return { script: join(out, 'train-thread.js'), dispose: () => rmSync(out, { recursive: true, force: true }) };
}
