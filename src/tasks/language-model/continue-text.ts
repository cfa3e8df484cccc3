/** Continuing a prompt with a trained language model: the next character's distribution, and sampling. */

import { Random } from '../../engine/random';
import { RecurrentStepper } from '../../inference/recurrent-stepper';
import { singleStackOf, softmax, unwrap, type Predictor } from '../../inference/predictor';
import { ChunkedPromptReader, PROMPT_CHUNK_STEPS } from '../../inference/prompt-run';
import { textPieces } from '../../inference/text-pieces';
import { requireTask } from '../task-use';
import { languageModelPresentation } from './presentation';

export interface CharProbability {
  char: string;
  probability: number;
}

export interface ContinuationOptions {
  /** Characters to generate. Default 200. */
  length?: number;
  /** Softmax temperature; 0 = greedy (argmax). Default 1. */
  temperature?: number;
  /** Sample only among the k most likely characters (0 = all). Default 0. */
  topK?: number;
  seed?: number;
  /** Called with each generated character, as it is generated (for streaming). */
  onChar?: (char: string, top: CharProbability[]) => void;
}

export interface Continuation {
  text: string;
  /** The distribution of the character after the prompt (as `nextCharDistribution` gives it). */
  next: Record<string, number>;
  /** Per generated character, the five most likely next characters at that step. */
  steps: { char: string; top: CharProbability[] }[];
}

/** The distribution of the character after `prompt`, over every vocabulary entry (specials by name, e.g. `<unk>`). */
export function nextCharDistribution(predictor: Predictor, prompt: string): Record<string, number> {
  requireTask(predictor, languageModelPresentation);
  return distributionByToken(predictor, readPrompt(predictor, prompt).probabilities);
}

function distributionByToken(predictor: Predictor, probabilities: readonly number[]): Record<string, number> {
  const vocab = predictor.encoder.vocab!;
  const result: Record<string, number> = {};
  probabilities.forEach((p, id) => {
    result[vocab.tokenOf(id)] = p;
  });
  return result;
}

export function continueText(predictor: Predictor, prompt: string, options: ContinuationOptions = {}): Continuation {
  requireTask(predictor, languageModelPresentation);
  const { encoder } = predictor;
  const model = singleStackOf(predictor);
  const vocab = encoder.vocab!;
  const length = options.length ?? 200;
  const temperature = options.temperature ?? 1;
  const topK = options.topK ?? 0;
  const rng = new Random(options.seed ?? 0);
  const read = readPrompt(predictor, prompt);
  const next = distributionByToken(predictor, read.probabilities);
  let probabilities = [...read.probabilities];
  // The prompt is read by the model's passes; each new character is one step of the stepper from its state.
  const stepper = new RecurrentStepper(model);
  stepper.setState(read.finalState);
  const steps: Continuation['steps'] = [];
  let text = '';
  for (let n = 0; n < length; n++) {
    // Never generate padding, nor <unk>: it is not a character (a language model never reads it).
    if (vocab.padId !== null) probabilities[vocab.padId] = 0;
    if (vocab.unkId !== null) probabilities[vocab.unkId] = 0;
    const top = topEntries(probabilities, 5).map(({ id, probability }) => ({ char: vocab.tokenOf(id), probability }));
    const id = temperature <= 0 ? topEntries(probabilities, 1)[0].id : sample(probabilities, temperature, topK, rng);
    const char = vocab.tokenOf(id);
    text += char;
    steps.push({ char, top });
    options.onChar?.(char, top);
    if (n + 1 < length) probabilities = softmax(stepper.step(id), 0, model.config.outputSize, 1);
  }
  return { text, next, steps };
}

/**
 * The prompt read piece by piece (src/inference/text-pieces.ts), each piece's tokens through the model in
 * chunks carrying the state (src/inference/prompt-run.ts), so memory does not grow with its length: the
 * next token's probabilities and the state generation starts from.
 */
function readPrompt(predictor: Predictor, prompt: string) {
  const { encoder } = predictor;
  const model = singleStackOf(predictor);
  const reader = new ChunkedPromptReader(model);
  for (const piece of textPieces(prompt, encoder.vocab!.unit, PROMPT_CHUNK_STEPS)) {
    const encoded = encoder.encode(piece);
    // A piece may hold no token (a word model's run of punctuation); any other problem is the prompt's.
    if (!encoded.ok && encoder.vocab!.encode(piece).length === 0) continue;
    const batch = unwrap(encoded);
    reader.read(batch.tokens!.subarray(0, batch.lengths ? batch.lengths[0] : batch.steps));
  }
  // No token at all: the encoder says why (an empty prompt, …) of the prompt as a whole.
  if (!reader.started) unwrap(encoder.encode(prompt));
  const { lastLogits, finalState } = reader.result();
  return { probabilities: softmax(lastLogits, 0, model.config.outputSize, 1), finalState };
}

function topEntries(probabilities: number[], k: number): { id: number; probability: number }[] {
  return probabilities
    .map((probability, id) => ({ id, probability }))
    .sort((a, b) => b.probability - a.probability || a.id - b.id)
    .slice(0, k);
}

/** Samples an id from probabilities reshaped by temperature and restricted to the top k. */
function sample(probabilities: number[], temperature: number, topK: number, rng: Random): number {
  const candidates =
    topK > 0 ? topEntries(probabilities, topK) : probabilities.map((probability, id) => ({ id, probability }));
  const weights = candidates.map((c) => (c.probability > 0 ? Math.pow(c.probability, 1 / temperature) : 0));
  const total = weights.reduce((a, b) => a + b, 0);
  let r = rng.uniform() * total;
  for (let k = 0; k < candidates.length; k++) {
    r -= weights[k];
    if (r < 0) return candidates[k].id;
  }
  return candidates[candidates.length - 1].id;
}
