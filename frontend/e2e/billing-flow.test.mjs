// The agency's week, end to end in a real browser against the real server on a fresh database:
// import the example configuration through the UI → submit and approve timesheets → start a billing
// run and watch its progress bar reach 100% → the invoice has the right total → its PDF downloads →
// pay the same week: the pay run reaches 100%, a payslip PDF opens and the ABA bank file downloads.
// Then Acme's portal user sees only Acme's invoices (and downloads one) and approves Acme's
// timesheet, without the portal ever asking for a pay rate, wage, oncost or margin.
//
// Needs (set by tests/e2e/run_browser_tests.py): E2E_BASE_URL, E2E_USERNAME, E2E_PASSWORD,
// E2E_PORTAL_USERNAME, E2E_PORTAL_PASSWORD (acme.ap, created with a password before the server
// starts), E2E_CONFIG_DOCUMENT (docs/examples/config.yaml), E2E_SCREENSHOT_DIR.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, test } from 'node:test';
import { config, openBrowser, screenshot, signIn, step, withFailureScreenshot } from './browser.mjs';

// JO-1001 (Acme, NSW, Standard AU; the Acme rule bills ORD at a 20% margin on pay + SUPER, and
// overtime at a 15% margin on pay + WC_NSW). Week of Monday 17 November 2025:
//   Mon 7.6 h, Tue 08:00–16:06 less 30 min = 7.6 h, Wed 8 h (7.6 ordinary + 0.4 OT150)
//   → ORD 22.8 h × $42.00 = $957.60; OT150 0.4 h × $54.05 = $21.62; subtotal $979.22,
//     GST 10% $97.92, total $1,077.14.
const WEEK = '2025-11-17';
const NEXT_WEEK = '2025-11-24';
const PERIOD_END = '2025-11-23';
const ACME_TOTAL = '1,077.14';
const CONFIDENTIAL = /\b(payRate|wage|payLines|payOncosts|billOncosts|costRate|grossMargin|marginPercent|provenance)\b/;

const browsers = [];
after(async () => {
  for (const b of browsers) await b.close();
});

async function open(options) {
  const b = await openBrowser(options);
  browsers.push(b);
  b.page.setDefaultTimeout(15_000);
  return b;
}

async function enterWeek(page, jobOrder, week, fill) {
  await page.goto(`${config.baseUrl}/timesheets/new?jobOrder=${jobOrder}&week=${week}`);
  await page.getByRole('table', { name: 'Hours for the week' }).waitFor();
  await fill(page);
  await page.getByRole('button', { name: 'Submit timesheet' }).click();
  await page.getByRole('status').filter({ hasText: 'Timesheet submitted' }).waitFor();
}

let acmeInvoiceNumber = null;

