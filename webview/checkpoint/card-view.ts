/**
 * The model card: what the checkpoint is, in label/value rows — task, architecture, parameters, dataset,
 * vocabulary or normalisation, seed, progress, best metrics, creation time, training settings — and,
 * for files from elsewhere, the modules recognised from tensor names and the raw metadata. Ids on the
 * values e2e tests read (`#architecture`, `#parameter-count`).
 */

import type { ModelCard, RecurrentSummary } from '../../src/protocol/checkpoint-overview';
import { element } from '../shared/dom';
import { formatInteger, formatMetric } from '../shared/format';
import { displayToken, formatCreated, metricName, shortFingerprint, taskName } from './format';
import * as l10n from '../shared/l10n';

type Value = Node | string;

/** Tokens shown in the card (the checkpoint's preview holds more; the tooltip of each shows it exactly). */
const VOCABULARY_SHOWN = 32;

/** `taskTitle`: the task's title when the task is registered (the host's snapshot says). */
export function renderModelCard(card: ModelCard, taskTitle: string | null): HTMLElement {
  const list = element('dl', { className: 'card-fields' });
  const row = (label: string, id: string | undefined, ...value: Value[]) => {
    list.append(element('dt', { text: label }), element('dd', { id }, ...value));
  };

  if (card.kind === 'studio')
    row(l10n.t('Task'), 'task', taskName(card.task, taskTitle), card.outputs ? muted(` · ${card.outputs}`) : '');
  row(
    l10n.t('Architecture'),
    'architecture',
    card.architecture
      ? element('code', { text: card.architecture })
      : muted(l10n.t('no nn.LSTM or nn.GRU recognised in the tensor names')),
  );
  if (card.encoderDecoder) row(l10n.t('Model'), 'encoder-decoder', card.encoderDecoder.description);
  if (card.recurrent)
    row(l10n.t('Recurrent'), 'recurrent', element('code', { text: describeRecurrent(card.recurrent) }));
  // An encoder–decoder's blocks (encoder, decoder, attention, head) are worth listing for ours too.
  if ((card.kind === 'foreign' || card.encoderDecoder) && card.modules.length > 0) {
    // The module's name in the file, and its role when the name does not say it (`fc (head)`).
    row(
      l10n.t('Modules'),
      'modules',
      ...card.modules.map((m) =>
        element(
          'span',
          { className: 'chip', title: m.description },
          element('code', { text: m.name }),
          m.name === m.role ? '' : muted(` (${m.role})`),
        ),
      ),
    );
  }
  const tensorNote =
    (card.parameterTensors === 1 ? l10n.t('1 tensor') : l10n.t('{0} tensors', formatInteger(card.parameterTensors))) +
    (card.optimizerTensors ? l10n.t(', plus {0} of optimizer state', formatInteger(card.optimizerTensors)) : '');
  row(
    l10n.t('Parameters'),
    'parameter-count',
    element('span', { className: 'number', text: formatInteger(card.parameterCount) }),
    muted(l10n.t(' in {0}', tensorNote)),
  );
  if (card.dataset) {
    const fingerprint = element('code', {
      className: 'fingerprint',
      text: shortFingerprint(card.dataset.fingerprint),
      title: card.dataset.fingerprint,
    });
    row(
      l10n.t('Dataset'),
      'dataset',
      card.dataset.file,
      ' ',
      fingerprint,
      card.dataset.columns ? muted(` · ${card.dataset.columns}`) : '',
    );
  }
  if (card.vocabulary) {
    const { size, unit, preview } = card.vocabulary;
    const shown = preview.slice(0, VOCABULARY_SHOWN);
    const tokens = element(
      'div',
      { className: 'tokens' },
      ...shown.map((t) => element('span', { className: 'token', text: displayToken(t), title: JSON.stringify(t) })),
    );
    if (size > shown.length) tokens.append(muted(l10n.t('… {0} more', formatInteger(size - shown.length))));
    row(
      card.encoderDecoder ? l10n.t('Source vocabulary') : l10n.t('Vocabulary'),
      'vocabulary',
      unit === 'word' ? l10n.t('{0} words', formatInteger(size)) : l10n.t('{0} characters', formatInteger(size)),
      tokens,
    );
  }
  if (card.encoderDecoder) {
    const { source, target } = card.encoderDecoder;
    const sized = (side: { size: number; unit: string | null }) =>
      side.unit === 'word'
        ? l10n.t('{0} words', formatInteger(side.size))
        : side.unit === 'char'
          ? l10n.t('{0} characters', formatInteger(side.size))
          : l10n.t('{0} tokens', formatInteger(side.size));
    if (!card.vocabulary) row(l10n.t('Source vocabulary'), 'vocabulary', sized(source));
    const shown = target.preview.slice(0, VOCABULARY_SHOWN);
    row(
      l10n.t('Target vocabulary'),
      'target-vocabulary',
      sized(target),
      element(
        'div',
        { className: 'tokens' },
        ...shown.map((t) => element('span', { className: 'token', text: displayToken(t), title: JSON.stringify(t) })),
      ),
      target.size > shown.length && shown.length > 0
        ? muted(l10n.t('… {0} more', formatInteger(target.size - shown.length)))
        : '',
    );
    row(l10n.t('Attention'), 'attention', card.encoderDecoder.attention);
  }
  if (card.normalization) {
    const table = element(
      'table',
      { className: 'mini-table' },
      element('thead', {}, element('tr', {}, ...['column', 'mean', 'std'].map((h) => element('th', { text: h })))),
    );
    const body = element('tbody');
    for (const c of card.normalization.columns)
      body.append(
        element(
          'tr',
          {},
          element('td', { text: c.name }),
          element('td', { className: 'number', text: formatMetric('mean', c.mean) }),
          element('td', { className: 'number', text: formatMetric('std', c.std) }),
        ),
      );
    table.append(body);
    row(l10n.t('Normalisation'), 'normalization', element('div', {}, card.normalization.method), table);
  }
  if (card.seed !== null) row(l10n.t('Seed'), 'seed', String(card.seed));
  if (card.step !== null || card.epoch !== null) {
    row(
      l10n.t('Trained'),
      'progress',
      [
        card.step !== null ? l10n.t('{0} steps', formatInteger(card.step)) : '',
        card.epoch !== null
          ? card.epoch === 1
            ? l10n.t('1 epoch')
            : l10n.t('{0} epochs', formatInteger(card.epoch))
          : '',
      ]
        .filter(Boolean)
        .join(' · '),
    );
  }
  if (card.best) {
    const metrics = Object.entries(card.best.metrics).map(
      ([key, value]) => `${metricName(key)} ${formatMetric(key, value)}`,
    );
    row(
      l10n.t('Best validation'),
      'best',
      metrics.join(' · '),
      muted(l10n.t(' at step {0} (epoch {1})', formatInteger(card.best.step), formatInteger(card.best.epoch + 1))),
    );
  }
  if (card.created)
    row(
      l10n.t('Created'),
      'created',
      element('time', { text: formatCreated(card.created), attrs: { datetime: card.created } }),
    );
  if (card.training.length > 0) {
    // One line: the optimizer first as it is ("adam, lr 0.003"), the rest as "label value".
    const [first, ...rest] = card.training;
    const parts = [
      first.key === 'optimizer' ? first.value : `${first.label.toLowerCase()} ${first.value}`,
      ...rest.map((t) => `${t.label.toLowerCase()} ${t.value}`),
    ];
    row(l10n.t('Training'), 'training', parts.join(' · '));
  }
  if (card.kind === 'studio') {
    row(
      l10n.t('Contents'),
      'contents',
      card.optimizerTensors > 0 ? l10n.t('weights, optimizer state') : l10n.t('weights only'),
      card.hasTrainerState ? l10n.t(', trainer position (resumable)') : '',
    );
  }

  const root = element(
    'section',
    { id: 'model-card', className: 'card model-card', attrs: { 'aria-label': l10n.t('Model card') } },
    element('h2', { text: card.kind === 'studio' ? l10n.t('Model') : l10n.t('Checkpoint') }),
    list,
  );
  if (card.metadata.length > 0) root.append(metadataDetails(card, card.kind === 'foreign'));
  return root;
}

