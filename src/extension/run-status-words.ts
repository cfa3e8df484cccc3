/** A run's status in words of the display language (`running`, `paused`, …), for the Runs view and pickers. */

import type { RunStatus } from '../protocol/run-records';
import * as l10n from './l10n';

export function runStatusWord(status: RunStatus): string {
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
