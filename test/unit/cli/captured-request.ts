/**
 * Runs the real `lstm-studio` program (`createProgram`) on an argv and captures the StartTrainingRequest
 * `train` would start, without training: the job it starts ends at once. For tests of what flags and
 * configuration files ask for.
 */

import { createProgram } from '../../../src/cli/program';
import type { StartTrainingRequest } from '../../../src/protocol/worker-messages';
import type { TrainingJob } from '../../../src/worker/client';

export type CapturedTraining =
  | { ok: true; request: StartTrainingRequest }
  /** `printed`: what commander wrote (an option's refusal); `message`: the error the command threw. */
  | { ok: false; printed: string; message: string };

/** A job that finishes at once with an empty summary. */
function finishedJob(request: StartTrainingRequest): TrainingJob {
  const summary = { runDir: request.runsRoot, status: 'finished' as const, steps: 0, epochs: 0, seconds: 0 };
  return {
    outcome: Promise.resolve({ ok: true, summary: { ...summary, final: null, best: null } }),
    onEvent: () => {},
    pause: () => {},
    resume: () => {},
    stop: () => {},
    terminate: async () => {},
  };
}

export async function captureTraining(argv: readonly string[]): Promise<CapturedTraining> {
  let request: StartTrainingRequest | undefined;
  const program = createProgram({
    startTrainingJob: (r) => {
      request = r;
      return finishedJob(r);
    },
  });
  let printed = '';
  for (const command of [program, ...program.commands]) {
    command.exitOverride();
    command.configureOutput({ writeErr: (text) => (printed += text), writeOut: () => {} });
  }
  // --json: the summary is one line on stdout, kept out of the test's output.
  const log = console.log;
  console.log = () => {};
  try {
    await program.parseAsync([...argv, '--json'], { from: 'user' });
  } catch (error) {
    return { ok: false, printed, message: (error as Error).message };
  } finally {
    console.log = log;
  }
  if (!request) throw new Error(`train started no job for ${argv.join(' ')}`);
  return { ok: true, request };
}

/** The request, or the test fails with the refusal. */
export async function requestFor(argv: readonly string[]): Promise<StartTrainingRequest> {
  const captured = await captureTraining(argv);
  if (!captured.ok) throw new Error(`refused: ${captured.printed || captured.message}`);
  return captured.request;
}
