/**
 * The real app behind the real Node HTTP server (the one main.ts starts, with its timeouts and
 * malformed-request answers) on a free loopback port, with a provider's bearer token: for tests
 * whose subject is what arrives over a socket (Content-Length, chunked bodies, slow clients).
 */
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import type { Logger } from 'pino';
import type { AppDeps } from '../../api/src/app.ts';
import { createHttpServer, type HttpTimeouts } from '../../api/src/http/node-server.ts';
import { createTestApp, testKeys } from './app.ts';
import type { TestDatabase } from './engines.ts';
import { seedTestRegion } from './fixtures.ts';

export interface UploadServer {
  url: string;
  port: number;
  server: Server;
  token: string;
  app: ReturnType<typeof createTestApp>;
  region: Awaited<ReturnType<typeof seedTestRegion>>;
  /** Rows in the tables an upload may write; compare before and after a refusal. */
  stored(): Promise<{ submissions: number; records: number }>;
  /**
   * POSTs a whole body over a fresh connection (no keep-alive pool whose idle sockets the server
   * may close at any moment) and reads the whole answer.
   */
  post(path: string, headers: Record<string, string>, body: string | Uint8Array): Promise<HttpAnswer>;
  /** Access-log entries of upload attempts. */
  uploadEvents(): Promise<number>;
  close(): Promise<void>;
}

export async function startUploadServer(
  db: TestDatabase,
  options: { logger?: Logger; uploadLimits?: AppDeps['uploadLimits']; timeouts?: HttpTimeouts } = {},
): Promise<UploadServer> {
  const keys = testKeys();
  const app = createTestApp(db, keys, { logger: options.logger, uploadLimits: options.uploadLimits });
  const region = await seedTestRegion(db.sql, keys.secretBoxKey);
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: region.client.clientId,
    client_secret: region.client.clientSecret,
  });
  const token = (
    await (
      await app.request('/api/v1/auth/token', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      })
    ).json()
  ).access_token as string;
  const server = createHttpServer(app.fetch, { hostname: '127.0.0.1', timeouts: options.timeouts });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    token,
    app,
    region,
    post: (path, headers, body) => httpPost(port, path, { authorization: `Bearer ${token}`, ...headers }, body),
    async stored() {
      const [row] =
        await db.sql`select (select count(*)::int from submissions) as submissions, (select count(*)::int from outcome_records) as records`;
      return { submissions: row.submissions as number, records: row.records as number };
    },
    async uploadEvents() {
      return (await db.sql`select count(*)::int as n from access_log where action like 'submission.%'`)[0].n as number;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export interface HttpAnswer {
  status: number;
  contentType: string;
  text: string;
  headers: Record<string, string | string[] | undefined>;
}

function httpPost(port: number, path: string, headers: Record<string, string>, body: string | Uint8Array): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    const request = httpRequest(
      { host: '127.0.0.1', port, method: 'POST', path, agent: false, headers: { ...headers, 'content-length': String(bytes.length) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () =>
          resolve({
            status: response.statusCode!,
            contentType: response.headers['content-type'] ?? '',
            text: Buffer.concat(chunks).toString('utf8'),
            headers: response.headers,
          }),
        );
      },
    );
    request.on('error', reject);
    request.end(bytes);
  });
}

export interface RawExchange {
  /** Everything the server sent before it closed the connection (or the wait ended). */
  response: string;
  status: number | null;
  headers: Record<string, string>;
  body: string;
  /** True when the server closed the connection. */
  closed: boolean;
  elapsedMs: number;
}

/**
 * Speaks HTTP over a raw socket, so that a test can send what no HTTP client would: a lying or
 * non-numeric Content-Length, a body byte by byte. `send` writes; the exchange ends when the
 * server closes the connection or after `waitMs`.
 */
export function rawExchange(
  port: number,
  send: (write: (data: string | Uint8Array) => boolean, socket: import('node:net').Socket) => void,
  waitMs = 15_000,
): Promise<RawExchange> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const response = Buffer.concat(chunks).toString('utf8');
      const split = response.indexOf('\r\n\r\n');
      const head = split >= 0 ? response.slice(0, split) : response;
      const [statusLine, ...headerLines] = head.split('\r\n');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1];
      const headers = Object.fromEntries(
        headerLines.map((line) => [line.slice(0, line.indexOf(':')).trim().toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
      );
      resolve({
        response,
        status: status ? Number(status) : null,
        headers,
        body: split >= 0 ? response.slice(split + 4) : '',
        closed,
        elapsedMs: Date.now() - started,
      });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => {}); // a reset after the answer is part of some of these exchanges
    socket.on('close', () => finish(true));
    socket.on('connect', () => send((data) => (socket.destroyed ? false : socket.write(data)), socket));
  });
}

/** A refusal as the project defines it: 4xx, problem+json, title/detail and a message in nl and en. */
export function expectProblem(status: number | null, contentType: string | undefined, body: string, expected?: number) {
  expect(status).toBeGreaterThanOrEqual(400);
  expect(status).toBeLessThan(500);
  if (expected !== undefined) expect(status).toBe(expected);
  expect(contentType).toMatch(/^application\/problem\+json/);
  const problem = JSON.parse(body);
  expect(problem).toMatchObject({ status, type: expect.stringMatching(/^\/problems\//), code: expect.any(String) });
  expect(problem.message.nl.length).toBeGreaterThan(20);
  expect(problem.message.en.length).toBeGreaterThan(20);
  expect(problem.message.nl).not.toBe(problem.message.en);
  expect([problem.title, problem.detail]).toEqual([problem.message.en, problem.message.nl]);
  return problem;
}
