// End-to-end harness for LSTM Studio: a real VS Code (code-server 4.100.3 = VS Code 1.100.3, run from
// test/e2e/node_modules) driven by Debian's Chromium through playwright-core 1.65.1, fully offline.
// Used by `node --test` files in this folder. See README.md here for usage and pitfalls.
import { spawn, execFile, execFileSync } from 'node:child_process';
import { format, promisify } from 'node:util';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as nodeTest from 'node:test';

export const E2E_DIR = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(E2E_DIR, '../..');
export const ARTIFACTS_DIR = process.env.E2E_ARTIFACTS_DIR || path.join(REPO_ROOT, 'test-artifacts');
export const CODE_SERVER_BIN = path.join(E2E_DIR, 'node_modules/.bin/code-server');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** Chromium flags that work here as root, offline (see /work/shared/e2e/README.md). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
/** User settings every harness instance starts from (opts.settings is merged over them). */
export const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
  'workbench.editor.enablePreview': false,
};
const DEFAULT_TIMEOUT = 30_000;
const execFileP = promisify(execFile);
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...a) => {
  if (process.env.E2E_QUIET !== '1') console.log('[e2e]', format(...a));
};
/** Milliseconds since `t0`, rounded. */
export const since = (t0) => Math.round(performance.now() - t0);

// ---------------------------------------------------------------------------------------------- processes
const liveGroups = new Set(); // process-group ids of running code-servers, killed if node exits early
const tempPaths = new Set(); // temp dirs removed when node exits (unless E2E_KEEP=1)
function emergencyCleanup() {
  for (const pgid of liveGroups)
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {}
  if (process.env.E2E_KEEP !== '1')
    for (const p of tempPaths)
      try {
        fs.rmSync(p, { recursive: true, force: true });
      } catch {}
}
process.once('exit', emergencyCleanup);
for (const sig of ['SIGINT', 'SIGTERM'])
  process.once(sig, () => {
    emergencyCleanup();
    process.exit(130);
  });
const tempDir = (prefix) => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempPaths.add(d);
  return d;
};

/** All live descendants of `pid` (walks /proc; code-server forks the server, extension hosts and a pty host). */
function descendants(pid) {
  const children = new Map();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(d));
    } catch {
      /* process gone */
    }
  }
  const out = [];
  const walk = (p) => {
    for (const c of children.get(p) || []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}
const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
/** CPU seconds (user + system, all threads) used so far by `pid` and its descendants (from /proc). */
export function processTreeCpuSeconds(pid) {
  const ticksPerSecond = 100; // USER_HZ on Linux
  let ticks = 0;
  for (const p of [pid, ...descendants(pid)]) {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is stat's field 3 (state)
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime: stat's fields 14 and 15
    } catch {
      /* process gone */
    }
  }
  return ticks / ticksPerSecond;
}

/** CPU-seconds per second used by `pid` and its descendants over the next `ms` (1 ≈ one busy core). */
export async function processTreeCpuRate(pid, ms) {
  const before = processTreeCpuSeconds(pid);
  await sleep(ms);
  return (processTreeCpuSeconds(pid) - before) / (ms / 1000);
}

/** The text of every log file under the server's <user-data-dir>/logs whose name contains `name`. */
export function serverLogText(server, name) {
  const texts = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.includes(name)) texts.push(fs.readFileSync(full, 'utf8'));
    }
  };
  try {
    walk(path.join(server.userDataDir, 'logs'));
  } catch {
    /* no logs yet */
  }
  return texts.join('\n');
}

/** A free TCP port on 127.0.0.1 (the OS picks it; code-server binds it a moment later). */
export function getFreePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** An env in which code-server/Chromium write nothing into the real home and see no outer VS Code. */
function isolatedEnv(home, extra = {}) {
  const env = { ...process.env };
  // Inside a VS Code terminal these would turn the code-server CLI into a client of the *outer* VS Code.
  for (const k of Object.keys(env)) if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') delete env[k];
  return {
    ...env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local/share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    ...extra,
  };
}

function writeTree(dir, files) {
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    if (content === null || rel.endsWith('/')) fs.mkdirSync(p, { recursive: true });
    else fs.writeFileSync(p, content);
  }
}

// ---------------------------------------------------------------------------------------------- code-server
let currentServer = null;

