"""
The sequence-to-sequence step and evaluation, as LSTM Studio does them (`src/engine/seq2seq-model.ts`,
`src/tasks/seq2seq/metrics.ts`):

- the loss is the mean cross-entropy over the global batch's valid target tokens (each process's shard
  weighted by its tokens, so DDP's average is the one-process gradient);
- teacher forcing below 1 is parallel scheduled sampling: a first teacher-forced pass (no dropout, no
  gradient) gives the model's greedy token at every step, and each decoder input after `<sos>` is replaced
  by the prediction of it with probability 1 − ratio; the draws come from LSTM Studio's generator (the
  dropout stream), in its order (pair by pair, step by step), over the whole global batch on every process;
- validation: loss and token accuracy from the teacher-forced pass, then a greedy decode of every source
  for exact match, token and character error rates, corpus BLEU and chrF.
"""

import torch

from .seq2seq import greedy_decode, masked_loss_sum
from .text_metrics import corpus_bleu, corpus_chrf, edit_distance
from .training import step_on_shards

METRIC_NAMES = ["loss", "tokenAccuracy", "exactMatch", "tokenErrorRate", "charErrorRate", "bleu", "chrF"]


def pair_tensors(batch, device):
    tensor = lambda a: torch.as_tensor(a).to(device)
    return (tensor(batch.tokens), tensor(batch.lengths), tensor(batch.decoder_tokens),
            tensor(batch.decoder_lengths), tensor(batch.targets))


def draw_replacements(batch, ratio, random):
    """Per pair of the global batch, the decoder steps t ≥ 1 whose input becomes the model's prediction."""
    replaced = []
    for length in batch.decoder_lengths.tolist():
        replaced.append([t for t in range(1, length) if not random.uniform() < ratio])
    return replaced


@torch.no_grad()
def mixed_decoder_inputs(model, tensors, replaced):
    """The decoder inputs with the chosen steps' tokens replaced by argmax of the previous step's logits."""
    tokens, lengths, decoder_tokens, decoder_lengths, _ = tensors
    was_training = model.training
    model.eval()  # LSTM Studio's first pass runs without dropout
    predicted = model(tokens, lengths, decoder_tokens, decoder_lengths).argmax(dim=2)
    model.train(was_training)
    mixed = decoder_tokens.clone()
    for b, steps in enumerate(replaced):
        for t in steps:
            mixed[b, t] = predicted[b, t - 1]
    return mixed


def seq2seq_train_step(ddp, model, batch, optimizer, clip_norm, processes, teacher_forcing, random):
    """One step on a pair batch (see the module comment). `model` is the bare module, `ddp` its wrapper."""
    count = int(batch.decoder_lengths.sum())
    replaced = draw_replacements(batch, teacher_forcing, random) if teacher_forcing < 1 else None
    B, S, r = batch.size, processes.world, processes.rank
    first = r * B // S if (r + 1) * B // S > r * B // S else 0  # the shard's first pair (row 0 for an empty shard)

    def shard_loss(shard):
        tensors = pair_tensors(shard, processes.device)
        tokens, lengths, decoder_tokens, decoder_lengths, targets = tensors
        if replaced is not None:
            decoder_tokens = mixed_decoder_inputs(model, tensors, replaced[first:first + shard.size])
        logits = ddp(tokens, lengths, decoder_tokens, decoder_lengths)
        return masked_loss_sum(logits, targets, decoder_lengths)[0]

    return step_on_shards(model, batch, optimizer, clip_norm, processes, count, shard_loss)


@torch.no_grad()
def evaluate_seq2seq(model, batches, data, device):
    """The validation metrics of src/tasks/seq2seq/metrics.ts, model in eval mode."""
    was_training = model.training
    model.eval()
    loss_total, token_total, correct = 0.0, 0, 0
    exact, examples, token_edits, reference_tokens, char_edits, reference_chars = 0, 0, 0, 0, 0, 0
    hypotheses, references = [], []
    vocab = data.target_vocab
    for batch in batches:
        tokens, lengths, decoder_tokens, decoder_lengths, targets = pair_tensors(batch, device)
        logits = model(tokens, lengths, decoder_tokens, decoder_lengths)
        total, count = masked_loss_sum(logits, targets, decoder_lengths)
        loss_total += float(total.double())
        token_total += count
        valid = torch.arange(logits.shape[1], device=device)[None, :] < decoder_lengths[:, None]
        correct += int(((logits.argmax(dim=2) == targets) & valid).sum())
        outputs = greedy_decode(model, tokens, lengths, data.max_output_length)
        for b, output in enumerate(outputs):
            reference = batch.targets[b, :batch.decoder_lengths[b] - 1].tolist()  # without <eos>
            reference_text = vocab.text_of(reference)
            output_text = vocab.text_of(output)
            examples += 1
            exact += output == reference
            token_edits += edit_distance(output, reference)
            reference_tokens += len(reference)
            char_edits += edit_distance(list(output_text), list(reference_text))
            reference_chars += len(reference_text)
            hypotheses.append(output_text)
            references.append(reference_text)
    model.train(was_training)
    if token_total == 0:
        return {"loss": float("nan")}
    return {
        "loss": loss_total / token_total,
        "tokenAccuracy": correct / token_total,
        "exactMatch": exact / examples,
        "tokenErrorRate": token_edits / max(1, reference_tokens),
        "charErrorRate": char_edits / max(1, reference_chars),
        "bleu": corpus_bleu(hypotheses, references),
        "chrF": corpus_chrf(hypotheses, references),
    }
