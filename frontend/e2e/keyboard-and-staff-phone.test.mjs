// Keyboard-only paths (WCAG 2.1.1) for the two actions that matter most: a client's portal user
// approves a timesheet, and staff start a billing run, each driven by Tab, typing, Escape and
// Enter/Space alone, the outcome checked. Then the staff lists on a phone (390 × 844): no page is
// wider than the screen and the page's actions are on it. Runs after billing-flow (file order):
// the example configuration is imported.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { api, config, openBrowser, screenshot, signIn, step, withFailureScreenshot } from './browser.mjs';

// A week of Acme's JO-1001 that no other spec uses, billed on its own by a run to PERIOD_END.
const WEEK = '2025-11-03';
const PERIOD_END = '2025-11-09';
const STAFF_LISTS = [
  { path: '/clients', actions: ['New client', 'Filter'] },
  { path: '/job-orders', actions: ['New job order', 'Filter'] },
  { path: '/timesheets', actions: ['Upload a CSV', 'Enter a timesheet', 'Filter', /^Approve selected/] },
  { path: '/invoices', actions: ['Filter'] },
];

const browsers = [];
after(async () => {
  for (const b of browsers) await b.close();
});

async function open(options) {
  const b = await openBrowser(options);
  browsers.push(b);
  b.page.setDefaultTimeout(20_000);
  return b;
}

/** Press Tab until `matches(activeElement)` holds (evaluated in the page); fails after `limit` presses. */
async function tabTo(page, description, matches, limit = 120) {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(matches)) return;
  }
  throw new Error(`Tab never reached ${description}`);
}

/** Type an ISO date into the focused <input type="date"> in the browser locale's field order. */
async function typeDate(page, iso) {
  const [year, month, day] = iso.split('-');
  const order = await page.evaluate(() =>
    new Intl.DateTimeFormat(navigator.language).formatToParts(new Date(2025, 10, 9)).filter((p) => p.type !== 'literal').map((p) => p.type),
  );
  for (const part of order) await page.keyboard.type({ year, month, day }[part]);
  assert.equal(await page.evaluate(() => document.activeElement.value), iso, 'the date typed by keyboard');
}

test('keyboard only: the portal user approves a timesheet; staff start a billing run', async (t) => {
  const staff = await open();
  const portal = await open({ width: 390, height: 844 });

  await withFailureScreenshot(t, staff, 'keyboard-staff', async () => {
    await step(t, "staff submit a week of Acme's JO-1001 (set-up, through the API)", async () => {
      await signIn(staff.page, config.username, config.password);
      const body = await api(
        staff.page,
        `mutation($input: SubmitTimesheetInput!) { submitTimesheet(input: $input) { timesheet { status } errors { field message } } }`,
        { input: { jobOrder: 'JO-1001', weekStarting: WEEK, entries: [{ date: WEEK, hours: '7.6' }] } },
      );
      assert.deepEqual(body.data.submitTimesheet, { timesheet: { status: 'SUBMITTED' }, errors: [] });
    });
  });

  await withFailureScreenshot(t, portal, 'keyboard-portal', async () => {
    await step(t, 'the portal user reaches Approve by Tab on a phone and presses Space', async () => {
      const { page } = portal;
      await signIn(page, config.portalUsername, config.portalPassword);
      await page.goto(`${config.baseUrl}/timesheets`);
      const row = page.locator(`[data-testid="timesheet-row"][data-job-order="JO-1001"][data-week="${WEEK}"]`);
      await row.waitFor();
      await page.locator('body').focus();
      await tabTo(
        page,
        `Approve on the week of ${WEEK}`,
        new Function(
          `const el = document.activeElement;
           return /^Approve JO-1001 week of /.test(el?.getAttribute('aria-label') ?? '')
             && el.closest('[data-testid="timesheet-row"]')?.dataset.week === '${WEEK}';`,
        ),
      );
      const ring = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
      assert.equal(ring, 'solid', 'the focused Approve button shows a focus ring');
      const box = await page.evaluate(() => {
        const r = document.activeElement.getBoundingClientRect();
        return { left: r.left, right: r.right };
      });
      assert.ok(box.left >= 0 && box.right <= 390, `the focused button is on screen: ${JSON.stringify(box)}`);
      await page.keyboard.press('Space');
      await row.waitFor({ state: 'detached' });
      await screenshot(page, 'keyboard-portal-approved');
    });
  });

  await withFailureScreenshot(t, staff, 'keyboard-staff', async () => {
    const { page } = staff;
    await step(t, 'the week is APPROVED', async () => {
      const body = await api(page, '{ timesheets(first: 50, filters: {jobOrder: "JO-1001"}) { edges { node { weekStarting status } } } }');
      const week = body.data.timesheets.edges.map((e) => e.node).find((n) => n.weekStarting === WEEK);
      assert.equal(week?.status, 'APPROVED');
    });

    await step(t, 'staff start a billing run with the keyboard alone; it bills the week', async () => {
      await page.goto(`${config.baseUrl}/billing-runs`);
      await page.getByRole('button', { name: 'Start billing run' }).waitFor();
      await page.locator('body').focus();
      await tabTo(page, 'the Entity field', () => document.activeElement?.labels?.[0]?.textContent?.startsWith('Entity') ?? false);
      await page.keyboard.type('KSAU');
      await page.keyboard.press('Escape'); // close the suggestions
      await tabTo(page, 'the Period end field', () => document.activeElement?.labels?.[0]?.textContent?.startsWith('Period end') ?? false, 5);
      await typeDate(page, PERIOD_END);
      await tabTo(page, 'Start billing run', () => document.activeElement?.textContent?.trim() === 'Start billing run', 10);
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.pathname.startsWith('/billing-runs/'));
      // The run's own page (not the list, still shown while the page loads, with earlier runs).
      await page.getByRole('heading', { name: 'Billing run: KSAU to 9 Nov 2025' }).waitFor();
      await page.getByTestId('billing-run-percent').filter({ hasText: '100%' }).waitFor({ timeout: 60_000 });
      await page.locator('[data-status="COMPLETED"]').first().waitFor();
      assert.equal(await page.getByTestId('billing-run-invoices').innerText(), '1', "one invoice: Acme's week");
      await screenshot(page, 'keyboard-billing-run-complete');
    });
  });
});

