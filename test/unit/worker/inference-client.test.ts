/**
 * InferenceClient's cancelling, against a stand-in worker that speaks the inference worker's protocol:
 * an aborted request rejects at once with RequestCancelled, the worker's synchronous loop sees the flag
 * and stops, its late answer is dropped, and the requests behind it are answered.
 */

import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CancelFlags, RequestCancelled } from '../../../src/worker/cancel-flags';
import { InferenceClient } from '../../../src/worker/inference-client';
import type { InferenceRequest } from '../../../src/protocol/inference-messages';

const WORKER = join(__dirname, 'fixtures/spinning-worker.mjs');
const spin = { kind: 'spin' } as unknown as InferenceRequest;
const echo = { kind: 'echo' } as unknown as InferenceRequest;

let client: InferenceClient;
afterEach(() => client?.dispose());

describe('InferenceClient cancelling', () => {
  it('an aborted request rejects at once; the worker stops its loop and answers the next request', async () => {
    client = new InferenceClient(WORKER);
    const controller = new AbortController();
    const spinning = client.request(spin, undefined, controller.signal);
    const next = client.request(echo);
    await new Promise((r) => setTimeout(r, 200)); // the worker is in its loop
    const aborted = performance.now();
    controller.abort();
    await expect(spinning).rejects.toBeInstanceOf(RequestCancelled);
    expect(performance.now() - aborted).toBeLessThan(50);
    expect(await next).toEqual({ lastSpin: 'cancelled' });
    expect(performance.now() - aborted).toBeLessThan(5000);
    expect(client.pendingCount).toBe(0);
  });

  it('a request whose signal has already aborted is never sent', async () => {
    client = new InferenceClient(WORKER);
    const controller = new AbortController();
    controller.abort();
    await expect(client.request(spin, undefined, controller.signal)).rejects.toBeInstanceOf(RequestCancelled);
    expect(await client.request(echo)).toEqual({ lastSpin: 'none' });
  });

  it('aborting after the answer changes nothing', async () => {
    client = new InferenceClient(WORKER);
    const controller = new AbortController();
    expect(await client.request(echo, undefined, controller.signal)).toEqual({ lastSpin: 'none' });
    controller.abort();
    expect(await client.request(echo)).toEqual({ lastSpin: 'none' });
  });
});

describe('CancelFlags', () => {
  it('marks one id per slot; both sides of a shared buffer see it', () => {
    const host = new CancelFlags();
    const worker = new CancelFlags(host.buffer);
    expect(worker.isCancelled(7)).toBe(false);
    host.cancel(7);
    expect(worker.isCancelled(7)).toBe(true);
    expect(worker.isCancelled(7 + 256)).toBe(false); // the same slot, another request
    host.cancel(7 + 256);
    expect(worker.isCancelled(7)).toBe(false);
  });
});
