#!/usr/bin/env python3
"""
Runs a checkpoint (LSTM Studio's or this project's) on inputs from a JSON file and writes its outputs as
JSON — to check that PyTorch and LSTM Studio compute the same thing on the same inputs.

    python forward.py best.safetensors --input inputs.json --output outputs.json

inputs.json: {"tokens": [[ids…], …]} or {"features": [[[values…], …], …]}, optionally "lengths": [n, …]
(right-padded sequences). outputs.json: {"shape": [...], "output": [flat row-major floats]}.

A sequence-to-sequence checkpoint reads {"tokens": source ids [B][Ts], "lengths": [B], "decoderTokens":
[B][Td] (<sos> y1 … ), "decoderLengths": [B]} and, optionally, "maxLength" (default: the checkpoint's,
as LSTM Studio decodes); it writes the teacher-forced logits ("shape" [B, Td, V], "output"), the attention
weights ("attention", [B, Td, Ts] flat, or null) and a greedy decode of each source ("greedy": output ids
without <sos>/<eos>).
"""

import argparse
import json
import math
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lstm_studio.checkpoint import load_model  # noqa: E402
from lstm_studio.seq2seq import greedy_decode  # noqa: E402
from lstm_studio.training import decode_distribution  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[1].strip())
    parser.add_argument("checkpoint")
    parser.add_argument("--input", required=True)
    parser.add_argument("--output", help="default: print to stdout")
    args = parser.parse_args()
    model, metadata = load_model(args.checkpoint)
    with open(args.input, encoding="utf-8") as handle:
        inputs = json.load(handle)
    if "decoderTokens" in inputs:
        text = json.dumps(run_pairs(model, metadata, inputs))
    else:
        tokens = torch.tensor(inputs["tokens"], dtype=torch.long) if "tokens" in inputs else None
        features = torch.tensor(inputs["features"], dtype=torch.float32) if "features" in inputs else None
        lengths = torch.tensor(inputs["lengths"], dtype=torch.long) if "lengths" in inputs else None
        with torch.no_grad():
            output = model(tokens=tokens, features=features, lengths=lengths)
        answer = {"shape": list(output.shape), "output": output.reshape(-1).tolist()}
        # A forecaster's interval calibration, fitted on validation windows, is in its dataset description.
        calibration = json.loads(metadata["dataset"]).get("forecastCalibration") if "dataset" in metadata else None
        decoded = decode_distribution(json.loads(metadata["config"]), output, calibration)
        if decoded is not None:
            # A forecaster with a distribution head: the median and the 80 % interval per value (normalised units).
            answer["median"], answer["lower"], answer["upper"] = (part.reshape(-1).tolist() for part in decoded)
        text = json.dumps(answer)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            out.write(text)
    else:
        print(text)


def run_pairs(model, metadata, inputs):
    """An encoder–decoder on source and decoder ids: teacher-forced logits, attention, greedy outputs."""
    long = lambda name: torch.tensor(inputs[name], dtype=torch.long)
    tokens, lengths = long("tokens"), long("lengths")
    max_length = inputs.get("maxLength")
    if max_length is None:  # src/tasks/seq2seq/pair-codec.ts
        max_length = math.ceil(json.loads(metadata["dataset"])["maxTargetLength"] * 1.5) + 5
    with torch.no_grad():
        logits = model(tokens, lengths, long("decoderTokens"), long("decoderLengths"))
        attention = model.last_attention
    return {
        "shape": list(logits.shape),
        "output": logits.reshape(-1).tolist(),
        "attention": None if attention is None else attention.reshape(-1).tolist(),
        "greedy": greedy_decode(model, tokens, lengths, max_length),
    }


if __name__ == "__main__":
    main()