/**
 * Start code-server on 127.0.0.1 with a free port and an isolated HOME/XDG/user-data/extensions dir.
 * @param {object} [opts]
 * @param {Record<string,string|Buffer|null>} [opts.workspaceFiles] files to create in a fresh workspace folder
 *   (relative path -> content; null or a trailing "/" makes a directory)
 * @param {string} [opts.workspaceDir] an existing folder to open instead (workspaceFiles are then written into it)
 * @param {string|string[]} [opts.vsixPath] .vsix file(s) installed offline with --install-extension before start
 * @param {object} [opts.settings] user settings merged over DEFAULT_SETTINGS
 * @param {boolean} [opts.trust=true] true: workspace trust disabled (everything trusted); false: trust stays on,
 *   so the folder opens in Restricted Mode (the startup trust prompt is turned off; the banner stays)
 * @param {string[]} [opts.args] extra code-server arguments
 * @param {Record<string,string>} [opts.env] extra env for code-server (and so for the extension host)
 * @param {number} [opts.startTimeout=90000] ms to wait for /healthz
 */
export async function startCodeServer(opts = {}) {
  if (!fs.existsSync(CODE_SERVER_BIN)) {
    throw new Error(`code-server is not installed at ${CODE_SERVER_BIN}: run scripts/setup-e2e.sh first`);
  }
  const t0 = performance.now();
  const root = tempDir('lstm-e2e-');
  const home = path.join(root, 'home');
  const userDataDir = path.join(root, 'user');
  const extensionsDir = path.join(root, 'exts');
  const workspaceDir = opts.workspaceDir ? path.resolve(opts.workspaceDir) : path.join(root, 'ws');
  for (const d of [home, userDataDir, extensionsDir, workspaceDir, path.join(userDataDir, 'User')])
    fs.mkdirSync(d, { recursive: true });
  if (opts.workspaceFiles) writeTree(workspaceDir, opts.workspaceFiles);
  const trust = opts.trust !== false;
  const settings = {
    ...DEFAULT_SETTINGS,
    ...(trust ? { 'security.workspace.trust.enabled': false } : { 'security.workspace.trust.startupPrompt': 'never' }),
    ...(opts.settings || {}),
  };
  fs.writeFileSync(path.join(userDataDir, 'User/settings.json'), JSON.stringify(settings, null, 2));
  const env = isolatedEnv(home, opts.env);
  const dirArgs = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  const server = {
    root,
    home,
    userDataDir,
    extensionsDir,
    workspaceDir,
    env,
    settings,
    trust,
    port: 0,
    origin: '',
    process: null,
    timings: {},
    stopped: false,
    serverLogFile: path.join(root, 'code-server.log'),
    /** code-server's stdout+stderr so far. */
    log: () => {
      try {
        return fs.readFileSync(server.serverLogFile, 'utf8');
      } catch {
        return '';
      }
    },
    /** `vscode-remote://` URI of a path on this server (for payload URLs). */
    remoteUri: (p) => `vscode-remote://127.0.0.1:${server.port}${path.resolve(p)}`,
    /** Workbench URL for a folder (default: the workspace), optionally with a `payload` array of [key, value]. */
    workbenchUrl: (folder = workspaceDir, payload) => {
      const q = new URLSearchParams();
      if (folder) q.set('folder', path.resolve(folder));
      else q.set('ew', 'true');
      if (payload) q.set('payload', JSON.stringify(payload));
      return `${server.origin}/?${q}`;
    },
    /** Paths of the extension-host log files written so far (remoteexthost.log and extension output channels). */
    exthostLogFiles: () => findFiles(path.join(userDataDir, 'logs'), (p) => /exthost/.test(p) && p.endsWith('.log')),
    /** Copy code-server's log and everything under <user-data-dir>/logs into test-artifacts/<name>/. */
    collectLogs: (name) => collectServerLogs(server, name),
    stop: () => stopServer(server),
  };

  const vsixes = [].concat(opts.vsixPath || []);
  if (vsixes.length) {
    const t = performance.now();
    const args = [...dirArgs];
    for (const v of vsixes) {
      if (!fs.existsSync(v)) throw new Error(`vsix not found: ${v}`);
      args.push('--install-extension', path.resolve(v));
    }
    args.push('--force');
    let out;
    try {
      out = await execFileP(CODE_SERVER_BIN, args, { env, timeout: 180_000, maxBuffer: 16 << 20 });
    } catch (e) {
      throw new Error(`--install-extension failed (${e.code ?? e.signal}):\n${e.stdout}\n${e.stderr}`);
    }
    const text = `${out.stdout}\n${out.stderr}`;
    const ok = (text.match(/successfully installed|already installed/gi) || []).length;
    if (ok < vsixes.length)
      throw new Error(`--install-extension did not report success for all of ${vsixes.join(', ')}:\n${text}`);
    server.timings.installMs = since(t);
  }

  const t = performance.now();
  for (let attempt = 1; ; attempt++) {
    server.port = await getFreePort();
    server.origin = `http://127.0.0.1:${server.port}`;
    fs.writeFileSync(server.serverLogFile, '');
    const logFd = fs.openSync(server.serverLogFile, 'a');
    const child = spawn(
      CODE_SERVER_BIN,
      [
        ...dirArgs,
        '--auth',
        'none',
        '--bind-addr',
        `127.0.0.1:${server.port}`,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-getting-started-override',
        ...(trust ? ['--disable-workspace-trust'] : []),
        ...(opts.args || []),
      ],
      { env, cwd: workspaceDir, stdio: ['ignore', logFd, logFd], detached: true },
    ); // own process group => clean kill
    fs.closeSync(logFd);
    server.process = child;
    liveGroups.add(child.pid);
    let exited = null;
    child.once('exit', (code, sig) => {
      exited = { code, sig };
      liveGroups.delete(child.pid);
    });
    const deadline = Date.now() + (opts.startTimeout ?? 90_000);
    let healthy = false;
    while (!healthy && !exited && Date.now() < deadline) {
      healthy = await fetch(`${server.origin}/healthz`, { signal: AbortSignal.timeout(2000) }).then(
        (r) => r.ok,
        () => false,
      );
      if (!healthy) await sleep(100);
    }
    if (healthy) break;
    const text = server.log();
    await stopServer(server, { keepRoot: true });
    server.stopped = false;
    if (exited && /EADDRINUSE/.test(text) && attempt < 3) {
      log('port %d taken, retrying', server.port);
      continue;
    }
    const dest = await collectServerLogs(server, 'code-server-start-failure').catch(() => '');
    throw new Error(
      `code-server did not become healthy (${exited ? `exited ${exited.code ?? exited.sig}` : 'timeout'}; logs in ${dest}):\n${text}`,
    );
  }
  server.timings.startMs = since(t);
  server.timings.totalMs = since(t0);
  currentServer = server;
  log(
    'code-server on %s (install %s ms, start %s ms) root=%s',
    server.origin,
    server.timings.installMs ?? '-',
    server.timings.startMs,
    root,
  );
  return server;
}

