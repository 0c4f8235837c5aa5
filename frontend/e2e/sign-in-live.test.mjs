// Signs in through the real server and round-trips a ping through the `pings` subscription.
// Run with `npm run e2e` against a running server: E2E_BASE_URL, E2E_USERNAME, E2E_PASSWORD,
// E2E_SCREENSHOT_DIR (default ../var/e2e-screenshots, relative to frontend/).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { config, openBrowser, screenshot, step } from './browser.mjs';

let browser;

before(async () => {
  assert.ok(config.username && config.password, 'set E2E_USERNAME and E2E_PASSWORD');
  browser = await openBrowser();
});

after(async () => {
  await browser?.close();
});

test('sign in, see the viewer, and receive a ping through the subscription', async (t) => {
  const { page } = browser;
  page.setDefaultTimeout(15_000);

  try {
    await step(t, 'a signed-out visitor is sent to the sign-in page', async () => {
      await page.goto(`${config.baseUrl}/`);
      await page.waitForURL((url) => url.pathname === '/sign-in');
      await page.getByRole('heading', { name: 'Sign in to KS-ERP' }).waitFor();
    });

    await step(t, 'signing in shows the username on the home page', async () => {
      await page.getByLabel(/^Username/).fill(config.username);
      await page.getByLabel(/^Password/).fill(config.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => url.pathname === '/');
      const username = page.getByTestId('viewer-username');
      await username.waitFor();
      assert.equal(await username.textContent(), config.username);
    });

    await step(t, 'a ping comes back through the subscription within 15 s', async () => {
      await page.getByRole('link', { name: 'Account and live' }).click();
      await page.waitForURL((url) => url.pathname === '/account');
      // The socket is open (connection_ack) before we send; the subscribe message follows at once.
      await page.getByTestId('live-status').filter({ hasText: 'Connected' }).waitFor();
      // graphql-ws does not confirm a subscription; give the server a moment to join the group.
      await page.waitForTimeout(500);
      const message = `e2e ping ${Date.now()}`;
      await page.getByLabel('Message').fill(message);
      const sentAt = Date.now();
      await page.getByRole('button', { name: 'Send ping' }).click();
      await page
        .getByTestId('ping-list')
        .getByRole('listitem')
        .filter({ hasText: message })
        .waitFor({ timeout: 15_000 });
      t.diagnostic(`ping round trip: ${Date.now() - sentAt} ms`);
      assert.equal(await page.getByLabel('Message').inputValue(), '', 'the box is cleared after sending');
    });

    const file = await screenshot(page, 'home-live');
    t.diagnostic(`screenshot: ${file}`);
  } catch (error) {
    const file = await screenshot(page, 'home-live-failure').catch(() => 'none');
    t.diagnostic(`failure screenshot: ${file}; browser console errors: ${JSON.stringify(browser.consoleErrors)}`);
    throw error;
  }
});
