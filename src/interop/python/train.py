#!/usr/bin/env python3
"""
Trains the exported LSTM Studio model in PyTorch: on one CPU, one GPU, or data-parallel over several
processes and machines with torchrun (DistributedDataParallel; gloo on CPU, nccl on GPU).

    python train.py                                      # this machine, CPU or its GPU
    torchrun --standalone --nproc_per_node 4 train.py    # 4 processes here
    python train.py --init-from initial.safetensors      # the exported run's first step, step for step

Writes a run folder like LSTM Studio's (run.json, metrics.csv, last.safetensors, best.safetensors);
the checkpoints open in LSTM Studio. See README.md. A sequence-to-sequence run's validation metrics (loss,
tokenAccuracy, exactMatch, tokenErrorRate, charErrorRate, bleu, chrF) are printed at every evaluation and
in the summary (`--json`: its "final"), and kept in run.json's best/final.
"""

import argparse
import json
import math
import os
import sys
import time
from datetime import datetime

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from lstm_studio import model as single_stack, seq2seq  # noqa: E402
from lstm_studio.audio_data import prepare_audio  # noqa: E402
from lstm_studio.checkpoint import build_model, load_weights, now_iso, save_checkpoint, studio_metadata  # noqa: E402
from lstm_studio.data import prepare_dataset  # noqa: E402
from lstm_studio.rng import Random, derive_seed  # noqa: E402
from lstm_studio.seq2seq_training import evaluate_seq2seq, seq2seq_train_step  # noqa: E402
from lstm_studio.training import (  # noqa: E402
    evaluate, learning_rate_at, make_optimizer, start_processes, stop_processes, train_step)

METRIC_COLUMNS = ["loss", "accuracy", "perplexity", "bitsPerChar", "mae", "rmse"]


def parse_arguments(export):
    training = export["training"]
    parser = argparse.ArgumentParser(description=f"Train {export['architecture']} on {export['dataset']['metadata']['file']} in PyTorch.")
    parser.add_argument("--data", default=export["dataset"]["path"], help="the dataset file (default: the one the run trained on)")
    parser.add_argument("--out", help="run folder to write (default: runs/<time>-<dataset>)")
    parser.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto", help="auto: the GPU when there is one")
    parser.add_argument("--init-from", help="start from these weights, e.g. checkpoint.safetensors (the exported model) or initial.safetensors (the run's first step)")
    parser.add_argument("--steps", type=int, default=training["maxSteps"], help="stop after this many optimizer steps (0 = the epochs decide)")
    parser.add_argument("--epochs", type=int, default=training["epochs"])
    parser.add_argument("--batch-size", type=int, default=training["batchSize"], help="global batch, split over the processes")
    parser.add_argument("--lr", type=float, default=training["lr"])
    parser.add_argument("--seed", type=int, default=training["seed"], help="split, data order and initialisation")
    parser.add_argument("--log-every", type=int, default=50, help="print the loss every N steps (0 = only epochs)")
    parser.add_argument("--json", action="store_true", help="print one JSON object per event instead of text")
    return parser.parse_args()


def teacher_forcing_at(training, total_steps, step):
    """The teacher-forcing share at step `step` (0-based): constant, or linear to `teacherForcingEnd` (src/engine/schedule.ts)."""
    start, end = training.get("teacherForcing", 1), training.get("teacherForcingEnd")
    if end is None:
        return start
    progress = min(1, step / (total_steps - 1)) if total_steps > 1 else 1
    return start + (end - start) * progress


