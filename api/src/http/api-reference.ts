/**
 * The human-readable API reference at /api/docs/: one static HTML page rendered from the same
 * OpenAPI document that /api/v1/openapi.yaml serves (identical to the committed openapi.yaml).
 * Self-made instead of Swagger UI: no third-party package that reports on install, and no
 * script at all, so it works under the portal's Content-Security-Policy unchanged.
 */

type Json = Record<string, unknown>;
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: Json;
}
interface Operation {
  tags?: string[];
  summary?: string;
  description?: string;
  operationId?: string;
  parameters?: (Parameter | Json)[];
  requestBody?: Json;
  responses?: Record<string, Json>;
  security?: unknown[];
}
export interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  servers?: { url: string }[];
  tags?: { name: string; description?: string }[];
  paths?: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, Json>; parameters?: Record<string, Parameter> };
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'] as const;

const escapeHtml = (text: unknown) =>
  String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const refName = (ref: string) => ref.slice(ref.lastIndexOf('/') + 1);
const anchor = (text: string) => text.replace(/[^A-Za-z0-9_-]+/g, '-');

/** A short type text for a schema: a link for a named schema, else its type ("array of X", enums). */
function typeText(schema: Json | undefined): string {
  if (!schema) return '';
  if (typeof schema.$ref === 'string') {
    const name = refName(schema.$ref);
    return `<a href="#schema-${anchor(name)}">${escapeHtml(name)}</a>`;
  }
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    if (Array.isArray(schema[key])) return (schema[key] as Json[]).map(typeText).join(key === 'allOf' ? ' &amp; ' : ' | ');
  }
  if (schema.type === 'array') return `array of ${typeText(schema.items as Json) || 'any'}`;
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).map((v) => `<code>${escapeHtml(JSON.stringify(v))}</code>`).join(' | ');
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : ((schema.type as string | undefined) ?? 'any');
  return escapeHtml(schema.format ? `${type} (${schema.format})` : type);
}

function contentList(content: unknown): string {
  if (!content || typeof content !== 'object') return '';
  return Object.entries(content as Record<string, Json>)
    .map(([mediaType, media]) => `<code>${escapeHtml(mediaType)}</code> ${typeText(media.schema as Json | undefined)}`)
    .join('<br>');
}

