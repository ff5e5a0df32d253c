import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { DomainError } from './errors.ts';
import type { Logger } from 'pino';
import type { Sql } from './db/connect.ts';
import type { SigningKeys } from './signing-keys.ts';
import { registerAdminRoutes } from './admin/admin.routes.ts';
import { registerLockExceptionRoutes } from './admin/lock-exceptions.routes.ts';
import { registerColumnMappingRoutes } from './ingest/column-mapping.routes.ts';
import { registerAuditRoutes } from './audit/audit.routes.ts';
import { registerAuthRoutes } from './auth/auth.routes.ts';
import { registerIndicatorRoutes } from './indicators/indicators.routes.ts';
import { registerDialogueRoutes } from './dialogues/dialogues.routes.ts';
import { registerDeliveryRoutes } from './deliveries/deliveries.routes.ts';
import { registerNotificationRoutes } from './notifications/notifications.routes.ts';
import { registerSubmissionRoutes } from './ingest/submissions.routes.ts';
import type { UploadLimits } from './ingest/table.ts';
import { createUnpackBudget } from './ingest/unpack-budget.ts';
import { authenticate, logRefusals } from './auth/middleware.ts';
import { createOidcVerifier, type OidcConfig } from './auth/oidc.ts';
import type { AuthKeys } from './auth/sessions.ts';
import { createErrorHandler, notFoundHandler } from './http/error-handler.ts';
import { registerHealthRoutes } from './http/health.routes.ts';
import { registerMetaRoutes } from './http/meta.routes.ts';
import { renderApiReference, type OpenApiDocument } from './http/api-reference.ts';
import { apiBasePath, openApiDocument, renderOpenApiYaml } from './http/openapi.ts';
import { requestId, requestLogger } from './http/request-context.ts';
import { apiVersionHeaderOnEveryAnswer } from './http/api-version.ts';
import { clientAddress } from './http/client-address.ts';
import { createRouter } from './http/router.ts';
import { projectRoot } from './project-root.ts';
import { securityHeaders } from './http/security-headers.ts';

export interface AppDeps {
  sql: Sql;
  /** A streaming replica for indicator and comparison reads (their access-log entries still go to `sql`). */
  readSql?: Sql;
  engine: 'pglite' | 'postgres';
  logger: Logger;
  keys: AuthKeys & { checkpointSigningKey: SigningKeys; pseudonymKeys: Uint8Array[] };
  checkpointFile: string;
  /** Issue 15: the checkpoint mirror directory (CHECKPOINT_MIRROR_DIR) and the age past which verification fails. */
  checkpointMirrorDir?: string;
  checkpointMaxAgeMinutes?: number;
  /** Secure cookies and HSTS only make sense behind TLS; tests and the local demo run on plain HTTP. */
  cookieSecure: boolean;
  /** Peers whose X-Forwarded-For names the client (config TRUSTED_PROXIES); none by default. */
  trustedProxies?: string[];
  /** Requests without a valid session or token per client address and minute (config ANONYMOUS_REQUESTS_PER_MINUTE). */
  anonymousRequestsPerMinute?: number;
  /** External OpenID Connect bearer tokens (optional; see auth/oidc.ts). */
  oidc?: OidcConfig;
  /** Defaults: 50 MB, 200,000 rows, a 1 GiB unpack budget (config UPLOAD_MAX_BYTES, UPLOAD_MAX_ROWS, UPLOAD_UNPACK_BUDGET_BYTES). */
  uploadLimits?: Partial<UploadLimits>;
}

export const defaultUploadLimits: UploadLimits = {
  maxBytes: 50 * 1024 * 1024,
  maxRows: 200_000,
  maxColumns: 64,
  xlsxMaxUnpackedBytes: 400 * 1024 * 1024,
  xlsxMaxEntries: 1000,
};

export const webDistDir = join(projectRoot, 'web', 'dist');

