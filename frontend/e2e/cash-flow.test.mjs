// Cash in, end to end in a real browser against the real server (after billing-flow.test.mjs has
// billed Acme's week: an invoice of $1,077.14): import a bank statement that pays it, confirm the
// suggested match, see the invoice paid, and watch the dashboard's receivables fall live in a
// second browser that did nothing but keep the dashboard open.
//
// The second test corrects cash and the books on screen: the statement's receipt bounces (reversed,
// the invoice is owed again), a remittance is held on account and allocated later, the rest is
// refunded, a manual journal is refused while unbalanced and then posted, a period is locked and
// unlocked (admin), an FX rate is entered, and a webhook endpoint is added and disabled (admin); axe
// checks each page with its errors showing.
//
// Needs (set by tests/e2e/run_browser_tests.py): E2E_BASE_URL, E2E_USERNAME, E2E_PASSWORD,
// E2E_SCREENSHOT_DIR.
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { accessibilityViolations, config, openBrowser, screenshot, signIn, step } from './browser.mjs';

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

test('finance: reverse a bounced receipt, allocate held cash later, refund, post a manual journal, lock, enter a rate, manage webhooks', async (t) => {
  const clerk = await open();
  const page = clerk.page;
  try {
    let acmeNumber;
    await step(t, "find Acme's paid invoice", async () => {
      await signIn(page, config.username, config.password);
      await page.goto(`${config.baseUrl}/invoices?client=ACME&status=PAID`);
      const row = page.locator('[data-testid="invoice-row"][data-client="ACME"]').first();
      await row.waitFor();
      acmeNumber = await row.getAttribute('data-number');
      assert.ok(acmeNumber);
    });

    await step(t, 'the statement receipt bounces: a reason is required, then it is reversed', async () => {
      await page.goto(`${config.baseUrl}/receipts`);
      const reference = `PAYMENT ${acmeNumber}`;
      await page.getByRole('button', { name: `Reverse ${reference}` }).click();
      await page.getByRole('button', { name: 'Reverse receipt' }).click();
      const reason = page.getByLabel(/^Reason for reversal/);
      await page.getByText('Give a reason (e.g. the bank dishonoured the payment).').waitFor();
      assert.equal(await reason.getAttribute('aria-invalid'), 'true');
      await reason.fill('Dishonoured by the bank');
      await page.getByRole('button', { name: 'Reverse receipt' }).click();
      await page.getByRole('status').filter({ hasText: 'reversed' }).waitFor();
      await page.locator(`[data-testid="receipt-row"][data-reference="${reference}"][data-status="REVERSED"]`).waitFor();
      await page.goto(`${config.baseUrl}/invoices?client=ACME&status=ISSUED`);
      await page.locator(`[data-testid="invoice-row"][data-number="${acmeNumber}"]`).waitFor();
    });

    await step(t, 'a remittance is held on account, then allocated later (too much is refused at the field)', async () => {
      await page.goto(`${config.baseUrl}/receipts`);
      await page.getByLabel(/^Client code/).fill('ACME');
      await page.getByLabel(/^Amount received/).fill('1100.00');
      await page.getByLabel(/^Reference/).fill('EFT ACME LATER');
      await page.getByRole('button', { name: 'Record receipt' }).click();
      await page.getByRole('status').filter({ hasText: 'held on account' }).waitFor();
      await page.getByRole('button', { name: 'Allocate EFT ACME LATER' }).click();
      const panel = page.getByRole('region', { name: /Allocate unapplied cash/ });
      await panel.getByLabel('Invoice 1', { exact: true }).fill(acmeNumber);
      const amount = panel.getByLabel('Amount for invoice 1');
      await amount.fill('2000.00');
      await panel.getByRole('button', { name: 'Allocate', exact: true }).click();
      await panel.locator('input[aria-invalid="true"]').first().waitFor();
      assert.deepEqual(await accessibilityViolations(page), []);
      await screenshot(page, 'receipt-allocate-error');
      await amount.fill(ACME_TOTAL);
      await panel.getByRole('button', { name: 'Allocate', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'still unapplied' }).waitFor();
      const notice = await page.getByRole('status').filter({ hasText: 'still unapplied' }).innerText();
      assert.match(notice, /22\.86/);
    });

    await step(t, 'the rest is refunded and the invoice is paid again', async () => {
      await page.locator('[data-testid="receipt-row"][data-reference="EFT ACME LATER"]').filter({ hasText: '$22.86' }).waitFor();
      await page.getByRole('button', { name: 'Refund EFT ACME LATER' }).click();
      await page.getByLabel(/^Payment reference/).fill('REFUND ACME');
      await page.getByRole('button', { name: 'Refund', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'Refunded' }).waitFor();
      // nothing is left to refund or allocate: the row's buttons go
      await page.getByRole('button', { name: 'Refund EFT ACME LATER' }).waitFor({ state: 'detached' });
      await page.goto(`${config.baseUrl}/invoices?client=ACME&status=PAID`);
      await page.locator(`[data-testid="invoice-row"][data-number="${acmeNumber}"]`).waitFor();
    });

    await step(t, 'a manual journal: refused while unbalanced, posted when balanced, the trial balance still balances', async () => {
      await page.goto(`${config.baseUrl}/books`);
      const form = page.getByRole('form', { name: 'Post a manual journal' });
      await form.waitFor();
      await form.getByLabel(/^Reason/).fill('Accrue the audit fee');
      await form.getByLabel('Line 1 account').selectOption('6000');
      await form.getByLabel('Line 1 debit').fill('250.00');
      await form.getByLabel('Line 2 account').selectOption('1000');
      await form.getByLabel('Line 2 credit').fill('200.00');
      await form.getByRole('button', { name: 'Post journal' }).click();
      const errors = form.getByTestId('error-list');
      await errors.waitFor();
      assert.match(await errors.innerText(), /lines[\s\S]*differ by 50/);
      assert.deepEqual(await accessibilityViolations(page), []);
      await form.getByLabel('Line 2 credit').fill('250.00');
      await form.getByRole('button', { name: 'Post journal' }).click();
      await page.getByRole('status').filter({ hasText: 'Journal posted' }).waitFor();
      await page.getByRole('table', { name: 'Recent manual journals' }).getByText('Accrue the audit fee').waitFor();
      await page.reload();
      const debit = await page.getByTestId('tb-debit-total').innerText();
      assert.equal(await page.getByTestId('tb-credit-total').innerText(), debit);
    });

    await step(t, 'a period is locked, then unlocked by the admin with a reason', async () => {
      await page.getByLabel(/^Lock through/).fill('2000-01-31');
      await page.getByRole('button', { name: 'Lock period' }).click();
      await page.getByTestId('period-lock').filter({ hasText: 'Locked through' }).waitFor();
      await page.getByRole('button', { name: 'Unlock' }).click();
      await page.getByText('Say why the period is reopened').waitFor();
      await page.getByLabel(/^Reason for unlocking/).fill('Audit adjustment');
      await page.getByRole('button', { name: 'Unlock' }).click();
      await page.getByRole('status').filter({ hasText: 'Nothing of KSAU is locked now.' }).waitFor();
    });

    await step(t, 'an FX rate: a bad rate is explained at the field, a good one is listed', async () => {
      const form = page.getByRole('form', { name: 'Enter an FX rate' });
      await form.getByLabel(/^Rate date/).fill('2026-01-01');
      await form.getByLabel(/^Rate(?! date)/).fill('abc');
      await form.getByRole('button', { name: 'Save rate' }).click();
      await form.getByText('Enter a number above 0').waitFor();
      await form.getByLabel(/^Rate(?! date)/).fill('0.9125');
      await form.getByRole('button', { name: 'Save rate' }).click();
      await page.getByRole('status').filter({ hasText: '1 NZD = 0.9125 AUD' }).waitFor();
      await page.getByRole('table', { name: 'FX rates' }).getByText('0.9125').first().waitFor();
      assert.deepEqual(await accessibilityViolations(page), []);
      await screenshot(page, 'books-journal-fx');
    });

    await step(t, 'webhooks (admin): an endpoint is refused at its fields, added with its secret shown once, then disabled', async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
      const form = page.getByRole('form', { name: 'Add a webhook endpoint' });
      await form.getByLabel(/^URL/).fill('ftp://partner.example');
      await form.getByRole('button', { name: 'Add endpoint' }).click();
      await form.getByText('Give an https:// URL.').waitFor();
      await form.getByText('Give the endpoint a name.').waitFor();
      await form.getByText('Subscribe to at least one event type.').waitFor();
      assert.equal(await form.getByLabel(/^URL/).getAttribute('aria-invalid'), 'true');
      assert.deepEqual(await accessibilityViolations(page), []);
      await form.getByLabel(/^Name/).fill('Partner AP');
      await form.getByLabel(/^URL/).fill('http://localhost:9/hook');
      await form.getByRole('checkbox', { name: /invoice\.issued/ }).check();
      await form.getByRole('button', { name: 'Add endpoint' }).click();
      const secret = await page.getByTestId('webhook-secret').innerText();
      assert.ok(secret.length >= 16, 'the signing secret is shown');
      const row = page.locator('[data-testid="webhook-endpoint"][data-name="Partner AP"]');
      await row.getByText('invoice.issued').waitFor();
      await page.getByRole('button', { name: 'Disable Partner AP' }).click();
      await page.getByRole('status').filter({ hasText: 'Partner AP is disabled.' }).waitFor();
      await page.getByRole('button', { name: 'Enable Partner AP' }).waitFor();
      assert.deepEqual(await accessibilityViolations(page), []);
      await screenshot(page, 'webhooks');
    });
  } catch (error) {
    const file = await screenshot(page, 'cash-corrections-failure').catch(() => 'none');
    t.diagnostic(`failure screenshot: ${file}; console errors: ${JSON.stringify(clerk.consoleErrors)}`);
    throw error;
  }
});
