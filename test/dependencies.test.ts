import { readFile } from 'node:fs/promises';

/**
 * What `npm ci` installs runs code on every developer machine, CI runner and production image.
 * A government portal installs nothing that reports to a third party, and no package runs an
 * install script unless it is listed here with the reason it is harmless.
 */
const allowedInstallScripts: Record<string, string> = {
  // postinstall (install.js) only checks that its platform binary (@esbuild/<platform>, an optional
  // dependency from the same registry) is present and runs; no telemetry. Brought by vite and tsx.
  esbuild: 'verifies its platform binary',
};

/** Packages that phone home when installed or used; none may appear anywhere in the tree. */
const forbidden = ['@scarf/scarf'];

const lockfile = async () =>
  JSON.parse(await readFile(new URL('../package-lock.json', import.meta.url), 'utf8')) as {
    packages: Record<
      string,
      { hasInstallScript?: boolean; dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> }
    >;
  };

const packageName = (path: string) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);

describe('the installed dependencies (package-lock.json)', () => {
  it('contain no package that reports installs to a third party (@scarf/scarf), not even as a dependency of one', async () => {
    const { packages } = await lockfile();
    const found = Object.entries(packages).flatMap(([path, entry]) => [
      ...(forbidden.includes(packageName(path)) ? [path] : []),
      ...Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })
        .filter((name) => forbidden.includes(name))
        .map((name) => `${path || 'package.json'} → ${name}`),
    ]);
    expect(found).toEqual([]);
  });

  it('run install scripts only for the packages listed with a reason', async () => {
    const { packages } = await lockfile();
    const withScripts = Object.entries(packages)
      .filter(([, entry]) => entry.hasInstallScript)
      .map(([path]) => packageName(path));
    expect(withScripts.filter((name) => !(name in allowedInstallScripts))).toEqual([]);
  });
});
