// package.json's contributions in the display language: every title, name and description a user reads
// is a `%key%` of package.nls.json (scripts/l10n-package.mjs moves new literals there).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error: a plain .mjs script without type declarations
import * as script from '../../../scripts/l10n-package.mjs';

const root = join(__dirname, '..', '..', '..');
const readJson = (name: string) => JSON.parse(readFileSync(join(root, name), 'utf8'));

describe('package.json and package.nls.json', () => {
  const pkg = readJson('package.json');
  const nls = readJson('package.nls.json');

  it('has no literal user-visible string in contributes and no %key% missing from package.nls.json', () => {
    expect(script.packageNlsProblems(pkg, nls)).toEqual([]);
  });

  it('is what scripts/l10n-package.mjs leaves (running it changes nothing)', () => {
    const again = script.localizePackage(pkg, nls);
    expect(again.pkg).toEqual(pkg);
    expect(again.nls).toEqual(nls);
  });

  it('names the l10n folder, whose English bundle ships in the .vsix with package.nls.json', () => {
    expect(pkg.l10n).toBe('./l10n');
    const ignore = readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n');
    expect(ignore).toContain('!l10n/bundle.l10n.json');
    expect(ignore).toContain('!package.nls.json');
    // The pseudo-locale is for testing; nothing ships it.
    expect(ignore.filter((line) => line.startsWith('!') && /qps|\*\.json/.test(line))).toEqual([]);
  });

  it('holds command titles, setting descriptions and the view name in English', () => {
    const values = Object.values(nls);
    expect(values).toContain('Train LSTM on This Dataset');
    expect(values).toContain('Runs');
    expect(values).toContain("Kernels that run training's float32 arithmetic.");
  });
});

describe('scripts/l10n-package.mjs', () => {
  const sample = () => ({
    name: 'x',
    contributes: {
      commands: [
        { command: 'lstmStudio.go', title: 'Go', category: 'LSTM Studio' },
        { command: 'lstmStudio.stay', title: '%commands.stay.title%', category: 'LSTM Studio' },
      ],
      submenus: [{ id: 'lstmStudio.menu', label: 'LSTM Studio' }],
      configuration: {
        title: 'LSTM Studio',
        properties: {
          'lstmStudio.kind': {
            type: 'string',
            enum: ['a', 'b'],
            default: 'a',
            enumDescriptions: ['First kind', 'Second kind'],
            description: 'Which kind.',
          },
        },
      },
      walkthroughs: [
        {
          id: 'start',
          title: 'Get started',
          description: 'Four steps',
          steps: [
            { id: 'one', title: 'Step one', description: 'Do it', media: { image: 'a.png', altText: 'A picture' } },
          ],
        },
      ],
    },
  });

  it('moves each literal into package.nls.json under a key named after where it sits', () => {
    const { pkg, nls } = script.localizePackage(sample(), { 'commands.stay.title': 'Stay' });
    expect(pkg.contributes.commands[0]).toEqual({
      command: 'lstmStudio.go',
      title: '%commands.go.title%',
      category: '%category.lstmStudio%',
    });
    expect(pkg.contributes.configuration.properties['lstmStudio.kind']).toEqual({
      type: 'string',
      enum: ['a', 'b'],
      default: 'a',
      enumDescriptions: ['%configuration.kind.enumDescriptions.a%', '%configuration.kind.enumDescriptions.b%'],
      description: '%configuration.kind.description%',
    });
    expect(pkg.contributes.walkthroughs[0].steps[0].media).toEqual({
      image: 'a.png',
      altText: '%walkthroughs.start.steps.one.media.altText%',
    });
    expect(nls).toEqual({
      'commands.go.title': 'Go',
      'category.lstmStudio': 'LSTM Studio',
      'commands.stay.title': 'Stay',
      'submenus.menu.label': 'LSTM Studio',
      'configuration.title': 'LSTM Studio',
      'configuration.kind.enumDescriptions.a': 'First kind',
      'configuration.kind.enumDescriptions.b': 'Second kind',
      'configuration.kind.description': 'Which kind.',
      'walkthroughs.start.title': 'Get started',
      'walkthroughs.start.description': 'Four steps',
      'walkthroughs.start.steps.one.title': 'Step one',
      'walkthroughs.start.steps.one.description': 'Do it',
      'walkthroughs.start.steps.one.media.altText': 'A picture',
    });
    expect(script.packageNlsProblems(pkg, nls)).toEqual([]);
    expect(script.localizePackage(pkg, nls)).toEqual({ pkg, nls });
  });

  it('numbers a key another text already has, and drops keys nothing references', () => {
    const { pkg, nls } = script.localizePackage(sample(), {
      'commands.stay.title': 'Stay',
      'commands.go.title': 'Something else',
      'commands.gone.title': 'Removed',
    });
    expect(pkg.contributes.commands[0].title).toBe('%commands.go.title.2%');
    expect(nls['commands.go.title.2']).toBe('Go');
    expect(nls).not.toHaveProperty('commands.go.title');
    expect(nls).not.toHaveProperty('commands.gone.title');
  });

  it('reports a literal left in contributes and a key missing from package.nls.json', () => {
    expect(script.packageNlsProblems(sample(), {})).toEqual(
      expect.arrayContaining([
        'literal text at commands.go.title: "Go"',
        'literal text at walkthroughs.start.steps.one.media.altText: "A picture"',
        '%commands.stay.title% is missing from package.nls.json',
      ]),
    );
  });
});
