// Insight in a real browser, after billing-flow.test.mjs has imported the example configuration and
// approved and billed Acme's and Globex's week of 17 November 2025: the morning list shows, the
// charts render, and the numbers they draw are the API's (asked for again from the page itself).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { api, config, openBrowser, screenshot, signIn, step } from './browser.mjs';

const FROM = '2025-11-17';
const TO = '2025-11-30';
let browser;

after(async () => {
  await browser?.close();
});

async function chartSeries(page, testId) {
  const chart = page.getByTestId(`${testId}-chart`);
  await chart.waitFor();
  await page.getByTestId(testId).locator('svg').first().waitFor();
  return {
    categories: JSON.parse(await chart.getAttribute('data-categories')),
    series: JSON.parse(await chart.getAttribute('data-series')),
  };
}

test('insight: the morning list, the cash flow and margins charts show the API figures', async (t) => {
  browser = await openBrowser();
  const { page } = browser;
  page.setDefaultTimeout(15_000);
  try {
    await step(t, 'the dashboard opens with the Today list', async () => {
      await signIn(page, config.username, config.password);
      await page.getByTestId('today').getByText(/timesheets? to approve/).waitFor();
    });

    await step(t, 'the cash flow chart draws the API closing balances, and a week drills down', async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Insight' }).click();
      await page.waitForURL((url) => url.pathname === '/insight');
      const drawn = await chartSeries(page, 'chart-cash-flow');
      const body = await api(page, 'query { cashFlow(entity: "KSAU") { weeks { weekStarting receipts payments closing } } }');
      const weeks = body.data.cashFlow.weeks;
      assert.deepEqual(drawn.categories, weeks.map((w) => w.weekStarting));
      assert.deepEqual(drawn.series.find((s) => s.name === 'Closing balance').values, weeks.map((w) => Number(w.closing)));
      assert.deepEqual(drawn.series.find((s) => s.name === 'Receipts').values, weeks.map((w) => Number(w.receipts)));
      await page.getByTestId('cash-gap').waitFor();
      await page.getByRole('combobox', { name: 'Week to drill into' }).click();
      await page.getByRole('option').first().click();
      await page.getByTestId('cash-items').waitFor();
      await screenshot(page, 'insight-cash-flow');
    });

    await step(t, 'margins by client for the billed weeks are the API figures, with a table view', async () => {
      await page.getByRole('tab', { name: 'Margins' }).click();
      await page.getByLabel('Weeks ending from').fill(FROM);
      await page.getByLabel('to', { exact: true }).fill(TO);
      const body = await api(
        page,
        'query($from: Date!, $to: Date!) { marginBy(dimension: CLIENT, from: $from, to: $to, entity: "KSAU") { rows { label grossMargin credits netMargin } } }',
        { from: FROM, to: TO },
      );
      const rows = body.data.marginBy.rows;
      assert.ok(rows.length >= 2, 'Acme and Globex were billed');
      await page.getByTestId('chart-margin-by-chart').and(page.locator(`[data-categories='${JSON.stringify(rows.map((r) => r.label))}']`)).waitFor();
      const drawn = await chartSeries(page, 'chart-margin-by');
      assert.deepEqual(drawn.series.find((s) => s.name === 'Net of overhead').values, rows.map((r) => Number(r.netMargin)));
      assert.deepEqual(
        drawn.series.find((s) => s.name === 'Gross margin (after credits)').values,
        rows.map((r) => Number(r.grossMargin) - Number(r.credits)),
      );
      await page.getByTestId('chart-margin-by').getByText('Table', { exact: true }).click();
      const table = page.getByRole('table', { name: 'Margin by client' });
      await table.waitFor();
      assert.match(await table.innerText(), new RegExp(rows[0].netMargin.replace('.', '\\.')));
      await screenshot(page, 'insight-margins');
    });
  } catch (error) {
    await screenshot(page, 'insight-failure').catch(() => null);
    t.diagnostic(`browser console errors: ${JSON.stringify(browser.consoleErrors)}`);
    throw error;
  }
});
