"""
The model LSTM Studio trains, as PyTorch modules with the same names, so checkpoints load both ways:

    embedding  nn.Embedding(vocabSize, embeddingDim, padding_idx)   (token inputs only)
    lstm       nn.LSTM(input, hiddenSize, numLayers, dropout, batch_first=True,
                       bidirectional=…, proj_size=projSize)           gate order i, f, g, o
      or gru   nn.GRU(input, hiddenSize, numLayers, dropout, batch_first=True, bidirectional=…)
                                                                        gate order r, z, n
    head       nn.Linear(directions × (projSize or hiddenSize), outputSize)   on the last real step of each
               sequence (classification, forecasting), on every step (language models, CTC), or on the
               mean of the outputs over each sequence's real steps (`headOn: 'mean'`, audio classification)

The config's `cell` ('lstm' or 'gru', default 'lstm'), `bidirectional` (default False) and `projSize`
(default 0: none) choose the recurrent module; configs written before they existed mean a one-directional
LSTM. A bidirectional model's outputs are forward ‖ backward; its last-step head reads
cat(h_n[-2], h_n[-1]) — the forward direction's last real step and the backward direction's first.

Padded steps (right padding, `lengths`) never reach the head: a one-directional last-step head reads the
output at `lengths - 1`, a bidirectional model runs on packed sequences (so its backward direction starts
at each sequence's last real step), and a per-step loss masks the padded steps, so padding changes nothing,
as in LSTM Studio.
"""

import math

import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

# Rows per hidden unit in weight_ih/weight_hh: i, f, g, o for an LSTM; r, z, n for a GRU.
GATES_PER_CELL = {"lstm": 4, "gru": 3}


def recurrent_layout(config):
    """(cell, bidirectional, projSize) of a checkpoint config, with the defaults of configs that predate them."""
    cell = config.get("cell", "lstm")
    if cell not in GATES_PER_CELL:
        raise ValueError(f"model config: unknown cell '{cell}' (LSTM Studio has 'lstm' and 'gru')")
    projection = int(config.get("projSize", 0))
    if projection and cell != "lstm":
        raise ValueError("model config: projSize is an LSTM option; a GRU has no projection")
    return cell, bool(config.get("bidirectional", False)), projection