def main():
    with open(os.path.join(HERE, "run_config.json"), encoding="utf-8") as handle:
        export = json.load(handle)
    args = parse_arguments(export)
    if not args.data:
        raise SystemExit("this export does not know where the dataset is: pass --data PATH")
    training = dict(export["training"], maxSteps=args.steps, epochs=args.epochs, batchSize=args.batch_size, lr=args.lr, seed=args.seed)
    config = export["model"]
    processes = start_processes(args.device)
    say = make_printer(processes.is_main, args.json)

    if export["dataset"]["metadata"].get("audio") and not export.get("audioListing"):
        raise SystemExit(f"{args.data}: this export does not list the run's recordings (it was made without the dataset's folder): export the run again with it")
    if export.get("audioListing"):  # an audio run: its recordings, as the exporter listed them
        data = prepare_audio(args.data, export["dataset"]["metadata"], export["audioListing"],
                             training["validationFraction"], training["seed"])
    else:
        data = prepare_dataset(args.data, export["dataset"]["metadata"], export.get("vocab"), export.get("normalization"),
                               training["validationFraction"], training["seed"])
    for warning in data.warnings:
        say("warning", f"warning: {warning}", message=warning)
    batcher = data.make_train_batcher(training["batchSize"], training["seqLen"], Random(derive_seed(training["seed"], 1)))
    is_pairs = data.task == "seq2seq"
    if is_pairs:  # LSTM Studio's validation sample of a large split, as the run scored it
        validation = data.make_validation_batches(training["batchSize"], training["seqLen"], training)
    else:
        validation = data.make_validation_batches(training["batchSize"], training["seqLen"])

    torch.manual_seed(derive_seed(training["seed"], 2))
    model = build_model(config)
    if args.init_from:
        load_weights(model, args.init_from)
    else:
        scheme = seq2seq if is_pairs else single_stack
        scheme.initialize(model, config["init"], torch.Generator().manual_seed(derive_seed(training["seed"], 0)))
    # Scheduled sampling's draws (teacher forcing < 1) come from LSTM Studio's dropout stream, as there.
    sampling_random = Random(derive_seed(training["seed"], 2))
    model.to(processes.device).train()
    ddp = DistributedDataParallel(model, device_ids=[processes.local_rank] if processes.device.type == "cuda" else None) if processes.world > 1 else model
    optimizer = make_optimizer(model.parameters(), training)

    steps_per_epoch = batcher.batches_per_epoch
    planned = training["epochs"] * steps_per_epoch
    total_steps = min(training["maxSteps"], planned) if training["maxSteps"] > 0 else planned
    run_dir = agree_on_run_folder(args.out, args.data, processes)
    run = RunFolder(run_dir, export, training, args.data, total_steps, processes) if processes.is_main else None
    say("run-started", f"{export['architecture']} on {args.data}: {total_steps} steps on {processes.world} process(es), {processes.device}; writing {run_dir}",
        runDir=run_dir, totalSteps=total_steps, processes=processes.world, device=str(processes.device))

    started = time.perf_counter()
    step, epoch, best, since_best, history = 0, 0, None, 0, {"evaluations": [], "epochs": []}
    status, reason = "finished", None

    def run_evaluation():
        if is_pairs:
            return evaluate_seq2seq(model, validation, data, processes.device)
        return evaluate(model, config, validation, data.task, processes.device, data.target_std,
                        export["dataset"]["metadata"].get("symbols"))

    def validate():
        nonlocal best, since_best
        if not processes.is_main or not validation:
            return None
        metrics = run_evaluation()
        record = {"step": step, "epoch": epoch, "time": time.perf_counter() - started, "metrics": metrics}
        history["evaluations"].append(record)
        run.log_evaluation(record)
        if math.isfinite(metrics["loss"]) and (best is None or metrics["loss"] < best["metrics"]["loss"] - training["minDelta"]):
            best, since_best = record, 0
            run.save("best.safetensors", model, None, step, epoch, history)
        else:
            since_best += 1
        say("evaluation", f"step {step}: validation {format_metrics(metrics)}", **record)
        return metrics

    while epoch < training["epochs"] and step < total_steps and status == "finished":
        batcher.start_epoch()
        batch_in_epoch, loss_sum = 0, 0.0
        while True:
            batch = batcher.next_batch()
            if batch is None:
                break
            lr = learning_rate_at(training, total_steps, step)
            for group in optimizer.param_groups:
                group["lr"] = lr
            if is_pairs:
                loss, grad_norm = seq2seq_train_step(ddp, model, batch, optimizer, training["clipNorm"], processes,
                                                     teacher_forcing_at(training, total_steps, step), sampling_random)
            else:
                loss, grad_norm = train_step(ddp, config, batch, optimizer, training["clipNorm"], processes)
            if not (math.isfinite(loss) and math.isfinite(grad_norm)):
                status, reason = "failed", f"training diverged at step {step + 1}: loss {loss}, gradient norm {grad_norm}"
                break
            step += 1
            batch_in_epoch += 1
            loss_sum += loss
            if run:
                run.log_step(step, epoch, time.perf_counter() - started, loss, lr, grad_norm)
            if args.log_every > 0 and step % args.log_every == 0:
                say("progress", f"step {step}/{total_steps}  loss {loss:.4f}  lr {lr:.3g}  grad norm {grad_norm:.3g}", step=step, loss=loss, lr=lr, gradNorm=grad_norm)
            every = training.get("validateEverySteps", 0)
            if every > 0 and step % every == 0 and batch_in_epoch < steps_per_epoch:
                validate()
            if step >= total_steps:
                break
        if status != "finished" or batch_in_epoch < steps_per_epoch:
            break
        validate()
        history["epochs"].append({"epoch": epoch, "step": step, "trainLoss": loss_sum / max(1, batch_in_epoch)})
        epoch += 1
        if run:
            run.save("last.safetensors", model, optimizer, step, epoch, history)
        patience = training.get("patience", 0)
        # Only the first process validates: it decides, and every process follows.
        if patience > 0 and agree(processes, since_best >= patience):
            reason = f"early stopping: no improvement of the validation loss for {patience} evaluations"
            break

    final = None
    if processes.is_main:
        if reason and best is not None and training.get("restoreBest", True):
            load_weights(model, os.path.join(run_dir, "best.safetensors"))  # as LSTM Studio does after early stopping
        if status == "finished" and validation:
            final = run_evaluation()
        run.save("last.safetensors", model, optimizer, step, epoch, history)
        run.finish(status, step, epoch, time.perf_counter() - started, best, final, reason)
    say("summary", f"{status} after {step} steps in {time.perf_counter() - started:.1f} s" + (f": {format_metrics(final)}" if final else "") + f"; checkpoints in {run_dir}",
        status=status, steps=step, runDir=run_dir, final=final, reason=reason)
    stop_processes(processes)
    return 0 if status == "finished" else 1


