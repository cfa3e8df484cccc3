/**
 * Paths found in the state a webview saved for a window reload (`setState`), checked before the host
 * reads anything there. That state is written by the webview, so it may be stale or hostile: a path is
 * accepted only when it resolves — symbolic links and all — to where the host itself would have put it.
 * Pure over the file system (no VS Code API), so it is tested with temporary folders.
 */

import { realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, normalize, relative, sep } from 'node:path';

export type PathCheck = { ok: true; path: string } | { ok: false; reason: string };

/** Longer than any path the host writes; a longer string is not looked at. */
const MAX_PATH_LENGTH = 4096;

/**
 * A run folder named by a webview: accepted only when it is a folder and a direct child of one of
 * `runsFolders` both as written and once every symbolic link is resolved (no `..`, no link out).
 * The accepted path is the one written, normalised (the host's own records use that form).
 */
export async function runFolderFromWebviewState(
  candidate: unknown,
  runsFolders: readonly string[],
): Promise<PathCheck> {
  const written = writtenPath(candidate);
  if (!written.ok) return written;
  const path = written.path;
  const parent = runsFolders.map((folder) => normalize(folder)).find((folder) => dirname(path) === folder);
  if (parent === undefined) return refuse(path, 'is not a run folder in a runs folder of this workspace');
  const real = await realPathOf(path);
  if (real === undefined) return refuse(path, 'does not exist');
  if (!(await isDirectory(real))) return refuse(path, 'is not a folder');
  if (dirname(real) !== (await realPathOf(parent))) return refuse(path, `leads out of ${parent} (a symbolic link)`);
  return { ok: true, path };
}

/**
 * A checkpoint named by a webview: a regular `.safetensors` file that, once every symbolic link is
 * resolved, lies inside one of `roots` (the workspace folders and their runs folders), or is exactly
 * `remembered` (the model the host itself last used, which may lie anywhere the user picked it from).
 */
export async function checkpointFromWebviewState(
  candidate: unknown,
  roots: readonly string[],
  remembered?: string,
): Promise<PathCheck> {
  const written = writtenPath(candidate);
  if (!written.ok) return written;
  const path = written.path;
  if (!path.endsWith('.safetensors')) return refuse(path, 'is not a .safetensors checkpoint');
  const real = await realPathOf(path);
  if (real === undefined) return refuse(path, 'does not exist');
  if (!(await isRegularFile(real))) return refuse(path, 'is not a regular file');
  if (remembered !== undefined && real === (await realPathOf(remembered))) return { ok: true, path };
  for (const root of roots) {
    const realRoot = await realPathOf(root);
    if (realRoot !== undefined && isInside(real, realRoot)) return { ok: true, path };
  }
  return refuse(path, 'is not in this workspace');
}

/**
 * A data file named by a webview (the Audio view's recording): a regular file with this extension that,
 * once every symbolic link is resolved, lies inside one of `roots` (the workspace folders).
 */
export async function workspaceFileFromWebviewState(
  candidate: unknown,
  extension: string,
  roots: readonly string[],
): Promise<PathCheck> {
  const written = writtenPath(candidate);
  if (!written.ok) return written;
  const path = written.path;
  if (!path.toLowerCase().endsWith(extension)) return refuse(path, `is not a ${extension} file`);
  const real = await realPathOf(path);
  if (real === undefined) return refuse(path, 'does not exist');
  if (!(await isRegularFile(real))) return refuse(path, 'is not a regular file');
  for (const root of roots) {
    const realRoot = await realPathOf(root);
    if (realRoot !== undefined && isInside(real, realRoot)) return { ok: true, path };
  }
  return refuse(path, 'is not in this workspace');
}

/** An absolute path without `.` or `..` segments (no climbing out of where it claims to be). */
function writtenPath(candidate: unknown): PathCheck {
  if (typeof candidate !== 'string' || candidate.length === 0) return { ok: false, reason: 'no path was saved' };
  if (candidate.length > MAX_PATH_LENGTH || candidate.includes('\0'))
    return { ok: false, reason: 'the saved path is not a path' };
  if (!isAbsolute(candidate)) return refuse(candidate, 'is not an absolute path');
  if (candidate.split(/[\\/]/).some((segment) => segment === '..' || segment === '.'))
    return refuse(candidate, "has '.' or '..' in it");
  // A trailing separator is dropped: the host names folders without one.
  return { ok: true, path: normalize(candidate).replace(/(?<=.)[\\/]+$/, '') };
}

function refuse(path: string, why: string): PathCheck {
  return { ok: false, reason: `${JSON.stringify(path)} ${why}` };
}

function isInside(path: string, folder: string): boolean {
  const rest = relative(folder, path);
  return rest !== '' && !rest.startsWith(`..${sep}`) && rest !== '..' && !isAbsolute(rest);
}

async function realPathOf(path: string): Promise<string | undefined> {
  return realpath(path).then(
    (real) => real,
    () => undefined,
  );
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isDirectory(),
    () => false,
  );
}

async function isRegularFile(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isFile(),
    () => false,
  );
}
