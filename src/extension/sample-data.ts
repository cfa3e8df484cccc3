/**
 * *LSTM Studio: Get Sample Data*: copies the small datasets bundled in the extension's `samples/` folder
 * (one per task, cut from examples/ by scripts/make-samples.mjs) into `lstm-studio-samples/` of a
 * workspace folder, asking before it replaces files that are already there. With no folder open it offers
 * to choose one, copies there and opens it.
 *
 * It works in Restricted Mode too: it only writes data files the user asked for into a folder they chose,
 * and no code of the workspace runs; training those files still needs trust (the Train command says so).
 */

import * as vscode from 'vscode';
import { markWalkthroughEvent } from './walkthrough-progress';

/** The folder, in a workspace folder, that receives the samples. */
export const SAMPLE_FOLDER_NAME = 'lstm-studio-samples';
/** The sample the walkthrough trains: a classifier of short reviews, the quickest to train and to try. */
export const SAMPLE_TO_TRAIN = 'reviews.csv';
/** Reviews the classifier never saw, one a line, to select and predict on. */
export const SAMPLE_TO_PREDICT_ON = 'try-me.txt';

/** Where the samples are (or would be) in a workspace folder. */
export function sampleFolderIn(folder: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(folder, SAMPLE_FOLDER_NAME);
}

/** The bundled sample files: every file in the extension's `samples/` folder. */
async function bundledSamples(extensionUri: vscode.Uri): Promise<vscode.Uri[]> {
  const folder = vscode.Uri.joinPath(extensionUri, 'samples');
  const entries = await vscode.workspace.fs.readDirectory(folder);
  return entries
    .filter(([, type]) => type === vscode.FileType.File)
    .map(([name]) => vscode.Uri.joinPath(folder, name))
    .sort((a, b) => a.path.localeCompare(b.path));
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
}

/**
 * The workspace folder to copy into: the only one, one picked among several, or (no folder open) one the
 * user chooses in a folder dialog — then `opensAfterwards` is true, since the window must open it to show
 * the files. Undefined when the user cancelled.
 */
async function chooseTargetFolder(): Promise<{ folder: vscode.Uri; opensAfterwards: boolean } | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 1) return { folder: folders[0].uri, opensAfterwards: false };
  if (folders.length > 1) {
    const picked = await vscode.window.showWorkspaceFolderPick({
      placeHolder: vscode.l10n.t('Copy the LSTM Studio samples into which folder?'),
    });
    return picked ? { folder: picked.uri, opensAfterwards: false } : undefined;
  }
  const choose = vscode.l10n.t('Choose a Folder…');
  const answer = await vscode.window.showInformationMessage(
    vscode.l10n.t('No folder is open. Choose a folder to copy the LSTM Studio samples into; it then opens here.'),
    { modal: true },
    choose,
  );
  if (answer !== choose) return undefined;
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    openLabel: vscode.l10n.t('Copy Samples Here'),
  });
  return picked?.[0] ? { folder: picked[0], opensAfterwards: true } : undefined;
}

/**
 * Copies the samples into a workspace folder; resolves to the samples folder, or undefined when the user
 * cancelled (or the window is about to open the chosen folder).
 */
export async function getSampleData(extensionUri: vscode.Uri): Promise<vscode.Uri | undefined> {
  const target = await chooseTargetFolder();
  if (!target) return undefined;
  const destination = sampleFolderIn(target.folder);
  const sources = await bundledSamples(extensionUri);
  const present: string[] = [];
  for (const source of sources) {
    const name = source.path.slice(source.path.lastIndexOf('/') + 1);
    if (await exists(vscode.Uri.joinPath(destination, name))) present.push(name);
  }
  if (present.length > 0) {
    const replace = vscode.l10n.t('Replace');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t(
        '{0} already holds {1}. Replace them with the original samples? Changes you made to them are lost.',
        SAMPLE_FOLDER_NAME,
        present.join(', '),
      ),
      { modal: true },
      replace,
    );
    if (answer !== replace) return undefined;
  }
  await vscode.workspace.fs.createDirectory(destination);
  for (const source of sources) {
    const name = source.path.slice(source.path.lastIndexOf('/') + 1);
    await vscode.workspace.fs.copy(source, vscode.Uri.joinPath(destination, name), { overwrite: true });
  }
  await markWalkthroughEvent('hasSampleData');
  if (target.opensAfterwards) {
    // The window reloads into the folder; activation then finds the samples there (see walkthrough-progress).
    await vscode.commands.executeCommand('vscode.openFolder', target.folder);
    return undefined;
  }
  await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.joinPath(destination, SAMPLE_TO_TRAIN));
  return destination;
}

/** The first workspace folder's copy of a sample, or undefined when no folder holds the samples. */
export async function copiedSample(name: string): Promise<vscode.Uri | undefined> {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const uri = vscode.Uri.joinPath(sampleFolderIn(folder.uri), name);
    if (await exists(uri)) return uri;
  }
  return undefined;
}

/** A copied sample, or — when none is there yet — the samples copied first (undefined if the user cancelled). */
export async function sampleOrCopy(extensionUri: vscode.Uri, name: string): Promise<vscode.Uri | undefined> {
  const present = await copiedSample(name);
  if (present) return present;
  const folder = await getSampleData(extensionUri);
  return folder ? vscode.Uri.joinPath(folder, name) : undefined;
}
