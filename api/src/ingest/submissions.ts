/**
 * POST /submissions: check the file, validate every row, and either report (dry run), refuse
 * (422, nothing stored) or store all rows in one transaction that atomically replaces the
 * provider's current submission for the period. One access-log entry per upload, never per row.
 */
import { createHash } from 'node:crypto';
import { maskBsnShapedNumbers } from '../../../schemas/bsn.ts';
import { todayInPortal } from '../../../schemas/dates.ts';
import { ReportBuilder, type ValidationReport } from '../../../schemas/report.ts';
import type { ValidationContext } from '../../../schemas/record.ts';
import type { Actor } from '../auth/actor.ts';
import type { Origin } from '../auth/sessions.ts';
import { appendAccessEvent } from '../audit/append.ts';
import type { Queryable, Sql } from '../db/connect.ts';
import { Conflict, DomainError, Forbidden, ValidationFailed, type ProblemItem } from '../errors.ts';
import { checkContentMatches, type UploadFormat } from './sniff.ts';
import { refreshProviderPeriod } from '../indicators/refresh.ts';
import { assertKeysInStep } from './key-rotation.ts';
import { createRecordWriter } from './store.ts';
import { openTable, type UploadLimits } from './table.ts';
import { validateTable } from './validate.ts';
import { findSubmission, type Submission } from './queries.ts';
import { enqueueNotification } from '../notifications/outbox.ts';
import { figuresFinal, uploadAllowed } from '../admin/lock-exceptions.ts';
import type { Replacement } from '../../../schemas/replacement.ts';
import { assertReplacementConfirmed, CategoryTally, currentSubmissionFacts, lockProviderPeriod, replacementOf } from './replacement.ts';

export interface IngestDeps {
  sql: Sql;
  engine: 'pglite' | 'postgres';
  pseudonymKeys: readonly Uint8Array[];
  limits: UploadLimits;
}

export interface UploadInput {
  periodCode: string;
  dryRun: boolean;
  format: UploadFormat;
  bytes: Uint8Array;
  fileName: string | null;
  idempotencyKey: string | null;
  origin: Origin;
  /** The provider confirms a replacement with far fewer rows or fewer categories (replacement.ts). */
  confirmReplace: boolean;
}

export interface FileFacts {
  name: string | null;
  sizeBytes: number;
  sha256: string;
  format: UploadFormat;
  encoding: string | null;
  delimiter: string | null;
}

export type UploadResult =
  | { kind: 'dry_run'; periodCode: string; file: FileFacts; report: ValidationReport; replacement: Replacement | null }
  | { kind: 'committed'; submission: Submission; file: FileFacts; report: ValidationReport }
  | { kind: 'existing'; submission: Submission; reason: 'idempotency_key' | 'same_file' };

// Control characters, and the invisible ones that make a name display as something else: an RTL
// override turns "factuur\u202Evsc.exe" into "factuurexe.csv" on screen.
const invisibleInName = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
// Windows refuses these names whatever the extension ("con.csv" is the console, not a file).
const windowsDeviceName = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i;

/**
 * Only a base name is kept: no paths from users (SPEC §6), no control or direction characters, no
 * characters Windows forbids (":" would name an alternate data stream), no trailing dots or spaces
 * (Windows drops them), no BSN, and a device name gets a "_" in front. Whatever stays is safe to store,
 * show and offer as a download name.
 */