class LstmStudioModel(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.config = dict(config)
        vocab_size = config["vocabSize"]
        input_size = config["embeddingDim"] if vocab_size > 0 else config["inputSize"]
        self.embedding = nn.Embedding(vocab_size, config["embeddingDim"], padding_idx=config["paddingIdx"]) if vocab_size > 0 else None
        self.cell, self.bidirectional, projection = recurrent_layout(config)
        layers = config["numLayers"]
        options = dict(num_layers=layers, dropout=config["dropout"] if layers > 1 else 0.0, batch_first=True, bidirectional=self.bidirectional)
        if projection:
            options["proj_size"] = projection
        recurrent = (nn.GRU if self.cell == "gru" else nn.LSTM)(input_size, config["hiddenSize"], **options)
        # Registered under the cell's name, so the state_dict says lstm.weight_ih_l0 or gru.weight_ih_l0 as LSTM Studio does.
        self.add_module(self.cell, recurrent)
        directions = 2 if self.bidirectional else 1
        self.head = nn.Linear(directions * (projection or config["hiddenSize"]), config["outputSize"])

    @property
    def recurrent(self):
        """The nn.LSTM or nn.GRU (registered as `lstm` or `gru`)."""
        return getattr(self, self.cell)

    def forward(self, tokens=None, features=None, lengths=None):
        """[B, O] (head on the last step or the mean) or [B, T, O] (head on every step)."""
        x = self.embedding(tokens) if self.embedding is not None else features
        if self.bidirectional and lengths is not None:
            # Packed, so each sequence's backward direction starts at its last real step, not at the padding.
            packed = pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
            packed_output, state = self.recurrent(packed)
            output, _ = pad_packed_sequence(packed_output, batch_first=True, total_length=x.shape[1])
        else:
            output, state = self.recurrent(x)  # [B, T, directions × width], zero initial state
        if self.config["headOn"] == "every":
            return self.head(output)
        if self.config["headOn"] == "mean":
            return self.head(mean_over_real_steps(output, lengths))
        if self.bidirectional:
            h_n = state[0] if self.cell == "lstm" else state  # [layers × directions, B, width], layer-major
            return self.head(torch.cat([h_n[-2], h_n[-1]], dim=1))
        if lengths is None:
            return self.head(output[:, -1])
        last = (lengths - 1).to(output.device)
        return self.head(output[torch.arange(output.shape[0], device=output.device), last])


def mean_over_real_steps(output, lengths):
    """[B, W]: each sequence's outputs averaged over its real steps (t < lengths[b]; all T without lengths),
    as src/engine/mean-pool.ts. Padded outputs (zeros after pad_packed_sequence, or whatever a
    one-directional run computed there) are masked out."""
    if lengths is None:
        return output.mean(dim=1)
    T = output.shape[1]
    lengths = lengths.to(output.device)
    mask = (torch.arange(T, device=output.device)[None, :] < lengths[:, None]).to(output.dtype)
    return (output * mask[..., None]).sum(dim=1) / lengths[:, None].to(output.dtype)


def initialize(model, scheme, generator):
    """LSTM Studio's two schemes (docs/engine.md), drawn from a torch generator."""
    config = model.config
    with torch.no_grad():
        if model.embedding is not None:
            initialize_embedding(model.embedding.weight, config["paddingIdx"], scheme, generator)
        initialize_recurrent(model.recurrent, model.cell, config["hiddenSize"], scheme, generator)
        initialize_linear(model.head.weight, model.head.bias, scheme, generator)


def initialize_embedding(weight, padding_idx, scheme, generator):
    if scheme == "keras":
        weight.uniform_(-0.05, 0.05, generator=generator)
    else:
        weight.normal_(0.0, 1.0, generator=generator)
    weight[padding_idx].zero_()


def initialize_recurrent(recurrent, cell, H, scheme, generator):
    """An nn.LSTM or nn.GRU. PyTorch's order: per layer and direction, weight_ih, weight_hh, bias_ih, bias_hh (, weight_hr)."""
    gates = GATES_PER_CELL[cell]
    for name, p in recurrent.named_parameters():
        if scheme == "pytorch":
            p.uniform_(-1 / math.sqrt(H), 1 / math.sqrt(H), generator=generator)
            continue
        # Keras: Glorot-uniform over its kernel [D, gates × H], orthogonal recurrent kernel, biases zero
        # but an LSTM's forget gate's, which is 1; the projection Glorot-uniform over [H, P].
        if name.startswith("weight_ih"):
            limit = math.sqrt(6 / (p.shape[1] + gates * H))
            p.uniform_(-limit, limit, generator=generator)
        elif name.startswith("weight_hh"):
            p.copy_(_orthogonal(gates * H, p.shape[1], generator))
        elif name.startswith("weight_hr"):
            limit = math.sqrt(6 / (p.shape[0] + p.shape[1]))
            p.uniform_(-limit, limit, generator=generator)
        else:
            p.zero_()
            if cell == "lstm" and name.startswith("bias_ih"):
                p[H:2 * H] = 1.0


def initialize_linear(weight, bias, scheme, generator):
    """An nn.Linear's [out, in] weight (and bias): U(±1/√fan_in) for `pytorch`, Glorot-uniform and a zero bias for `keras`."""
    fan_out, fan_in = weight.shape
    if scheme == "pytorch":
        bound = 1 / math.sqrt(fan_in)
        weight.uniform_(-bound, bound, generator=generator)
        if bias is not None:
            bias.uniform_(-bound, bound, generator=generator)
    else:
        limit = math.sqrt(6 / (fan_in + fan_out))
        weight.uniform_(-limit, limit, generator=generator)
        if bias is not None:
            bias.zero_()


def _orthogonal(rows, cols, generator):
    """Orthonormal columns: Q of the QR decomposition of a normal matrix, signs fixed so diag(R) > 0."""
    q, r = torch.linalg.qr(torch.randn(rows, cols, generator=generator, dtype=torch.float64))
    return (q * torch.sign(torch.diagonal(r))).float()


def loss_sum(config, output, targets, lengths, target_lengths=None):
    """(sum of the per-example losses, how many examples the mean divides by) — PyTorch's mean = sum / count."""
    loss = config["loss"]
    if loss == "ctc":
        return ctc_loss_sum(output, targets, lengths, target_lengths), output.shape[0]
    if config["headOn"] == "every":
        B, T = output.shape[0], output.shape[1]
        mask = torch.ones(B, T, dtype=torch.bool, device=output.device) if lengths is None else (
            torch.arange(T, device=output.device)[None, :] < lengths.to(output.device)[:, None])
        output, targets = output[mask], targets[mask]
    if loss == "bce":
        return F.binary_cross_entropy_with_logits(output.reshape(-1), targets.float(), reduction="sum"), output.shape[0]
    if loss == "softmax-ce":
        return F.cross_entropy(output, targets, reduction="sum"), output.shape[0]
    if loss in ("gaussian-nll", "quantile"):
        per_value = distribution_loss(config, output, targets)
        return per_value.sum(), per_value.numel()
    return ((output - targets.reshape(output.shape)) ** 2).sum(), output.numel()


# σ of a Gaussian head: softplus(raw) + SCALE_FLOOR, in normalised units (src/engine/distribution-losses.ts).
SCALE_FLOOR = 1e-3
DEFAULT_QUANTILES = [0.1, 0.5, 0.9]


def params_per_value(config):
    """Head outputs per predicted value: 2 (μ, raw scale) for gaussian-nll, the levels for quantile, else 1."""
    if config["loss"] == "gaussian-nll":
        return 2
    if config["loss"] == "quantile":
        return len(config.get("quantiles") or DEFAULT_QUANTILES)
    return 1


def distribution_loss(config, output, targets):
    """Per value (and level): Gaussian NLL log σ + (y − μ)²/(2σ²) + ½ log 2π, or the pinball loss
    max(τ(y − q), (τ − 1)(y − q)); the head's P outputs per value sit side by side."""
    P = params_per_value(config)
    y = output.reshape(*targets.shape, P)
    t = targets.to(output.dtype)
    if config["loss"] == "gaussian-nll":
        sigma = F.softplus(y[..., 1]) + SCALE_FLOOR
        return torch.log(sigma) + (t - y[..., 0]) ** 2 / (2 * sigma ** 2) + 0.5 * math.log(2 * math.pi)
    tau = torch.tensor(config.get("quantiles") or DEFAULT_QUANTILES, dtype=output.dtype, device=output.device)
    error = t.unsqueeze(-1) - y
    return torch.maximum(tau * error, (tau - 1) * error)
def ctc_loss_sum(logits, targets, lengths, target_lengths):
    """
    CTC (blank 0) over every step, as src/engine/ctc.ts: each sequence's −log p(y|x) divided by its target
    length (at least 1), summed over the batch (÷ B is PyTorch's reduction='mean'); an impossible
    alignment counts 0 (zero_infinity). logits [B, T, C], targets [B, S], lengths and target_lengths [B].
    """
    B, T = logits.shape[0], logits.shape[1]
    if lengths is None:
        lengths = torch.full((B,), T, dtype=torch.long)
    log_probs = logits.log_softmax(-1).transpose(0, 1)  # [T, B, C], as F.ctc_loss reads them
    per_sequence = F.ctc_loss(log_probs, targets, lengths.cpu(), target_lengths.cpu(), blank=0,
                              reduction="none", zero_infinity=True)
    return (per_sequence / target_lengths.to(per_sequence.device).clamp(min=1)).sum()
