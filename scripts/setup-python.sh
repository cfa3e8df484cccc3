#!/usr/bin/env bash
# Installs what the PyTorch interop tests (test/unit/interop/pytorch-*.test.ts) need: Debian's python3-torch
# (PyTorch 1.13, with NumPy) for /usr/bin/python3 — not a pyenv/venv interpreter. Idempotent: does nothing when
# /usr/bin/python3 already imports torch with torch.distributed (gloo). Non-interactive; root or sudo.
# Usage: bash scripts/setup-python.sh
set -euo pipefail

PYTHON=/usr/bin/python3
step() { echo "[setup-python] $*"; }
check() { OMP_NUM_THREADS=1 "$PYTHON" -c 'import numpy, torch, torch.distributed as d; assert d.is_available() and d.is_gloo_available(); print(torch.__version__)' 2>/dev/null; }

if version="$(check)"; then
  step "PyTorch $version present for $PYTHON (torch.distributed with gloo)"
  exit 0
fi
SUDO=""; if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
step "apt-get install python3-torch (PyTorch 1.13 and NumPy, about 200 MB)"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq python3-torch >/dev/null
if ! version="$(check)"; then
  echo "[setup-python] $PYTHON still cannot import torch with torch.distributed (gloo) after installing python3-torch" >&2
  exit 1
fi
step "PyTorch $version installed for $PYTHON"
