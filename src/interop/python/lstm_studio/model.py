"""
The model LSTM Studio trains, as PyTorch modules with the same names, so checkpoints load both ways:

    embedding  nn.Embedding(vocabSize, embeddingDim, padding_idx)   (token inputs only)
    lstm       nn.LSTM(input, hiddenSize, numLayers, dropout, batch_first=True)   gate order i, f, g, o
    head       nn.Linear(hiddenSize, outputSize)   on the last real step of each sequence (classification,
               forecasting) or on every step (language models)

Padded steps (right padding, `lengths`) never reach the head: the last-step head reads the output at
`lengths - 1`, and a per-step loss masks the padded steps, so padding changes nothing, as in LSTM Studio.
"""

import math

import torch
import torch.nn.functional as F
from torch import nn


class LstmStudioModel(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.config = dict(config)
        vocab_size = config["vocabSize"]
        input_size = config["embeddingDim"] if vocab_size > 0 else config["inputSize"]
        self.embedding = nn.Embedding(vocab_size, config["embeddingDim"], padding_idx=config["paddingIdx"]) if vocab_size > 0 else None
        layers = config["numLayers"]
        self.lstm = nn.LSTM(input_size, config["hiddenSize"], num_layers=layers, dropout=config["dropout"] if layers > 1 else 0.0, batch_first=True)
        self.head = nn.Linear(config["hiddenSize"], config["outputSize"])

    def forward(self, tokens=None, features=None, lengths=None):
        """[B, O] (head on the last step) or [B, T, O] (head on every step)."""
        x = self.embedding(tokens) if self.embedding is not None else features
        output, _ = self.lstm(x)  # [B, T, H], zero initial state
        if self.config["headOn"] == "every":
            return self.head(output)
        if lengths is None:
            return self.head(output[:, -1])
        last = (lengths - 1).to(output.device)
        return self.head(output[torch.arange(output.shape[0], device=output.device), last])


def initialize(model, scheme, generator):
    """LSTM Studio's two schemes (docs/engine.md), drawn from a torch generator."""
    config = model.config
    H = config["hiddenSize"]
    with torch.no_grad():
        if model.embedding is not None:
            weight = model.embedding.weight
            if scheme == "keras":
                weight.uniform_(-0.05, 0.05, generator=generator)
            else:
                weight.normal_(0.0, 1.0, generator=generator)
            weight[config["paddingIdx"]].zero_()
        for layer in range(config["numLayers"]):
            w_ih = getattr(model.lstm, f"weight_ih_l{layer}")
            w_hh = getattr(model.lstm, f"weight_hh_l{layer}")
            b_ih = getattr(model.lstm, f"bias_ih_l{layer}")
            b_hh = getattr(model.lstm, f"bias_hh_l{layer}")
            if scheme == "pytorch":
                for p in (w_ih, w_hh, b_ih, b_hh):
                    p.uniform_(-1 / math.sqrt(H), 1 / math.sqrt(H), generator=generator)
                continue
            # Keras: Glorot-uniform over its kernel [D, 4H], orthogonal recurrent kernel, forget-gate bias 1.
            limit = math.sqrt(6 / (w_ih.shape[1] + 4 * H))
            w_ih.uniform_(-limit, limit, generator=generator)
            w_hh.copy_(_orthogonal(4 * H, H, generator))
            b_ih.zero_()
            b_ih[H:2 * H] = 1.0
            b_hh.zero_()
        head = model.head
        fan_in, fan_out = head.in_features, head.out_features
        if scheme == "pytorch":
            bound = 1 / math.sqrt(fan_in)
            head.weight.uniform_(-bound, bound, generator=generator)
            head.bias.uniform_(-bound, bound, generator=generator)
        else:
            limit = math.sqrt(6 / (fan_in + fan_out))
            head.weight.uniform_(-limit, limit, generator=generator)
            head.bias.zero_()


def _orthogonal(rows, cols, generator):
    """Orthonormal columns: Q of the QR decomposition of a normal matrix, signs fixed so diag(R) > 0."""
    q, r = torch.linalg.qr(torch.randn(rows, cols, generator=generator, dtype=torch.float64))
    return (q * torch.sign(torch.diagonal(r))).float()


def loss_sum(config, output, targets, lengths):
    """(sum of the per-example losses, how many examples the mean divides by) — PyTorch's mean = sum / count."""
    loss = config["loss"]
    if config["headOn"] == "every":
        B, T = output.shape[0], output.shape[1]
        mask = torch.ones(B, T, dtype=torch.bool, device=output.device) if lengths is None else (
            torch.arange(T, device=output.device)[None, :] < lengths.to(output.device)[:, None])
        output, targets = output[mask], targets[mask]
    if loss == "bce":
        return F.binary_cross_entropy_with_logits(output.reshape(-1), targets.float(), reduction="sum"), output.shape[0]
    if loss == "softmax-ce":
        return F.cross_entropy(output, targets, reduction="sum"), output.shape[0]
    return ((output - targets.reshape(output.shape)) ** 2).sum(), output.numel()
