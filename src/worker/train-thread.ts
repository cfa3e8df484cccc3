/**
 * A helper thread of data-parallel training (its own bundle entry, `dist/train-thread.js`), started by
 * the training worker — or the CLI's bench — for each thread beyond the first. It only hosts the loop of
 * src/train/parallel/shard-thread.ts; everything it exchanges goes through shared memory.
 */

import { parentPort, workerData } from 'node:worker_threads';
import { runShardThread } from '../train/parallel/shard-thread';
import type { ShardThreadInit, ShardThreadMessage } from '../train/parallel/shards';

const port = parentPort;
if (!port) throw new Error('train-thread.js must run in a worker thread');

const { init, port: channel } = workerData as {
  init: ShardThreadInit;
  port: import('node:worker_threads').MessagePort;
};
try {
  runShardThread(init, channel, (message) => port.postMessage(message));
} catch (error) {
  const message: ShardThreadMessage = {
    type: 'failed',
    message: error instanceof Error ? error.message : String(error),
  };
  port.postMessage(message);
}