function metadataDetails(card: ModelCard, open: boolean): HTMLElement {
  const list = element('dl', { className: 'metadata-list' });
  for (const { key, value } of card.metadata)
    list.append(
      element('dt', {}, element('code', { text: key })),
      element('dd', {}, element('code', { className: 'metadata-value', text: value })),
    );
  const details = element(
    'details',
    { id: 'metadata', className: 'metadata' },
    element('summary', {
      text:
        card.metadata.length === 1 ? l10n.t('Metadata (1 key)') : l10n.t('Metadata ({0} keys)', card.metadata.length),
    }),
    list,
  );
  details.open = open;
  return details;
}

/** The error view: why the file cannot be shown, and what to do. */
export function renderError(fileName: string, error: { code: string; message: string }): HTMLElement {
  const hint =
    error.code === 'truncated' || error.code === 'bad-offsets'
      ? l10n.t(
          'The file is shorter than its header says: it was cut off while copying or downloading, or is still being written.',
        )
      : error.code === 'bad-header-length' || error.code === 'header-not-json' || error.code === 'empty-file'
        ? l10n.t('A safetensors file starts with an 8-byte header length and a JSON header; this one does not.')
        : l10n.t('The header does not follow the safetensors format, so nothing in the file can be trusted.');
  return element(
    'section',
    { id: 'error', className: 'card error-card', attrs: { role: 'alert' } },
    element('h2', { text: l10n.t('{0} cannot be opened as a checkpoint', fileName) }),
    element('p', { id: 'error-message', className: 'error-message', text: error.message }),
    element('p', { className: 'hint', text: hint }),
    element('p', {
      className: 'hint',
      text: l10n.t('Nothing was loaded: the editor checks the header against the file size before reading anything.'),
    }),
  );
}

function muted(text: string): HTMLElement {
  return element('span', { className: 'muted', text });
}

/** `GRU · 2 layers × 32 units · bidirectional`, `LSTM · 1 layer × 64 units · proj_size 16`. */
export function describeRecurrent(r: RecurrentSummary): string {
  const parts = [
    r.title,
    r.layers === 1
      ? l10n.t('1 layer × {0} units', r.hiddenSize)
      : l10n.t('{0} layers × {1} units', r.layers, r.hiddenSize),
  ];
  if (r.bidirectional) parts.push(l10n.t('bidirectional'));
  if (r.projSize > 0) parts.push(`proj_size ${r.projSize}`);
  return parts.join(' · ');
}