async function stopServer(server, { keepRoot = false } = {}) {
  if (server.stopped) return;
  server.stopped = true;
  const child = server.process;
  if (child && child.exitCode === null && child.signalCode === null) {
    const pids = [child.pid, ...descendants(child.pid)];
    const gone = new Promise((r) => child.once('exit', r));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {}
    for (const p of pids)
      try {
        process.kill(p, 'SIGTERM');
      } catch {} // descendants that left the group
    let timer;
    await Promise.race([
      gone,
      new Promise((r) => {
        timer = setTimeout(r, 5000);
      }),
    ]);
    clearTimeout(timer);
    const left = pids.filter(alive);
    for (const p of left)
      try {
        process.kill(p, 'SIGKILL');
      } catch {}
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
    for (let i = 0; i < 50 && pids.some(alive); i++) await sleep(100);
  }
  if (child) liveGroups.delete(child.pid);
  if (currentServer === server) currentServer = null;
  if (!keepRoot && process.env.E2E_KEEP !== '1') {
    fs.rmSync(server.root, { recursive: true, force: true, maxRetries: 3 });
    tempPaths.delete(server.root);
  }
}

function findFiles(dir, pred, out = []) {
  let entries = [];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) findFiles(p, pred, out);
    else if (pred(p)) out.push(p);
  }
  return out;
}

const safeName = (name) =>
  String(name)
    .replace(/[^\w.-]+/g, '_')
    .slice(0, 120);

/** test-artifacts/<name>/ (created). */
export function artifactDir(name) {
  const d = path.join(ARTIFACTS_DIR, safeName(name));
  fs.mkdirSync(d, { recursive: true });
  return d;
}