test('staff: import the configuration, approve timesheets, bill them, open the invoice and its PDF', async (t) => {
  assert.ok(config.username && config.password, 'set E2E_USERNAME and E2E_PASSWORD');
  const browser = await open();
  const { page } = browser;

  await withFailureScreenshot(t, browser, 'staff-flow', async () => {
    await step(t, 'sign in as staff: the dashboard', async () => {
      await signIn(page, config.username, config.password);
      await page.getByRole('heading', { name: /Welcome/ }).waitFor();
    });

    await step(t, 'upload docs/examples/config.yaml, dry-run it, see the diff, apply it', async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Configuration' }).click();
      await page.getByRole('heading', { name: 'Configuration', level: 1 }).waitFor();
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Upload a file…' }).click()]);
      await chooser.setFiles(config.configDocument);
      // The page reads the file asynchronously: wait for it to say so before reading the editor.
      await page.getByText(/Loaded config\.yaml\./).waitFor();
      const expected = await readFile(config.configDocument, 'utf8');
      assert.equal(await page.getByTestId('config-document').inputValue(), expected, 'the uploaded file fills the editor');
      assert.ok(await page.getByRole('button', { name: 'Apply' }).isDisabled(), 'Apply waits for a dry run');
      await page.getByRole('button', { name: 'Dry run' }).click();
      const diff = page.getByRole('table', { name: 'Changes the import would make' });
      await diff.waitFor();
      const jobOrdersRow = diff.getByRole('row').filter({ hasText: 'Job orders' });
      assert.match(await jobOrdersRow.innerText(), /\+4/, 'the dry run would create the 4 job orders');
      await screenshot(page, 'config-dry-run');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.getByTestId('import-applied').waitFor();
      const applied = page.getByRole('table', { name: 'Changes made' });
      assert.match(await applied.getByRole('row').filter({ hasText: 'Bill agreements' }).innerText(), /\+3/);
    });

    await step(t, 'the job order page explains a rate quote (Pay/Bill tab)', async () => {
      await page.goto(`${config.baseUrl}/job-orders?code=JO-1001`);
      await page.getByRole('link', { name: 'JO-1001' }).click();
      await page.getByRole('tab', { name: 'Pay/Bill' }).click();
      assert.equal(await page.getByTestId('current-bill-agreement').innerText(), 'Standard AU');
      await page.getByLabel('Date', { exact: true }).fill(WEEK);
      await page.getByLabel('Quantity', { exact: true }).fill('38');
      await page.getByRole('button', { name: 'Quote' }).click();
      const quote = page.getByTestId('rate-quote');
      await quote.waitFor();
      assert.match(await page.getByTestId('quote-bill-rate').innerText(), /42\.00/);
      assert.match(await quote.innerText(), /client/);
      await screenshot(page, 'job-order-pay-bill');
    });

    await step(t, 'enter three weeks in the week grid', async () => {
      await enterWeek(page, 'JO-1001', WEEK, async (p) => {
        await p.getByLabel(/^Mon\b.* hours$/).fill('7.6');
        await p.getByLabel(/^Tue\b.* start$/).fill('08:00');
        await p.getByLabel(/^Tue\b.* end$/).fill('16:06');
        await p.getByLabel(/^Tue\b.* break minutes$/).fill('30');
        await p.getByLabel(/^Wed\b.* hours$/).fill('8');
        assert.equal(await p.getByTestId('week-total').innerText(), '23.2 h');
        await screenshot(p, 'timesheet-entry');
      });
      // Globex's week: billed on its own invoice, which Acme's portal user must not see.
      await enterWeek(page, 'JO-1003', WEEK, async (p) => {
        await p.getByLabel(/^Mon\b.* hours$/).fill('7.6');
        await p.getByLabel(/^Tue\b.* hours$/).fill('7.6');
      });
      // Acme's next week: left for Acme's portal user to approve.
      await enterWeek(page, 'JO-1001', NEXT_WEEK, async (p) => {
        await p.getByLabel(/^Mon\b.* hours$/).fill('6');
      });
    });

    await step(t, 'approve two timesheets at once from the approval queue', async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Timesheets' }).click();
      const queue = page.getByRole('table', { name: 'Approval queue' });
      await queue.waitFor();
      const row = (jo, week) => queue.locator(`[data-testid="timesheet-row"][data-job-order="${jo}"][data-week="${week}"]`);
      await row('JO-1001', WEEK).getByRole('checkbox').check();
      await row('JO-1003', WEEK).getByRole('checkbox').check();
      await page.getByRole('button', { name: 'Approve selected (2)' }).click();
      await row('JO-1001', WEEK).waitFor({ state: 'detached' });
      await row('JO-1003', WEEK).waitFor({ state: 'detached' });
      await row('JO-1001', NEXT_WEEK).waitFor();
      await screenshot(page, 'approval-queue');
    });

    await step(t, 'start a billing run and watch its progress bar reach 100%', async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Billing runs' }).click();
      await page.getByLabel(/^Entity/).first().fill('KSAU');
      await page.keyboard.press('Escape');
      await page.getByLabel(/^Period end/).fill(PERIOD_END);
      await page.getByRole('button', { name: 'Start billing run' }).click();
      await page.waitForURL((url) => url.pathname.startsWith('/billing-runs/'));
      await page.getByTestId('billing-run-percent').filter({ hasText: '100%' }).waitFor({ timeout: 60_000 });
      const bar = page.getByRole('progressbar', { name: 'Billing run progress' });
      assert.equal(await bar.getAttribute('aria-valuenow'), '100');
      await page.locator('[data-status="COMPLETED"]').first().waitFor();
      assert.equal(await page.getByTestId('billing-run-invoices').innerText(), '2', 'one invoice for Acme, one for Globex');
      await screenshot(page, 'billing-run-complete');
    });

    await step(t, "open Acme's invoice from the run: the total is right", async () => {
      const acmeRow = page.locator('[data-testid="invoice-row"][data-client="ACME"]');
      await acmeRow.waitFor();
      acmeInvoiceNumber = await acmeRow.getAttribute('data-number');
      await acmeRow.getByRole('link').click();
      await page.getByTestId('invoice-number').filter({ hasText: acmeInvoiceNumber }).waitFor();
      assert.match(await page.getByTestId('invoice-total').innerText(), new RegExp(ACME_TOTAL.replace('.', '\\.')));
      const lines = page.getByRole('table', { name: 'Invoice lines' });
      assert.match(await lines.innerText(), /957\.60/);
      assert.match(await lines.innerText(), /21\.62/);
      await lines.getByRole('button', { name: 'Explain' }).first().click();
      assert.match(await lines.innerText(), /Standard AU/, 'the provenance names the agreement');
      await screenshot(page, 'invoice');
    });

    await step(t, 'the PDF downloads', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download PDF' }).click()]);
      assert.equal(download.suggestedFilename(), `${acmeInvoiceNumber}.pdf`);
      const file = await download.path();
      const head = (await readFile(file)).subarray(0, 5).toString('latin1');
      assert.equal(head, '%PDF-');
    });

    await step(t, 'pay the same week: a pay run reaches 100%, a payslip PDF opens, the ABA file downloads', async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pay runs' }).click();
      await page.getByLabel(/^Entity/).first().fill('KSAU');
      await page.keyboard.press('Escape');
      await page.getByLabel(/^Period end/).fill(PERIOD_END);
      await page.getByRole('button', { name: 'Start pay run' }).click();
      await page.waitForURL((url) => url.pathname.startsWith('/pay-runs/'));
      await page.getByTestId('pay-run-percent').filter({ hasText: '100%' }).waitFor({ timeout: 60_000 });
      assert.equal(await page.getByRole('progressbar', { name: 'Pay run progress' }).getAttribute('aria-valuenow'), '100');
      assert.equal(await page.getByTestId('pay-run-payments').innerText(), '2', 'payslips for Jane (JO-1001) and Mei (JO-1003)');
      const payments = page.getByRole('table', { name: 'Payslips and RCTIs' });
      await payments.waitFor();
      assert.match(await payments.innerText(), /Payslip PS-AU-000001/);
      await screenshot(page, 'pay-run-complete');
      const href = await payments.getByRole('link', { name: /^PDF/ }).first().getAttribute('href');
      const pdf = await page.request.get(`${config.baseUrl}${href}`);
      assert.equal(pdf.status(), 200);
      assert.equal((await pdf.body()).subarray(0, 5).toString('latin1'), '%PDF-');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the ABA bank file' }).click()]);
      const records = (await readFile(await download.path(), 'latin1')).split('\r\n').filter(Boolean);
      assert.deepEqual(records.map((r) => r.length), records.map(() => 120), 'every record is 120 characters');
      assert.equal(records[0][0], '0');
      assert.ok(records.at(-1).startsWith('7999-999'));
      assert.equal(records.length, 5, 'a header, two payments, the balancing debit and the total');
    });
  });
});

