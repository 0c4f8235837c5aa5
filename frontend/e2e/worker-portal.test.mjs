// The worker portal: a worker signs in and sees the worker's pages only (Overview, Payslips,
// Timesheets, Account), each with no serious or critical WCAG violation, on a phone too; the staff
// and client pages answer "not found".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accessibilityViolations, config, openBrowser, screenshot, signIn, step } from './browser.mjs';

const WORKER_PAGES = ['/', '/payslips', '/timesheets', '/account'];

async function settled(page, path) {
  await page.goto(`${config.baseUrl}${path}`);
  await page.locator('main h1, main h2').first().waitFor();
  await page.waitForLoadState('networkidle');
}

test('a worker sees the worker portal only, accessible on a phone', async (t) => {
  const browser = await openBrowser({ width: 390, height: 844 });
  const { page } = browser;
  page.setDefaultTimeout(20_000);
  try {
    await signIn(page, config.workerUsername, config.workerPassword);
    for (const path of WORKER_PAGES) {
      await step(t, `${path}: no WCAG violations, nothing off-screen`, async () => {
        await settled(page, path);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${path} is ${overflow}px wider than the phone`);
        assert.deepEqual(await accessibilityViolations(page), []);
        await screenshot(page, `worker${path === '/' ? '-home' : path.replaceAll('/', '-')}`);
      });
    }
    await step(t, 'the navigation offers the worker pages only', async () => {
      await settled(page, '/');
      const links = await page.locator('nav[aria-label="Main"] a').allTextContents();
      assert.deepEqual(links, ['Overview', 'Payslips', 'Timesheets', 'Account']);
      assert.equal(await page.getByRole('search').count(), 0);
    });
    await step(t, 'the first payslips and timesheets say there are none yet', async () => {
      await settled(page, '/payslips');
      await page.getByText('No payslips yet: they appear once a pay run has paid you.').waitFor();
    });
    for (const path of ['/invoices', '/pay-runs', '/workers', '/clients']) {
      await step(t, `${path} is not found for a worker`, async () => {
        await page.goto(`${config.baseUrl}${path}`);
        await page.getByRole('heading', { name: /not found/i }).waitFor();
      });
    }
  } catch (error) {
    await screenshot(page, 'worker-portal-failure').catch(() => {});
    throw error;
  } finally {
    await browser.close();
  }
});
