/**
 * The exported PyTorch project's files, kept as real Python under `python/` (readable, runnable and
 * testable as they are) and bundled as strings with `?raw` imports.
 */

import readme from './python/README.md?raw';
import requirements from './python/requirements.txt?raw';
import trainPy from './python/train.py?raw';
import forwardPy from './python/forward.py?raw';
import initPy from './python/lstm_studio/__init__.py?raw';
import audioPy from './python/lstm_studio/audio.py?raw';
import audioDataPy from './python/lstm_studio/audio_data.py?raw';
import checkpointPy from './python/lstm_studio/checkpoint.py?raw';
import dataPy from './python/lstm_studio/data.py?raw';
import modelPy from './python/lstm_studio/model.py?raw';
import pairsPy from './python/lstm_studio/pairs.py?raw';
import rngPy from './python/lstm_studio/rng.py?raw';
import seq2seqPy from './python/lstm_studio/seq2seq.py?raw';
import seriesInputsPy from './python/lstm_studio/series_inputs.py?raw';
import seq2seqTrainingPy from './python/lstm_studio/seq2seq_training.py?raw';
import speechPy from './python/lstm_studio/speech.py?raw';
import tablesPy from './python/lstm_studio/tables.py?raw';
import textMetricsPy from './python/lstm_studio/text_metrics.py?raw';
import trainingPy from './python/lstm_studio/training.py?raw';

/** Files copied as they are, by path in the project. */
export const PYTHON_PROJECT_FILES: readonly { path: string; text: string }[] = [
  { path: 'train.py', text: trainPy },
  { path: 'forward.py', text: forwardPy },
  { path: 'requirements.txt', text: requirements },
  { path: 'lstm_studio/__init__.py', text: initPy },
  { path: 'lstm_studio/audio.py', text: audioPy },
  { path: 'lstm_studio/audio_data.py', text: audioDataPy },
  { path: 'lstm_studio/checkpoint.py', text: checkpointPy },
  { path: 'lstm_studio/series_inputs.py', text: seriesInputsPy },
  { path: 'lstm_studio/data.py', text: dataPy },
  { path: 'lstm_studio/model.py', text: modelPy },
  { path: 'lstm_studio/pairs.py', text: pairsPy },
  { path: 'lstm_studio/rng.py', text: rngPy },
  { path: 'lstm_studio/seq2seq.py', text: seq2seqPy },
  { path: 'lstm_studio/seq2seq_training.py', text: seq2seqTrainingPy },
  { path: 'lstm_studio/speech.py', text: speechPy },
  { path: 'lstm_studio/tables.py', text: tablesPy },
  { path: 'lstm_studio/text_metrics.py', text: textMetricsPy },
  { path: 'lstm_studio/training.py', text: trainingPy },
];

/** README.md with `{{name}}` placeholders, filled per export. */
export const README_TEMPLATE: string = readme;