async function collectServerLogs(server, name) {
  const dest = artifactDir(name);
  try {
    await fsp.copyFile(server.serverLogFile, path.join(dest, 'code-server.log'));
  } catch {}
  try {
    await fsp.cp(path.join(server.userDataDir, 'logs'), path.join(dest, 'logs'), { recursive: true });
  } catch {}
  const exthost = server.exthostLogFiles();
  for (const f of exthost.filter((f) => path.basename(f) === 'remoteexthost.log')) {
    try {
      await fsp.copyFile(f, path.join(dest, `remoteexthost-${path.basename(path.dirname(f))}.log`));
    } catch {}
  }
  return dest;
}

// ---------------------------------------------------------------------------------------------- browser
let chromiumMod = null;
async function playwright() {
  return (chromiumMod ??= (await import('playwright-core')).chromium);
}
const pageConsole = new WeakMap(); // page -> console/pageerror lines, dumped with the failure artifacts
const pageServer = new WeakMap(); // page -> server it last opened

/**
 * Launch Debian's Chromium (never a Playwright-downloaded one) headless with the flags that work here.
 * @param {object} [opts] { headless=true, args=[], slowMo }
 */
export async function launchBrowser(opts = {}) {
  const home = tempDir('lstm-e2e-chromium-');
  const chromium = await playwright();
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: opts.headless ?? true,
    args: [...CHROMIUM_ARGS, ...(opts.args || [])],
    env: isolatedEnv(home),
    slowMo: opts.slowMo,
    timeout: 60_000,
  });
  browser.once('disconnected', () => {
    fs.rmSync(home, { recursive: true, force: true });
    tempPaths.delete(home);
  });
  return browser;
}

/** A new page with a sane viewport, a 30 s default timeout (Playwright's library default is infinite) and console capture. */
export async function newPage(browser, opts = {}) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, ...opts });
  page.setDefaultTimeout(opts.timeout ?? DEFAULT_TIMEOUT);
  const lines = [];
  pageConsole.set(page, lines);
  page.on('console', (m) => {
    if (lines.length < 5000) lines.push(`[${m.type()}] ${m.text()}`);
  });
  page.on('pageerror', (e) => lines.push(`[pageerror] ${e.stack || e}`));
  return page;
}

/**
 * Open the workbench on `folder` (default: the server's workspace) and wait until it and the Explorer render.
 * @param {import('playwright-core').Page} page
 * @param {string|null} [folder] null opens an empty window
 * @param {object} [opts] { server = the last started, payload, waitForExplorer = !!folder }
 */
export async function openWorkbench(page, folder, opts = {}) {
  const server = opts.server || currentServer;
  if (!server) throw new Error('openWorkbench: no code-server started');
  pageServer.set(page, server);
  const t = performance.now();
  await page.goto(server.workbenchUrl(folder === undefined ? server.workspaceDir : folder, opts.payload));
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  if (opts.waitForExplorer ?? folder !== null) {
    // the tree (an empty folder has no rows)
    await page.locator('.explorer-folders-view .monaco-list').first().waitFor({ timeout: 60_000 });
  }
  log('workbench ready in %d ms', since(t));
  return page;
}

// ---------------------------------------------------------------------------------------------- UI helpers
/** The Explorer row for a file or folder name (exact label match). */
export function explorerRow(page, name) {
  return page
    .locator('.explorer-folders-view .monaco-list-row')
    .filter({ has: page.locator('.label-name').getByText(name, { exact: true }) })
    .first();
}

/** Expand the folders of a "a/b/c.txt" path in the Explorer and return the row of its last segment. */
export async function revealExplorerItem(page, relPath) {
  const parts = relPath.split('/').filter(Boolean);
  for (const dir of parts.slice(0, -1)) {
    const row = explorerRow(page, dir);
    if ((await row.getAttribute('aria-expanded')) === 'false') await row.click();
  }
  const row = explorerRow(page, parts[parts.length - 1]);
  await row.waitFor();
  return row;
}

const menuItem = (page, label, exact) => page.getByRole('menuitem', { name: label, exact }).first();

/**
 * Click a menu item in an open context menu. VS Code menus can swallow a click that lands while the menu (re)renders:
 * click, wait for the item to hide, retry otherwise.
 */
export async function clickMenuItem(page, label, { exact = false, attempts = 5 } = {}) {
  const item = menuItem(page, label, exact);
  for (let i = 0; i < attempts; i++) {
    await item.waitFor({ timeout: 10_000 });
    await page.waitForTimeout(150);
    await item.click({ timeout: 3000 }).catch(() => {});
    if (
      await item.waitFor({ state: 'hidden', timeout: 1500 }).then(
        () => true,
        () => false,
      )
    )
      return;
  }
  throw new Error(`menu click did not take: ${label}`);
}

