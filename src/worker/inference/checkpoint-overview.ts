/**
 * `checkpoint-overview`: the checkpoint editor's model card and tensor table, read from the header here
 * rather than on the extension host — a 16 MiB header of 150 000 tensors takes over a second to parse
 * and describe. A file that cannot be read is answered with an error value, not a failed request.
 */

import { readCheckpointOverview } from '../../checkpoint/overview-file';
import { registerHandler } from './handlers';

registerHandler('checkpoint-overview', ({ checkpointPath }) => readCheckpointOverview(checkpointPath));