test('staff lists on a phone (390 × 844): nothing wider than the screen, the actions on it', async (t) => {
  const browser = await open({ width: 390, height: 844 });
  const { page } = browser;
  await withFailureScreenshot(t, browser, 'phone-staff', async () => {
    await signIn(page, config.username, config.password);
    // One week in the approval queue, so that its list and bulk actions are shown; rejected at the
    // end, so that nothing is left waiting for the specs after this one.
    const submitted = await api(
      page,
      `mutation($input: SubmitTimesheetInput!) { submitTimesheet(input: $input) { timesheet { id } errors { message } } }`,
      { input: { jobOrder: 'JO-1003', weekStarting: WEEK, entries: [{ date: WEEK, hours: '4' }] } },
    );
    assert.deepEqual(submitted.data.submitTimesheet.errors, []);
    for (const { path, actions } of STAFF_LISTS) {
      await step(t, `${path} at 390 px`, async () => {
        await page.goto(`${config.baseUrl}${path}`);
        await page.locator('main h1').first().waitFor();
        await page.waitForLoadState('networkidle');
        await page.locator('main table').first().waitFor();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${path} is ${overflow}px wider than the phone`);
        for (const name of actions) {
          const button = page.locator('main').getByRole('button', { name, exact: typeof name === 'string' }).or(
            page.locator('main').getByRole('link', { name, exact: typeof name === 'string' }),
          );
          const box = await button.first().boundingBox();
          assert.ok(box, `${path}: ${name} is shown`);
          assert.ok(box.x >= 0 && box.x + box.width <= 390, `${path}: ${name} is off-screen (${JSON.stringify(box)})`);
        }
        const firstCell = await page.locator('main table tbody tr td').first().boundingBox();
        assert.ok(firstCell && firstCell.x >= 0 && firstCell.x + firstCell.width <= 390, `${path}: the first row starts on screen`);
        await screenshot(page, `phone-staff${path.replaceAll('/', '-')}`);
      });
    }
    const rejected = await api(page, 'mutation($id: ID!) { rejectTimesheet(id: $id, reason: "Phone test") { errors { message } } }', {
      id: submitted.data.submitTimesheet.timesheet.id,
    });
    assert.deepEqual(rejected.data.rejectTimesheet.errors, []);
  });
});