function parameterRows(parameters: Parameter[]): string {
  if (parameters.length === 0) return '';
  const rows = parameters.map(
    (p) =>
      `<tr><td><code>${escapeHtml(p.name)}</code>${p.required ? ' <abbr title="required / verplicht">*</abbr>' : ''}</td><td>${escapeHtml(p.in)}</td><td>${typeText(p.schema)}</td><td>${escapeHtml(p.description)}</td></tr>`,
  );
  return `<table><caption>Parameters</caption><thead><tr><th>Name</th><th>In</th><th>Type</th><th>Description</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function operationHtml(doc: OpenApiDocument, path: string, method: string, operation: Operation): string {
  const id = `op-${anchor(operation.operationId ?? `${method}-${path}`)}`;
  const parameters = (operation.parameters ?? []).map((p) => {
    const ref = (p as Json).$ref;
    return typeof ref === 'string' ? (doc.components?.parameters?.[refName(ref)] ?? { name: refName(ref), in: '?' }) : (p as Parameter);
  });
  const body = operation.requestBody;
  const responses = Object.entries(operation.responses ?? {}).map(
    ([status, response]) =>
      `<tr><td>${escapeHtml(status)}</td><td>${escapeHtml(response.description)}</td><td>${contentList(response.content)}</td></tr>`,
  );
  return `<section class="operation" id="${escapeHtml(id)}">
<h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
<p>${escapeHtml(operation.summary)}${operation.operationId ? ` <small>(<code>${escapeHtml(operation.operationId)}</code>)</small>` : ''}</p>
${operation.description ? `<p class="description">${escapeHtml(operation.description)}</p>` : ''}
${parameterRows(parameters)}
${body ? `<p><strong>Request body</strong>${body.required ? ' (required)' : ''}: ${contentList(body.content)}</p>` : ''}
<table><caption>Responses</caption><thead><tr><th>Status</th><th>Description</th><th>Content</th></tr></thead><tbody>${responses.join('')}</tbody></table>
</section>`;
}

function schemaHtml(name: string, schema: Json): string {
  const properties = Object.entries((schema.properties as Record<string, Json> | undefined) ?? {});
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const rows = properties.map(
    ([property, propertySchema]) =>
      `<tr><td><code>${escapeHtml(property)}</code>${required.has(property) ? ' <abbr title="required / verplicht">*</abbr>' : ''}</td><td>${typeText(propertySchema)}</td><td>${escapeHtml(propertySchema.description)}</td></tr>`,
  );
  return `<section class="schema" id="schema-${escapeHtml(anchor(name))}">
<h3>${escapeHtml(name)}</h3>
${schema.description ? `<p>${escapeHtml(schema.description)}</p>` : ''}
${rows.length > 0 ? `<table><thead><tr><th>Property</th><th>Type</th><th>Description</th></tr></thead><tbody>${rows.join('')}</tbody></table>` : `<p>${typeText(schema)}</p>`}
</section>`;
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:72rem;margin:0 auto;padding:1rem 2rem;line-height:1.45;color:#1a1a1a}
nav ul{columns:2;padding-left:1.2rem}h2{border-bottom:2px solid #154273;margin-top:2.5rem}
.operation,.schema{border-top:1px solid #ccc;padding:.5rem 0}table{border-collapse:collapse;margin:.5rem 0;width:100%}
caption{text-align:left;font-weight:600}th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
.method{display:inline-block;min-width:4.5rem;text-align:center;border-radius:3px;color:#fff;background:#555;font-size:.85em;padding:.1rem .3rem}
.get{background:#1d6f42}.post{background:#154273}.put,.patch{background:#8a5a00}.delete{background:#a4262c}code{font-size:.95em}`;

/** The whole reference page; every value from the document is escaped. */
export function renderApiReference(doc: OpenApiDocument): string {
  const operations: { tag: string; path: string; method: string; operation: Operation }[] = [];
  // The paths are relative to the server URL (/api/v1); the reader sees the full path to call.
  const base = (doc.servers?.[0]?.url ?? '').replace(/\/$/, '');
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method] as Operation | undefined;
      if (operation) operations.push({ tag: operation.tags?.[0] ?? 'other', path: `${base}${path}`, method, operation });
    }
  }
  const tagOrder = [...(doc.tags ?? []).map((t) => t.name), ...operations.map((o) => o.tag)];
  const tags = [...new Set(tagOrder)].filter((tag) => operations.some((o) => o.tag === tag));
  const tagDescription = (tag: string) => doc.tags?.find((t) => t.name === tag)?.description;
  const schemas = Object.entries(doc.components?.schemas ?? {});
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API reference · ${escapeHtml(doc.info.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(doc.info.title)} <small>${escapeHtml(doc.info.version)}</small></h1>
<p>${escapeHtml(doc.info.description)}</p>
<p>Machine-readable contract (OpenAPI 3.1) / machineleesbaar contract: <a href="/api/v1/openapi.yaml">/api/v1/openapi.yaml</a>.</p>
</header>
<nav aria-label="Contents">
<h2>Contents</h2>
<ul>${tags.map((tag) => `<li><a href="#tag-${escapeHtml(anchor(tag))}">${escapeHtml(tag)}</a></li>`).join('')}${schemas.length > 0 ? '<li><a href="#schemas">Schemas</a></li>' : ''}</ul>
</nav>
<main>
${tags
  .map(
    (tag) => `<section id="tag-${escapeHtml(anchor(tag))}">
<h2>${escapeHtml(tag)}</h2>
${tagDescription(tag) ? `<p>${escapeHtml(tagDescription(tag))}</p>` : ''}
${operations
  .filter((o) => o.tag === tag)
  .map((o) => operationHtml(doc, o.path, o.method, o.operation))
  .join('\n')}
</section>`,
  )
  .join('\n')}
${schemas.length > 0 ? `<section id="schemas"><h2>Schemas</h2>\n${schemas.map(([name, schema]) => schemaHtml(name, schema)).join('\n')}</section>` : ''}
</main>
</body>
</html>
`;
}
