import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The layers of docs/architecture.md, held by a test: no import cycles anywhere, and the arrows
 * point one way (schemas/ knows no API or web, the web knows only schemas/ and itself, db/ and
 * http/ know no capability, nothing in api/src reaches into scripts/).
 */
const root = resolve(import.meta.dirname, '..');
const trees = ['api/src', 'schemas', 'web/src', 'scripts'];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    if (statSync(join(root, path)).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Relative imports of a file (static, dynamic and type-only: a type cycle still ties modules together). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const specifiers = [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g),
  ].map((m) => m[1] ?? m[2]!);
  return specifiers.map((specifier) => relative(root, resolve(join(root, dirname(file)), specifier)));
}

const files = trees.flatMap(sourceFiles);
const known = new Set(files);
/** The web imports without extensions ('./router'), the API with them ('./router.ts'). */
const resolveTarget = (target: string) =>
  [target, `${target}.ts`, `${target}.tsx`, `${target}/index.ts`, `${target}/index.tsx`].find((candidate) => known.has(candidate));
const graph = new Map(
  files.map((file) => [
    file,
    importsOf(file)
      .map(resolveTarget)
      .filter((target): target is string => target !== undefined),
  ]),
);

/** Tarjan's strongly connected components: every component with more than one file is a cycle. */
function cycles(): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const lowlinks = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    indices.set(node, index);
    lowlinks.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        lowlinks.set(node, Math.min(lowlinks.get(node)!, lowlinks.get(next)!));
      } else if (onStack.has(next)) {
        lowlinks.set(node, Math.min(lowlinks.get(node)!, indices.get(next)!));
      }
    }
    if (lowlinks.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.sort());
    }
  };
  for (const file of files) if (!indices.has(file)) visit(file);
  return found;
}

const importsFrom = (from: string, to: string) =>
  files
    .filter((file) => file.startsWith(from))
    .flatMap((file) => (graph.get(file) ?? []).filter((target) => target.startsWith(to)).map((target) => `${file} → ${target}`));

describe('the layers', () => {
  it('finds the source files and their imports (the test itself can fail)', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(graph.get('api/src/app.ts')).toContain('api/src/http/router.ts');
    expect(graph.get('web/src/routes.tsx')).toContain('web/src/router.tsx');
  });

  it('has no import cycles in api/src, schemas, web/src or scripts', () => {
    expect(cycles()).toEqual([]);
  });

  it('keeps schemas/ free of the API, the web and scripts', () => {
    expect([...importsFrom('schemas/', 'api/'), ...importsFrom('schemas/', 'web/'), ...importsFrom('schemas/', 'scripts/')]).toEqual([]);
  });

  it('lets the web import only schemas/ and itself', () => {
    expect([...importsFrom('web/src/', 'api/'), ...importsFrom('web/src/', 'scripts/')]).toEqual([]);
  });

  it('keeps the API out of scripts/, and db/ and http/ below the capabilities', () => {
    const capabilities = ['admin', 'audit', 'auth', 'deliveries', 'dialogues', 'indicators', 'ingest', 'operations'].map(
      (name) => `api/src/${name}/`,
    );
    expect(importsFrom('api/src/', 'scripts/')).toEqual([]);
    expect(capabilities.flatMap((capability) => importsFrom('api/src/db/', capability))).toEqual([]);
    // http/ maps errors and serves requests for everyone; it reaches no capability.
    expect(capabilities.flatMap((capability) => importsFrom('api/src/http/', capability))).toEqual([]);
  });
});
