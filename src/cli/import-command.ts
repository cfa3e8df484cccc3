/**
 * `lstm-studio import <file.safetensors> --task lm|classify|forecast …`: says once what a foreign file (a
 * PyTorch LSTM's safetensors) does — the task, its vocabulary, class names, columns — and stores the
 * answers beside it (`<file>.lstm-studio.json`), so `predict`, `gates`, `eval` and the editor can use it.
 */

import type { Command } from 'commander';
import type { ImportRequest } from '../interop/import-answers';
import { importTaskNames } from '../interop/import-answers';
import { saveImportAnswers } from '../interop/import-pytorch';
import { parseChoice, parseInteger } from './parse';
import { say } from './terminal-text';

interface ImportFlags {
  task: string;
  vocab?: string;
  vocabFromMetadata?: boolean;
  vocabFromText?: string;
  tokens?: 'char' | 'word';
  targetVocab?: string;
  sourceTokens?: 'char' | 'word';
  targetTokens?: 'char' | 'word';
  classes?: string;
  columns?: string;
  targets?: string;
  horizon?: number;
  normalization?: string;
  json?: boolean;
}

const list = (text: string | undefined) =>
  text === undefined
    ? undefined
    : text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description(
      'use a PyTorch LSTM (any safetensors file with nn.LSTM tensors): store what the file does not say beside it',
    )
    .argument('<file>', 'a .safetensors file with PyTorch nn.LSTM tensors (weight_ih_l0, …)')
    .requiredOption(
      '--task <task>',
      'lm (next character), classify, forecast or seq2seq (an encoder–decoder)',
      parseChoice(['lm', 'classify', 'forecast', 'seq2seq']),
    )
    .option(
      '--vocab <file>',
      'the vocabulary (seq2seq: the source side): a JSON list of tokens (id = index), a {token: id} map, LSTM Studio vocabulary JSON, or a text file of one token per line',
    )
    .option(
      '--target-vocab <file>',
      'seq2seq: the target vocabulary, as --vocab; <pad>, <unk>, <sos>, <eos> first (ids 0–3)',
    )
    .option('--source-tokens <unit>', 'seq2seq: the source side is char or word tokens', parseChoice(['char', 'word']))
    .option('--target-tokens <unit>', 'seq2seq: the target side is char or word tokens', parseChoice(['char', 'word']))
    .option(
      '--vocab-from-metadata',
      "the vocabulary stored in the file's metadata (vocab, itos, stoi, chars, …) — the default when there is one",
    )
    .option(
      '--vocab-from-text <file>',
      "the distinct characters of a text file, in code-point order (Python's sorted(set(text)))",
    )
    .option(
      '--tokens <unit>',
      'the vocabulary holds characters or words (default: characters when every token is one)',
      parseChoice(['char', 'word']),
    )
    .option(
      '--classes <names>',
      'classify: the class names, comma-separated, in output order (default: class 0, class 1, …)',
    )
    .option(
      '--columns <names>',
      'forecast: the input columns, comma-separated, in the model’s order (default: x1, x2, …)',
    )
    .option('--targets <names>', 'forecast: the predicted columns, comma-separated')
    .option('--horizon <n>', 'forecast: rows ahead predicted', parseInteger(1))
    .option(
      '--normalization <file>',
      'forecast: JSON with the mean and std of each input column (default: none, raw values)',
    )
    .option('--json', 'print one JSON object')
    .action(async (file: string, flags: ImportFlags) => {
      const sources = [flags.vocab, flags.vocabFromMetadata, flags.vocabFromText].filter((x) => x !== undefined);
      if (sources.length > 1)
        throw new Error('give the vocabulary at most one way: --vocab, --vocab-from-metadata or --vocab-from-text');
      const request: ImportRequest = {
        task: importTaskNames()[flags.task],
        ...(flags.vocab
          ? { vocab: { from: 'file', path: flags.vocab } }
          : flags.vocabFromText
            ? { vocab: { from: 'text', path: flags.vocabFromText } }
            : flags.vocabFromMetadata
              ? { vocab: { from: 'metadata' } }
              : {}),
        ...(flags.targetVocab ? { targetVocab: { from: 'file', path: flags.targetVocab } } : {}),
        tokenUnit: flags.tokens,
        sourceTokens: flags.sourceTokens,
        targetTokens: flags.targetTokens,
        classes: list(flags.classes),
        featureColumns: list(flags.columns),
        targets: list(flags.targets),
        horizon: flags.horizon,
        normalizationPath: flags.normalization,
      };
      const { sidecar, answers, layout } = await saveImportAnswers(file, request);
      if (flags.json) {
        say(JSON.stringify({ file, sidecar, architecture: layout.architecture, modules: layout.moduleNames, answers }));
        return;
      }
      say(`${file}: ${layout.architecture} (${layout.moduleNames}), ${answers.task}`);
      if (answers.vocab)
        say(
          `  vocabulary: ${answers.vocab.tokens.length} ${answers.vocab.unit === 'char' ? 'characters' : 'words'}${answers.vocab.specials === false ? ', ids as given (no <pad>/<unk>)' : ''}`,
        );
      if (answers.targetVocab)
        say(
          `  target vocabulary: ${answers.targetVocab.tokens.length} ${answers.targetVocab.unit === 'char' ? 'characters' : 'words'} (<sos> 2, <eos> 3)`,
        );
      if (answers.classes) say(`  classes: ${answers.classes.join(', ')}`);
      if (answers.featureColumns)
        say(
          `  columns: ${answers.featureColumns.join(', ')}; predicts ${answers.targets!.join(', ')} ${answers.horizon} row(s) ahead`,
        );
      say(`  answers stored in ${sidecar}; now: lstm-studio predict ${JSON.stringify(file)} --text …`);
    });
}
