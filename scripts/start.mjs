// @ts-check
/**
 * `npm start`: builds what is missing or stale (the web app in web/dist, the compiled server in
 * dist/; nothing when both are up to date, which takes milliseconds), then runs the compiled server
 * in this same process. Right after `npm ci` on a fresh machine this builds both and starts the
 * portal on the embedded database with the demo region.
 *
 * A process manager runs `node dist/api/src/main.js` itself instead (docs/deployment.md).
 */
import { ensureBuilt } from './build.mjs';

try {
  ensureBuilt(['web', 'api'], { log: (line) => console.log(line), buildOutput: 'inherit' });
} catch (error) {
  process.stderr.write(`Resultaatportaal cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
process.setSourceMapsEnabled(true);
await import('../dist/api/src/main.js');
