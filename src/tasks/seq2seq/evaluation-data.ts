/**
 * A new pairs file for evaluating a sequence-to-sequence model (held whole, or streamed when it is
 * bigger than the detection sample): every pair (a row with a source), in file order, encoded with the checkpoint's two vocabularies (a token they lack is `<unk>`), batched as
 * validation batches are. The columns are the checkpoint's names (`dataset.columns.source/target`); a
 * file without them is read as detection reads a pairs file (names, language codes, shape; a first line
 * that is data), and the warnings say which columns stood in.
 */

import type { LoadedText } from '../../data/decode-text';
import type { DatasetFormat } from '../../data/detect';
import { failWith, listNames, ok, type Result } from '../../data/errors';
import type { EvaluationOptions, TaskEvaluation } from '../../data/prepare-evaluation';
import { pairValidationBatches, pairValidationUnits } from '../../data/pair-batcher';
import { PairReader, type PairColumns } from '../../data/pair-reader';
import { StoredSideEncoder, type StoredSideTexts } from '../../data/pair-vocabulary';
import { showToken } from '../../data/read-columns';
import { parseTable, replayTable, type Table } from '../../data/table';
import { streamTable } from '../../data/table-stream';
import { Vocabulary } from '../../data/vocabulary';
import type { DatasetFile, StoredEncoding } from '../task-training';
import { pairColumnsOf, readsHeaderless } from './detect';
import * as l10n from '../../protocol/l10n';

/** Below this share of unknown tokens on a side a file gets no warning (a capped vocabulary always misses some). */
export const UNKNOWN_PAIR_TOKEN_WARNING_RATE = 0.05;

export function prepareSeq2seqEvaluation(
  file: LoadedText,
  format: DatasetFormat,
  stored: StoredEncoding,
  _options: Required<EvaluationOptions>,
): Result<TaskEvaluation> {
  const model = storedPairs(stored, file.name, format);
  if (!model.ok) return model;
  const read = readPairsTable(file, model.value.format, model.value.columns, model.value.headerless);
  if (!read.ok) return read;
  const encoding = new PairEncoding(read.value.columns, file.name, model.value);
  const problem = replayTable(read.value.table, encoding.reader);
  if (problem) return { ok: false, error: problem };
  return encoding.finish(read.value.warnings);
}

/**
 * `prepareSeq2seqEvaluation` for a file streamed in one pass: the columns are chosen on the detection
 * sample (the start of the file) as for a whole file, then every row is read as it arrives.
 */
export async function prepareSeq2seqEvaluationFile(
  file: DatasetFile,
  format: DatasetFormat,
  stored: StoredEncoding,
  _options: Required<EvaluationOptions>,
): Promise<Result<TaskEvaluation>> {
  const model = storedPairs(stored, file.name, format);
  if (!model.ok) return model;
  const sample: LoadedText = { name: file.name, text: file.sample.text, byteLength: 0, fingerprint: '' };
  const read = readPairsTable(sample, model.value.format, model.value.columns, model.value.headerless);
  if (!read.ok) return read;
  const encoding = new PairEncoding(read.value.columns, file.name, model.value);
  const header = !read.value.headerless;
  const parsed = await streamTable((onText) => file.stream(onText), file.name, model.value.format, encoding.reader, {
    header,
  });
  if (!parsed.ok) return parsed;
  return encoding.finish(read.value.warnings);
}

/** What the checkpoint says about its pairs: the columns, whether its file had a header, the vocabularies. */
interface StoredPairs {
  format: Exclude<DatasetFormat, 'text'>;
  columns: PairColumns;
  headerless: boolean;
  sourceVocab: Vocabulary;
  targetVocab: Vocabulary;
}

function storedPairs(stored: StoredEncoding, file: string, format: DatasetFormat): Result<StoredPairs> {
  const { dataset } = stored;
  const { source, target } = dataset.columns ?? {};
  if (source === undefined || target === undefined)
    return failWith('checkpoint', l10n.t('the dataset description names no source column and target column'));
  if (!stored.vocab) return failWith('checkpoint', l10n.t('the checkpoint stores no source vocabulary'));
  const targetVocab = Vocabulary.fromJSON(dataset.targetVocab, 'checkpoint target vocabulary');
  if (!targetVocab.ok) return targetVocab;
  if (format === 'text') {
    return failWith(
      file,
      l10n.t(
        "this model reads columns '{0}' and '{1}' of a table; {2} is plain text — choose a CSV, TSV or JSON Lines file of pairs",
        source,
        target,
        file,
      ),
    );
  }
  return ok({
    format,
    columns: { source, target },
    headerless: dataset.columns.headerless === true,
    sourceVocab: stored.vocab,
    targetVocab: targetVocab.value,
  });
}

