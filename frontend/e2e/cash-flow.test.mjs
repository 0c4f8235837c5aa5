// Cash in, end to end in a real browser against the real server (after billing-flow.test.mjs has
// billed Acme's week: an invoice of $1,077.14): import a bank statement that pays it, confirm the
// suggested match, see the invoice paid, and watch the dashboard's receivables fall live in a
// second browser that did nothing but keep the dashboard open.
//
// Needs (set by tests/e2e/run_browser_tests.py): E2E_BASE_URL, E2E_USERNAME, E2E_PASSWORD,
// E2E_SCREENSHOT_DIR.
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { config, openBrowser, screenshot, signIn, step } from './browser.mjs';

const ACME_TOTAL = '1077.14';
const browsers = [];
after(async () => {
  for (const b of browsers) await b.close();
});

async function open() {
  const b = await openBrowser();
  browsers.push(b);
  b.page.setDefaultTimeout(15_000);
  return b;
}

/** "A$1,234.56" → 1234.56 */
function amountOf(text) {
  return Number(text.replace(/[^0-9.-]/g, ''));
}

test('finance: import a statement, confirm the match, the invoice is paid and receivables move live', async (t) => {
  assert.ok(config.username && config.password, 'set E2E_USERNAME and E2E_PASSWORD');
  const watcher = await open();
  const clerk = await open();
  try {
    let before;
    let acmeNumber;
    await step(t, 'a dashboard stays open in another browser', async () => {
      await signIn(watcher.page, config.username, config.password);
      const outstanding = watcher.page.getByTestId('outstanding-KSAU');
      await outstanding.waitFor();
      before = amountOf(await outstanding.innerText());
      assert.ok(before >= Number(ACME_TOTAL), `receivables ${before} include Acme's invoice`);
    });

    await step(t, "find Acme's open invoice", async () => {
      await signIn(clerk.page, config.username, config.password);
      await clerk.page.goto(`${config.baseUrl}/invoices?client=ACME&status=ISSUED`);
      const row = clerk.page.locator('[data-testid="invoice-row"][data-client="ACME"]').first();
      await row.waitFor();
      acmeNumber = await row.getAttribute('data-number');
      assert.ok(acmeNumber, 'an Acme invoice number');
    });

    await step(t, 'import a CSV statement whose line names the invoice', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'kserp-e2e-'));
      const file = join(dir, 'statement.csv');
      const today = new Date().toISOString().slice(0, 10);
      await writeFile(file, `date,amount,reference,payer\n${today},${ACME_TOTAL},PAYMENT ${acmeNumber},Acme Logistics\n`);
      await clerk.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Bank statements' }).click();
      await clerk.page.getByRole('heading', { name: 'Bank statements', level: 1 }).waitFor();
      const [chooser] = await Promise.all([clerk.page.waitForEvent('filechooser'), clerk.page.getByRole('button', { name: /Statement file/ }).click()]);
      await chooser.setFiles(file);
      await clerk.page.getByRole('button', { name: 'Import statement' }).click();
      await clerk.page.getByRole('status').filter({ hasText: 'Statement imported' }).waitFor();
    });

    await step(t, 'the suggested match names the invoice; confirm it', async () => {
      const match = clerk.page.getByRole('radio', { name: new RegExp(`ACME: ${acmeNumber}`) });
      await match.waitFor();
      assert.ok(await match.isChecked(), 'the best match is chosen');
      await screenshot(clerk.page, 'bank-statement-match');
      await clerk.page.getByRole('button', { name: /^Confirm line 1 / }).click();
      await clerk.page.getByText('Confirmed', { exact: true }).waitFor();
    });

    await step(t, 'the dashboard in the other browser shows receivables fall by the payment, live', async () => {
      const outstanding = watcher.page.getByTestId('outstanding-KSAU');
      await watcher.page.waitForFunction(
        ([id, was]) => {
          const node = document.querySelector(`[data-testid="${id}"]`);
          return node && Number(node.textContent.replace(/[^0-9.-]/g, '')) !== was;
        },
        ['outstanding-KSAU', before],
        { timeout: 15_000 },
      );
      const now = amountOf(await outstanding.innerText());
      assert.equal(Math.round((before - now) * 100), Math.round(Number(ACME_TOTAL) * 100));
      await screenshot(watcher.page, 'dashboard-after-receipt');
    });

    await step(t, 'the invoice is paid', async () => {
      await clerk.page.goto(`${config.baseUrl}/invoices?client=ACME&status=PAID`);
      await clerk.page.locator(`[data-testid="invoice-row"][data-number="${acmeNumber}"]`).waitFor();
    });
  } catch (error) {
    for (const [name, b] of [['watcher', watcher], ['clerk', clerk]]) {
      const file = await screenshot(b.page, `cash-flow-${name}-failure`).catch(() => 'none');
      t.diagnostic(`${name} failure screenshot: ${file}; console errors: ${JSON.stringify(b.consoleErrors)}`);
    }
    throw error;
  }
});