def make_printer(is_main, as_json):
    def say(kind, text, **fields):
        if is_main:
            print(json.dumps({"type": kind, **fields}) if as_json else text, flush=True)
    return say


def format_metrics(metrics):
    return ", ".join(f"{k} {v:.4g}" for k, v in metrics.items())


def agree(processes, decision):
    """Rank 0's decision, on every process."""
    if processes.world == 1:
        return decision
    flag = torch.tensor([1 if decision else 0], device=processes.device)
    dist.broadcast(flag, src=0)
    return bool(flag.item())


def agree_on_run_folder(out, data_path, processes):
    """Rank 0 names the folder (its clock); every process uses that name."""
    name = [out or os.path.join("runs", f"{datetime.now():%Y%m%d-%H%M%S}-{os.path.splitext(os.path.basename(data_path))[0]}")]
    if processes.world > 1:
        dist.broadcast_object_list(name, src=0)
    return name[0]


class RunFolder:
    """run.json, metrics.csv and the checkpoints, in LSTM Studio's formats (docs/formats.md)."""

    def __init__(self, run_dir, export, training, data_path, total_steps, processes):
        os.makedirs(run_dir, exist_ok=True)
        self.dir, self.export, self.training = run_dir, export, training
        self.metrics = open(os.path.join(run_dir, "metrics.csv"), "w", encoding="utf-8")
        self.metrics.write(",".join(["kind", "step", "epoch", "time", "loss", "lr", "grad_norm"] + [f"val_{m}" for m in METRIC_COLUMNS]) + "\n")
        self.manifest = None
        if export.get("manifest"):
            created = now_iso()
            self.manifest = dict(export["manifest"], id=os.path.basename(os.path.abspath(run_dir)), status="running", created=created, updated=created,
                                 config=training, step=0, epoch=0, totalSteps=total_steps, elapsedSeconds=0, best=None, final=None, threads=processes.world)
            self.manifest["dataset"] = dict(self.manifest["dataset"], path=os.path.abspath(data_path))
            self.manifest.pop("message", None)
            self._write_manifest()

    def log_step(self, step, epoch, seconds, loss, lr, grad_norm):
        self.metrics.write(",".join(["train", str(step), str(epoch), number(seconds), number(loss), number(lr), number(grad_norm)] + [""] * len(METRIC_COLUMNS)) + "\n")

    def log_evaluation(self, record):
        metrics = record["metrics"]
        self.metrics.write(",".join(["validation", str(record["step"]), str(record["epoch"]), number(record["time"]), "", "", ""] + [number(metrics.get(m)) for m in METRIC_COLUMNS]) + "\n")
        self.metrics.flush()

    def save(self, name, model, optimizer, step, epoch, history):
        metadata = studio_metadata(self.export, self.training, step, epoch, history)
        save_checkpoint(os.path.join(self.dir, name), model, metadata, optimizer)

    def finish(self, status, step, epoch, seconds, best, final, reason):
        self.metrics.close()
        if self.manifest is not None:
            self.manifest.update(status=status, updated=now_iso(), step=step, epoch=epoch, elapsedSeconds=seconds, best=best, final=final)
            if reason:
                self.manifest["message"] = reason
            self._write_manifest()

    def _write_manifest(self):
        path = os.path.join(self.dir, "run.json")
        with open(path + ".tmp", "w", encoding="utf-8") as out:
            json.dump(self.manifest, out, indent=2, ensure_ascii=False)
            out.write("\n")
        os.replace(path + ".tmp", path)


def number(value):
    if value is None:
        return ""
    return "NaN" if isinstance(value, float) and math.isnan(value) else repr(float(value))


if __name__ == "__main__":
    sys.exit(main())
