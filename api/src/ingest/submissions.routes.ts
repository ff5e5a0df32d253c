import { createRoute, z } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { appendAccessEvent, loggableId } from '../audit/append.ts';
import { CodeListsSchema } from '../../../schemas/code-lists.ts';
import { recordFields } from '../../../schemas/record.ts';
import {
  CommitResultSchema,
  DryRunResultSchema,
  PeriodListSchema,
  SubmissionListQuerySchema,
  SubmissionListSchema,
  SubmissionSchema,
  UploadQuerySchema,
} from '../../../schemas/submission.ts';
import { originOf, principalOf, requireRole } from '../auth/middleware.ts';
import { DomainError, UnsupportedMediaType } from '../errors.ts';
import { pickProblems, problemResponses } from '../http/router.ts';
import { zodIssuesToProblems } from '../http/zod-problems.ts';
import { ValidationFailed } from '../errors.ts';
import { listCodes, listPeriods } from './codes.ts';
import { getSubmission, listSubmissions } from './queries.ts';
import { restoreSubmission } from './replacement.ts';
import { formatFromContentType, uploadContentTypes } from './sniff.ts';
import { submitOutcomeRecords, type IngestDeps } from './submissions.ts';
import { writeXlsx } from './xlsx-write.ts';

const jsonRecord = z.object(Object.fromEntries(recordFields.map((f) => [f, z.union([z.string(), z.number(), z.null()]).optional()])));

