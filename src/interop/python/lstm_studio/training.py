"""
One optimizer step and one evaluation, as LSTM Studio's trainer does them (`src/train/`), on one
process or data-parallel over many (`torchrun`, DistributedDataParallel):

- every process builds the same global batch (same data, same generator) and takes its shard, sequences
  [floor(r*B/S), floor((r+1)*B/S)) — the split LSTM Studio's threads use;
- each process's loss is its shard's *sum* scaled by S / (the global batch's count), so DDP's gradient
  average is the gradient of the global batch's mean loss whatever the shard sizes;
- then clipping by global norm (PyTorch's clip_grad_norm_, the formula LSTM Studio uses), then the step.
"""

import math
import os
from dataclasses import dataclass

import torch
import torch.distributed as dist

from .model import DEFAULT_QUANTILES, SCALE_FLOOR, loss_sum, params_per_value
from .speech import error_rates, greedy_labels


@dataclass
class Processes:
    world: int
    rank: int
    local_rank: int
    device: torch.device

    @property
    def is_main(self):
        return self.rank == 0


def start_processes(device_choice):
    """Reads torchrun's environment (WORLD_SIZE, RANK, LOCAL_RANK); gloo on CPU, nccl on GPU."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    use_cuda = device_choice == "cuda" or (device_choice == "auto" and torch.cuda.is_available())
    if use_cuda and not torch.cuda.is_available():
        raise SystemExit("--device cuda: PyTorch sees no GPU here (torch.cuda.is_available() is False)")
    if use_cuda:
        torch.cuda.set_device(local_rank)
        device = torch.device("cuda", local_rank)
    else:
        device = torch.device("cpu")
    if world > 1:
        dist.init_process_group(backend="nccl" if use_cuda else "gloo")
    return Processes(world, rank, local_rank, device)


def stop_processes(processes):
    if processes.world > 1:
        dist.barrier()
        dist.destroy_process_group()


def make_optimizer(parameters, training):
    kind = training["optimizer"]
    lr, decay = training["lr"], training.get("weightDecay", 0.0)
    if kind == "sgd":
        return torch.optim.SGD(parameters, lr=lr, momentum=training.get("momentum", 0.0), weight_decay=decay)
    optimizer = torch.optim.AdamW if kind == "adamw" else torch.optim.Adam
    return optimizer(parameters, lr=lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=decay)


def learning_rate_at(training, total_steps, step):
    """`learningRateAt` (src/engine/schedule.ts): constant, step (÷10 at each third) or cosine, with linear warm-up."""
    base, warmup, kind = training["lr"], training.get("warmupSteps", 0), training.get("schedule", "constant")
    warm = (step + 1) / warmup if warmup > 0 and step < warmup else 1
    if kind == "step":
        step_size = max(1, round_half_up(total_steps / 3))
        return base * 0.1 ** (step // step_size) * warm
    if kind == "cosine":
        progress = min(1, step / max(1, total_steps))
        return (base * (1 + math.cos(math.pi * progress)) / 2) * warm
    return base * warm


def round_half_up(x):
    return math.floor(x + 0.5)


def to_device(batch, device):
    tensor = lambda a: None if a is None else torch.as_tensor(a).to(device)
    return tensor(batch.tokens), tensor(batch.features), tensor(batch.lengths), tensor(batch.targets)


def example_count(config, batch):
    """What the batch's mean loss divides by: sequences (last-step head, CTC), real steps (per-step head) or values (MSE)."""
    B = batch.size
    if config["loss"] == "ctc":
        return B
    if config["headOn"] == "every":
        steps = int(batch.lengths.sum()) if batch.lengths is not None else B * batch.targets.shape[1]
        return steps * values_per_row(config)
    return B * values_per_row(config)


def values_per_row(config):
    """What one head row adds to a mean loss: its values (MSE; a distribution head's values × levels), else 1."""
    if config["loss"] == "mse":
        return config["outputSize"]
    if config["loss"] == "gaussian-nll":
        return config["outputSize"] // 2
    if config["loss"] == "quantile":
        return config["outputSize"]  # values × levels: the pinball mean is over both
    return 1


