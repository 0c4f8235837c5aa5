// WCAG 2.2 AA with axe-core on every page (0 serious or critical violations), the skip link and
// focus rings, and the client portal on a phone (390 × 844): nothing off-screen. Runs after
// billing-flow (file order), so the pages have data.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accessibilityViolations, config, openBrowser, screenshot, signIn, step } from './browser.mjs';

const STAFF_PAGES = ['/', '/clients', '/job-orders', '/timesheets', '/timesheets/new', '/billing-runs', '/invoices', '/agreements', '/configuration', '/account'];
const PORTAL_PAGES = ['/', '/invoices', '/job-orders', '/timesheets', '/account'];

async function settled(page, path) {
  await page.goto(`${config.baseUrl}${path}`);
  await page.locator('main h1, main h2').first().waitFor();
  await page.waitForLoadState('networkidle');
}

test('every staff page: no serious or critical WCAG violations; skip link and focus ring', async (t) => {
  const browser = await openBrowser();
  const { page } = browser;
  page.setDefaultTimeout(20_000);
  try {
    await step(t, 'the sign-in page', async () => {
      await page.goto(`${config.baseUrl}/sign-in`);
      await page.getByLabel(/^Username/).waitFor();
      assert.deepEqual(await accessibilityViolations(page), []);
    });
    await signIn(page, config.username, config.password);
    for (const path of STAFF_PAGES) {
      await step(t, `axe on ${path}`, async () => {
        await settled(page, path);
        assert.deepEqual(await accessibilityViolations(page), []);
      });
    }
    await step(t, 'Tab first reaches the skip link, which moves focus to the page', async () => {
      await settled(page, '/invoices');
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => ({ text: document.activeElement?.textContent, outline: getComputedStyle(document.activeElement).outlineStyle }));
      assert.deepEqual(focused, { text: 'Skip to main content', outline: 'solid' });
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
    });
  } catch (error) {
    await screenshot(page, 'accessibility-failure').catch(() => {});
    throw error;
  } finally {
    await browser.close();
  }
});

test('the client portal on a phone (390 × 844): usable, nothing off-screen, no WCAG violations', async (t) => {
  const browser = await openBrowser({ width: 390, height: 844 });
  const { page } = browser;
  page.setDefaultTimeout(20_000);
  try {
    await signIn(page, config.portalUsername, config.portalPassword);
    for (const path of PORTAL_PAGES) {
      await step(t, `${path} at 390 px`, async () => {
        await settled(page, path);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${path} is ${overflow}px wider than the phone`);
        assert.deepEqual(await accessibilityViolations(page), []);
        await screenshot(page, `phone-portal${path === '/' ? '-home' : path.replaceAll('/', '-')}`);
      });
    }
    await step(t, 'amounts and actions of the invoice list are on screen', async () => {
      await settled(page, '/invoices');
      const boxes = await page.locator('[data-testid="invoice-row"] a, [data-testid="invoice-row"] [data-testid="amount"]').evaluateAll((els) =>
        els.map((el) => el.getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right })),
      );
      for (const box of boxes) assert.ok(box.left >= 0 && box.right <= 390, `off-screen: ${JSON.stringify(box)}`);
    });
  } catch (error) {
    await screenshot(page, 'phone-portal-failure').catch(() => {});
    throw error;
  } finally {
    await browser.close();
  }
});
