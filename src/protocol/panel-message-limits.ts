/**
 * Limits shared by the panels' message validators: generous for what a panel really sends, small
 * enough that a hostile message cannot make the host allocate or log without bound.
 */

import { string } from './message-validation';

/** A run's id (`20261126-221530-fables`) or another short identifier. */
export const MAX_ID_LENGTH = 256;
/** An export's data: CSV text or a base64 PNG (the Gates panel's PNG is at most 64 MP). */
export const MAX_EXPORT_LENGTH = 256 * 1024 * 1024;
/** A request's number, counted up by the panel. */
export const MAX_REQUEST_ID = Number.MAX_SAFE_INTEGER;

/**
 * The name an export dialog starts with: one file name, no folder. The host joins it to a folder it
 * chose, so `..` or a separator would let a webview pick where the dialog points.
 */
export const fileName = string({
  maxLength: 255,
  // Control characters are refused too: a name is shown in the dialog and in the log.
  // eslint-disable-next-line no-control-regex
  pattern: /^(?!\.{1,2}$)[^/\\\u0000-\u001f:*?"<>|]+$/,
  describe: 'a plain file name',
});
