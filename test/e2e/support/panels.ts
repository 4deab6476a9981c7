import path from 'node:path';
import type { Locator, Page } from 'playwright-core';

const PANEL = 'section[data-testid^="data-testid Panel header "]';
const ERROR_STATUS = '[data-testid="data-testid Panel status error"]';
const ANSWERED = '[data-panel-state="Done"], [data-panel-state="Error"]';

export const SCREENSHOTS = path.resolve(__dirname, '../../../docs/screenshots');

export const panel = (page: Page, title: string, nth = 0): Locator =>
  page.locator(`section[data-testid="data-testid Panel header ${title}"]`).nth(nth);

export interface RenderedPanel {
  title: string;
  /** The API's message when the panel shows an error. */
  error?: string;
}

/** The error a panel shows: Grafana puts it in the tooltip of the panel's error icon. */
export async function panelError(page: Page, section: Locator): Promise<string | undefined> {
  const status = section.locator(ERROR_STATUS);
  if ((await status.count()) === 0) {
    return undefined;
  }
  await status.hover();
  const tooltip = page.getByRole('tooltip');
  await tooltip.waitFor();
  const text = await tooltip.innerText();
  await page.mouse.move(0, 0);
  await tooltip.waitFor({ state: 'hidden' });
  return text;
}

/**
 * Waits for every panel of the page to be answered, scrolling each into view (Grafana loads
 * panels lazily), and reports its title and error. Ends scrolled back to the top.
 */
export async function renderAllPanels(page: Page): Promise<RenderedPanel[]> {
  await page.locator(PANEL).first().waitFor();
  const rendered: RenderedPanel[] = [];
  for (const section of await page.locator(PANEL).all()) {
    await section.scrollIntoViewIfNeeded();
    await section.locator(ANSWERED).first().waitFor();
    const title = (await section.getAttribute('data-testid'))!.replace('data-testid Panel header ', '');
    rendered.push({ title, error: await panelError(page, section) });
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  return rendered;
}

/** A panel's visible text once it is answered. */
export async function panelText(page: Page, title: string, nth = 0): Promise<string> {
  const section = panel(page, title, nth);
  await section.scrollIntoViewIfNeeded();
  await section.locator(ANSWERED).first().waitFor();
  return section.locator('[data-testid="data-testid panel content"]').innerText();
}

/** The fields of PeriodCounts, and how a period-counts panel shows them. */
export const PERIOD = 'today last7Days allTime';
export const periodFigures = (counts: Record<string, number>) => ({
  Today: String(counts.today),
  'Last 7 days': String(counts.last7Days),
  'All time': String(counts.allTime),
});

/** A stat panel's figures by name ("Today" → "16"); a single unnamed figure is under "". */
export function statFigures(text: string): Record<string, string> {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  if (lines.length === 1) {
    return { '': lines[0] };
  }
  const figures: Record<string, string> = {};
  for (let i = 0; i + 1 < lines.length; i += 2) {
    figures[lines[i]] = lines[i + 1];
  }
  return figures;
}

/** Saves what a person sees (the 1440×900 viewport, top of the page) as docs/screenshots/<name>.png. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await page.mouse.move(0, 0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/** Follows the first drill-down link of a table panel (a same-app link in one of its cells). */
export async function followFirstLink(page: Page, title: string, hrefPart = '/a/agentmon-app/'): Promise<string> {
  const section = panel(page, title);
  await section.scrollIntoViewIfNeeded();
  // Visible only: a row's person link is drawn (empty, hidden) where the record names no one.
  const link = section.locator(`a[href*="${hrefPart}"]:visible`).first();
  await link.waitFor();
  const href = (await link.getAttribute('href'))!;
  await link.click();
  await page.waitForURL((url) => href.startsWith(url.pathname));
  return href;
}

/** Polls a panel's text until `matches` holds (a refresh replaces it), failing with the last text seen. */
export async function waitForPanelText(
  page: Page,
  title: string,
  matches: (text: string) => boolean,
  timeoutMs = 15000
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = await panelText(page, title);
    if (matches(text)) {
      return text;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`panel "${title}" never showed the expected text; it shows: ${text}`);
}

/** Saves one panel as a person sees it (scrolled into view) as docs/screenshots/<name>.png. */
export async function savePanelScreenshot(page: Page, title: string, name: string): Promise<void> {
  await page.mouse.move(0, 0);
  const section = panel(page, title);
  await section.scrollIntoViewIfNeeded();
  await section.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}
