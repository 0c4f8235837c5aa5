// Shared set-up for the browser end-to-end tests: Debian's Chromium driven by playwright-core.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const frontendDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

export const config = {
  baseUrl: (process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8123').replace(/\/+$/, ''),
  username: process.env.E2E_USERNAME ?? '',
  password: process.env.E2E_PASSWORD ?? '',
  portalUsername: process.env.E2E_PORTAL_USERNAME ?? '',
  portalPassword: process.env.E2E_PORTAL_PASSWORD ?? '',
  workerUsername: process.env.E2E_WORKER_USERNAME ?? '',
  workerPassword: process.env.E2E_WORKER_PASSWORD ?? '',
  configDocument: path.resolve(frontendDir, process.env.E2E_CONFIG_DOCUMENT ?? '../docs/examples/config.yaml'),
  screenshotDir: path.resolve(frontendDir, process.env.E2E_SCREENSHOT_DIR ?? '../var/e2e-screenshots'),
  executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
};

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A browser context on a fresh, empty profile; close() also removes the profile. */
export async function openBrowser({ width = 1280, height = 800 } = {}) {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'kserp-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: config.executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width, height },
    acceptDownloads: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleErrors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => consoleErrors.push(String(err)));
  return {
    context,
    page,
    consoleErrors,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page, name) {
  await mkdir(config.screenshotDir, { recursive: true });
  const file = path.join(config.screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Runs one step of a test; a failure names the step. */
export async function step(t, name, fn) {
  try {
    await fn();
    t.diagnostic(`ok: ${name}`);
  } catch (error) {
    error.message = `${name}: ${error.message}`;
    throw error;
  }
}

/** Signs in through the sign-in page and waits for the home page. */
export async function signIn(page, username, password) {
  await page.goto(`${config.baseUrl}/sign-in`);
  await page.getByLabel(/^Username/).fill(username);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await page.getByTestId('viewer-username').waitFor();
}

/** Runs `body`; on failure saves a screenshot and prints the browser's console errors. */
export async function withFailureScreenshot(t, browser, name, body) {
  try {
    await body();
  } catch (error) {
    const file = await screenshot(browser.page, `${name}-failure`).catch(() => 'none');
    t.diagnostic(`failure screenshot: ${file}; browser console errors: ${JSON.stringify(browser.consoleErrors)}`);
    throw error;
  }
}

/** POST a query from the page, with the session and CSRF cookie the app uses. */
export async function api(page, query, variables = {}) {
  return page.evaluate(
    async ([q, v]) => {
      const token = (document.cookie.split('; ').find((c) => c.startsWith('csrftoken=')) ?? '').split('=')[1] ?? '';
      const response = await fetch('/graphql', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRFToken': decodeURIComponent(token) },
        body: JSON.stringify({ query: q, variables: v }),
      });
      return response.json();
    },
    [query, variables],
  );
}

const axeSource = fileURLToPath(new URL('../node_modules/axe-core/axe.min.js', import.meta.url));

/**
 * The serious and critical WCAG 2.2 A/AA violations axe-core finds on the page as it is now, as
 * `rule: target` strings (empty when there are none). The axe script is injected into the page.
 */
export async function accessibilityViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.addScriptTag({ path: axeSource });
  const results = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }),
  );
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} (${n.failureSummary?.split('\n')[1]?.trim() ?? v.help})`));
}
