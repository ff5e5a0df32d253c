import type { OpenAPIHono } from '@hono/zod-openapi';
import { stringify } from 'yaml';
import { apiVersion } from './api-version.ts';

export const apiInfo = {
  title: 'Resultaatportaal Jeugdhulp API',
  version: apiVersion,
  description:
    'Outcome records of closed youth-care trajectories, indicators and result dialogues for Dutch youth-care regions. ' +
    'Errors are RFC 9457 problem details with messages in Dutch (nl) and English (en).',
  contact: { name: 'Resultaatportaal Jeugdhulp', email: 'resultaatportaal@example.org', url: 'https://github.com/resultaatportaal' },
  license: { name: 'EUPL-1.2', url: 'https://eupl.eu/1.2/en/' },
};

/** The contract as a document: the source of the YAML and of the HTML reference at /api/docs/. */
export function openApiDocument(app: OpenAPIHono) {
  return app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: apiInfo,
    servers: [{ url: '/', description: 'This portal (every path starts with /api/v1)' }],
    tags: [
      { name: 'operations', description: 'Health, readiness and the contract itself' },
      { name: 'auth', description: 'Login with a second factor, sessions, OAuth2 client credentials' },
      { name: 'audit', description: 'The access log (BIO / NEN 7513) for auditors' },
    ],
  });
}

/** The contract as YAML, serialised the same way for the committed file and the served one. */
export function renderOpenApiYaml(app: OpenAPIHono): string {
  return stringify(openApiDocument(app), { aliasDuplicateObjects: false, lineWidth: 0 });
}
