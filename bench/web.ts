/**
 * The web app as a user's browser meets it: the portal in demo mode on the embedded database (a
 * fresh data directory), the web build made first when needed, headless Chromium.
 *
 *  - first-load size: the JavaScript and CSS the login page requests, and what the contract
 *    manager's overview requests on top of that, gzipped at level 9 as a web server or proxy would
 *    send them (the portal itself serves them uncompressed; the raw size is shown too);
 *  - time to interactive of the overview: from navigation to /compare (logged in, empty browser
 *    cache) until the first provider row is visible and a sort button would take a click; the time
 *    until the bespreekpunten (one funnel per indicator) are marked is shown beside it.
 *    The first (cold) run after the server start is reported apart from the median of the others.
 *
 * Goals (issue 6): first-load JS ≤ 250 KB gzipped; overview usable ≤ 1.5 s on the embedded database.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Response } from 'playwright-core';
import { projectRoot, runToEnd, startPortalProcess, type PortalProcess } from '../test/support/process.ts';
import { unusedTotpCode } from '../test/support/totp.ts';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const warmRuns = Number(process.env.BENCH_RUNS ?? 5);
const goals = { firstLoadJsKb: 250, overviewSeconds: 1.5 };

interface Asset {
  url: string;
  kind: 'js' | 'css';
  raw: number;
  gzipped: number;
}

/** Records every script and stylesheet a page receives, with its raw and gzipped size. */
function collectAssets(context: BrowserContext): { assets: Asset[]; settled: () => Promise<void> } {
  const assets: Asset[] = [];
  const pending: Promise<void>[] = [];
  context.on('response', (response: Response) => {
    const type = response.request().resourceType();
    if (type !== 'script' && type !== 'stylesheet') return;
    pending.push(
      response
        .body()
        .then((body) => {
          assets.push({
            url: new URL(response.url()).pathname,
            kind: type === 'script' ? 'js' : 'css',
            raw: body.length,
            gzipped: gzipSync(body, { level: 9 }).length,
          });
        })
        .catch(() => undefined),
    );
  });
  return { assets, settled: async () => void (await Promise.all(pending)) };
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const sum = (assets: Asset[], kind: 'js' | 'css', field: 'raw' | 'gzipped') =>
  assets.filter((a) => a.kind === kind).reduce((total, a) => total + a[field], 0);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

function contractManagerAccount(output: string): { email: string; password: string; totpSecret: string } {
  const match = /^\s+contract_manager\s+(\S+@\S+)\s+(Demo-\S+)\s+TOTP secret ([A-Z2-7]+)$/m.exec(output);
  if (!match) throw new Error('no contract_manager account in the start-up output');
  return { email: match[1], password: match[2], totpSecret: match[3] };
}

/** One navigation to the overview in a fresh context (empty cache) with the logged-in session. */
async function timeOverview(browser: Browser, url: string, storageState: Awaited<ReturnType<BrowserContext['storageState']>>) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'nl-NL',
    timezoneId: 'Europe/Amsterdam',
    storageState,
  });
  try {
    const page = await context.newPage();
    const started = performance.now();
    await page.goto(`${url}/compare`, { waitUntil: 'commit' });
    await page.locator('.matrix__table tbody tr th a').first().waitFor({ state: 'visible', timeout: 60_000 });
    await page.locator('.matrix__table thead th button').nth(1).click({ trial: true, timeout: 60_000 });
    const interactive = (performance.now() - started) / 1000;
    await page.locator('.matrix__table tbody .cm-flag').first().waitFor({ timeout: 120_000 });
    const flagged = (performance.now() - started) / 1000;
    return { interactive, flagged };
  } finally {
    await context.close();
  }
}

const build = await runToEnd(process.execPath, ['scripts/build.mjs', '--if-stale', 'web'], {}, 300_000);
if (build.code !== 0) {
  console.error(build.stdout, build.stderr);
  process.exit(1);
}
process.stdout.write(build.stdout);
// A build made with NODE_ENV other than "production" carries React's development build; measure
// what users get instead.
const assetsDir = join(projectRoot, 'web', 'dist', 'assets');
const builtJs = readdirSync(assetsDir)
  .filter((file) => file.endsWith('.js'))
  .map((file) => readFileSync(join(assetsDir, file), 'utf8'))
  .join('');
if (!builtJs.includes('Minified React error')) {
  console.log('web: web/dist holds a development build of React; building for production');
  const production = await runToEnd(
    join(projectRoot, 'node_modules', '.bin', 'vite'),
    ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
    { NODE_ENV: 'production' },
    300_000,
  );
  if (production.code !== 0) {
    console.error(production.stdout, production.stderr);
    process.exit(1);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'rp-bench-web-'));