export function createApp(deps: AppDeps): OpenAPIHono {
  const app = createRouter();
  app.use(requestId());
  app.use(clientAddress(deps.trustedProxies));
  app.use(securityHeaders({ hsts: deps.cookieSecure }));
  app.use('/api/v1/*', apiVersionHeaderOnEveryAnswer());
  app.use(requestLogger(deps.logger));
  app.onError(createErrorHandler(deps.logger));
  app.notFound(notFoundHandler);

  const api = createRouter();
  // Uploads declare their own, larger limit; everything else is small JSON.
  const smallBodies = bodyLimit({
    maxSize: 1024 * 1024,
    onError: () => {
      throw new DomainError('too_large', 'payload_too_large', {
        nl: 'De aanvraag is groter dan 1 MB.',
        en: 'The request is larger than 1 MB.',
      });
    },
  });
  api.use((c, next) => (c.req.method === 'POST' && c.req.path === '/api/v1/submissions' ? next() : smallBodies(c, next)));
  api.use(logRefusals(deps.sql));
  api.use(authenticate({ ...deps, oidc: deps.oidc ? createOidcVerifier(deps.oidc) : undefined }));
  registerHealthRoutes(api, deps);
  registerAuthRoutes(api, deps);
  registerSubmissionRoutes(api, {
    sql: deps.sql,
    engine: deps.engine,
    pseudonymKeys: deps.keys.pseudonymKeys,
    limits: { ...defaultUploadLimits, unpackBudget: createUnpackBudget(), ...deps.uploadLimits },
  });
  registerIndicatorRoutes(api, { sql: deps.sql, readSql: deps.readSql });
  registerAdminRoutes(api, { sql: deps.sql, secretBoxKey: deps.keys.secretBoxKey });
  registerLockExceptionRoutes(api, { sql: deps.sql });
  registerColumnMappingRoutes(api, { sql: deps.sql });
  registerDialogueRoutes(api, { sql: deps.sql });
  registerDeliveryRoutes(api, { sql: deps.sql });
  registerNotificationRoutes(api, { sql: deps.sql });
  registerAuditRoutes(api, {
    sql: deps.sql,
    engine: deps.engine,
    checkpointKey: deps.keys.checkpointSigningKey,
    checkpointFile: deps.checkpointFile,
    checkpointMirrorDir: deps.checkpointMirrorDir,
    checkpointMaxAgeMinutes: deps.checkpointMaxAgeMinutes,
  });
  let contract: string | undefined;
  registerMetaRoutes(api, () => (contract ??= renderOpenApiYaml(api)));
  app.route(apiBasePath, api);
  apiRouters.set(app, api);

  mountApiReference(app, api);
  mountWebApp(app);
  return app;
}

/** The router of createApp's app that is mounted at /api/v1: the contract is rendered from it. */
const apiRouters = new WeakMap<OpenAPIHono, OpenAPIHono>();
export function apiRouterOf(app: OpenAPIHono): OpenAPIHono {
  const api = apiRouters.get(app);
  if (!api) throw new Error('not an app made by createApp');
  return api;
}

/** A static HTML reference rendered from the contract: no third-party viewer, no script (CSP). */
function mountApiReference(app: OpenAPIHono, api: OpenAPIHono): void {
  let page: string | undefined;
  app.get('/api/docs', (c) => c.redirect('/api/docs/', 301));
  app.get('/api/docs/', (c) =>
    c.html((page ??= renderApiReference(openApiDocument(api) as unknown as OpenApiDocument)), 200, { 'cache-control': 'no-cache' }),
  );
}

/** The built React app; any non-API path falls back to index.html so client routes can be reloaded. */
function mountWebApp(app: OpenAPIHono): void {
  // Created on first use: the build may not exist yet when the app is constructed (contract rendering, tests).
  let assets: MiddlewareHandler | undefined;
  let favicon: MiddlewareHandler | undefined;
  app.use('/assets/*', (c, next) => (assets ??= serveStatic({ root: webDistDir }))(c, next));
  app.get('/favicon.svg', (c, next) => (favicon ??= serveStatic({ root: webDistDir, path: 'favicon.svg' }))(c, next));
  app.get('*', async (c, next) => {
    if (c.req.path.startsWith('/api/')) return next();
    const indexFile = join(webDistDir, 'index.html');
    if (!existsSync(indexFile)) {
      return c.text('The web app has not been built yet: run `npm run build:web` (npm start does this for you).', 503);
    }
    return c.html(await readFile(indexFile, 'utf8'));
  });
}
