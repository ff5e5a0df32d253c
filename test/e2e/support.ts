/**
 * What the browser tests share: the Chromium they drive, the demo portal they start (real server
 * process, demo mode, temp DATA_DIR, web build made first when needed), the demo accounts it prints
 * and the login form. Not a test file itself (no `.test.ts`).
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { totpCode } from '../../api/src/auth/totp.ts';
import { runToEnd, startPortalProcess, tsxBin, type PortalProcess } from '../support/process.ts';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export type DemoRole = 'provider' | 'contract_manager' | 'municipality' | 'auditor' | 'admin';

export interface DemoAccount {
  email: string;
  password: string;
  totpSecret: string;
}

/** The demo accounts as `npm start` prints them (role, e-mail, password, TOTP secret). */
export function demoAccounts(output: string): Record<string, DemoAccount> {
  const accounts: Record<string, DemoAccount> = {};
  for (const match of output.matchAll(/^\s+(\w+)\s+(\S+@\S+)\s+(Demo-\S+)\s+TOTP secret ([A-Z2-7]+)$/gm)) {
    accounts[match[1]] = { email: match[2], password: match[3], totpSecret: match[4] };
  }
  return accounts;
}

export interface DemoPortal {
  portal: PortalProcess;
  browser: Browser;
  accounts: Record<string, DemoAccount>;
  dataDir: string;
  stop: () => Promise<void>;
}

/**
 * Builds the web app when it is missing or stale, then starts the portal in demo mode on a fresh
 * data directory and Chromium side by side.
 */
export async function startDemoPortal(tempPrefix: string, startTimeoutMs = 110_000): Promise<DemoPortal> {
  if (!existsSync(chromiumPath)) throw new Error(`no Chromium at ${chromiumPath}: apt-get install chromium, or set CHROMIUM_PATH`);
  const build = await runToEnd(tsxBin, ['scripts/ensure-web-build.ts'], {}, 180_000);
  if (build.code !== 0) throw new Error(`web build failed:\n${build.stdout}\n${build.stderr}`);
  const dataDir = join(mkdtempSync(join(tmpdir(), tempPrefix)), 'data');
  const [portal, browser] = await Promise.all([
    startPortalProcess({ DATA_DIR: dataDir, DEMO: 'true', COOKIE_SECURE: 'false', LOG_LEVEL: 'warn' }, startTimeoutMs),
    chromium.launch({ executablePath: chromiumPath, args: chromiumArgs }),
  ]);
  const accounts = demoAccounts(portal.output());
  return {
    portal,
    browser,
    accounts,
    dataDir,
    stop: async () => {
      await browser.close().catch(() => undefined);
      await portal.stop();
    },
  };
}

/** Fills the Dutch login form with the account and a current TOTP code, and waits for `landing`. */
export async function logIn(page: Page, baseUrl: string, account: DemoAccount, landing: RegExp = /\/dashboard$/): Promise<void> {
  if (!page.url().includes('/login')) await page.goto(`${baseUrl}/login`);
  await page.getByLabel('E-mailadres').fill(account.email);
  await page.getByLabel('Wachtwoord').fill(account.password);
  await page.getByLabel('Code uit de authenticator-app').fill(totpCode(account.totpSecret, Date.now()));
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL(landing, { timeout: 60_000 });
}

/** Collects script errors and CSP refusals of a page into `problems`, to be checked at the end. */
export function watchForProblems(page: Page, problems: string[]): Page {
  page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) problems.push(`${page.url()}: ${message.text()}`);
  });
  return page;
}
