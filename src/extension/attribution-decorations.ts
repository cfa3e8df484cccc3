/**
 * A classification's per-token attribution drawn on the text it came from: tokens that pushed towards
 * the predicted label get one hue, tokens that pushed away another, in three strengths (relative to the
 * strongest token), with the score on hover. Colours are the extension's theme colours
 * (`lstmStudio.attributionTowards*` / `…Against*`, package.json), which the Prediction panel uses too;
 * the levels follow `attributionLevel` (protocol/prediction-results.ts), as the panel's do.
 * The decorations go away on the next edit of the document, or with the next prediction.
 */

import * as vscode from 'vscode';
import { attributionLevel } from '../protocol/prediction-results';
import { formatSignificant } from './display-format';

const LEVELS = { strong: 'Strong', medium: 'Medium', weak: 'Weak' } as const;

export interface AttributedToken {
  /** Offsets in the document. */
  start: number;
  end: number;
  text: string;
  score: number;
}

export class AttributionDecorations implements vscode.Disposable {
  private readonly types = new Map<string, vscode.TextEditorDecorationType>();
  private decorated: { uri: string; version: number } | null = null;
  private readonly listener: vscode.Disposable;

  constructor() {
    for (const direction of ['Towards', 'Against'] as const) {
      for (const level of Object.values(LEVELS)) {
        this.types.set(
          `${direction}${level}`,
          vscode.window.createTextEditorDecorationType({
            backgroundColor: new vscode.ThemeColor(`lstmStudio.attribution${direction}${level}`),
            borderRadius: '2px',
            rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
          }),
        );
      }
    }
    this.listener = vscode.workspace.onDidChangeTextDocument((event) => {
      if (this.decorated && event.contentChanges.length > 0 && event.document.uri.toString() === this.decorated.uri)
        this.clear();
    });
  }

  /** Decorates `document` in its visible editors, if it is still the version the tokens were read from. */
  show(document: vscode.TextDocument, version: number, label: string, tokens: readonly AttributedToken[]): void {
    this.clear();
    if (document.version !== version) return;
    const maxAbs = tokens.reduce((m, t) => Math.max(m, Math.abs(t.score)), 0);
    const ranges = new Map<string, vscode.DecorationOptions[]>();
    for (const token of tokens) {
      const level = attributionLevel(token.score, maxAbs);
      if (!level) continue;
      const key = `${token.score > 0 ? 'Towards' : 'Against'}${LEVELS[level]}`;
      const score = `${token.score > 0 ? '+' : ''}${formatSignificant(token.score, 3)}`;
      const hover = new vscode.MarkdownString(
        token.score > 0
          ? vscode.l10n.t(
              '**{0}**: {1} towards *{2}* (LSTM Studio attribution)',
              escape(token.text),
              score,
              escape(label),
            )
          : vscode.l10n.t(
              '**{0}**: {1} away from *{2}* (LSTM Studio attribution)',
              escape(token.text),
              score,
              escape(label),
            ),
      );
      const list = ranges.get(key) ?? [];
      list.push({
        range: new vscode.Range(document.positionAt(token.start), document.positionAt(token.end)),
        hoverMessage: hover,
      });
      ranges.set(key, list);
    }
    const uri = document.uri.toString();
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.uri.toString() !== uri) continue;
      for (const [key, type] of this.types) editor.setDecorations(type, ranges.get(key) ?? []);
    }
    this.decorated = { uri, version };
  }

  clear(): void {
    if (!this.decorated) return;
    const uri = this.decorated.uri;
    this.decorated = null;
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.uri.toString() === uri)
        for (const type of this.types.values()) editor.setDecorations(type, []);
    }
  }

  dispose(): void {
    this.listener.dispose();
    for (const type of this.types.values()) type.dispose();
  }
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
