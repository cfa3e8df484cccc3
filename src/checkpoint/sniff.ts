/**
 * Guesses what a file is from its first bytes, only to word an error: "not a safetensors file (it looks
 * like a ZIP archive — a PyTorch .pt file?)" tells a user what to do; "header length 7.2e17" does not.
 */

const SIGNATURES: ReadonlyArray<{ bytes: readonly number[]; what: string }> = [
  { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], what: 'a PNG image' },
  // torch.save writes a ZIP since PyTorch 1.6, a raw pickle before that.
  {
    bytes: [0x50, 0x4b, 0x03, 0x04],
    what: 'a ZIP archive — a PyTorch .pt/.pth file? Export it with safetensors.torch.save_file',
  },
  { bytes: [0x80], what: 'a Python pickle — a PyTorch .pt/.pth file? Export it with safetensors.torch.save_file' },
  { bytes: [0x89, 0x48, 0x44, 0x46], what: 'an HDF5 file — a Keras .h5 model?' },
  { bytes: [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59], what: 'a NumPy .npy array' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
];

/** A parenthesised guess such as ` (it looks like a PNG image)`, or '' when the bytes say nothing. */
export function describeFileStart(start: Uint8Array): string {
  for (const { bytes, what } of SIGNATURES) {
    if (start.length >= bytes.length && bytes.every((b, i) => start[i] === b)) return ` (it looks like ${what})`;
  }
  if (start.length > 0 && start.every(isPrintableAscii)) {
    const text = String.fromCharCode(...start).replace(/\s+/g, ' ');
    return ` (it looks like text: "${text}…")`;
  }
  return '';
}

function isPrintableAscii(byte: number): boolean {
  return (byte >= 0x20 && byte < 0x7f) || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}
