#!/usr/bin/env python3
"""
Runs a checkpoint (LSTM Studio's or this project's) on inputs from a JSON file and writes its outputs as
JSON — to check that PyTorch and LSTM Studio compute the same thing on the same inputs.

    python forward.py best.safetensors --input inputs.json --output outputs.json

inputs.json: {"tokens": [[ids…], …]} or {"features": [[[values…], …], …]}, optionally "lengths": [n, …]
(right-padded sequences). outputs.json: {"shape": [...], "output": [flat row-major floats]}.
"""

import argparse
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lstm_studio.checkpoint import load_model  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[1].strip())
    parser.add_argument("checkpoint")
    parser.add_argument("--input", required=True)
    parser.add_argument("--output", help="default: print to stdout")
    args = parser.parse_args()
    model, _ = load_model(args.checkpoint)
    with open(args.input, encoding="utf-8") as handle:
        inputs = json.load(handle)
    tokens = torch.tensor(inputs["tokens"], dtype=torch.long) if "tokens" in inputs else None
    features = torch.tensor(inputs["features"], dtype=torch.float32) if "features" in inputs else None
    lengths = torch.tensor(inputs["lengths"], dtype=torch.long) if "lengths" in inputs else None
    with torch.no_grad():
        output = model(tokens=tokens, features=features, lengths=lengths)
    text = json.dumps({"shape": list(output.shape), "output": output.reshape(-1).tolist()})
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            out.write(text)
    else:
        print(text)


if __name__ == "__main__":
    main()
