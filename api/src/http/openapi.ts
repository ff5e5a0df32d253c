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

/** Where the API lives: its major version is part of the server URL (API Design Rules, /core/uri-version). */
export const apiBasePath = '/api/v1';

/**
 * The contract as a document: the source of the YAML and of the HTML reference at /api/docs/.
 * `api` is the router mounted at apiBasePath, so the paths are relative to the server URL.
 */
export function openApiDocument(api: OpenAPIHono) {
  return api.getOpenAPI31Document({
    openapi: '3.1.0',
    info: apiInfo,
    servers: [{ url: apiBasePath, description: 'This portal, version 1 of the API' }],
    tags: [
      { name: 'operations', description: 'Health, readiness and the contract itself' },
      { name: 'auth', description: 'Login with a second factor, sessions, OAuth2 client credentials' },
      { name: 'audit', description: 'The access log (BIO / NEN 7513) for auditors' },
    ],
  });
}

/** The contract as YAML, serialised the same way for the committed file and the served one. */
export function renderOpenApiYaml(api: OpenAPIHono): string {
  return stringify(openApiDocument(api), { aliasDuplicateObjects: false, lineWidth: 0 });
}
