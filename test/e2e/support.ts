/**
 * What the browser tests share: the Chromium they drive, the demo portal they start (real server
 * process, demo mode, temp DATA_DIR, web build made first when needed), the demo accounts it prints,
 * the login form, and the menu and API checks of what a role may see. Not a test file itself (no
 * `.test.ts`).
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { totpCode } from '../../api/src/auth/totp.ts';
import { recordContractCheck } from '../support/contract.ts';
import { copyDemoImage } from '../support/demo-image.ts';
import { runToEnd, startPortalProcess, type PortalProcess } from '../support/process.ts';
import { unusedTotpCode } from '../support/totp.ts';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

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

export interface DemoPortalOptions {
  /** More environment for the portal, e.g. a setting a test depends on (it wins over the defaults). */
  env?: Record<string, string>;
  /** How long the web build may take (a cold build on a busy machine is slow). */
  buildTimeoutMs?: number;
}

/**
 * Builds the web app when it is missing or stale, then starts the portal in demo mode on a copy of
 * the run's demo data directory (support/demo-image.ts) and Chromium side by side.
 */
export async function startDemoPortal(
  tempPrefix: string,
  startTimeoutMs = 110_000,
  { env = {}, buildTimeoutMs = 180_000 }: DemoPortalOptions = {},
): Promise<DemoPortal> {
  if (!existsSync(chromiumPath)) throw new Error(`no Chromium at ${chromiumPath}: apt-get install chromium, or set CHROMIUM_PATH`);
  const build = await runToEnd(process.execPath, ['scripts/build.mjs', '--if-stale', 'web'], {}, buildTimeoutMs);
  if (build.code !== 0) throw new Error(`web build failed:\n${build.stdout}\n${build.stderr}`);
  const dataDir = join(mkdtempSync(join(tmpdir(), tempPrefix)), 'data');
  await copyDemoImage(inject('demoImage'), dataDir);
  const [portal, browser] = await Promise.all([
    startPortalProcess({ DATA_DIR: dataDir, DEMO: 'true', COOKIE_SECURE: 'false', LOG_LEVEL: 'warn', ...env }, startTimeoutMs),
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

/** Fills and sends the Dutch login form; a test of refused logins passes its own (wrong) `totp`. */
export async function fillLogin(page: Page, account: DemoAccount, totp = unusedTotpCode(account.totpSecret)): Promise<void> {
  await page.getByLabel('E-mailadres').fill(account.email);
  await page.getByLabel('Wachtwoord').fill(account.password);
  await page.getByLabel('Code uit de authenticator-app').fill(totp);
  await page.getByRole('button', { name: 'Inloggen' }).click();
}

/**
 * Logs in with a current TOTP code and waits for `landing`. A page already on the login page (e.g.
 * `/login?next=…`) stays there, so a test can ask for another landing page.
 */
export async function logIn(page: Page, baseUrl: string, account: DemoAccount, landing: RegExp = /\/dashboard$/): Promise<void> {
  if (!page.url().includes('/login')) await page.goto(`${baseUrl}/login`);
  await fillLogin(page, account);
  await page.waitForURL(landing, { timeout: 60_000 });
}

/** A six-digit code that is none of the codes the server accepts right now (±1 step). */
export function wrongTotp(secret: string): string {
  const valid = new Set([-1, 0, 1].map((step) => totpCode(secret, Date.now(), step)));
  for (let n = 123456; ; n = (n + 111111) % 1_000_000) {
    const code = String(n).padStart(6, '0');
    if (!valid.has(code)) return code;
  }
}

/** The links of the main menu, in either language: what a role is offered. */
export async function navLinks(page: Page): Promise<string[]> {
  return page
    .getByRole('navigation', { name: /Hoofdmenu|Main menu/ })
    .getByRole('link')
    .allInnerTexts();
}

/** The status the API gives this page's session for `path`: what a role may fetch, menu or not. */
export async function apiStatus(page: Page, path: string): Promise<number> {
  return page.evaluate(async (url) => (await fetch(url)).status, path);
}

/**
 * Collects script errors and CSP refusals of a page into `problems`, to be checked at the end, and
 * checks every /api/v1 answer the page receives against openapi.yaml (support/contract.ts fails the
 * test that received one the contract does not describe).
 */
export function watchForProblems(page: Page, problems: string[]): Page {
  page.on('response', (response) => {
    if (!new URL(response.url()).pathname.startsWith('/api/v1/')) return;
    recordContractCheck(
      { method: response.request().method(), url: response.url() },
      // The headers as received (API-Version included); a body gone with a navigation is not checked.
      { status: response.status(), headers: new Headers(response.headers()), body: () => response.text().catch(() => undefined) },
    );
  });
  page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) problems.push(`${page.url()}: ${message.text()}`);
  });
  return page;
}
