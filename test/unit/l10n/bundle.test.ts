// The message bundle `npm run l10n` writes (scripts/l10n-bundle.mjs): in step with the sources, holding the
// words shared code hands the panels, with a pseudo-locale of every message for the translation e2e test.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedWordsOf } from '../../../src/protocol/shared-words';
import { TRAINING_SETTINGS } from '../../../src/protocol/training-settings';
import { allTaskPresentations } from '../../../src/tasks/presentations';
// @ts-expect-error: a plain .mjs script without type declarations
import * as script from '../../../scripts/l10n-bundle.mjs';

const root = join(__dirname, '..', '..', '..');
const readJson = (name: string) => JSON.parse(readFileSync(join(root, name), 'utf8'));

describe('l10n/bundle.l10n.json', () => {
  const bundle = readJson('l10n/bundle.l10n.json') as Record<string, string | { message: string }>;

  it('is what npm run l10n writes from the sources today (run it after adding a message)', async () => {
    expect(await script.staleL10nFiles(root)).toEqual([]);
  }, 300_000);

  it('holds every task name, metric label, column role and setting label and help the panels show', () => {
    const words = sharedWordsOf(allTaskPresentations(), TRAINING_SETTINGS);
    expect(words).toEqual(expect.arrayContaining(['accuracy', 'Sequence classification', 'Columns to forecast']));
    expect(words).toEqual(expect.arrayContaining(['Batch size', 'sequences per optimizer step', 'Classifying']));
    expect(words.filter((word) => !(word in bundle))).toEqual([]);
  });

  it('has a pseudo-localised twin of every message, and of every package.json string', () => {
    const pseudo = readJson(`l10n/bundle.l10n.${script.PSEUDO_LOCALE}.json`) as Record<string, string>;
    expect(Object.keys(pseudo).sort()).toEqual(Object.keys(bundle).sort());
    expect(pseudo['Batch size']).not.toBe('Batch size');
    expect(pseudo['LSTM Studio: {0}']).toMatch(/\{0\}$/);
    const nls = readJson('package.nls.json') as Record<string, string>;
    const nlsPseudo = readJson(`package.nls.${script.PSEUDO_LOCALE}.json`) as Record<string, string>;
    expect(Object.keys(nlsPseudo)).toEqual(Object.keys(nls));
    expect(nlsPseudo['commands.trainDataset.title']).not.toBe(nls['commands.trainDataset.title']);
  });

  it("holds every literal message of the host's modules, the pure ones' (l10n from ./l10n) too", () => {
    const folder = join(root, 'src', 'extension');
    const literal = /\bl10n\.t\(\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*[,)]/g;
    const messages: string[] = [];
    for (const name of readdirSync(folder).filter((n) => n.endsWith('.ts'))) {
      // Comments may show a call as an example; the extractor reads code only.
      const source = readFileSync(join(folder, name), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      for (const match of source.matchAll(literal)) messages.push((match[1] ?? match[2]).replace(/\\(.)/g, '$1'));
    }
    expect(messages).toEqual(expect.arrayContaining(['there is no forecast to insert yet', 'Run Actions…']));
    expect(messages.filter((message) => !(message in bundle))).toEqual([]);
  });

  it('reads our own l10n imports as @vscode/l10n, whose calls the extractor knows', () => {
    expect(script.asExtractorSees("import * as l10n from './l10n';")).toBe("import * as l10n from '@vscode/l10n';");
    expect(script.asExtractorSees("import * as l10n from '../../shared/l10n';")).toBe(
      "import * as l10n from '@vscode/l10n';",
    );
    expect(script.asExtractorSees("import { t } from './l10n-extra';")).toBe("import { t } from './l10n-extra';");
  });

  it('finds the words of the presentations by loading the TypeScript sources, as the unit test does', () => {
    expect(script.sharedWords(root)).toEqual(sharedWordsOf(allTaskPresentations(), TRAINING_SETTINGS));
  });
});
