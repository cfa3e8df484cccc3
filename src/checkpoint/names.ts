/**
 * Tensor names. LSTM Studio names its parameters like the PyTorch model it mirrors —
 * `nn.Embedding` as `embedding`, `nn.LSTM(batch_first=True)` as `lstm`, `nn.Linear` as `head` — so a
 * checkpoint loads into PyTorch with `model.load_state_dict(safetensors.torch.load_file(path), strict=False)`:
 *
 *   embedding.weight                     [vocabSize, embeddingDim]
 *   lstm.weight_ih_l{k}                  [4H, D_k]   rows in gate order i, f, g, o
 *   lstm.weight_hh_l{k}                  [4H, H]
 *   lstm.bias_ih_l{k}, lstm.bias_hh_l{k} [4H]
 *   head.weight [outputSize, H]          head.bias [outputSize]
 *   optimizer.<slot>.<parameter name>    same shape as the parameter (only in last.safetensors)
 *   trainer.carried_h, trainer.carried_c [L, B, H] a stateful run's carried state (only in its last.safetensors)
 *
 * Separately, `matchLstmTensorName` recognises nn.LSTM tensors under any prefix, for importing
 * checkpoints made elsewhere.
 */

export const EMBEDDING_WEIGHT = 'embedding.weight';
export const HEAD_WEIGHT = 'head.weight';
export const HEAD_BIAS = 'head.bias';
export const OPTIMIZER_PREFIX = 'optimizer.';
export const TRAINER_PREFIX = 'trainer.';

/** A tensor of the training's state (optimizer moments, a stateful run's carried state), not of the model. */
export function isTrainingStateTensor(name: string): boolean {
  return name.startsWith(OPTIMIZER_PREFIX) || name.startsWith(TRAINER_PREFIX);
}

export type LstmParamKind = 'weight_ih' | 'weight_hh' | 'bias_ih' | 'bias_hh';
export const LSTM_PARAM_KINDS: readonly LstmParamKind[] = ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'];

/** PyTorch's optimizer state keys: Adam/AdamW first and second moments (and AMSGrad's max), SGD momentum. */
export type OptimizerSlot = 'exp_avg' | 'exp_avg_sq' | 'max_exp_avg_sq' | 'momentum_buffer';
export const OPTIMIZER_SLOTS: readonly OptimizerSlot[] = ['exp_avg', 'exp_avg_sq', 'max_exp_avg_sq', 'momentum_buffer'];

export type StudioParamName =
  | { module: 'embedding'; kind: 'weight' }
  | { module: 'lstm'; kind: LstmParamKind; layer: number }
  | { module: 'head'; kind: 'weight' | 'bias' };

export type StudioTensorName = StudioParamName | { module: 'optimizer'; slot: OptimizerSlot; param: StudioParamName };

/** `lstm.weight_ih_l0` etc. */
export function lstmParamName(kind: LstmParamKind, layer: number): string {
  if (!Number.isSafeInteger(layer) || layer < 0)
    throw new RangeError(`LSTM layer must be a non-negative integer, got ${layer}`);
  return `lstm.${kind}_l${layer}`;
}

/** `optimizer.exp_avg.lstm.weight_ih_l0` etc. */
export function optimizerStateName(slot: OptimizerSlot, paramName: string): string {
  return `${OPTIMIZER_PREFIX}${slot}.${paramName}`;
}

/** Every parameter name of a model, in the order PyTorch's `state_dict()` lists them. */
export function modelParamNames(numLayers: number, hasEmbedding: boolean): string[] {
  const names = hasEmbedding ? [EMBEDDING_WEIGHT] : [];
  for (let layer = 0; layer < numLayers; layer++) {
    for (const kind of LSTM_PARAM_KINDS) names.push(lstmParamName(kind, layer));
  }
  names.push(HEAD_WEIGHT, HEAD_BIAS);
  return names;
}

/** The inverse of the builders above; undefined for any name LSTM Studio does not write. */
export function parseStudioTensorName(name: string): StudioTensorName | undefined {
  if (name.startsWith(OPTIMIZER_PREFIX)) {
    const rest = name.slice(OPTIMIZER_PREFIX.length);
    const dot = rest.indexOf('.');
    const slot = rest.slice(0, dot);
    const param = dot > 0 ? parseStudioParamName(rest.slice(dot + 1)) : undefined;
    return param && (OPTIMIZER_SLOTS as readonly string[]).includes(slot)
      ? { module: 'optimizer', slot: slot as OptimizerSlot, param }
      : undefined;
  }
  return parseStudioParamName(name);
}

