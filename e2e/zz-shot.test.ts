import { it } from 'vitest';
import { startTestPortal } from '/work/main/test/portal.ts';
import { launchBrowser, loginByMouse } from '/work/main/e2e/browser.ts';
it('shot', async () => {
  const t = await startTestPortal();
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  await loginByMouse(page, t.baseUrl, 'Pieter van den Berg');
  t.portal.demoRegisters!.server('woz').mode = 'error';
  await page.goto(`${t.baseUrl}/mijn-gegevens`);
  await page.locator('summary').first().click();
  await page.screenshot({ path: '/tmp/pd/page.png', fullPage: true });
  await browser.close(); await t.close();
});