/** The submenu that groups an extension's items in the Explorer and editor context menus (LSTM Studio's). */
export const CONTEXT_SUBMENU = 'LSTM Studio';

const shows = (locator, timeout) =>
  locator.waitFor({ timeout }).then(
    () => true,
    () => false,
  );

/** Opens the `CONTEXT_SUBMENU` submenu of an open context menu (hover, then a click); false when the menu has none. */
async function openContextSubmenu(page) {
  const submenu = menuItem(page, CONTEXT_SUBMENU, true);
  if (!(await shows(submenu, 500))) return false;
  await submenu.hover().catch(() => {});
  if ((await submenu.getAttribute('aria-expanded').catch(() => null)) !== 'true')
    await submenu.click({ timeout: 2000 }).catch(() => {});
  return true;
}

/** Right-click `target` until `label` shows in the context menu, at its top level or in the `CONTEXT_SUBMENU` submenu
 * (contributions appear only once the extension host has scanned, ~2-3 s after the workbench renders), then click it. */
async function contextMenuRetry(page, target, label, { exact = false, attempts = 20, what }) {
  for (let i = 0; ; i++) {
    await target.click({ button: 'right' });
    if (await shows(menuItem(page, label, exact), 2000)) break;
    if ((await openContextSubmenu(page)) && (await shows(menuItem(page, label, exact), 2000))) break;
    if (i >= attempts) throw new Error(`context menu item "${label}" never appeared on ${what}`);
    await closeContextMenu(page);
    await page.waitForTimeout(500);
  }
  await clickMenuItem(page, label, { exact });
}

/**
 * The labels of `target`'s context menu: `top` (its top level) and `submenu` (the `CONTEXT_SUBMENU` submenu's items,
 * [] when it is absent). Closes the menu again.
 */
export async function contextMenuLabels(page, target) {
  await target.click({ button: 'right' });
  const items = page.getByRole('menuitem');
  await items.first().waitFor({ timeout: 10_000 });
  await page.waitForTimeout(300); // the menu renders its items at once; let it settle
  const top = (await items.allInnerTexts()).map((t) => t.split('\n')[0].trim()).filter(Boolean);
  let submenu = [];
  if (await openContextSubmenu(page)) {
    await page.waitForTimeout(500);
    const all = (await items.allInnerTexts()).map((t) => t.split('\n')[0].trim()).filter(Boolean);
    submenu = all.filter((label) => !top.includes(label));
  }
  await closeContextMenu(page);
  return { top, submenu };
}

/** The context menus open now (a submenu is a menu of its own). */
const openMenuCount = (page) =>
  page
    .getByRole('menu')
    .evaluateAll((menus) => menus.filter((m) => m.getClientRects().length > 0).length)
    .catch(() => 0);

/**
 * Escape until no menu is open, one menu per Escape, waiting for each to close before the next: a menu
 * closes a moment after its Escape, and an Escape pressed when none is left reaches the editor and drops
 * its selection (the retry would then right-click a selection that is gone).
 */
async function closeContextMenu(page) {
  for (let i = 0; i < 3; i++) {
    const open = await openMenuCount(page);
    if (open === 0) return;
    await page.keyboard.press('Escape');
    for (let k = 0; k < 40 && (await openMenuCount(page)) >= open; k++) await page.waitForTimeout(50);
  }
}

/** Right-click an Explorer item (name, or "dir/name" to expand folders first) and click a contributed menu item. */
export async function rightClickExplorerItem(page, fileName, menuItemLabel, opts = {}) {
  const row = fileName.includes('/') ? await revealExplorerItem(page, fileName) : explorerRow(page, fileName);
  await contextMenuRetry(page, row, menuItemLabel, { ...opts, what: `Explorer item ${fileName}` });
}

/** Right-click in the active text editor (or `opts.editor`, a locator) and click `label` in its context menu. */
export async function editorContextMenu(page, label, opts = {}) {
  const target =
    opts.editor || page.locator('.editor-group-container.active .editor-instance .monaco-editor .view-lines').first();
  await target.waitFor();
  await contextMenuRetry(page, target, label, { ...opts, what: 'the editor' });
}

