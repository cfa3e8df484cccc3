/** The engine's public API. Pure TypeScript: no I/O, no `vscode`, no Node-only APIs. */

export * from './tensor';
export * from './config';
export * from './batch';
export { Random, type RandomState } from './random';
export {
  Pass,
  type Module,
  type InputModule,
  type SequenceModule,
  type RecurrentModule,
  type RecurrentGradients,
  type RowModule,
} from './module';
export { LstmLayer, type LstmState } from './lstm-layer';
export { GruLayer, FORWARD_GRU_NAMING, type GruState, type GruLayerRecording } from './gru-layer';
export { LstmStack, type StackForwardOptions } from './lstm-stack';
export { Embedding } from './embedding';
export { FeatureInput } from './feature-input';
export { Dense } from './dense';
export {
  SequenceModel,
  type SequenceModelParts,
  type SequenceModelOptions,
  type SequenceForwardOptions,
  type SequenceForwardResult,
  type SequenceInputGradients,
} from './sequence-model';
export {
  LstmModel,
  type ForwardOptions,
  type ForwardResult,
  type InputGradients,
  type LayerRecording,
  type CellRecording,
  type StackRecording,
} from './model';
export { RecurrentStack, createRecurrentStack, type RecurrentStackOptions } from './recurrent-stack';
export { BidirectionalLayer, type BidirectionalRecording } from './bidirectional-layer';
export type { RecurrentLayer, RecurrentLayerFactory, RecurrentState } from './recurrent-layer';
export {
  createOptimizer,
  clipGradientNorm,
  gradientNorm,
  type Optimizer,
  type OptimizerConfig,
  type AdamOptions,
  type SgdOptions,
} from './optimizers';
export { learningRateAt, type LearningRateSchedule } from './schedule';
export { trainStep, type TrainStepOptions, type TrainStepResult } from './train-step';
export { binaryCrossEntropyWithLogits, softmaxCrossEntropy, meanSquaredError } from './losses';
export { CtcLoss, CTC_BLANK } from './ctc';
export {
  setKernelBackend,
  kernelBackend,
  type KernelBackendChoice,
  type KernelBackendInfo,
  type KernelBackendOptions,
} from './kernels/backend';
export { kernelsFor } from './kernels/choose';
export type { Kernels, LstmRecurrence, GruRecurrence } from './kernels/kernels';
