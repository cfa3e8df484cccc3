// Measures prediction latency the way the editor sees it: requests to the inference worker bundle
// (dist/inference-worker.js, a worker_threads thread, as the extension runs it), timed from postMessage
// to the answer on this (the "host") thread. Models of the presets' sizes are trained for a couple of
// steps with the CLI (speed does not depend on how well a model is trained).
//
//   npm run build && node scripts/measure-prediction.mjs [--runs 7] [--json]
//
// Reports, per model: 1 000-token classification (the answer — label, probabilities, probability over
// the tokens — which arrives first, then the attribution), 1 000-character generation (first character and total), a
// forecast; cold (first request: reads the checkpoint) and warm (median of the runs).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const RUNS =
  Number(args[args.indexOf('--runs') + 1]) > 0 && args.includes('--runs')
    ? Number(args[args.indexOf('--runs') + 1])
    : 7;
const JSON_OUT = args.includes('--json');
const workerPath = path.join(ROOT, 'dist/inference-worker.js');
if (!fs.existsSync(workerPath)) throw new Error('dist/inference-worker.js is missing: run npm run build first');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lstm-measure-'));
function train(dataset, preset, extra = []) {
  const out = execFileSync(
    process.execPath,
    [
      path.join(ROOT, 'bin/lstm-studio.js'),
      'train',
      path.join(ROOT, dataset),
      '--preset',
      preset,
      '--steps',
      '2',
      '--out',
      tmp,
      '--json',
      ...extra,
    ],
    { encoding: 'utf8' },
  );
  const summary = out
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line))
    .find((e) => e.type === 'summary');
  return path.join(summary.runDir, 'last.safetensors');
}

class Client {
  constructor() {
    this.worker = new Worker(workerPath);
    this.next = 1;
    this.pending = new Map();
    this.worker.on('message', (reply) => {
      const p = this.pending.get(reply.inReplyTo);
      if (!p) return;
      if (reply.type === 'partial') return p.onPartial?.(reply.partial);
      this.pending.delete(reply.inReplyTo);
      if (reply.type === 'result') p.resolve(reply.result);
      else p.reject(new Error(reply.message));
    });
  }
  request(request, onPartial) {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onPartial });
      this.worker.postMessage({ id, request });
    });
  }
  close() {
    return this.worker.terminate();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => Math.round(x * 10) / 10;

async function timed(client, request) {
  const t0 = performance.now();
  let first = null;
  const result = await client.request(request, () => {
    first ??= performance.now() - t0;
  });
  if (result.kind === 'problem') throw new Error(result.message);
  return { total: performance.now() - t0, first, result };
}

async function series(client, request) {
  const cold = await timed(client, request);
  const warm = [];
  for (let k = 0; k < RUNS; k++) warm.push(await timed(client, request));
  return {
    cold,
    warm,
    medianTotal: median(warm.map((w) => w.total)),
    medianFirst: warm[0].first === null ? null : median(warm.map((w) => w.first)),
    sample: warm[0].result,
  };
}

// 1 000 words of review text.
const reviewWords = fs
  .readFileSync(path.join(ROOT, 'examples/sentiment/reviews.csv'), 'utf8')
  .split('\n')
  .slice(1)
  .join(' ')
  .match(/[\p{L}\p{N}]+/gu);
const text1000 = reviewWords.slice(0, 1000).join(' ');
const fables = fs.readFileSync(path.join(ROOT, 'examples/text/fables.txt'), 'utf8');
const prompt = fables.slice(2000, 2400);
const energy = fs
  .readFileSync(path.join(ROOT, 'examples/series/energy.csv'), 'utf8')
  .split('\n')
  .slice(0, 201)
  .join('\n');

const report = {
  machine: `${os.cpus()[0]?.model ?? '?'} × ${os.cpus().length}, load ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
  node: process.version,
  runs: RUNS,
  results: [],
};
const client = new Client();
try {
  for (const preset of ['small', 'medium']) {
    const classifier = train('examples/sentiment/reviews.csv', preset);
    const lm = train('examples/text/fables.txt', preset);
    const forecaster = train('examples/series/energy.csv', preset);
    const describe = async (p) => (await client.request({ kind: 'load', checkpointPath: p })).architecture;

    const ig = await series(client, {
      kind: 'classify',
      checkpointPath: classifier,
      text: text1000,
      attribution: 'integrated-gradients',
    });
    const grad = await series(client, {
      kind: 'classify',
      checkpointPath: classifier,
      text: text1000,
      attribution: 'gradient',
    });
    const gen = await series(client, {
      kind: 'continue',
      checkpointPath: lm,
      prompt,
      length: 1000,
      temperature: 0.8,
      topK: 0,
      seed: 1,
    });
    const fc = await series(client, { kind: 'forecast', checkpointPath: forecaster, text: energy, horizon: 24 });
    report.results.push(
      {
        preset,
        what: `classify ${ig.sample.tokens.length} tokens: label, probabilities, probability over the tokens (the answer)`,
        model: await describe(classifier),
        medianMs: ms(ig.medianFirst),
        coldMs: ms(ig.cold.first),
        workerComputeMs: ms(ig.sample.computeMs),
      },
      {
        preset,
        what: '  … then integrated-gradients attribution (16 points)',
        model: await describe(classifier),
        medianMs: ms(ig.medianTotal),
        coldMs: ms(ig.cold.total),
        workerComputeMs: ms(ig.sample.attributionMs),
      },
      {
        preset,
        what: '  … or plain gradient × input attribution',
        model: await describe(classifier),
        medianMs: ms(grad.medianTotal),
        coldMs: ms(grad.cold.total),
        workerComputeMs: ms(grad.sample.attributionMs),
      },
      {
        preset,
        what: 'generate 1 000 characters (streamed)',
        model: await describe(lm),
        characters: gen.sample.text.length,
        firstCharMedianMs: ms(gen.medianFirst),
        totalMedianMs: ms(gen.medianTotal),
        coldFirstCharMs: ms(gen.cold.first),
        coldTotalMs: ms(gen.cold.total),
      },
      {
        preset,
        what: 'forecast 24 steps from 200 CSV rows',
        model: await describe(forecaster),
        coldMs: ms(fc.cold.total),
        medianMs: ms(fc.medianTotal),
      },
    );
  }
} finally {
  await client.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}

if (JSON_OUT) console.log(JSON.stringify(report, null, 2));
else {
  console.log(`${report.machine}; Node ${report.node}; median of ${RUNS} warm runs`);
  for (const r of report.results) {
    const times =
      r.firstCharMedianMs !== undefined
        ? `first char ${r.firstCharMedianMs} ms, total ${r.totalMedianMs} ms (cold: ${r.coldFirstCharMs} / ${r.coldTotalMs} ms)`
        : `${r.medianMs} ms (cold ${r.coldMs} ms${r.workerComputeMs !== undefined ? `; in the worker ${r.workerComputeMs} ms` : ''})`;
    console.log(`[${r.preset}] ${r.what} — ${r.model}: ${times}`);
  }
}