/** Run a command by its palette title ("Category: Title") through F1. */
export async function runCommandFromPalette(page, title, { attempts = 3 } = {}) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  for (let i = 0; i < attempts; i++) {
    if (i > 0)
      await page
        .locator('.part.statusbar')
        .click({ position: { x: 5, y: 5 } })
        .catch(() => {}); // refocus the workbench
    await page.keyboard.press('F1');
    // The palette can open and close again at once when a webview that is still opening takes the focus
    // (a panel revealed by the previous command): then the fill finds it hidden, and it is opened again.
    const filled = await input
      .waitFor({ timeout: 3000 })
      .then(() => input.fill(`>${title}`, { timeout: 3000 }))
      .then(
        () => true,
        () => false,
      );
    if (filled) break;
    if (i === attempts - 1) throw new Error('the command palette did not open');
  }
  const row = page
    .locator('.quick-input-list .monaco-list-row')
    .filter({
      has: page.locator('.label-name, .monaco-highlighted-label').getByText(title, { exact: true }),
    })
    .first();
  await row.waitFor({ timeout: 15_000 }).catch(async () => {
    const shown = await page
      .locator('.quick-input-list .monaco-list-row')
      .allInnerTexts()
      .catch(() => []);
    throw new Error(`command "${title}" not in the palette; shown: ${JSON.stringify(shown.slice(0, 10))}`);
  });
  await row.click();
  await page
    .locator('.quick-input-widget')
    .waitFor({ state: 'hidden', timeout: 10_000 })
    .catch(() => {});
}

/** Like runCommandFromPalette, but waits (up to ~20 s) for a command an extension has not registered yet. */
export async function runCommandWhenListed(page, title) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await runCommandFromPalette(page, title);
    } catch (error) {
      if (attempt >= 8 || !/not in the palette/.test(error.message)) throw error;
      await page.keyboard.press('Escape');
      await page.waitForTimeout(2500);
    }
  }
}

/**
 * Reloads the window the way a user does, with VS Code's own "Developer: Reload Window": the workbench saves its
 * state (open editors, webview state) before it navigates. A bare `page.reload()` skips that save, so anything
 * the workbench had not yet flushed on its own (it does so about once a minute) is lost.
 */
export async function reloadWindow(page, { timeout = 60_000 } = {}) {
  const navigated = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout });
  await runCommandWhenListed(page, 'Developer: Reload Window');
  await navigated;
  await page.locator('.monaco-workbench').waitFor({ timeout });
}

/**
 * The content frame of a webview (VS Code puts each webview in two nested iframes: iframe.webview > #active-frame).
 * Picks among several open webviews:
 *   - { title }: the webview panel whose editor tab (or webview view whose pane header) has this title (a string,
 *     matched exactly, or a RegExp); the tab is activated first, then the visible webview inside that editor
 *     group / pane is chosen;
 *   - { hasText }: the first visible webview whose body contains this text (string or RegExp);
 *   - neither: the only / first visible webview.
 * Polls until `timeout`, then resolves to a FrameLocator bound to that webview's iframe (by its unique name).
 */