const uploadRoute = createRoute({
  method: 'post',
  path: '/submissions',
  tags: ['submissions'],
  summary: 'Upload the outcome records of one period (CSV, XLSX or JSON); dryRun=true only validates',
  description:
    "A commit replaces the provider's current submission for the period atomically; with any invalid row nothing is stored (422 with every error). " +
    'An Idempotency-Key (or, without one, the same file while it is still current) returns the existing submission instead of a second one.',
  operationId: 'submitOutcomeRecords',
  request: {
    query: UploadQuerySchema,
    headers: z.object({ 'idempotency-key': z.string().max(200).optional() }),
    body: {
      required: true,
      content: {
        'text/csv': {
          schema: z.string().openapi({ description: 'CSV with ; , or tab; UTF-8 or Windows-1252; header row with the field names' }),
        },
        [uploadContentTypes.xlsx]: { schema: z.string().openapi({ format: 'binary', description: 'First worksheet, header row 1' }) },
        'application/json': { schema: z.object({ records: z.array(jsonRecord) }) },
      },
    },
  },
  responses: {
    200: {
      description: 'Dry run: the validation report; or an existing submission (idempotent repeat)',
      content: { 'application/json': { schema: z.union([DryRunResultSchema, CommitResultSchema]) } },
    },
    201: { description: 'Stored: the new submission and its report', content: { 'application/json': { schema: CommitResultSchema } } },
    413: { description: 'Body or row count over the limit', content: problemResponses[422].content },
    ...pickProblems(400, 401, 403, 409, 415, 422),
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/submissions',
  tags: ['submissions'],
  summary: "Submission history: a provider sees its own, a contract manager the region's",
  operationId: 'listSubmissions',
  middleware: [requireRole(['provider', 'contract_manager', 'admin'], { scope: 'results:read' })] as const,
  request: { query: SubmissionListQuerySchema },
  responses: {
    200: { description: 'Submissions, newest first', content: { 'application/json': { schema: SubmissionListSchema } } },
    ...pickProblems(401, 403, 422),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/submissions/{id}',
  tags: ['submissions'],
  summary: 'One submission (404 when it is not yours to see)',
  operationId: 'getSubmission',
  middleware: [requireRole(['provider', 'contract_manager', 'admin'], { scope: 'results:read' })] as const,
  request: { params: z.object({ id: z.string().max(40) }) },
  responses: {
    200: { description: 'The submission', content: { 'application/json': { schema: SubmissionSchema } } },
    ...pickProblems(401, 403, 404),
  },
});

const restoreRoute = createRoute({
  method: 'post',
  path: '/submissions/{id}/restore',
  tags: ['submissions'],
  summary: 'Make a replaced submission current again (its provider, while the figures of its period are not final)',
  description:
    'The current submission becomes replaced and the figures follow. 409 when the submission is not a replaced one or the period is final; 404 when it is not yours.',
  operationId: 'restoreSubmission',
  middleware: [requireRole(['provider'], { scope: 'submissions:write' })] as const,
  request: { params: z.object({ id: z.string().max(40).openapi({ example: '1' }) }) },
  responses: {
    200: { description: 'The restored submission, now current', content: { 'application/json': { schema: SubmissionSchema } } },
    ...pickProblems(401, 403, 404, 409),
  },
});

const codesRoute = createRoute({
  method: 'get',
  path: '/codes',
  tags: ['submissions'],
  summary: "Code lists of the outcome record for the caller's region",
  operationId: 'getCodeLists',
  middleware: [requireRole(['provider', 'contract_manager', 'municipality', 'admin'])] as const,
  responses: {
    200: { description: 'Code lists', content: { 'application/json': { schema: CodeListsSchema } } },
    ...pickProblems(401, 403),
  },
});

const periodsRoute = createRoute({
  method: 'get',
  path: '/periods',
  tags: ['submissions'],
  summary: 'Reporting periods with deadlines',
  operationId: 'listPeriods',
  middleware: [requireRole(['provider', 'contract_manager', 'municipality', 'admin'])] as const,
  responses: {
    200: { description: 'Periods, newest first', content: { 'application/json': { schema: PeriodListSchema } } },
    ...pickProblems(401, 403),
  },
});

const templateRoute = createRoute({
  method: 'get',
  path: '/templates/{file}',
  tags: ['submissions'],
  summary: 'Upload template: the header row of the outcome record as CSV (semicolons, UTF-8 with BOM) or XLSX',
  operationId: 'getUploadTemplate',
  request: { params: z.object({ file: z.enum(['outcome-records.csv', 'outcome-records.xlsx']) }) },
  responses: {
    200: {
      description: 'The template file',
      content: { 'text/csv': { schema: z.string() }, [uploadContentTypes.xlsx]: { schema: z.string().openapi({ format: 'binary' }) } },
    },
    ...pickProblems(422),
  },
});

export function registerSubmissionRoutes(router: OpenAPIHono, deps: IngestDeps): void {
  // The upload body is read raw (not through the JSON validator): the rows are validated one by
  // one with row numbers, which a schema failure on a 100,000-record array could not give.
  router.openAPIRegistry.registerPath(uploadRoute);
  const tooLarge = () =>
    new DomainError(
      'too_large',
      'payload_too_large',
      {
        nl: `Het bestand is groter dan ${Math.round(deps.limits.maxBytes / 1024 / 1024)} MB, het maximum per aanlevering.`,
        en: `The file is larger than ${Math.round(deps.limits.maxBytes / 1024 / 1024)} MB, the maximum per submission.`,
      },
      [],
      { limitBytes: deps.limits.maxBytes },
      { closeConnection: true },
    );
  // Refusals before the service sees the file are logged here: every upload attempt leaves one entry.
  const refuse = async (c: Context, error: DomainError): Promise<never> => {
    await appendAccessEvent(deps.sql, principalOf(c).actor, {
      action: c.req.query('dryRun') === 'true' ? 'submission.dry_run' : 'submission.commit',
      actionType: 'C',
      objectType: 'submission',
      objectId: `${principalOf(c).actor.organisationCode}/${loggableId(c.req.query('period'), 'period') ?? ''}`,
      result: 'error',
      details: { refused: error.code, kind: error.kind },
      origin: originOf(c),
    });
    throw error;
  };
  // A body that stops arriving (the client went away, or the server's request timeout cut it off)
  // is a refusal like any other: logged once, answered as a problem, never a 500.
  const incomplete = () =>
    new DomainError('bad_request', 'request_incomplete', {
      nl: 'Het bestand kwam niet volledig binnen: de verbinding werd verbroken of het versturen duurde te lang. Er is niets opgeslagen. Verstuur het opnieuw.',
      en: 'The file did not arrive completely: the connection was lost or sending took too long. Nothing was stored. Send it again.',
    });
  const limitBody = bodyLimit({ maxSize: deps.limits.maxBytes, onError: (c) => refuse(c, tooLarge()) });
  router.post(
    uploadRoute.path,
    requireRole(['provider'], { scope: 'submissions:write' }),
    // Without a Content-Length (chunked) bodyLimit reads the body itself: a read failure there is
    // the client's, while an error after next() belongs to the handler and passes through.
    async (c, next) => {
      let reading = true;
      try {
        return await limitBody(c, () => {
          reading = false;
          return next();
        });
      } catch (error) {
        if (reading && !(error instanceof DomainError)) return refuse(c, incomplete());
        throw error;
      }
    },
    async (c) => {
      const query = UploadQuerySchema.safeParse(c.req.query());
      if (!query.success) return refuse(c, new ValidationFailed(zodIssuesToProblems(query.error.issues, 'query')));
      const received = c.req.header('content-type') ?? '';
      const format = formatFromContentType(received);
      if (!format) return refuse(c, new UnsupportedMediaType(received.split(';')[0] || '(none)', Object.values(uploadContentTypes)));
      const idempotencyKey = c.req.header('idempotency-key') ?? null;
      if (idempotencyKey !== null && !/^[\x21-\x7e]{1,200}$/.test(idempotencyKey)) {
        return refuse(
          c,
          new ValidationFailed([
            {
              field: 'Idempotency-Key',
              code: 'idempotency_key_format',
              message: { nl: 'Idempotency-Key: 1-200 zichtbare ASCII-tekens.', en: 'Idempotency-Key: 1-200 visible ASCII characters.' },
            },
          ]),
        );
      }
      const bytes = new Uint8Array(await c.req.arrayBuffer().catch(() => refuse(c, incomplete())));
      const result = await submitOutcomeRecords(deps, principalOf(c).actor, {
        periodCode: query.data.period,
        dryRun: query.data.dryRun === 'true',
        format,
        bytes,
        fileName: query.data.fileName ?? null,
        idempotencyKey,
        origin: originOf(c),
        confirmReplace: query.data.confirmReplace === 'true',
      });
      if (result.kind === 'dry_run')
        return c.json(
          { dryRun: true, periodCode: result.periodCode, file: result.file, report: result.report, replacement: result.replacement },
          200,
        );
      if (result.kind === 'existing')
        return c.json({ dryRun: false, submission: result.submission, file: null, report: null, existing: result.reason }, 200);
      c.header('location', `/api/v1/submissions/${result.submission.id}`);
      return c.json({ dryRun: false, submission: result.submission, file: result.file, report: result.report, existing: null }, 201);
    },
  );

  // The template carries no data, so anyone may fetch it (a provider's IT department, say).
  router.openapi(templateRoute, (c) => {
    if (c.req.valid('param').file === 'outcome-records.csv') {
      // Excel opens a UTF-8 file correctly only with a BOM; semicolons are what Dutch Excel expects.
      return c.body(`\uFEFF${recordFields.join(';')}\r\n`, 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="aanlevering-resultaten.csv"',
      });
    }
    // Date columns get a date format, so what a user types there becomes a real date cell.
    const dateColumns = [recordFields.indexOf('startDate'), recordFields.indexOf('endDate')];
    const bytes = writeXlsx([...recordFields], [], { sheetName: 'Aanlevering', dateColumns });
    return c.body(bytes as unknown as ArrayBuffer, 200, {
      'content-type': uploadContentTypes.xlsx,
      'content-disposition': 'attachment; filename="aanlevering-resultaten.xlsx"',
    });
  });
  router.openapi(listRoute, async (c) => {
    const submissions = await listSubmissions(deps.sql, principalOf(c).actor, c.req.valid('query'), originOf(c));
    return c.json({ submissions }, 200);
  });
  router.openapi(getRoute, async (c) =>
    c.json(await getSubmission(deps.sql, principalOf(c).actor, c.req.valid('param').id, originOf(c)), 200),
  );
  router.openapi(restoreRoute, async (c) =>
    c.json(await restoreSubmission(deps.sql, principalOf(c).actor, c.req.valid('param').id, originOf(c)), 200),
  );
  router.openapi(codesRoute, async (c) => c.json(await listCodes(deps.sql, principalOf(c).actor), 200));
  router.openapi(periodsRoute, async (c) => c.json({ periods: await listPeriods(deps.sql, principalOf(c).actor) }, 200));
}
