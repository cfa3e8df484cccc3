/**
 * The README the .vsix carries (scripts/vsix-readme.mjs) for the installed extension's page, whose CSP
 * loads only https: and data: pictures and whose relative links resolve against VS Code's own page.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error a plain .mjs script without a declaration file
import { DOCS_NOTE, INLINE_PICTURES, packagedReadme } from '../../../scripts/vsix-readme.mjs';

const ROOT = join(__dirname, '../../..');
const picture = INLINE_PICTURES[0] as string;

describe('the packaged README', () => {
  it('inlines the chosen picture as a data: URL of its bytes and leaves the others out', () => {
    const bytes = Buffer.from([1, 2, 3, 250]);
    const text = packagedReadme(
      `# T\n\n![one](${picture})\n\n![two](media/readme/other.webp)\n\nend\n`,
      (path: string) => {
        expect(path).toBe(picture);
        return bytes;
      },
    );
    expect(text).toBe(`# T\n\n${DOCS_NOTE}\n\n![one](data:image/webp;base64,${bytes.toString('base64')})\n\nend\n`);
  });

  it('names the docs that ship instead of linking them; keeps https links and anchors', () => {
    const text = packagedReadme(
      '# T\n\nSee [docs/gates.md](docs/gates.md), [the CLI](docs/cli.md), [PyTorch](https://pytorch.org) and [below](#install).\n',
      () => Buffer.alloc(0),
    );
    expect(text).toContain(
      'See `docs/gates.md`, the CLI (`docs/cli.md`), [PyTorch](https://pytorch.org) and [below](#install).',
    );
  });

  it('turns the real README into one with exactly the inline pictures and no relative link or picture', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const text = packagedReadme(readme, (path: string) => readFileSync(join(ROOT, path)));
    expect(text.match(/!\[[^\]]*\]\(data:image\/webp;base64,[A-Za-z0-9+/=]+\)/g)).toHaveLength(INLINE_PICTURES.length);
    const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
    expect(targets.filter((t) => !/^(https?:|data:|#|mailto:)/.test(t))).toEqual([]);
    // Every picture of README.md that is not inline is in the repository (the packaged page drops it).
    for (const [, src] of readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g))
      expect(() => readFileSync(join(ROOT, src))).not.toThrow();
  });
});