test("portal: Acme's user sees only Acme's invoices and approves Acme's timesheet", async (t) => {
  assert.ok(config.portalUsername && config.portalPassword, 'set E2E_PORTAL_USERNAME and E2E_PORTAL_PASSWORD');
  assert.ok(acmeInvoiceNumber, 'the staff test made an Acme invoice');
  // The tablet width: the portal must be usable at 768 px.
  const browser = await open({ width: 768, height: 1024 });
  const { page } = browser;
  const graphqlBodies = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/graphql') && request.method() === 'POST') graphqlBodies.push(request.postData() ?? '');
  });

  await withFailureScreenshot(t, browser, 'portal', async () => {
    await step(t, 'sign in as the portal user', async () => {
      await signIn(page, config.portalUsername, config.portalPassword);
      await page.getByTestId('portal-client').filter({ hasText: 'Acme Logistics' }).waitFor();
    });

    await step(t, "only Acme's invoices are listed", async () => {
      await page.goto(`${config.baseUrl}/invoices`);
      const rows = page.locator('[data-testid="invoice-row"]');
      await rows.first().waitFor();
      const clients = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-client')));
      assert.ok(clients.length >= 1);
      assert.deepEqual([...new Set(clients)], ['ACME']);
      await screenshot(page, 'portal-invoices');
    });

    await step(t, 'the invoice opens with its total and its PDF downloads', async () => {
      await page.locator(`[data-testid="invoice-row"][data-number="${acmeInvoiceNumber}"]`).getByRole('link').click();
      await page.getByTestId('invoice-total').filter({ hasText: ACME_TOTAL }).waitFor();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download PDF' }).click()]);
      const head = (await readFile(await download.path())).subarray(0, 5).toString('latin1');
      assert.equal(head, '%PDF-');
    });

    await step(t, "approve Acme's waiting timesheet", async () => {
      await page.goto(`${config.baseUrl}/timesheets`);
      const table = page.getByRole('table', { name: 'Your timesheets' });
      const row = table.locator(`[data-testid="timesheet-row"][data-job-order="JO-1001"][data-week="${NEXT_WEEK}"]`);
      await row.waitFor();
      await row.getByRole('button', { name: /^Approve / }).click();
      await row.waitFor({ state: 'detached' });
      await page.locator('label').filter({ hasText: /^Approved$/ }).click();
      await page.getByRole('table', { name: 'Your timesheets' }).locator(`[data-testid="timesheet-row"][data-week="${NEXT_WEEK}"]`).waitFor();
      await screenshot(page, 'portal-timesheet-approved');
    });

    await step(t, 'the portal never asked for a pay rate, wage, oncost or margin', async () => {
      assert.ok(graphqlBodies.length > 3);
      const leaking = graphqlBodies.filter((body) => CONFIDENTIAL.test(body));
      assert.deepEqual(leaking, []);
    });
  });
});
