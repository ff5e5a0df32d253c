import type { Config } from './config.ts';
import type { RunningPortal } from './server.ts';

/** What a newcomer sees after `npm start`: where to go and how to log in. */
export function printWelcome(portal: RunningPortal, config: Config, startMs: number): void {
  const lines = [
    '',
    `Resultaatportaal Jeugdhulp is running at ${portal.url}  (started in ${(startMs / 1000).toFixed(1)} s)`,
    `  API reference: ${portal.url}/api/docs/    contract: ${portal.url}/api/v1/openapi.yaml`,
    `  Database: ${portal.database.engine === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)'}`,
  ];
  if (portal.demo) {
    lines.push(
      `  Demo region H10 Haaglanden: ${portal.demo.records} records${portal.demo.loadedNow ? ' (loaded now)' : ''}.`,
      `  Demo K1 key file for the providers' pseudonymisation tool: ${portal.demo.k1File}${portal.demo.k1Created ? ' (generated now)' : ''}`,
      '',
      '  Demo accounts (password + a TOTP code from an authenticator app with this secret,',
      '  or: npm run portal -- demo totp <email>):',
    );
    for (const account of portal.demo.accounts) {
      lines.push(`    ${account.role.padEnd(17)} ${account.email.padEnd(42)} ${account.password}   TOTP secret ${account.totpSecret}`);
    }
  }
  lines.push('', 'Stop with Ctrl+C.', '');
  process.stdout.write(lines.join('\n'));
}
