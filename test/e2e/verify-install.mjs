// Smoke check run by scripts/setup-e2e.sh after installing: code-server starts and serves the workbench, and Debian's
// Chromium launches under playwright-core. Exits non-zero (with the reason) otherwise.  Usage: node test/e2e/verify-install.mjs
import * as h from './harness.mjs';

const t0 = performance.now();
let server, browser;
try {
  server = await h.startCodeServer({ workspaceFiles: { 'README.txt': 'verify' } });
  const html = await (await fetch(server.workbenchUrl())).text();
  if (!/workbench/i.test(html))
    throw new Error(`code-server answered / without a workbench page:\n${html.slice(0, 500)}`);
  const t = performance.now();
  browser = await h.launchBrowser();
  const page = await h.newPage(browser);
  const res = await page.goto(`${server.origin}/healthz`);
  if (!res.ok()) throw new Error(`chromium could not load ${server.origin}/healthz: ${res.status()}`);
  console.log(
    `verify-install: ok (code-server healthy in ${server.timings.startMs} ms, chromium up in ${h.since(t)} ms, total ${h.since(t0)} ms)`,
  );
} catch (e) {
  console.error('verify-install: FAILED:', e.stack || e);
  if (server) console.error(server.log().slice(-4000));
  process.exitCode = 1;
} finally {
  await browser?.close().catch(() => {});
  await server?.stop();
}
