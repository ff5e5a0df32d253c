/**
 * Writes validated records of one submission, inside the caller's transaction. On a real
 * PostgreSQL one COPY stream carries the whole upload (the physical floor); the embedded engine
 * cannot COPY through its socket, so it gets one `INSERT … SELECT unnest(arrays)` per batch.
 */
import { finished } from 'node:stream/promises';
import type { TransactionSql } from 'postgres';
import type { OutcomeRecord } from '../../../schemas/record.ts';
import { rekeyPseudonym } from './pseudonymise.ts';

export interface SubmissionTarget {
  submissionId: number;
  regionCode: string;
  providerId: number;
  periodCode: string;
}

export interface RecordWriter {
  write(records: readonly OutcomeRecord[]): Promise<void>;
  /** Ends the stream; resolves when the database has every row. */
  close(): Promise<void>;
}

const columns = [
  'submission_id',
  'region_code',
  'provider_id',
  'period_code',
  'record_id',
  'client_pseudonym',
  'provider_agb',
  'municipality_code',
  'product_category',
  'product_code',
  'care_form',
  'start_date',
  'end_date',
  'age_at_start',
  'end_reason',
  'goal_attainment',
  'youth_usefulness',
  'parent_usefulness',
  'youth_further_help',
  'parent_further_help',
] as const;

/** The stored values of one record, in column order; the p1 pseudonym is re-keyed here and dropped. */
function storedValues(target: SubmissionTarget, record: OutcomeRecord, k2Versions: readonly Uint8Array[]): Array<string | number | null> {
  return [
    target.submissionId,
    target.regionCode,
    target.providerId,
    target.periodCode,
    record.recordId,
    rekeyPseudonym(k2Versions, record.clientPseudonym),
    record.providerAgb,
    record.municipalityCode,
    record.productCategory,
    record.productCode,
    record.careForm,
    record.startDate,
    record.endDate,
    record.ageAtStart,
    record.endReason,
    record.goalAttainment,
    record.youthUsefulness,
    record.parentUsefulness,
    record.youthFurtherHelp,
    record.parentFurtherHelp,
  ];
}

export function createRecordWriter(
  tx: TransactionSql<Record<string, unknown>>,
  engine: 'pglite' | 'postgres',
  target: SubmissionTarget,
  k2Versions: readonly Uint8Array[],
): RecordWriter {
  return engine === 'postgres' ? copyWriter(tx, target, k2Versions) : unnestWriter(tx, target, k2Versions);
}

/** COPY text format: tab-separated, \N for null, backslash escapes. */
function copyField(value: string | number | null): string {
  if (value === null) return '\\N';
  return typeof value === 'number'
    ? String(value)
    : value.replace(/[\\\t\n\r]/g, (ch) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[ch]!);
}

function copyWriter(tx: TransactionSql<Record<string, unknown>>, target: SubmissionTarget, k2: readonly Uint8Array[]): RecordWriter {
  let stream: import('node:stream').Writable | null = null;
  let failure: Error | null = null;
  const open = async () => {
    stream = await tx.unsafe(`copy outcome_records (${columns.join(', ')}) from stdin`).writable();
    stream.on('error', (error) => (failure = error));
    return stream;
  };
  return {
    async write(records) {
      const out = stream ?? (await open());
      const text = `${records.map((r) => storedValues(target, r, k2).map(copyField).join('\t')).join('\n')}\n`;
      if (failure) throw failure;
      if (!out.write(text)) {
        await new Promise<void>((resolve, reject) => {
          const onError = (error: Error) => reject(error);
          out.once('error', onError);
          out.once('drain', () => {
            out.off('error', onError);
            resolve();
          });
        });
      }
    },
    async close() {
      if (!stream) return;
      const out = stream as import('node:stream').Writable;
      if (failure || out.destroyed) {
        // Failed while rows were still going out (e.g. the connection was lost): no more queries on it.
        await finished(out).catch(() => {});
        throw failure ?? new Error('the COPY of the outcome records was ended before it finished');
      }
      out.end();
      // Success: the stream finishes once PostgreSQL confirmed the COPY. When PostgreSQL refuses it
      // after its last row (a full disk, a constraint), postgres.js 3.4.9 settles neither the stream
      // nor its query (porsager/postgres#1173), and the upload would hang with its lock held. So wait
      // for the confirmation a while at a time, and in between ask the transaction itself: a query
      // fails with 25P02 once the COPY failed, and is refused with COPY_IN_PROGRESS while it still runs.
      const confirmed = finished(out).then(
        () => true,
        (error: Error) => {
          failure ??= error;
          return true;
        },
      );
      for (let waited = 0; ; waited += 2000) {
        if (await Promise.race([confirmed, new Promise<false>((resolve) => setTimeout(() => resolve(false), 2000).unref())])) break;
        try {
          await tx`select 1`;
          break;
        } catch (error) {
          if (failure) throw failure;
          const code = (error as { code?: string }).code;
          if (code === '25P02')
            throw new Error('PostgreSQL refused the COPY of the outcome records (its log names the cause)', { cause: error });
          if (code !== 'COPY_IN_PROGRESS' || waited > 120_000) throw error;
        }
      }
      if (failure) throw failure;
    },
  };
}

function unnestWriter(tx: TransactionSql<Record<string, unknown>>, target: SubmissionTarget, k2: readonly Uint8Array[]): RecordWriter {
  return {
    async write(records) {
      const byColumn: Array<Array<string | number | null>> = columns.slice(4).map(() => []);
      for (const record of records) {
        const values = storedValues(target, record, k2);
        for (let i = 4; i < values.length; i++) byColumn[i - 4].push(values[i]);
      }
      const [
        recordIds,
        pseudonyms,
        agbs,
        municipalities,
        categories,
        productCodes,
        careForms,
        starts,
        ends,
        ages,
        reasons,
        goals,
        youthUse,
        parentUse,
        youthHelp,
        parentHelp,
      ] = byColumn;
      await tx`
        insert into outcome_records (${tx(columns as unknown as string[])})
        select ${target.submissionId}, ${target.regionCode}, ${target.providerId}, ${target.periodCode}, r.*
        from unnest(
          ${recordIds as string[]}::text[], ${pseudonyms as string[]}::text[], ${agbs as string[]}::text[],
          ${municipalities as string[]}::text[], ${categories as string[]}::text[], ${productCodes as string[]}::text[],
          ${careForms as string[]}::text[], ${starts as string[]}::date[], ${ends as string[]}::date[], ${ages as number[]}::int2[],
          ${reasons as string[]}::text[], ${goals as string[]}::text[], ${youthUse as number[]}::int2[], ${parentUse as number[]}::int2[],
          ${youthHelp as string[]}::text[], ${parentHelp as string[]}::text[]
        ) as r`;
    },
    async close() {},
  };
}
