import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** The flags this closed network needs, whichever Chromium runs. */
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Switches from @sparticuz/chromium's recommended args that are left out: --single-process crashes
 * the browser when a context closes; the web-security, site-isolation and feature switches would
 * relax what a citizen's browser enforces (and its --disable-features would replace Playwright's);
 * the GPU switches contradict --disable-gpu; Playwright sets --headless itself.
 */
const SPARTICUZ_LEFT_OUT = new Set([
  '--single-process',
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--disable-site-isolation-trials',
  '--disable-features',
  '--enable-features',
  '--use-gl',
  '--use-angle',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
  '--in-process-gpu',
  '--headless',
]);

/** Headless Chromium: $CHROMIUM_PATH, else Debian's, else the one the npm package @sparticuz/chromium ships. */
export async function launchBrowser(): Promise<Browser> {
  if (process.env.CHROMIUM_PATH) return chromium.launch({ executablePath: process.env.CHROMIUM_PATH, args: FLAGS });
  if (fs.existsSync('/usr/bin/chromium')) return chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
  const { default: Sparticuz } = await import('@sparticuz/chromium');
  const recommended = Sparticuz.args.filter((arg) => !SPARTICUZ_LEFT_OUT.has(arg.split('=')[0]!));
  return chromium.launch({ executablePath: await (sparticuzBinary ??= unpackSparticuz()), args: [...new Set([...FLAGS, ...recommended])] });
}

let sparticuzBinary: Promise<string> | undefined;

/**
 * Unpacks @sparticuz/chromium once per machine and version into $TMPDIR/burgerportaal-chromium-<version>.
 * The library writes straight into $TMPDIR and trusts any file already there, so test files in
 * parallel processes could run a half-written binary. Here each process unpacks into its own
 * directory (a child process with TMPDIR pointed at it) and renames that into place: the rename is
 * atomic and only the first one wins, so the binary is seen only when complete.
 */
async function unpackSparticuz(): Promise<string> {
  const entry = createRequire(import.meta.url).resolve('@sparticuz/chromium');
  const { version } = JSON.parse(fs.readFileSync(path.join(path.dirname(entry), '../package.json'), 'utf8')) as { version: string };
  const target = path.join(os.tmpdir(), `burgerportaal-chromium-${version}`);
  const binary = path.join(target, 'chromium');
  if (fs.existsSync(binary)) return binary;
  const staging = fs.mkdtempSync(`${target}.partial-`);
  try {
    const script = `import Chromium from ${JSON.stringify(pathToFileURL(entry).href)}; await Chromium.executablePath();`;
    await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, TMPDIR: staging } });
    try {
      fs.renameSync(staging, target);
    } catch (error) {
      if (!fs.existsSync(binary)) throw error; // another process was first; use its copy
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return binary;
}

/** Fails with the list of WCAG 2.1 A/AA violations axe-core finds on the page. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const violations = results.violations.map((violation) => `${violation.id} on ${page.url()}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect(violations).toEqual([]);
}

/** Logs in through the simulated DigiD by clicking, as the named demo person. */
export async function loginByMouse(page: Page, baseUrl: string, personName: string, level = 'midden'): Promise<void> {
  await page.goto(baseUrl);
  await page.getByRole('link', { name: 'Inloggen met DigiD' }).first().click();
  await page.getByLabel(personName).check();
  await page.getByLabel('Betrouwbaarheidsniveau').selectOption(level);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL((url) => url.origin === new URL(baseUrl).origin && !url.pathname.startsWith('/auth'));
}

/**
 * Presses Tab until the focused element matches; fails after `limit` presses. Returns how many
 * presses it took, so a test can show the element is reachable by keyboard alone.
 */
export async function tabTo(page: Page, matches: (element: { tag: string; text: string; name: string; type: string }) => boolean, limit = 60): Promise<number> {
  for (let presses = 1; presses <= limit; presses++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      return {
        tag: element?.tagName.toLowerCase() ?? '',
        text: (element?.innerText ?? element?.textContent ?? '').trim(),
        name: element?.getAttribute('name') ?? '',
        type: element?.getAttribute('type') ?? '',
      };
    });
    if (matches(focused)) return presses;
  }
  throw new Error('element not reachable by Tab');
}
