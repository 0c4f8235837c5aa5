// The account manager's workspace in a real browser: create a client (the ABN checked at the
// field) and add its billing contact, a note on its timeline, find it from the top bar; create a job order choosing an applicable bill agreement
// from the list (the others disabled with their reason) after seeing its rate quote; change a bill
// rate from a date after previewing the job orders it moves; upload a timesheet CSV with one bad
// row and read the per-row report. Then the forms of the account manager's day: edit the job
// order (an end before its start explained at the field), extend it, end it (a day before its
// start refused at the field, a review before each confirmation) and replace its worker; create a
// bill agreement; add a worker whose ABN and BSB are explained at their fields. axe checks each form.
//
// Uses the example configuration (docs/examples/config.yaml), imported here through the
// Configuration page (an upsert: harmless after billing-flow.test.mjs imported it too).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { accessibilityViolations, config, openBrowser, screenshot, signIn, step, withFailureScreenshot } from './browser.mjs';

const browsers = [];
after(async () => {
  for (const b of browsers) await b.close();
});

test('account manager: client and contact, job order from the applicable agreements and its edit, extend, end and replace, rate change preview, a new bill agreement and worker, CSV upload', async (t) => {
  assert.ok(config.username && config.password, 'set E2E_USERNAME and E2E_PASSWORD');
  const browser = await openBrowser();
  browsers.push(browser);
  const { page } = browser;
  page.setDefaultTimeout(15_000);

  await withFailureScreenshot(t, browser, 'workspace', async () => {
    await step(t, 'sign in and load the example configuration', async () => {
      await signIn(page, config.username, config.password);
      await page.getByRole('heading', { name: /Welcome/ }).waitFor();
      await page.goto(`${config.baseUrl}/configuration`);
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Upload a file…' }).click()]);
      await chooser.setFiles(config.configDocument);
      await page.getByText(/Loaded config\.yaml\./).waitFor();
      await page.getByRole('button', { name: 'Dry run' }).click();
      await page.getByRole('table', { name: 'Changes the import would make' }).waitFor();
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.getByTestId('import-applied').waitFor();
    });

    await step(t, 'create a client: a wrong ABN is explained at its field, then it is created', async () => {
      await page.goto(`${config.baseUrl}/clients`);
      await page.getByRole('link', { name: 'New client' }).click();
      const form = page.getByRole('form', { name: 'New client' });
      await form.getByLabel(/^Code/).fill('WSCO');
      await form.getByLabel(/^Name/).fill('Workspace Co');
      await form.getByLabel(/^Entity/).fill('KSAU');
      await form.getByLabel('ABN', { exact: true }).fill('51 824 753 557');
      await form.getByRole('button', { name: 'Create client' }).click();
      await form.getByText('Not a valid ABN: 11 digits whose checksum must match.').first().waitFor();
      await form.getByLabel('ABN', { exact: true }).fill('51 824 753 556');
      await form.getByRole('button', { name: 'Create client' }).click();
      await page.getByRole('heading', { name: 'Workspace Co (WSCO)' }).waitFor();
      assert.equal(await page.getByTestId('client-status').innerText(), 'Status: Active');
    });

    await step(t, 'add a billing contact to the client', async () => {
      await page.getByRole('tab', { name: 'Contacts' }).click();
      const form = page.getByRole('form', { name: 'Add a contact' });
      await form.getByLabel('Contact name').fill('Pat Payable');
      await form.getByLabel('Email').fill('ap@workspace.example');
      await form.getByLabel('Billing contact (receives invoices)').check();
      await form.getByRole('button', { name: 'Add contact' }).click();
      await page.getByRole('status').filter({ hasText: 'Contact Pat Payable added.' }).waitFor();
      const row = page.getByRole('table', { name: 'Contacts' }).getByRole('row').filter({ hasText: 'Pat Payable' });
      assert.match(await row.innerText(), /ap@workspace\.example[\s\S]*Invoices/i);
      await screenshot(page, 'client-contacts');
    });

    await step(t, 'the timeline shows the status, and a note can be added; the top bar finds the client', async () => {
      await page.getByRole('tab', { name: 'Timeline' }).click();
      const timeline = page.getByRole('table', { name: 'Timeline' });
      await timeline.getByText('Status Active').waitFor();
      const form = page.getByRole('form', { name: 'Add to the timeline' });
      await form.getByLabel(/^What happened/).fill('Called about the first placement');
      await form.getByRole('button', { name: 'Add to the timeline' }).click();
      await timeline.getByText('Called about the first placement').waitFor();
      await page.getByRole('search').getByLabel('Search').fill('WSCO');
      await page.getByRole('search').getByLabel('Search').press('Enter');
      const results = page.getByRole('table', { name: 'Search results' });
      await results.getByRole('link', { name: 'WSCO' }).waitFor();
      assert.match(await results.innerText(), /Client[\s\S]*WSCO[\s\S]*Workspace Co/i);
    });

    await step(t, 'create a job order: only applicable bill agreements can be chosen, quoted before saving', async () => {
      await page.goto(`${config.baseUrl}/job-orders`);
      await page.getByRole('link', { name: 'New job order' }).click();
      const form = page.getByRole('form', { name: 'New job order' });
      await form.getByLabel('Job order code').fill('JO-WS-1');
      await form.getByLabel(/^Title/).fill('Forklift driver');
      await form.getByLabel('Client code').fill('ACME');
      await form.getByLabel('Worker code').fill('P003');
      await form.getByLabel(/^Start/).fill('2025-12-01');
      await form.getByLabel('State', { exact: true }).fill('NSW');
      const choices = page.getByTestId('bill-agreement-choices');
      await choices.getByLabel('Standard AU').waitFor();
      assert.ok(await choices.getByLabel('Globex 2025').isDisabled(), 'an agreement that does not apply cannot be chosen');
      assert.match(await choices.innerText(), /Globex 2025[\s\S]*Does not apply: its node client=GLOBEX is not on the job order's path/);
      await form.getByLabel('Pay agreement').click();
      await page.getByRole('option', { name: 'Warehouse award 2025' }).click();
      await choices.getByLabel('Standard AU').check();
      await page.getByTestId('draft-bill-rate').waitFor();
      assert.match(await page.getByTestId('draft-bill-rate').innerText(), /42\.00/);
      await screenshot(page, 'job-order-form');
      await form.getByRole('button', { name: 'Create job order' }).click();
      await page.getByRole('heading', { name: /JO-WS-1/ }).waitFor();
    });

    await step(t, 'edit the job order: an end before its start is explained at the field, then the change is saved', async () => {
      await page.getByRole('link', { name: 'Edit', exact: true }).click();
      const form = page.getByRole('form', { name: 'Edit job order JO-WS-1' });
      await form.getByLabel(/^Title/).fill('Forklift driver (nights)');
      await form.getByLabel('PO number').fill('PO-77');
      await form.getByLabel(/^End/).fill('2025-11-01');
      await form.getByRole('button', { name: 'Save changes' }).click();
      await form.getByText('The end is before the start.').waitFor();
      assert.equal(await form.getByLabel(/^End/).getAttribute('aria-invalid'), 'true');
      assert.deepEqual(await accessibilityViolations(page), []);
      await screenshot(page, 'job-order-edit');
      await form.getByLabel(/^End/).fill('2026-03-31');
      await form.getByRole('button', { name: 'Save changes' }).click();
      await page.getByRole('heading', { name: 'JO-WS-1 · Forklift driver (nights)' }).waitFor();
    });

    await step(t, 'extend, end and replace the placement, each reviewed before it is confirmed', async () => {
      const placement = page.getByRole('region', { name: 'Change the placement' });
      await placement.getByLabel('New end (empty: open-ended)').fill('2026-06-30');
      await placement.getByRole('button', { name: 'Review' }).click();
      assert.equal(await placement.getByTestId('placement-preview').getByRole('listitem').innerText(), 'JO-WS-1 runs from 2025-12-01 until 2026-06-30 (91 more days).');
      await placement.getByRole('button', { name: 'Confirm extension' }).click();
      await page.getByRole('status').filter({ hasText: 'Extended: JO-WS-1 now runs until 2026-06-30.' }).waitFor();

      await placement.getByText('End', { exact: true }).click();
      await placement.getByLabel('Last day').fill('2025-11-30');
      await placement.getByRole('button', { name: 'Review' }).click();
      await placement.getByText('The placement starts on 2025-12-01: it cannot end before it starts.').waitFor();
      assert.ok(await placement.getByRole('button', { name: 'Confirm end' }).isDisabled(), 'nothing to confirm before a good review');
      await placement.getByLabel('Last day').fill('2026-05-31');
      await placement.getByRole('button', { name: 'Review' }).click();
      assert.match(await placement.getByTestId('placement-preview').innerText(), /JO-WS-1's last day is 2026-05-31 \(30 days earlier than 2026-06-30\)/);
      assert.deepEqual(await accessibilityViolations(page), []);
      await placement.getByRole('button', { name: 'Confirm end' }).click();
      await page.getByRole('status').filter({ hasText: "Ended: JO-WS-1's last day is 2026-05-31." }).waitFor();

      await placement.getByText('Replace the worker', { exact: true }).click();
      await placement.getByLabel('The new worker’s first day').fill('2026-02-02');
      await placement.getByLabel(/^New worker code/).fill('P004');
      await placement.getByLabel(/^New job order code/).fill('JO-WS-2');
      await placement.getByRole('button', { name: 'Review' }).click();
      assert.match(await placement.getByTestId('placement-preview').innerText(), /JO-WS-1 \(Mei Chen\) ends on 2026-02-01\.[\s\S]*JO-WS-2 for worker P004 starts on 2026-02-02, until 2026-05-31/);
      await screenshot(page, 'placement-replace-review');
      await placement.getByRole('button', { name: 'Confirm replacement' }).click();
      await page.getByRole('heading', { name: /^JO-WS-2 · Forklift driver \(nights\)/ }).waitFor();
    });

    await step(t, 'change the Globex bill rate from a date: preview the job orders it moves, then save', async () => {
      await page.goto(`${config.baseUrl}/agreements`);
      const globex = page.getByRole('region', { name: 'client GLOBEX' });
      await globex.getByRole('button', { name: /Globex 2025/ }).click();
      await globex.getByRole('button', { name: 'Change the rates of the rule at client GLOBEX' }).click();
      const change = globex.getByRole('region', { name: 'Change the rates' });
      await change.getByLabel('New rates from').fill('2025-12-01');
      await change.getByLabel(/^New value/).fill('10.50');
      await change.getByRole('button', { name: 'Preview' }).click();
      const preview = change.getByRole('table', { name: 'Job orders whose bill rate changes' });
      await preview.waitFor();
      const rows = preview.getByRole('row').filter({ hasText: 'JO-' });
      assert.equal(await rows.count(), 1);
      // The markup of $9.50 becomes $10.50: JO-1003's ordinary bill rate goes up by exactly $1.00.
      assert.match(await rows.first().innerText(), /JO-1003[\s\S]*GLOBEX[\s\S]*\$1\.00/);
      await screenshot(page, 'rate-change-preview');
      await change.getByRole('button', { name: 'Save new rates' }).click();
      await page.getByRole('status').filter({ hasText: 'New rates from 2025-12-01 saved.' }).waitFor();
    });

    await step(t, 'end the new Globex rule: a day before it starts is refused at the field, then it ends after a review', async () => {
      const globex = page.getByRole('region', { name: 'client GLOBEX' });
      // The ended rule and the new one (from 2025-12-01, listed second) once the page has reloaded them.
      const endButtons = globex.getByRole('button', { name: 'End the rule at client GLOBEX or one of its lines' });
      await endButtons.nth(1).waitFor();
      await endButtons.nth(1).click();
      const end = globex.getByRole('region', { name: 'End the rule at client GLOBEX' });
      await end.getByLabel('Last day').fill('2025-11-15');
      await end.getByRole('button', { name: 'Review' }).click();
      await end.getByText('The rule starts on 2025-12-01: it cannot end before it starts.').waitFor();
      await end.getByLabel('Last day').fill('2026-03-31');
      await end.getByRole('button', { name: 'Review' }).click();
      assert.match(await end.getByTestId('end-preview').innerText(), /The rule and its line end on 2026-03-31\./);
      assert.deepEqual(await accessibilityViolations(page), []);
      await end.getByRole('button', { name: 'Confirm end' }).click();
      await end.getByRole('status').filter({ hasText: 'Ended on 2026-03-31.' }).waitFor();
    });

    await step(t, 'create a bill agreement: a missing start is explained at its field', async () => {
      await page.goto(`${config.baseUrl}/agreements`);
      const form = page.getByRole('form', { name: 'New bill agreement' });
      await form.getByLabel(/^Agreement name/).fill('Workspace Co 2026');
      await form.getByLabel(/^Node level/).click();
      await page.getByRole('option', { name: 'client', exact: true }).click();
      await form.getByLabel(/^Node value/).fill('WSCO');
      await form.getByRole('button', { name: 'Create bill agreement' }).click();
      await form.getByText('Give the first day the agreement applies.').waitFor();
      assert.deepEqual(await accessibilityViolations(page), []);
      await form.getByLabel(/^Valid from/).fill('2026-01-01');
      await form.getByRole('button', { name: 'Create bill agreement' }).click();
      await page.getByRole('status').filter({ hasText: 'Bill agreement Workspace Co 2026 created: add its rules next.' }).waitFor();
      await page.getByRole('region', { name: 'client WSCO' }).getByText('Workspace Co 2026').waitFor();
    });

    await step(t, 'change a pay rate from a date: the preview shows pay and bill rates before and after', async () => {
      await page.getByRole('tab', { name: /^Pay agreements/ }).click();
      await page.getByRole('button', { name: /Warehouse award 2025/ }).click();
      await page.getByRole('button', { name: 'Change the ORD pay rate at country AU' }).click();
      const change = page.getByRole('region', { name: 'Change the ORD pay rate at country AU' });
      await change.getByLabel('From').fill('2026-01-01');
      await change.getByLabel('New pay rate').fill('29.00');
      await change.getByRole('button', { name: 'Preview' }).click();
      const table = change.getByRole('table', { name: 'Job orders whose rates change' });
      await table.waitFor();
      assert.match(await table.getByRole('row').nth(1).innerText(), /\$28\.00\s+\$29\.00/);
      assert.deepEqual(await accessibilityViolations(page), []);
      await change.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('status').filter({ hasText: 'New pay rate from 2026-01-01 saved.' }).waitFor();
    });

    await step(t, 'add a worker: a bad ABN and BSB are explained at their fields, then the worker is created', async () => {
      await page.goto(`${config.baseUrl}/workers`);
      await page.getByRole('link', { name: 'New worker' }).click();
      const form = page.getByRole('form', { name: 'New worker' });
      await form.getByLabel(/^Worker code/).fill('P-WS1');
      await form.getByLabel(/^Full name/).fill('Wendy Worker');
      await form.getByLabel('Contractor (ABN, RCTI)').check();
      await form.getByLabel('BSB').fill('12-34');
      await form.getByLabel('Account number').fill('12345678');
      await form.getByLabel('Account name').fill('W WORKER');
      await form.getByLabel('ABN', { exact: true }).fill('51 824 753 557');
      await form.getByRole('button', { name: 'Create worker' }).click();
      await form.getByText('This ABN fails the ATO checksum; check the digits.').waitFor();
      await form.getByText('A BSB is six digits, written ddd-ddd.').waitFor();
      assert.equal(await form.getByLabel('ABN', { exact: true }).getAttribute('aria-invalid'), 'true');
      assert.deepEqual(await accessibilityViolations(page), []);
      await screenshot(page, 'worker-form-errors');
      await form.getByLabel('BSB').fill('062-000');
      await form.getByLabel('ABN', { exact: true }).fill('51 824 753 556');
      await form.getByLabel('Registered for GST').check();
      await form.getByRole('button', { name: 'Create worker' }).click();
      await page.getByRole('heading', { name: 'Wendy Worker (P-WS1)' }).waitFor();
      assert.match(await page.getByRole('region', { name: 'Pay details' }).innerText(), /062-000[\s\S]*51824753556; GST registered: Yes/);
    });

    await step(t, 'upload a timesheet CSV with one bad row: the good week is stored, the bad row explained', async () => {
      await page.goto(`${config.baseUrl}/timesheets`);
      await page.getByRole('link', { name: 'Upload a CSV' }).click();
      const csv = [
        'job_order,week_starting,date,hours',
        'JO-1001,2025-12-08,2025-12-08,8',
        'JO-1001,2025-12-15,2025-12-22,8',
      ].join('\n');
      await page.getByTestId('import-csv').fill(csv);
      await page.getByRole('button', { name: 'Upload timesheets' }).click();
      await page.getByTestId('import-outcome').waitFor();
      assert.equal(await page.getByTestId('import-outcome').innerText(), '1 timesheet(s) stored, 1 refused.');
      const refused = page.getByRole('table', { name: 'Rows refused' }).getByRole('row');
      assert.equal(await refused.count(), 2); // the header and row 3
      assert.match(await refused.nth(1).innerText(), /^3\s+date\s+/);
      await screenshot(page, 'timesheet-csv-upload');
    });
  });
});
