import { prepareDatasetFile } from '../../../src/tasks/prepare-dataset';
import { Random } from '../../../src/engine/random';

const path = process.env.BIG ?? '/tmp/streamtext-bench/big100.txt';
it('measures', async () => {
  if (global.gc) global.gc();
  const before = process.memoryUsage().rss;
  const t = performance.now();
  const r = await prepareDatasetFile(path, { validationFraction: 0.01 });
  if (!r.ok) throw new Error(r.error.message);
  const prepared = r.value;
  const tPrep = performance.now();
  const batch = prepared.makeTrainBatcher(32, 64, new Random(0)).nextBatch();
  const tBatch = performance.now();
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify({ chars: prepared.summary.sizes.total, prepare: (tPrep - t) / 1000, firstBatch: (tBatch - t) / 1000, before: before / 2 ** 20, peak: peak / 2 ** 20, grownPerChar: (peak - before) / prepared.summary.sizes.total, ok: batch !== null }));
}, 900000);