function parseStudioParamName(name: string): StudioParamName | undefined {
  if (name === EMBEDDING_WEIGHT) return { module: 'embedding', kind: 'weight' };
  if (name === HEAD_WEIGHT) return { module: 'head', kind: 'weight' };
  if (name === HEAD_BIAS) return { module: 'head', kind: 'bias' };
  const match = /^lstm\.(weight_ih|weight_hh|bias_ih|bias_hh)_l(0|[1-9]\d*)$/.exec(name);
  if (!match) return undefined;
  const layer = Number(match[2]);
  return Number.isSafeInteger(layer) ? { module: 'lstm', kind: match[1] as LstmParamKind, layer } : undefined;
}

// ---- Foreign checkpoints: nn.LSTM tensors under any module prefix ----

/** One nn.LSTM tensor found in someone else's checkpoint. */
export interface LstmTensorMatch {
  /** The module path before the parameter, e.g. `rnn`, `encoder.lstm`; '' for a bare nn.LSTM state_dict. */
  prefix: string;
  /** `weight_hr` exists when the LSTM has `proj_size > 0`. */
  kind: LstmParamKind | 'weight_hr';
  layer: number;
  /** The backward direction of a bidirectional LSTM (`_reverse` suffix). */
  reverse: boolean;
}

const LSTM_TENSOR = /^(?:(.+)\.)?(weight_ih|weight_hh|bias_ih|bias_hh|weight_hr)_l(0|[1-9]\d*)(_reverse)?$/;

export function matchLstmTensorName(name: string): LstmTensorMatch | undefined {
  const match = LSTM_TENSOR.exec(name);
  if (!match) return undefined;
  const layer = Number(match[3]);
  if (!Number.isSafeInteger(layer)) return undefined;
  return { prefix: match[1] ?? '', kind: match[2] as LstmTensorMatch['kind'], layer, reverse: match[4] !== undefined };
}

/** What one nn.LSTM module in a foreign checkpoint looks like, as far as its tensor names tell. */
export interface LstmModuleSummary {
  prefix: string;
  /** Highest layer index + 1. */
  numLayers: number;
  bidirectional: boolean;
  /** Any bias tensor present (nn.LSTM(bias=False) has none). */
  hasBias: boolean;
  /** Any `weight_hr` present (nn.LSTM(proj_size>0)). */
  hasProjection: boolean;
  /** Names of the module's tensors found, in input order. */
  tensorNames: string[];
  /** Names such a module should also have but the checkpoint lacks (e.g. a layer's weight_hh). */
  missing: string[];
}

/** At most this many missing tensor names are listed per module. */
export const MISSING_LISTED = 100;

/** Groups every nn.LSTM tensor by module prefix and reports each module's layout. Reports only: builds nothing. */
export function findLstmModules(names: Iterable<string>): LstmModuleSummary[] {
  const byPrefix = new Map<string, { matches: LstmTensorMatch[]; names: string[] }>();
  for (const name of names) {
    const match = matchLstmTensorName(name);
    if (!match) continue;
    const group = byPrefix.get(match.prefix) ?? { matches: [], names: [] };
    group.matches.push(match);
    group.names.push(name);
    byPrefix.set(match.prefix, group);
  }
  return [...byPrefix].map(([prefix, { matches, names: tensorNames }]) => {
    // A loop, not Math.max(...layers): spreading 100 000s of arguments overflows the stack.
    let numLayers = 0;
    for (const m of matches) numLayers = Math.max(numLayers, m.layer + 1);
    const bidirectional = matches.some((m) => m.reverse);
    const hasBias = matches.some((m) => m.kind === 'bias_ih' || m.kind === 'bias_hh');
    const hasProjection = matches.some((m) => m.kind === 'weight_hr');
    const kinds: string[] = [
      'weight_ih',
      'weight_hh',
      ...(hasBias ? ['bias_ih', 'bias_hh'] : []),
      ...(hasProjection ? ['weight_hr'] : []),
    ];
    const present = new Set(tensorNames);
    const missing: string[] = [];
    // A name like `weight_ih_l999999999` claims a billion layers: stop listing after MISSING_LISTED, so
    // the walk costs at most (tensors present + MISSING_LISTED) steps whatever the names claim.
    for (let layer = 0; layer < numLayers && missing.length < MISSING_LISTED; layer++) {
      for (const suffix of bidirectional ? ['', '_reverse'] : ['']) {
        for (const kind of kinds) {
          const expected = `${prefix ? `${prefix}.` : ''}${kind}_l${layer}${suffix}`;
          if (!present.has(expected)) missing.push(expected);
        }
      }
    }
    return { prefix, numLayers, bidirectional, hasBias, hasProjection, tensorNames, missing };
  });
}
