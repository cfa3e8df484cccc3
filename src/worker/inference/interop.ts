/**
 * PyTorch interop in the inference worker: `export-pytorch` writes a run as a PyTorch project,
 * `import-status` says what a foreign checkpoint needs before use, `import-answers` stores the answers
 * beside it (the model cache then reloads it). See src/interop/.
 */

import { exportPyTorchProject } from '../../interop/export-pytorch';
import { importStatus, saveImportAnswers } from '../../interop/import-pytorch';
import { registerHandler } from './handlers';

registerHandler('export-pytorch', ({ source, outDir, overwrite }) =>
  exportPyTorchProject(source, outDir, { overwrite }),
);

registerHandler('import-status', ({ checkpointPath }) => importStatus(checkpointPath));

registerHandler('import-answers', async ({ checkpointPath, request }) => {
  const { sidecar, answers, layout } = await saveImportAnswers(checkpointPath, request);
  return { sidecar, task: answers.task, architecture: layout.architecture };
});
