import { createRoute, z } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';

const openapiYaml = createRoute({
  method: 'get',
  path: '/openapi.yaml',
  tags: ['operations'],
  summary: 'This contract, identical to the committed openapi.yaml',
  operationId: 'getOpenApiDocument',
  responses: {
    200: { description: 'OpenAPI 3.1 document', content: { 'application/yaml': { schema: z.string() } } },
  },
});

export function registerMetaRoutes(router: OpenAPIHono, renderContract: () => string): void {
  router.openapi(openapiYaml, (c) =>
    c.body(renderContract(), 200, { 'content-type': 'application/yaml; charset=utf-8', 'cache-control': 'no-cache' }),
  );
}
