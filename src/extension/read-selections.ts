/**
 * Every selection of an editor as one text (joined by line breaks), read from the document only as far as
 * `limit` allows from the start: *Inspect Gates on Selection* records at most a few thousand steps, so a
 * selected book is never copied whole onto the extension host first.
 */

import * as vscode from 'vscode';
import type { SelectionLimit } from '../protocol/inference-messages';
import { clipSelectionRange, mendAtCut } from './selection-range';

export function selectionsText(
  editor: Pick<vscode.TextEditor, 'document' | 'selections'>,
  limit: SelectionLimit,
): { text: string; clipped: boolean } {
  const document = editor.document;
  const parts: string[] = [];
  let budget = Math.max(0, Math.floor(limit.characters));
  let clipped = false;
  for (const selection of editor.selections) {
    if (budget <= 0) {
      clipped = true;
      break;
    }
    const here = { characters: budget, keep: 'start' as const };
    const range = clipSelectionRange(document.offsetAt(selection.start), document.offsetAt(selection.end), here);
    const read = document.getText(new vscode.Range(document.positionAt(range.start), document.positionAt(range.end)));
    const text = mendAtCut(read, range, here).text;
    parts.push(text);
    clipped ||= range.clipped;
    budget -= text.length + 1; // and the line break that joins it to the next
  }
  return { text: parts.join('\n'), clipped };
}
