#!/usr/bin/env bash
# Makes the bundled audio examples (examples/audio/digits, examples/audio/speech: about 10 MB, not
# committed) with Debian's espeak-ng, installing it first if needed. Idempotent: existing recordings are
# kept, so a second run only checks. Non-interactive; root or sudo for the install.
# Usage: bash scripts/setup-audio.sh
set -euo pipefail

step() { echo "[setup-audio] $*"; }
if ! command -v espeak-ng >/dev/null 2>&1; then
  SUDO=""; if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  step "apt-get install espeak-ng"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq espeak-ng >/dev/null
fi
step "espeak-ng $(espeak-ng --version | head -1 | awk '{print $4}')"
cd "$(dirname "$0")/.."
node scripts/make-audio-examples.mjs examples/audio