/** Rows → pairs encoded with the checkpoint's vocabularies, then the evaluation's batches and summary. */
class PairEncoding {
  readonly reader: PairReader;
  private readonly source: StoredSideEncoder;
  private readonly target: StoredSideEncoder;

  constructor(
    columns: PairColumns,
    file: string,
    private readonly model: StoredPairs,
  ) {
    this.source = new StoredSideEncoder(model.sourceVocab);
    this.target = new StoredSideEncoder(model.targetVocab);
    this.reader = new PairReader(columns, file, (s, t) => {
      this.source.add(s);
      this.target.add(t);
    });
  }

  finish(columnWarnings: string[]): Result<TaskEvaluation> {
    const read = this.reader.finish();
    if (!read.ok) return read;
    const sourceTexts = this.source.finish();
    const targetTexts = this.target.finish();
    const warnings = [...columnWarnings, ...read.value.warnings];
    for (const [side, texts, vocab] of [
      ['sources', sourceTexts, this.model.sourceVocab],
      ['targets', targetTexts, this.model.targetVocab],
    ] as const) {
      const warning = unknownWarning(side, texts, vocab);
      if (warning) warnings.push(warning);
    }
    const data = {
      source: { ids: sourceTexts.ids, offsets: sourceTexts.offsets },
      target: { ids: targetTexts.ids, offsets: targetTexts.offsets },
    };
    const every = Int32Array.from({ length: read.value.pairs }, (_, i) => i);
    return ok({
      summary: {
        size: { unit: 'examples', total: read.value.pairs },
        // What the model reads: the sources' share (the targets' is in a warning when high).
        unknownTokenRate: sourceTexts.tokens === 0 ? 0 : sourceTexts.unknown / sourceTexts.tokens,
        warnings,
      },
      makeBatches: (batchSize, seqLen) => pairValidationBatches(data, every, batchSize, seqLen),
      streamBatches: (batchSize, seqLen) => pairValidationUnits(data, every, seqLen).batches(batchSize, null),
      validationUnits: (seqLen) => pairValidationUnits(data, every, seqLen),
    });
  }
}

/**
 * The file as a table and the columns to read: the checkpoint's names if the file has them (read
 * without a header when the model's file had none and this one's first line is data), else the pair
 * detection finds, said in a warning.
 */
function readPairsTable(
  file: LoadedText,
  format: Exclude<DatasetFormat, 'text'>,
  stored: PairColumns,
  storedHeaderless: boolean,
): Result<{ table: Table; columns: PairColumns; headerless: boolean; warnings: string[] }> {
  const has = (table: Table) => table.columns.includes(stored.source) && table.columns.includes(stored.target);
  const withHeader = parseTable(file.text, file.name, format);
  // Without a header: a first line that cannot be one, or reads like data — or, for a model trained on
  // a file without one, a first line that does not name a pair (source/target, two languages…).
  const headerless =
    format !== 'jsonl' &&
    (!withHeader.ok ||
      (!has(withHeader.value) &&
        (readsHeaderless(withHeader.value, {}) || (storedHeaderless && !namesAPair(withHeader.value)))));
  const parsed = headerless ? parseTable(file.text, file.name, format, { header: false }) : withHeader;
  if (!parsed.ok) return parsed;
  const table = parsed.value;
  if (has(table)) return ok({ table, columns: stored, headerless, warnings: [] });
  const found = pairColumnsOf(table);
  if (!found) {
    return failWith(
      file.name,
      l10n.t(
        "there are no columns '{0}' and '{1}' (the model's source and target), nor two other text columns to read as them; the columns are {2}",
        stored.source,
        stored.target,
        listNames(table.columns, 50),
      ),
      { line: 1 },
    );
  }
  const columns = { source: found.source.name, target: found.target.name };
  const warning =
    `columns '${columns.source}' → '${columns.target}' read as the model's '${stored.source}' → '${stored.target}'` +
    (headerless ? ' (no header row: the first line is a pair)' : '');
  return ok({ table, columns, headerless, warnings: [warning] });
}

function namesAPair(table: Table): boolean {
  const found = pairColumnsOf(table)?.found;
  return found === 'names' || found === 'languages';
}

function unknownWarning(side: 'sources' | 'targets', texts: StoredSideTexts, vocab: Vocabulary): string | null {
  const rate = texts.tokens === 0 ? 0 : texts.unknown / texts.tokens;
  if (rate < UNKNOWN_PAIR_TOKEN_WARNING_RATE) return null;
  const unit = vocab.unit === 'word' ? 'words' : 'characters';
  return (
    `${(rate * 100).toFixed(1)} % of the ${side}' ${unit} (${texts.unknown} of ${texts.tokens}) are not in the model's vocabulary and are read as <unk>; ` +
    `most often ${listNames(texts.unknownExamples.map(showToken))}`
  );
}
