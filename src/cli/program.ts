/** The `lstm-studio` program with every command, built on demand so a test can run it with its own argv. */

import { Command } from 'commander';
import { registerBenchCommand } from './bench-command';
import { registerExportCommand } from './export-command';
import { registerGatesCommand } from './gates-command';
import { registerImportCommand } from './import-command';
import { registerSweepCommand } from './sweep-command';
import { registerTrainCommand, type TrainingJobStarter } from './train-command';
import { registerUseCommands } from './use-commands';

export interface ProgramOptions {
  /** How `train` and `sweep` run a job; default: in a worker thread (`worker.js` beside the CLI bundle). */
  startTrainingJob?: TrainingJobStarter;
}

export function createProgram(options: ProgramOptions = {}): Command {
  const program = new Command();
  program.name('lstm-studio').description('Train, evaluate, inspect and use LSTM sequence models.').version('0.1.0');
  registerTrainCommand(program, options.startTrainingJob);
  registerSweepCommand(program, options.startTrainingJob);
  registerUseCommands(program);
  registerBenchCommand(program);
  registerGatesCommand(program);
  registerExportCommand(program);
  registerImportCommand(program);
  return program;
}
