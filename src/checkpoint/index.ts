/**
 * checkpoint/: safetensors files, the LSTM Studio metadata schema and PyTorch tensor names.
 * Everything here is pure except `file.ts` (Node fs); nothing imports `vscode`. Browser code (the
 * webviews) should import the pure modules directly (`./header`, `./reader`, `./metadata`, `./names`)
 * rather than this index, which pulls in `node:fs`.
 */

export { CheckpointError, type CheckpointErrorCode } from './errors';
export { DTYPE_BYTES, isFloatDType, isKnownDType, toFloat32, type FloatDType, type SafetensorsDType } from './dtypes';
export {
  encodeSafetensors,
  encodeSafetensorsChunks,
  prepareSafetensors,
  type PreparedSafetensors,
  type TensorToWrite,
} from './safetensors';
export {
  decodeSafetensors,
  MAX_HEADER_BYTES,
  parseSafetensorsHeader,
  readHeaderLength,
  type DecodedTensor,
  type SafetensorsHeader,
  type TensorInfo,
} from './header';
export { openSafetensorsSource, type ByteSource, type SafetensorsReader } from './reader';
export {
  fileByteSource,
  openSafetensors,
  readSafetensorsFile,
  writeSafetensorsAtomic,
  type LoadedTensor,
} from './file';
export {
  decodeStudioMetadata,
  encodeStudioMetadata,
  STUDIO_FORMAT,
  type DecodedMetadata,
  type StudioMetadata,
} from './metadata';
export * from './names';
