/**
 * The host reads an editor selection for a prediction only as far as the model can use: the document is
 * asked for the clipped range, never for the whole selection, and the source says what was cut.
 */

import { describe, expect, it, vi } from 'vitest';

vi.mock('vscode', () => {
  class Position {
    constructor(
      readonly line: number,
      readonly character: number,
    ) {}
  }
  class Range {
    constructor(
      readonly start: Position,
      readonly end: Position,
    ) {}
  }
  return { Position, Range, Uri: { file: (fsPath: string) => ({ fsPath }) } };
});

const vscode = (await import('vscode')) as unknown as {
  Position: new (line: number, character: number) => { line: number; character: number };
  Range: new (start: unknown, end: unknown) => { start: { character: number }; end: { character: number } };
};
const { selectionOrLine } = await import('../../../src/extension/prediction-commands');
const { selectionsText } = await import('../../../src/extension/read-selections');

/** A one-line document of `text` that records every range it is asked to read. */
function editorOn(text: string, selectFrom: number, selectTo: number) {
  const reads: number[] = [];
  const document = {
    offsetAt: (p: { character: number }) => p.character,
    positionAt: (offset: number) => new vscode.Position(0, offset),
    getText: (range: { start: { character: number }; end: { character: number } }) => {
      reads.push(range.end.character - range.start.character);
      return text.slice(range.start.character, range.end.character);
    },
    lineAt: () => ({ range: new vscode.Range(new vscode.Position(0, 0), new vscode.Position(0, text.length)) }),
  };
  const selection = Object.assign(
    new vscode.Range(new vscode.Position(0, selectFrom), new vscode.Position(0, selectTo)),
    {
      isEmpty: selectFrom === selectTo,
      active: new vscode.Position(0, selectTo),
    },
  );
  return { editor: { document, selection } as never, reads };
}

describe('Predict on Selection reads what the model can use', () => {
  const book = 'It was a dark and stormy night. '.repeat(200_000); // 6.4 MB selected

  it('asks the document for the first characters only, and says so', () => {
    const { editor, reads } = editorOn(book, 5, book.length);
    const { text, source } = selectionOrLine(editor, { characters: 6400, keep: 'start' });
    expect(reads).toEqual([6400]);
    expect(text).toBe(book.slice(5, 6405));
    expect(source.range.start.character).toBe(5);
    expect(source.range.end.character).toBe(6405);
    expect(source.readNotice?.message).toMatch(/^used the first 6,400 characters of 6,399,995 /);
  });

  it('reads the last characters for a model that keeps the end, and a short selection whole', () => {
    const tail = editorOn(book, 0, book.length);
    expect(selectionOrLine(tail.editor, { characters: 100, keep: 'end' }).text).toBe(book.slice(-100));
    expect(tail.reads).toEqual([100]);
    const short = editorOn(book, 0, 40);
    const read = selectionOrLine(short.editor, { characters: 100, keep: 'start' });
    expect(read.text).toBe(book.slice(0, 40));
    expect(read.source.readNotice).toBeUndefined();
  });

  it('clips the cursor’s line too when nothing is selected', () => {
    const { editor, reads } = editorOn(book, 7, 7);
    const { text, source } = selectionOrLine(editor, { characters: 50, keep: 'start' });
    expect(reads).toEqual([50]);
    expect(text).toBe(book.slice(0, 50));
    expect(source.wholeLine).toBe(true);
  });
});

describe('Inspect Gates on Selection reads what a recording can use', () => {
  const book = 'It was a dark and stormy night. '.repeat(200_000); // 6.4 MB selected

  it('asks the document for the first characters of the selections only, joined by line breaks', () => {
    const { editor, reads } = editorOn(book, 0, book.length);
    const first = (editor as unknown as { selection: unknown }).selection;
    const second = new vscode.Range(new vscode.Position(0, 10), new vscode.Position(0, 20));
    const both = { document: (editor as unknown as { document: unknown }).document, selections: [second, first] };
    const { text, clipped } = selectionsText(both as never, { characters: 1000, keep: 'start' });
    expect(reads).toEqual([10, 989]);
    expect(text).toBe(`${book.slice(10, 20)}\n${book.slice(0, 989)}`);
    expect(clipped).toBe(true);
    const whole = selectionsText({ document: both.document, selections: [second] } as never, {
      characters: 1000,
      keep: 'start',
    });
    expect(whole).toEqual({ text: book.slice(10, 20), clipped: false });
  });
});
