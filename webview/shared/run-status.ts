/** A run's status as the panels write it, in the display language (the value itself stays English in `data-status`). */

import type { RunStatus } from '../../src/protocol/run-records';
import * as l10n from './l10n';

export function runStatusText(status: RunStatus): string {
  switch (status) {
    case 'running':
      return l10n.t('running');
    case 'paused':
      return l10n.t('paused');
    case 'stopped':
      return l10n.t('stopped');
    case 'finished':
      return l10n.t('finished');
    case 'failed':
      return l10n.t('failed');
  }
}
