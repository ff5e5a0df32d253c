// @ts-check
/**
 * `npm run portal -- <command>`: the compiled CLI (dist/api/src/cli.js), compiled first when the
 * API sources changed since the last build. Build messages go to stderr, so that `--json` output
 * on stdout stays parseable. Where the build tools are not installed (a production image after
 * `npm prune --omit=dev`) it runs dist/ as built.
 */
import { ensureBuilt } from './build.mjs';

try {
  ensureBuilt(['api'], { log: (line) => console.error(line), quietWhenUpToDate: true, buildOutput: 'stderr' });
} catch (error) {
  process.stderr.write(`portal: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
process.setSourceMapsEnabled(true);
await import('../dist/api/src/cli.js');
