/**
 * Translation for the host's modules that do not import `vscode` (kept pure so unit tests run them
 * without VS Code): they write `l10n.t('English text {0}', x)` with `import * as l10n from './l10n'`.
 * The translator lives in src/protocol/l10n.ts, shared with the code the workers run; `activate`
 * installs `vscode.l10n.t` and the display language's bundle there (the bundle is what the workers get).
 */

export * from '../protocol/l10n';
