/**
 * The WebAssembly kernels of the engine. They own no memory: every pointer is a byte address in the
 * shared memory the JavaScript arena (src/engine/kernels/arena.ts) hands out, above `heapBase()`.
 */

export { gemm, gemmRowsPanels32, transpose, transposeStrided, setGemmBlocking } from './gemm';
export { lstmCellForward, lstmCellBackward, columnSums } from './lstm-cell';
export { gruCellForward, gruCellBackward } from './gru-cell';
export { sigmoidArray, tanhArray } from './activations';
export {
  attentionScores,
  attentionSoftmaxContext,
  attentionContextBackward,
  attentionScoresBackward,
  tanhBackward,
} from './attention';
export { gatherRowsPlusBias, scatterRowsSum } from './rows';
export { adamStep } from './optimizers';

/** First byte the JavaScript arena may use: everything below belongs to this module's static data. */
export function heapBase(): usize {
  return __heap_base;
}
