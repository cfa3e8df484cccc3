/** Imports every handler module so each registers itself. */

import './load';
import './record-gates';
import './tensors';
import './predict';
import './interop';
import './run-history';
import './checkpoint-overview';
import './audio-analysis';
import './evaluation-handlers';
import './evaluate-ablate';
import './evaluate-project';
