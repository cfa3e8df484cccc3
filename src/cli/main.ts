/** `lstm-studio`: the command line over the same engine and pipeline the extension uses. */

import { Command } from 'commander';
import { registerBenchCommand } from './bench-command';
import { registerExportCommand } from './export-command';
import { registerGatesCommand } from './gates-command';
import { registerImportCommand } from './import-command';
import { registerTrainCommand } from './train-command';
import { registerUseCommands } from './use-commands';

const program = new Command();
program.name('lstm-studio').description('Train, evaluate, inspect and use LSTM sequence models.').version('0.1.0');
registerTrainCommand(program);
registerUseCommands(program);
registerBenchCommand(program);
registerGatesCommand(program);
registerExportCommand(program);
registerImportCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`lstm-studio: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