def train_step(model, config, batch, optimizer, clip_norm, processes):
    """Zero grads, forward + backward on this process's shard, clip, step. Returns (batch loss, grad norm)."""

    def shard_loss(shard):
        tokens, features, lengths, targets = to_device(shard, processes.device)
        output = model(tokens=tokens, features=features, lengths=lengths)
        return loss_sum(config, output, targets, lengths, target_lengths_of(shard, processes.device))[0]

    return step_on_shards(model, batch, optimizer, clip_norm, processes, example_count(config, batch), shard_loss)


def step_on_shards(model, batch, optimizer, clip_norm, processes, count, shard_loss):
    """One optimizer step: this process's shard's loss *sum* (`shard_loss(shard)`) scaled so DDP's average
    is the gradient of the global batch's mean over `count`; clipping; the step. Returns (loss, grad norm)."""
    optimizer.zero_grad(set_to_none=False)
    B, S, r = batch.size, processes.world, processes.rank
    shard = batch.rows(r * B // S, (r + 1) * B // S)
    weight = 1.0
    if shard.size == 0:
        # More processes than sequences: this one still joins the gradient all-reduce, contributing zero.
        shard, weight = batch.rows(0, 1), 0.0
    total = shard_loss(shard)
    (total * (weight * S / count)).backward()
    summed = (total.detach() * weight).double()
    if S > 1:
        dist.all_reduce(summed)
    loss = summed.item() / count
    parameters = [p for p in model.parameters() if p.grad is not None]
    if clip_norm and clip_norm > 0:
        grad_norm = float(torch.nn.utils.clip_grad_norm_(parameters, clip_norm))
    else:
        grad_norm = float(torch.norm(torch.stack([p.grad.detach().norm(2) for p in parameters]), 2))
    if math.isfinite(loss) and math.isfinite(grad_norm):
        optimizer.step()
    return loss, grad_norm


def target_lengths_of(batch, device):
    """A CTC batch's label counts [B] (speech.SpeechBatch), else None."""
    lengths = getattr(batch, "target_lengths", None)
    return None if lengths is None else torch.as_tensor(lengths).to(device)


@torch.no_grad()
def evaluate(model, config, batches, task, device, target_std=None, symbols=None):
    """Validation metrics as LSTM Studio computes them (src/train/evaluate.ts), model in eval mode."""
    was_training = model.training
    model.eval()
    loss_total, weight_total, correct, examples, abs_sum, square_sum, errors = 0.0, 0, 0, 0, 0.0, 0.0, 0
    transcripts = []
    for batch in batches:
        tokens, features, lengths, targets = to_device(batch, device)
        output = model(tokens=tokens, features=features, lengths=lengths)
        target_lengths = target_lengths_of(batch, device)
        total, count = loss_sum(config, output, targets, lengths, target_lengths)
        weight = count // values_per_row(config) if config["loss"] in ("mse", "gaussian-nll", "quantile") else count
        loss_total += float(total) / count * weight
        weight_total += weight
        if task == "classification":
            predicted = (output.reshape(-1) > 0).long() if config["outputSize"] == 1 else output.argmax(dim=1)
            correct += int((predicted == targets).sum())
            examples += batch.size
        elif task == "forecasting":
            values = targets.shape[-1]
            std = torch.tensor([target_std[k % len(target_std)] for k in range(values)], dtype=torch.float64, device=device)
            error = (point_forecast(config, output, values).double() - targets.double()) * std
            abs_sum += float(error.abs().sum())
            square_sum += float((error * error).sum())
            errors += error.numel()
        elif task == "speech-to-text":
            for b in range(batch.size):
                hypothesis = greedy_labels(output[b], int(lengths[b]))
                reference = targets[b, : int(target_lengths[b])].tolist()
                transcripts.append(("".join(symbols[i] for i in reference), "".join(symbols[i] for i in hypothesis)))
    model.train(was_training)
    if weight_total == 0:
        return {"loss": float("nan")}
    loss = loss_total / weight_total
    if task == "classification":
        return {"loss": loss, "accuracy": correct / examples}
    if task == "speech-to-text":
        char_error_rate, word_error_rate = error_rates(transcripts)
        return {"loss": loss, "charErrorRate": char_error_rate, "wordErrorRate": word_error_rate}
    if task == "language-model":
        return {"loss": loss, "perplexity": math.exp(loss), "bitsPerChar": loss / math.log(2)}
    return {"loss": loss, "mae": abs_sum / errors, "rmse": math.sqrt(square_sum / errors)}


def point_forecast(config, output, values):
    """The point forecast [B, values] of a head: itself (mse), μ (gaussian-nll) or the median of the sorted
    quantiles, interpolated between levels as LSTM Studio does (src/tasks/forecasting/distribution.ts)."""
    P = params_per_value(config)
    if P == 1:
        return output
    y = output.reshape(output.shape[0], values, P)
    if config["loss"] == "gaussian-nll":
        return y[..., 0]
    return interpolate_quantile(config.get("quantiles") or DEFAULT_QUANTILES, y.sort(dim=-1).values, 0.5)


def interpolate_quantile(levels, sorted_values, level):
    """The value at `level` on the piecewise-linear curve through (levels[q], values[..., q])."""
    if level <= levels[0]:
        return sorted_values[..., 0]
    for q in range(1, len(levels)):
        if level <= levels[q]:
            share = (level - levels[q - 1]) / (levels[q] - levels[q - 1])
            return sorted_values[..., q - 1] + share * (sorted_values[..., q] - sorted_values[..., q - 1])
    return sorted_values[..., -1]


# Φ⁻¹(0.9): a Gaussian's 80 % interval is μ ± this × σ.
Z_90 = 1.2815515655446004


def level_pairs(levels):
    """A quantile head's level pairs (lowest with highest, outermost first) on either side of 0.5, as
    LSTM Studio's calibration pairs them (src/tasks/forecasting/calibration.ts)."""
    pairs = []
    for p in range(len(levels) // 2):
        if not (levels[p] < 0.5 < levels[-1 - p]):
            break
        pairs.append((p, len(levels) - 1 - p))
    return pairs


def decode_distribution(config, output, calibration=None):
    """A distribution head's output [B, values × P] → (median, lower, upper) [B, values] of the central 80 %
    interval, in normalised units, as LSTM Studio's decodeForecast gives them; None for a point head.
    `calibration`: the checkpoint's dataset `forecastCalibration` (fitted on validation windows), applied
    as LSTM Studio does: a Gaussian's σ times its multiplier per value; a quantile head's sorted level pairs
    widened by their correction per value, sorted again; the median is the head's own."""
    P = params_per_value(config)
    if P == 1:
        return None
    y = output.reshape(output.shape[0], -1, P).double()
    corrections = None if calibration is None else torch.tensor(calibration["corrections"], dtype=torch.float64)
    if config["loss"] == "gaussian-nll":
        sigma = torch.nn.functional.softplus(y[..., 1]) + SCALE_FLOOR
        if corrections is not None:
            sigma = sigma * corrections
        return y[..., 0], y[..., 0] - Z_90 * sigma, y[..., 0] + Z_90 * sigma
    levels = config.get("quantiles") or DEFAULT_QUANTILES
    ordered = y.sort(dim=-1).values
    median = interpolate_quantile(levels, ordered, 0.5)
    if corrections is not None:
        pairs = level_pairs(levels)
        widening = corrections.reshape(-1, len(pairs))
        ordered = ordered.clone()
        for p, (low, high) in enumerate(pairs):
            ordered[..., low] -= widening[:, p]
            ordered[..., high] += widening[:, p]
        ordered = ordered.sort(dim=-1).values
    return median, interpolate_quantile(levels, ordered, 0.1), interpolate_quantile(levels, ordered, 0.9)
