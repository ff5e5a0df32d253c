import { readFile, writeFile } from 'node:fs/promises';
import { renderContract } from '../api/src/contract.ts';

/** `write` regenerates openapi.yaml from the routes; `check` fails when the committed file drifted. */
const mode = process.argv[2];
const file = new URL('../openapi.yaml', import.meta.url);
const rendered = renderContract();

if (mode === 'write') {
  await writeFile(file, rendered);
  console.log('openapi.yaml written');
} else if (mode === 'check') {
  const committed = await readFile(file, 'utf8').catch(() => '');
  if (committed !== rendered) {
    console.error('openapi.yaml differs from the routes: run `npm run openapi:generate` and commit the result.');
    process.exit(1);
  }
  console.log('openapi.yaml matches the routes');
} else {
  console.error('usage: tsx scripts/openapi.ts write|check');
  process.exit(2);
}
