/**
 * `lstm-studio export-pytorch <run-dir|checkpoint> --out DIR`: the run as a PyTorch project (model, data
 * preparation, optimizer, schedule, a training script for one CPU/GPU or torchrun) whose checkpoints are
 * LSTM Studio checkpoints. See docs/pytorch.md.
 */

import { relative } from 'node:path';
import type { Command } from 'commander';
import { exportPyTorchProject } from '../interop/export-pytorch';
import { say, sayError } from './terminal-text';

export function registerExportCommand(program: Command): void {
  program
    .command('export-pytorch')
    .description(
      'write a run (or a checkpoint) as a PyTorch project that trains the same model on CPUs, GPUs or several machines',
    )
    .argument('<source>', 'a run folder (its best checkpoint, else its last) or a .safetensors checkpoint')
    .requiredOption('--out <dir>', 'the project folder to write (new or empty)')
    .option('--data <path>', "the dataset the project reads (default: the run's)")
    .option('--force', 'replace the files of a folder that is not empty')
    .option('--json', 'print one JSON object')
    .action(async (source: string, flags: { out: string; data?: string; force?: boolean; json?: boolean }) => {
      const result = await exportPyTorchProject(source, flags.out, { overwrite: flags.force, datasetPath: flags.data });
      if (flags.json) {
        say(JSON.stringify(result));
        return;
      }
      for (const warning of result.warnings) sayError(`warning: ${warning}`);
      const folder = relative(process.cwd(), result.outDir) || '.';
      say(`exported ${result.checkpointPath} as a PyTorch project in ${folder} (${result.files.length} files)`);
      say(`  cd ${folder}`);
      say('  python3 train.py                                          # one CPU or GPU');
      say(
        '  torchrun --standalone --nproc_per_node 4 train.py         # 4 processes (see README.md for several machines)',
      );
      say('  python3 train.py --init-from checkpoint.safetensors       # continue from the exported weights');
    });
}
