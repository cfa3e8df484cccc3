/**
 * Initialisation schemes.
 *
 * `keras` (Keras LSTM/Embedding/Dense defaults): input weights Glorot-uniform over Keras's kernel shape
 * [D, 4H] (limit √(6 / (D + 4H))); recurrent weights orthogonal (Saxe et al., 2014) over [H, 4H];
 * biases zero except the forget gate's, which is 1 (`unit_forget_bias`, Jozefowicz et al., 2015) —
 * PyTorch has two biases, so the 1 goes in `bias_ih` and `bias_hh` stays zero; embeddings U(±0.05);
 * the dense head Glorot-uniform with zero bias. A projected LSTM's (`proj_size` P) recurrent kernel is
 * orthogonal over [P, 4H] and its projection W_hr [P, H] Glorot-uniform (limit √(6 / (H + P))), as a Keras
 * Dense from H to P units would be.
 *
 * `pytorch` (PyTorch defaults): every LSTM tensor U(±1/√H), the projection weight_hr included (what
 * `nn.LSTM(proj_size=P)` does); embeddings N(0, 1); Linear weight and bias U(±1/√in).
 *
 * GRU layers: `pytorch` = every tensor U(±1/√H), as nn.GRU; `keras` = input weights Glorot-uniform over
 * Keras's kernel shape [D, 3H], each gate block of the recurrent weights an orthogonal [H, H] matrix,
 * biases zero (Keras GRU with reset_after=True has exactly PyTorch's two biases).
 *
 * Either way the embedding's padding row starts at zero, as PyTorch does with `padding_idx`.
 */

import type { InitScheme } from './config';
import type { Dense } from './dense';
import type { Embedding } from './embedding';
import type { GruLayer } from './gru-layer';
import type { LstmLayer } from './lstm-layer';
import type { Random } from './random';
import type { FloatArray } from './tensor';

export function initializeEmbedding(embedding: Embedding, scheme: InitScheme, rng: Random): void {
  const w = embedding.weight.value;
  if (scheme === 'keras') fillUniform(w, -0.05, 0.05, rng);
  else for (let k = 0; k < w.length; k++) w[k] = rng.normal();
  const E = embedding.dim;
  w.fill(0, embedding.paddingIdx * E, (embedding.paddingIdx + 1) * E);
}

export function initializeLstmLayer(layer: LstmLayer, scheme: InitScheme, rng: Random): void {
  const H = layer.hiddenSize;
  const D = layer.inputSize;
  if (scheme === 'pytorch') {
    const bound = 1 / Math.sqrt(H);
    for (const p of layer.parameters()) fillUniform(p.value, -bound, bound, rng);
    return;
  }
  const limit = Math.sqrt(6 / (D + 4 * H));
  fillUniform(layer.weightIh.value, -limit, limit, rng);
  fillOrthogonal(layer.weightHh.value, 4 * H, layer.outputSize, rng); // W_hh [4H, P or H]
  layer.biasIh.value.fill(0);
  layer.biasIh.value.fill(1, H, 2 * H);
  layer.biasHh.value.fill(0);
  if (layer.weightHr) {
    const P = layer.projSize;
    const projectionLimit = Math.sqrt(6 / (H + P));
    fillUniform(layer.weightHr.value, -projectionLimit, projectionLimit, rng);
  }
}

export function initializeGruLayer(layer: GruLayer, scheme: InitScheme, rng: Random): void {
  const H = layer.hiddenSize;
  const D = layer.inputSize;
  if (scheme === 'pytorch') {
    const bound = 1 / Math.sqrt(H);
    for (const p of layer.parameters()) fillUniform(p.value, -bound, bound, rng);
    return;
  }
  const limit = Math.sqrt(6 / (D + 3 * H));
  fillUniform(layer.weightIh.value, -limit, limit, rng);
  // W_hh [3H, H] orthogonal as a whole, as Keras's GRU makes its [H, 3H] recurrent kernel (and as the LSTM's).
  fillOrthogonal(layer.weightHh.value, 3 * H, H, rng);
  layer.biasIh.value.fill(0);
  layer.biasHh.value.fill(0);
}

export function initializeDense(dense: Dense, scheme: InitScheme, rng: Random): void {
  const I = dense.inFeatures;
  const O = dense.outFeatures;
  if (scheme === 'pytorch') {
    const bound = 1 / Math.sqrt(I);
    fillUniform(dense.weight.value, -bound, bound, rng);
    fillUniform(dense.bias.value, -bound, bound, rng);
    return;
  }
  const limit = Math.sqrt(6 / (I + O));
  fillUniform(dense.weight.value, -limit, limit, rng);
  dense.bias.value.fill(0);
}

function fillUniform(values: FloatArray, low: number, high: number, rng: Random): void {
  for (let k = 0; k < values.length; k++) values[k] = rng.uniformIn(low, high);
}

/**
 * out (rows, cols), rows ≥ cols: a matrix with orthonormal columns — the Q of a QR decomposition of a
 * standard normal matrix, by modified Gram–Schmidt in float64 (the R diagonal comes out positive, which
 * is the sign fix Keras applies). Stored row-major, this is PyTorch's W_hh [4H, H]; its transpose is
 * Keras's orthogonal recurrent kernel [H, 4H].
 */
export function fillOrthogonal(out: FloatArray, rows: number, cols: number, rng: Random): void {
  if (rows < cols) throw new Error('fillOrthogonal: needs rows ≥ cols');
  const q = new Float64Array(rows * cols); // column-major: column j at j*rows
  for (let k = 0; k < q.length; k++) q[k] = rng.normal();
  for (let j = 0; j < cols; j++) {
    const cj = j * rows;
    for (let p = 0; p < j; p++) {
      const cp = p * rows;
      let dot = 0;
      for (let r = 0; r < rows; r++) dot += q[cp + r] * q[cj + r];
      for (let r = 0; r < rows; r++) q[cj + r] -= dot * q[cp + r];
    }
    let norm = 0;
    for (let r = 0; r < rows; r++) norm += q[cj + r] * q[cj + r];
    norm = Math.sqrt(norm);
    for (let r = 0; r < rows; r++) q[cj + r] /= norm;
  }
  for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) out[r * cols + j] = q[j * rows + r];
}
