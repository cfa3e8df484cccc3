/**
 * The four gates of an LSTM in PyTorch's order (i, f, g, o: DESIGN.md §2) and their names in words, shared
 * by the checkpoint reader, the host and the webviews. A pure module: constants and types, no imports.
 */

export const GATES = ['i', 'f', 'g', 'o'] as const;
export type Gate = (typeof GATES)[number];

export const GATE_NAMES: Readonly<Record<Gate, string>> = { i: 'input', f: 'forget', g: 'cell candidate', o: 'output' };