export async function webviewFrame(page, { title, hasText, timeout = DEFAULT_TIMEOUT } = {}) {
  const deadline = Date.now() + timeout;
  let lastSeen = '';
  while (true) {
    let name = null;
    if (title !== undefined) {
      const tab =
        title instanceof RegExp
          ? page
              .locator('.tabs-container .tab')
              .filter({ has: page.locator('.label-name', { hasText: title }) })
              .first()
          : page
              .locator(`.tabs-container .tab[aria-label=${JSON.stringify(title)}]`)
              .or(
                page
                  .locator('.tabs-container .tab')
                  .filter({ has: page.locator('.label-name').getByText(title, { exact: true }) }),
              )
              .first();
      if (await tab.count()) {
        if (
          (await tab.getAttribute('aria-selected')) !== 'true' ||
          !(await tab.evaluate((el) => el.closest('.editor-group-container')?.classList.contains('active')))
        ) {
          await tab.click().catch(() => {});
        }
      }
      const wanted = title instanceof RegExp ? { source: title.source, flags: title.flags } : title;
      [name, lastSeen] = await page.evaluate((wanted) => {
        const matches = (label) =>
          label != null &&
          (typeof wanted === 'string' ? label === wanted : new RegExp(wanted.source, wanted.flags).test(label));
        const visible = (el) => {
          const r = el.getBoundingClientRect();
          const s = getComputedStyle(el);
          return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
        };
        const frames = [...document.querySelectorAll('iframe.webview.ready')].filter(visible);
        const inside = (el, box) => {
          const r = el.getBoundingClientRect();
          const x = r.left + r.width / 2,
            y = r.top + r.height / 2;
          return x >= box.left && x <= box.right && y >= box.top && y <= box.bottom;
        };
        const boxes = [];
        for (const tab of document.querySelectorAll('.tabs-container .tab')) {
          const label = tab.querySelector('.label-name')?.textContent?.trim() || tab.getAttribute('aria-label');
          if (
            (matches(label) || matches(tab.getAttribute('aria-label'))) &&
            tab.getAttribute('aria-selected') === 'true'
          ) {
            const area = tab.closest('.editor-group-container')?.querySelector('.editor-container');
            if (area) boxes.push(area.getBoundingClientRect());
          }
        }
        for (const header of document.querySelectorAll('.pane-header')) {
          const label = header.querySelector('h3.title')?.textContent?.trim() || header.getAttribute('aria-label');
          if (matches(label)) {
            const body = header.closest('.pane')?.querySelector('.pane-body');
            if (body) boxes.push(body.getBoundingClientRect());
          }
        }
        const tabs = [...document.querySelectorAll('.tabs-container .tab')].map(
          (tab) =>
            `${tab.querySelector('.label-name')?.textContent?.trim() || tab.getAttribute('aria-label')}${tab.getAttribute('aria-selected') === 'true' ? ' (selected)' : ''}`,
        );
        const seen = `${frames.length} visible webview(s); tabs: ${JSON.stringify(tabs)}`;
        for (const box of boxes) {
          const f = frames.find((fr) => inside(fr, box));
          if (f) return [f.name, seen];
        }
        return [null, seen];
      }, wanted);
    } else {
      const frames = page.locator('iframe.webview.ready >> visible=true');
      const n = await frames.count();
      for (let i = 0; i < n && !name; i++) {
        const frame = frames.nth(i);
        if (hasText === undefined) {
          name = await frame.getAttribute('name');
          break;
        }
        const body = frame.contentFrame().locator('#active-frame').contentFrame().locator('body', { hasText });
        if (await body.count().catch(() => 0)) name = await frame.getAttribute('name');
      }
      const tabs = await page
        .locator('.tabs-container .tab')
        .allInnerTexts()
        .catch(() => []);
      lastSeen = `${n} visible webview(s); tabs: ${JSON.stringify(tabs.map((t) => t.trim()))}`;
    }
    if (name) {
      const fl = page.frameLocator(`iframe.webview.ready[name="${name}"]`).frameLocator('#active-frame');
      if (
        title === undefined ||
        hasText === undefined ||
        (await fl
          .locator('body', { hasText })
          .count()
          .catch(() => 0))
      )
        return fl;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `webviewFrame: no webview matching ${JSON.stringify({ title: title?.toString(), hasText: hasText?.toString() })} within ${timeout} ms (${lastSeen})`,
      );
    }
    await page.waitForTimeout(250);
  }
}

/** Wait for a notification toast containing `text`; returns its locator. */
export async function waitForNotification(page, text, { timeout = DEFAULT_TIMEOUT } = {}) {
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
  await toast.waitFor({ timeout });
  return toast;
}

// ---------------------------------------------------------------------------------------------- artifacts
/**
 * Save failure artifacts into test-artifacts/<name>/: a full-page screenshot, the page's console, code-server's log and
 * the extension host logs (from <user-data-dir>/logs/<session>/exthost<N>/: remoteexthost.log plus each extension's
 * output channels). With `fn`, runs it and saves the artifacts only if it throws (then rethrows).
 * @param {import('playwright-core').Page} page
 * @param {string} name
 * @param {() => Promise<any>} [fn]
 * @param {object} [opts] { server = the page's server }
 */
export async function screenshotOnFailure(page, name, fn, opts = {}) {
  if (fn) {
    try {
      return await fn();
    } catch (e) {
      await saveFailureArtifacts(page, name, { ...opts, error: e });
      throw e;
    }
  }
  return saveFailureArtifacts(page, name, opts);
}

