import { z } from '@hono/zod-openapi';

/**
 * A named schema (one registered with `.openapi('Name')`) or null. `.nullable()` on a named schema
 * renders as a bare `$ref` in the OpenAPI 3.1 document (zod-to-openapi 9), so the contract would
 * forbid the null the API sends; a union with `z.null()` renders `anyOf: [$ref, {type: 'null'}]`.
 * A named union (Figure) would be flattened into that anyOf: pass its name to keep the reference.
 */
export function orNull<T extends z.ZodType>(schema: T, unionName?: string) {
  const union = z.union([schema, z.null()]);
  return unionName ? union.openapi({ anyOf: [{ $ref: `#/components/schemas/${unionName}` }, { type: 'null' }] }) : union;
}
