"""
LSTM Studio checkpoints (safetensors, DESIGN.md §4) without the `safetensors` package: an 8-byte
little-endian header length, a JSON header (`dtype`, `shape`, `data_offsets` per tensor and
`__metadata__`, a map of string to string), then the raw little-endian bytes. Files written here open in
LSTM Studio's checkpoint editor, gate heatmaps and Predict on Selection.
"""

import json
import os
import struct
import tempfile
from datetime import datetime, timezone

import numpy as np
import torch

from .model import LstmStudioModel
from .seq2seq import Seq2seqStudioModel

STUDIO_FORMAT = "lstm-studio/1"
_NUMPY = {"F32": np.float32, "F64": np.float64, "F16": np.float16}


def read_safetensors(path):
    """({name: float32 tensor}, metadata). F32, F64, F16 and BF16 tensors are read as float32."""
    with open(path, "rb") as handle:
        data = handle.read()
    if len(data) < 8:
        raise ValueError(f"{path}: not a safetensors file (shorter than 8 bytes)")
    (header_length,) = struct.unpack("<Q", data[:8])
    if 8 + header_length > len(data):
        raise ValueError(f"{path}: the header length {header_length} runs past the end of the file")
    header = json.loads(data[8:8 + header_length])
    metadata = header.pop("__metadata__", {}) or {}
    start = 8 + header_length
    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        raw = data[start + begin:start + end]
        if info["dtype"] == "BF16":
            # bfloat16 is the top half of a float32
            array = (np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16).view(np.float32)
        elif info["dtype"] in _NUMPY:
            array = np.frombuffer(raw, dtype=np.dtype(_NUMPY[info["dtype"]]).newbyteorder("<")).astype(np.float32)
        else:
            continue  # integer tensors are not parameters of ours
        tensors[name] = torch.from_numpy(array.reshape(info["shape"]).copy())
    return tensors, metadata


def write_safetensors(path, tensors, metadata):
    """Writes float32 tensors atomically (a temporary file in the same folder, then a rename)."""
    header, chunks, offset = {}, [], 0
    for name, tensor in tensors.items():
        raw = tensor.detach().to("cpu", torch.float32).contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensor.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    header["__metadata__"] = metadata
    text = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=os.path.basename(path) + ".tmp-", dir=directory)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(struct.pack("<Q", len(text)))
            out.write(text)
            for chunk in chunks:
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def now_iso():
    """`2025-01-31T12:00:00.000Z`, the form LSTM Studio writes and checks."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def studio_metadata(export, training, step, epoch, history):
    """The `__metadata__` of DESIGN.md §4, from the exported run's description and this run's progress."""
    metadata = {
        "format": STUDIO_FORMAT,
        "config": json.dumps(export["model"]),
        "dataset": json.dumps(export["dataset"]["metadata"], ensure_ascii=False),
        "history": json.dumps(history),
        "step": str(step),
        "epoch": str(epoch),
        "seed": str(training["seed"]),
        "created": now_iso(),
        "training": json.dumps(training),
        "trainedWith": "pytorch " + torch.__version__,
    }
    if export.get("vocab") is not None:
        metadata["vocab"] = json.dumps(export["vocab"], ensure_ascii=False)
    if export.get("normalization") is not None:
        metadata["normalization"] = json.dumps(export["normalization"])
    return metadata


def save_checkpoint(path, model, metadata, optimizer=None):
    """The model's weights under their PyTorch names (+ the optimizer's moments as `optimizer.<slot>.<name>`)."""
    tensors = dict(model.state_dict())
    if optimizer is not None:
        names = {id(p): n for n, p in model.named_parameters()}
        for group in optimizer.param_groups:
            for p in group["params"]:
                for slot, value in optimizer.state.get(p, {}).items():
                    if torch.is_tensor(value) and value.shape == p.shape:
                        tensors[f"optimizer.{slot}.{names[id(p)]}"] = value
    write_safetensors(path, tensors, metadata)


def load_weights(model, path):
    """Copies a checkpoint's parameters (LSTM Studio's or this project's) into `model`; returns its metadata."""
    tensors, metadata = read_safetensors(path)
    state = model.state_dict()
    missing = [name for name in state if name not in tensors]
    if missing:
        raise ValueError(f"{path}: missing {', '.join(missing)}")
    for name, value in state.items():
        if tuple(tensors[name].shape) != tuple(value.shape):
            raise ValueError(f"{path}: {name} has shape {list(tensors[name].shape)}, the model needs {list(value.shape)}")
    model.load_state_dict({name: tensors[name] for name in state})
    return metadata


def build_model(config):
    """The encoder–decoder for a config with a `decoder`, else the single-stack model."""
    return Seq2seqStudioModel(config) if config.get("decoder") else LstmStudioModel(config)


def load_model(path):
    """(model, metadata) from an LSTM Studio checkpoint: the architecture comes from its `config`."""
    _, metadata = read_safetensors(path)
    if metadata.get("format") != STUDIO_FORMAT:
        raise ValueError(f"{path}: not an LSTM Studio checkpoint (its metadata has no format {STUDIO_FORMAT})")
    model = build_model(json.loads(metadata["config"]))
    load_weights(model, path)
    return model.eval(), metadata