export async function saveFailureArtifacts(page, name, { server, error } = {}) {
  const dest = artifactDir(name);
  if (page && !page.isClosed()) {
    await page
      .screenshot({ path: path.join(dest, 'screenshot.png'), fullPage: true, timeout: 10_000 })
      .catch((e) => log('screenshot failed: %s', e.message));
    await fsp.writeFile(path.join(dest, 'page.html'), await page.content().catch(() => '')).catch(() => {});
  }
  const lines = page && pageConsole.get(page);
  if (lines) await fsp.writeFile(path.join(dest, 'browser-console.log'), lines.join('\n'));
  if (error) await fsp.writeFile(path.join(dest, 'error.txt'), String(error.stack || error));
  const srv = server || (page && pageServer.get(page)) || currentServer;
  if (srv) await srv.collectLogs(name);
  log('failure artifacts in %s', dest);
  return dest;
}

// ---------------------------------------------------------------------------------------------- extension-host tests
/**
 * Run an extension-host test suite (the `extensionTestsPath` contract: a module exporting `run(): Promise<void>`)
 * inside code-server: the workbench URL carries VS Code's `payload` parameter with extensionDevelopmentPath and
 * extensionTestsPath; the exit code arrives through `window.codeAutomationExit`, the log through `codeAutomationLog`.
 * @returns {Promise<{code: number|'timeout', output: string, ms: number}>}
 */
export async function runExtensionHostTests({
  browser,
  server = currentServer,
  extensionDevelopmentPath,
  extensionTestsPath,
  folder,
  timeout = 300_000,
  echo = true,
  artifactName = 'extension-host-tests',
}) {
  if (!server) throw new Error('runExtensionHostTests: no code-server started');
  const t = performance.now();
  const page = await newPage(browser);
  pageServer.set(page, server);
  const output = [];
  let exit;
  const exited = new Promise((r) => {
    exit = r;
  });
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = format(...[].concat(args)).replace(/%c/g, '');
    output.push(line);
    if (echo) console.log(line);
  });
  await page.exposeFunction('codeAutomationExit', (code) => exit(code));
  const payload = [
    ['extensionDevelopmentPath', server.remoteUri(extensionDevelopmentPath)],
    ['extensionTestsPath', server.remoteUri(extensionTestsPath)],
  ];
  let code;
  try {
    await page.goto(server.workbenchUrl(folder === undefined ? server.workspaceDir : folder, payload));
    let timer;
    code = await Promise.race([
      exited,
      new Promise((r) => {
        timer = setTimeout(() => r('timeout'), timeout);
        timer.unref();
      }),
    ]);
    clearTimeout(timer);
    if (code !== 0) await saveFailureArtifacts(page, artifactName, { server });
  } finally {
    await page.close().catch(() => {});
  }
  return { code, output: output.join('\n'), ms: since(t) };
}

// ---------------------------------------------------------------------------------------------- node:test glue
/**
 * One code-server + one Chromium per test file (start-up is the expensive part: share it across the file's tests).
 * Registers node:test before/after hooks and returns a context whose `server` and `browser` are set once `before` ran.
 * `opts` are startCodeServer's options; `opts.vsixPath` may be a function (run in `before`, e.g. to package).
 */
export function useCodeServer(opts = {}) {
  const ctx = { server: null, browser: null, timings: {} };
  nodeTest.before(
    async () => {
      const vsixPath = typeof opts.vsixPath === 'function' ? await opts.vsixPath() : opts.vsixPath;
      ctx.server = await startCodeServer({ ...opts, vsixPath });
      Object.assign(ctx.timings, ctx.server.timings);
      const t = performance.now();
      ctx.browser = await launchBrowser(opts.browser);
      ctx.timings.browserLaunchMs = since(t);
    },
    { timeout: 300_000 },
  );
  nodeTest.after(
    async () => {
      await ctx.browser?.close().catch(() => {});
      await ctx.server?.stop();
    },
    { timeout: 60_000 },
  );
  return ctx;
}

// ---------------------------------------------------------------------------------------------- packaging
/** Package an extension folder into a .vsix with the repo's vsce 3.9 (Node 20 compatible). Returns the .vsix path
 * (by default in a temp dir removed when the test process exits). */
export function packageVsix(extensionDir, outFile = path.join(tempDir('lstm-e2e-vsix-'), 'ext.vsix'), extraArgs = []) {
  const vsce = path.join(REPO_ROOT, 'node_modules/.bin/vsce');
  if (!fs.existsSync(vsce)) throw new Error(`${vsce} missing: run npm ci at the repo root`);
  execFileSync(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '-o', outFile, ...extraArgs], {
    cwd: extensionDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 180_000,
  });
  return outFile;
}
