"""
LSTM Studio's encoder–decoder (`src/engine/encoder-decoder.ts`, `attention.ts`) as PyTorch modules with the
checkpoint's names, so its checkpoints load both ways:

    encoder.embedding  nn.Embedding(source vocabulary, embeddingDim, padding_idx=0)
    encoder.lstm       nn.LSTM(embeddingDim, hiddenSize, numLayers, batch_first=True)  (or encoder.gru)
    decoder.embedding  nn.Embedding(target vocabulary, embeddingDim, padding_idx=0)
    decoder.lstm       the same stack over the target, started from the encoder's final (h, c)
    attention          Luong `dot` e = q·m, `general` e = q·(W_a m), Bahdanau `additive`
                       e = v·tanh(W_q q + W_m m + b_m); softmax over the source positions below each
                       length; attentional state tanh(W_c [context; q])       (absent for `none`)
    head               nn.Linear(hiddenSize, target vocabulary)

Both stacks run on packed sequences, so the encoder's final state is each source's last real step and
padding changes nothing. The loss is the cross-entropy over the target tokens below each decoder length,
summed here (the caller divides by the batch's token count).
"""

import math

import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from .model import initialize_embedding, initialize_linear, initialize_recurrent, recurrent_layout

PAD_ID, UNK_ID, SOS_ID, EOS_ID = 0, 1, 2, 3
# Never produced by a decode (src/tasks/seq2seq/pair-codec.ts).
FORBIDDEN_OUTPUTS = (PAD_ID, UNK_ID, SOS_ID)


class Side(nn.Module):
    """One half: embedding → recurrent stack (registered under the cell's name: `lstm` or `gru`)."""

    def __init__(self, vocab_size, config, cell):
        super().__init__()
        layers = config["numLayers"]
        self.cell = cell
        self.embedding = nn.Embedding(vocab_size, config["embeddingDim"], padding_idx=config["paddingIdx"])
        recurrent = (nn.GRU if cell == "gru" else nn.LSTM)(
            config["embeddingDim"], config["hiddenSize"], num_layers=layers,
            dropout=config["dropout"] if layers > 1 else 0.0, batch_first=True)
        self.add_module(cell, recurrent)

    @property
    def recurrent(self):
        return getattr(self, self.cell)

    def forward(self, ids, lengths, state=None):
        """outputs [B, T, H] (zeros past each length), final state at each sequence's last real step."""
        packed = pack_padded_sequence(self.embedding(ids), lengths.cpu(), batch_first=True, enforce_sorted=False)
        output, state = self.recurrent(packed, state)
        return pad_packed_sequence(output, batch_first=True, total_length=ids.shape[1])[0], state

    def step(self, ids, state):
        """One step of every row: ids [B, 1] → outputs [B, 1, H], the next state."""
        return self.recurrent(self.embedding(ids), state)


class Attention(nn.Module):
    def __init__(self, score, hidden_size, attention_size):
        super().__init__()
        self.score = score
        H, A = hidden_size, attention_size
        if score == "general":
            self.W_a = nn.Linear(H, H, bias=False)
        if score == "additive":
            self.W_q = nn.Linear(H, A, bias=False)
            self.W_m = nn.Linear(H, A)
            self.v = nn.Linear(A, 1, bias=False)
        self.W_c = nn.Linear(2 * H, H, bias=False)

    def forward(self, query, memory, lengths):
        """y [B, Tq, H], weights [B, Tq, Tm] ← query [B, Tq, H], memory [B, Tm, H] (rows past lengths masked)."""
        if self.score == "dot":
            scores = query @ memory.transpose(1, 2)
        elif self.score == "general":
            scores = query @ self.W_a(memory).transpose(1, 2)
        else:
            scores = self.v(torch.tanh(self.W_q(query).unsqueeze(2) + self.W_m(memory).unsqueeze(1))).squeeze(3)
        padding = torch.arange(memory.shape[1], device=memory.device)[None, :] >= lengths.to(memory.device)[:, None]
        weights = torch.softmax(scores.masked_fill(padding[:, None, :], float("-inf")), dim=2)
        return torch.tanh(self.W_c(torch.cat([weights @ memory, query], dim=2))), weights


class Seq2seqStudioModel(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.config = dict(config)
        decoder = config["decoder"]
        cell, bidirectional, projection = recurrent_layout(config)
        if bidirectional or projection:
            raise ValueError("model config: LSTM Studio's encoder–decoder has no bidirectional or projected stacks")
        self.cell = cell
        self.encoder = Side(config["vocabSize"], config, cell)
        self.decoder = Side(decoder["vocabSize"], config, cell)
        kind = decoder["attention"]
        self.attention = None if kind == "none" else Attention(kind, config["hiddenSize"], decoder["attentionSize"])
        self.head = nn.Linear(config["hiddenSize"], decoder["vocabSize"])
        self.last_attention = None

    def forward(self, tokens, lengths, decoder_tokens, decoder_lengths):
        """Teacher-forced logits [B, Td, V]: source ids [B, Ts] and lengths, decoder inputs [B, Td] and lengths."""
        memory, state = self.encoder(tokens, lengths)
        decoded, _ = self.decoder(decoder_tokens, decoder_lengths, state)
        self.last_attention = None
        if self.attention is not None:
            decoded, self.last_attention = self.attention(decoded, memory, lengths)
        return self.head(decoded)


def initialize(model, scheme, generator):
    """LSTM Studio's schemes in its parameter order (seq2seq-model.ts), drawn from a torch generator."""
    config = model.config
    H = config["hiddenSize"]
    with torch.no_grad():
        for side in (model.encoder, model.decoder):
            initialize_embedding(side.embedding.weight, config["paddingIdx"], scheme, generator)
            initialize_recurrent(side.recurrent, model.cell, H, scheme, generator)
        attention = model.attention
        if attention is not None:
            for name in ("W_a", "W_q", "W_m", "v", "W_c"):
                linear = getattr(attention, name, None)
                if linear is not None:
                    initialize_linear(linear.weight, linear.bias, scheme, generator)
        initialize_linear(model.head.weight, model.head.bias, scheme, generator)


def masked_loss_sum(logits, targets, decoder_lengths):
    """(sum of the cross-entropy over the target tokens below each length, how many there are)."""
    steps = logits.shape[1]
    valid = torch.arange(steps, device=logits.device)[None, :] < decoder_lengths.to(logits.device)[:, None]
    return F.cross_entropy(logits[valid], targets[valid], reduction="sum"), int(valid.sum())


@torch.no_grad()
def greedy_decode(model, tokens, lengths, max_length):
    """`greedyDecode`: each source's output ids (no <sos>/<eos>), the most likely allowed token at every step."""
    memory, state = model.encoder(tokens, lengths)
    B = tokens.shape[0]
    inputs = torch.full((B, 1), SOS_ID, dtype=torch.long, device=tokens.device)
    outputs, finished = [[] for _ in range(B)], [False] * B
    for _ in range(max_length):
        if all(finished):
            break
        decoded, state = model.decoder.step(inputs, state)
        if model.attention is not None:
            decoded, _ = model.attention(decoded, memory, lengths)
        logits = model.head(decoded)[:, 0].double()
        logits[:, list(FORBIDDEN_OUTPUTS)] = -math.inf
        best = logits.argmax(dim=1)
        for b, token in enumerate(best.tolist()):
            if finished[b]:
                continue  # finished rows keep stepping; their output is not read
            if token == EOS_ID:
                finished[b] = True
            else:
                outputs[b].append(token)
        inputs = best[:, None]
    return outputs