let portal: PortalProcess | undefined;
let browser: Browser | undefined;
try {
  [portal, browser] = await Promise.all([
    startPortalProcess({ DATA_DIR: join(dir, 'data'), DEMO: 'true', COOKIE_SECURE: 'false', LOG_LEVEL: 'warn' }, 180_000),
    chromium.launch({ executablePath: chromiumPath, args: chromiumArgs }),
  ]);
  const account = contractManagerAccount(portal.output());

  // First page load: the login page, as a newcomer opens the portal.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
  const loginLoad = collectAssets(context);
  const page = await context.newPage();
  await page.goto(`${portal.url}/login`, { waitUntil: 'networkidle' });
  await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();
  await loginLoad.settled();
  const firstLoad = [...loginLoad.assets];
  await page.getByLabel('E-mailadres').fill(account.email);
  await page.getByLabel('Wachtwoord').fill(account.password);
  await page.getByLabel('Code uit de authenticator-app').fill(unusedTotpCode(account.totpSecret));
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL(/\/dashboard$/, { timeout: 60_000 });
  const storageState = await context.storageState();
  await context.close();

  // The overview in a fresh context: everything it loads, from an empty cache.
  const overviewContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, storageState });
  const overviewLoad = collectAssets(overviewContext);
  const overviewPage = await overviewContext.newPage();
  const coldStarted = performance.now();
  await overviewPage.goto(`${portal.url}/compare`, { waitUntil: 'commit' });
  await overviewPage.locator('.matrix__table tbody tr th a').first().waitFor({ state: 'visible', timeout: 120_000 });
  await overviewPage.locator('.matrix__table thead th button').nth(1).click({ trial: true, timeout: 60_000 });
  const cold = { interactive: (performance.now() - coldStarted) / 1000, flagged: 0 };
  await overviewPage.locator('.matrix__table tbody .cm-flag').first().waitFor({ timeout: 180_000 });
  cold.flagged = (performance.now() - coldStarted) / 1000;
  const shown = `${await overviewPage.locator('#overview-period').inputValue()}, category ${await overviewPage.locator('#overview-category').inputValue()}`;
  await overviewPage.waitForLoadState('networkidle');
  await overviewLoad.settled();
  const overviewAssets = [...overviewLoad.assets];
  await overviewContext.close();

  const runs: { interactive: number; flagged: number }[] = [];
  for (let i = 0; i < warmRuns; i++) runs.push(await timeOverview(browser, portal.url, storageState));
  const warm = { interactive: median(runs.map((r) => r.interactive)), flagged: median(runs.map((r) => r.flagged)) };

  const firstJs = sum(firstLoad, 'js', 'gzipped');
  const extraOverview = overviewAssets.filter((asset) => !firstLoad.some((first) => first.url === asset.url));
  const status = (ok: boolean) => (ok ? 'OK' : 'MISSED');
  const row = (what: string, figure: string, goal: string, verdict: string) =>
    `  ${what.padEnd(58)} ${figure.padStart(16)}  ${goal.padEnd(10)} ${verdict}`;

  console.log('');
  console.log(
    `web (Vite build in web/dist, embedded PGlite, demo region; headless Chromium at 1280x900; overview: its default selection, ${shown}; ${warmRuns} warm runs)`,
  );
  console.log(
    `  machine: ${availableParallelism()} cores; load average ${loadavg()[0].toFixed(1)} at the end (other work on the machine slows the timings)`,
  );
  console.log(row('figure', 'measured', 'goal', ''));
  console.log(row('first load (login page): JS, gzipped', `${kb(firstJs)} KB`, '≤ 250 KB', status(firstJs / 1024 <= goals.firstLoadJsKb)));
  console.log(row('first load (login page): CSS, gzipped', `${kb(sum(firstLoad, 'css', 'gzipped'))} KB`, '', ''));
  console.log(
    row('first load (login page): JS + CSS, uncompressed', `${kb(sum(firstLoad, 'js', 'raw') + sum(firstLoad, 'css', 'raw'))} KB`, '', ''),
  );
  console.log(
    row(
      'overview (logged in): JS, gzipped',
      `${kb(sum(overviewAssets, 'js', 'gzipped'))} KB`,
      '≤ 250 KB',
      status(sum(overviewAssets, 'js', 'gzipped') / 1024 <= goals.firstLoadJsKb),
    ),
  );
  console.log(row('overview (logged in): CSS, gzipped', `${kb(sum(overviewAssets, 'css', 'gzipped'))} KB`, '', ''));
  console.log(
    row('overview: JS/CSS not already in the first load, gzipped', `${kb(extraOverview.reduce((t, a) => t + a.gzipped, 0))} KB`, '', ''),
  );
  console.log(
    row(
      'overview usable, median of warm runs',
      `${warm.interactive.toFixed(2)} s`,
      '≤ 1.5 s',
      status(warm.interactive <= goals.overviewSeconds),
    ),
  );
  console.log(row('overview usable, cold (first after server start)', `${cold.interactive.toFixed(2)} s`, '', ''));
  console.log(row('overview with bespreekpunten marked, median warm', `${warm.flagged.toFixed(2)} s`, '', ''));
  console.log(row('overview with bespreekpunten marked, cold', `${cold.flagged.toFixed(2)} s`, '', ''));
  console.log(
    `  warm runs, usable: ${runs.map((r) => r.interactive.toFixed(2)).join(', ')} s; with bespreekpunten: ${runs.map((r) => r.flagged.toFixed(2)).join(', ')} s`,
  );
  console.log('  files of the first load:');
  for (const asset of firstLoad) console.log(`    ${asset.url}  ${kb(asset.raw)} KB raw, ${kb(asset.gzipped)} KB gzipped`);
} finally {
  await browser?.close();
  await portal?.stop();
  rmSync(dir, { recursive: true, force: true });
}