export function safeFileName(name: string | null): string | null {
  if (!name) return null;
  // A BSN-shaped number in the name is masked like one in a report ("*" then becomes "_").
  const base = maskBsnShapedNumbers(name.replace(invisibleInName, '').split(/[\\/]/).pop()!)
    .replace(/[<>:"|?*]/g, '_')
    .trim()
    .replace(/[. ]+$/, '');
  if (base === '') return null;
  return (windowsDeviceName.test(base) ? `_${base}` : base).slice(0, 255);
}

export async function submitOutcomeRecords(deps: IngestDeps, actor: Actor, input: UploadInput): Promise<UploadResult> {
  if (actor.role !== 'provider' || actor.organisationId === null || !actor.organisationCode || !actor.regionCode) throw new Forbidden();
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const file: FileFacts = {
    name: safeFileName(input.fileName),
    sizeBytes: input.bytes.byteLength,
    sha256,
    format: input.format,
    encoding: null,
    delimiter: null,
  };
  const logUpload = (db: Queryable, result: 'allowed' | 'error', details: Record<string, unknown>) =>
    appendAccessEvent(db, actor, {
      action: input.dryRun ? 'submission.dry_run' : 'submission.commit',
      actionType: input.dryRun ? 'R' : 'C',
      objectType: 'submission',
      objectId: `${actor.organisationCode}/${input.periodCode}`,
      result,
      purpose: 'aanlevering resultaatgegevens',
      details: { format: input.format, sizeBytes: file.sizeBytes, sha256, ...details },
      origin: input.origin,
    });

  // Released in `finally`: the unpacked workbook is held until the last row is validated.
  const unpacking = deps.limits.unpackBudget?.session();
  try {
    const context = await validationContext(deps.sql, actor, input.periodCode);
    // Issue 17: once the figures are final (or the period is closed by hand) only a lock exception lets a commit in.
    const lock = await uploadAllowed(deps.sql, {
      regionCode: actor.regionCode,
      providerId: actor.organisationId,
      periodCode: input.periodCode,
      deadline: context.deadline,
      closed: context.periodClosed,
    });
    // A period an administrator closed by hand keeps its own refusal (period_closed in the report, 422).
    if (!input.dryRun && !lock.allowed && lock.final && !context.periodClosed) throw figuresFinal(input.periodCode, lock);
    if (!input.dryRun) {
      const existing = await existingSubmission(deps.sql, actor, input, sha256);
      if (existing) {
        await logUpload(deps.sql, 'allowed', { existingSubmission: existing.submission.id, reason: existing.reason });
        return { kind: 'existing', ...existing };
      }
    }
    checkContentMatches(input.bytes, input.format);
    const table = await openTable(input.bytes, input.format, deps.limits, unpacking);
    file.encoding = table.encoding;
    file.delimiter = table.delimiter;
    const report = new ReportBuilder();
    if (context.periodClosed && !lock.allowed) report.fileError(periodClosedError(input.periodCode));

    const tally = new CategoryTally();
    if (input.dryRun) {
      await validateTable(table, context, report, async (batch) => tally.add(batch));
      const built = report.build();
      const current = await currentSubmissionFacts(deps.sql, actor.organisationId, input.periodCode);
      const replacement = replacementOf(current, built.acceptedRowCount, tally);
      await logUpload(deps.sql, 'allowed', { rows: built.rowCount, errors: built.errorCount });
      return { kind: 'dry_run', periodCode: input.periodCode, file, report: built, replacement };
    }

    const submission = await deps.sql.begin(async (tx) => {
      // Two commits for the same provider and period queue here: one wins, both end up in history.
      await lockProviderPeriod(tx, actor.organisationId!, input.periodCode);
      await assertKeysInStep(tx, deps.pseudonymKeys.length);
      const current = await currentSubmissionFacts(tx, actor.organisationId!, input.periodCode);
      const [{ nextVersion }] = await tx`select coalesce(max(version), 0) + 1 as next_version
        from submissions where provider_id = ${actor.organisationId} and period_code = ${input.periodCode}`;
      await tx`update submissions set status = 'replaced', replaced_at = now()
        where provider_id = ${actor.organisationId} and period_code = ${input.periodCode} and status = 'current'`;
      const [created] = await tx`insert into submissions
          (region_code, provider_id, period_code, version, record_count, file_sha256, content_type, format, file_name, size_bytes,
           submitted_by_user_id, submitted_by_client_id, late, idempotency_key)
        values (${actor.regionCode}, ${actor.organisationId}, ${input.periodCode}, ${nextVersion}, 0, ${sha256}, ${input.format}, ${input.format},
          ${file.name}, ${file.sizeBytes}, ${actor.type === 'user' ? actor.id : null}, (select id from api_clients where client_id = ${actor.type === 'client' ? actor.id : null}),
          ${context.today > context.deadline}, ${input.idempotencyKey})
        returning id`;
      const writer = createRecordWriter(
        tx,
        deps.engine,
        {
          submissionId: Number(created.id),
          regionCode: actor.regionCode!,
          providerId: actor.organisationId!,
          periodCode: input.periodCode,
        },
        deps.pseudonymKeys,
      );
      try {
        await validateTable(table, context, report, (batch) => {
          tally.add(batch);
          return writer.write(batch.map((v) => v.record));
        });
      } finally {
        await writer.close();
      }
      const built = report.build();
      if (report.hasErrors) throw reportRefusal(built);
      if (built.acceptedRowCount === 0) throw emptyUpload();
      // Thrown inside the transaction: the rows already written roll back with it.
      assertReplacementConfirmed(replacementOf(current, built.acceptedRowCount, tally), input.confirmReplace);
      await tx`update submissions set record_count = ${built.acceptedRowCount} where id = ${created.id}`;
      await refreshProviderPeriod(tx, actor.organisationId!, input.periodCode);
      await logUpload(tx, 'allowed', { submission: String(created.id), version: nextVersion, rows: built.acceptedRowCount });
      // Issue 17: the provider is told in the same transaction (outbox): no notice without the delivery, none lost.
      await enqueueNotification(tx, {
        regionCode: actor.regionCode!,
        event: 'delivery_received',
        recipients: { organisationId: actor.organisationId! },
        params: { period: input.periodCode, records: built.acceptedRowCount },
        link: '/provider/submissions',
        dedupeKey: `delivery_received:${created.id}`,
      });
      return String(created.id);
    });
    const stored = await findSubmission(deps.sql, submission);
    return { kind: 'committed', submission: stored!, file, report: report.build() };
  } catch (error) {
    if (error instanceof DomainError) {
      // A refusal is logged once, outside the rolled-back transaction.
      const report = error.extra.report as ValidationReport | undefined;
      await logUpload(deps.sql, 'error', {
        refused: error.code,
        kind: error.kind,
        ...(report ? { rows: report.rowCount, errors: report.errorCount } : {}),
      });
    }
    throw error;
  } finally {
    unpacking?.release();
  }
}

interface Context extends ValidationContext {
  periodClosed: boolean;
  deadline: string;
}

async function validationContext(sql: Sql, actor: Actor, periodCode: string): Promise<Context> {
  const [period] = await sql`select code, starts_on, ends_on, deadline, closed from periods
    where region_code = ${actor.regionCode} and code = ${periodCode}`;
  if (!period) {
    throw new ValidationFailed([
      {
        field: 'period',
        code: 'period_unknown',
        message: {
          nl: `Periode ${periodCode} bestaat niet in deze regio. Zie GET /api/v1/periods.`,
          en: `Period ${periodCode} does not exist in this region. See GET /api/v1/periods.`,
        },
      },
    ]);
  }
  const municipalities = await sql`select municipality_code as code, valid_from::text, valid_until::text
    from region_municipalities where region_code = ${actor.regionCode}`;
  const categories = await sql`select product_category from region_product_categories where region_code = ${actor.regionCode}`;
  return {
    municipalities: municipalities.map((m) => ({
      code: m.code as string,
      validFrom: m.validFrom as string,
      validUntil: (m.validUntil as string | null) ?? null,
    })),
    productCategories: new Set(categories.map((c) => c.productCategory as string)),
    providerAgb: actor.organisationCode!,
    period: { code: period.code as string, startsOn: period.startsOn as string, endsOn: period.endsOn as string },
    today: todayInPortal(),
    periodClosed: period.closed as boolean,
    deadline: period.deadline as string,
  };
}

/** Idempotency-Key, or (without one) the same file for the same period while it is still current. */
async function existingSubmission(sql: Sql, actor: Actor, input: UploadInput, sha256: string) {
  if (input.idempotencyKey) {
    const [row] = await sql`select id, file_sha256, period_code from submissions
      where provider_id = ${actor.organisationId} and idempotency_key = ${input.idempotencyKey}`;
    if (!row) return null;
    if (row.fileSha256 !== sha256 || row.periodCode !== input.periodCode) {
      throw new Conflict('idempotency_key_reused', {
        nl: 'Deze Idempotency-Key is al gebruikt voor een ander bestand of een andere periode. Gebruik per aanlevering een nieuwe sleutel.',
        en: 'This Idempotency-Key was already used for another file or period. Use a new key for each submission.',
      });
    }
    return { submission: (await findSubmission(sql, String(row.id)))!, reason: 'idempotency_key' as const };
  }
  const [row] = await sql`select id from submissions where provider_id = ${actor.organisationId}
    and period_code = ${input.periodCode} and status = 'current' and file_sha256 = ${sha256}`;
  return row ? { submission: (await findSubmission(sql, String(row.id)))!, reason: 'same_file' as const } : null;
}

function periodClosedError(periodCode: string) {
  return {
    column: null,
    value: null,
    code: 'period_closed',
    message: {
      nl: `Periode ${periodCode} is gesloten: er kan niet meer voor worden aangeleverd. Neem contact op met het servicebureau als er een correctie nodig is.`,
      en: `Period ${periodCode} is closed: no more submissions are accepted for it. Contact the service bureau if a correction is needed.`,
    },
  };
}

function reportRefusal(report: ValidationReport): ValidationFailed {
  const items: ProblemItem[] = report.errors.map((e) => ({
    ...(e.row !== null ? { row: e.row } : {}),
    ...(e.column !== null ? { field: e.column } : {}),
    ...(e.value !== null ? { value: e.value } : {}),
    code: e.code,
    message: e.message,
  }));
  const rows = report.rejectedRowCount;
  return new ValidationFailed(
    items,
    { report },
    {
      nl: `Niets opgeslagen: ${report.errorCount} fout(en)${rows ? ` in ${rows} rij(en)` : ''}. Verbeter het bestand en lever het opnieuw aan; zie de lijst met fouten.`,
      en: `Nothing was stored: ${report.errorCount} error(s)${rows ? ` in ${rows} row(s)` : ''}. Correct the file and submit it again; see the list of errors.`,
    },
  );
}

function emptyUpload(): DomainError {
  return new DomainError('unprocessable', 'empty_file', {
    nl: 'Het bestand bevat geen trajecten (alleen een kopregel). Er is niets opgeslagen.',
    en: 'The file holds no trajectories (only a header row). Nothing was stored.',
  });
}
