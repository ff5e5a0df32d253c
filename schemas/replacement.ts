/**
 * Guarded replacement (issue 17): how a new upload compares with the provider's current submission
 * for the period, and when that replacement must be confirmed. Pure, shared by API and web, so the
 * refusal and the upload page say the same thing.
 */
import { z } from '@hono/zod-openapi';
import { addDays } from './dates.ts';
import { finalFrom } from './period-phase.ts';
import type { LocalizedText } from './problem.ts';

export const ReplacementSchema = z
  .object({
    periodCode: z.string(),
    currentSubmissionId: z.string(),
    currentVersion: z.number().int(),
    currentSubmittedAt: z.string().openapi({ description: 'When the current submission was stored (ISO 8601)' }),
    currentRows: z.number().int(),
    newRows: z.number().int(),
    share: z.number().openapi({ description: 'newRows / currentRows, rounded to 2 decimals' }),
    minShare: z.number().openapi({ description: "The region's threshold (regions.replace_min_share); below it a confirmation is needed" }),
    categoriesDropped: z.array(z.string()).openapi({ description: 'Product categories the current submission has and the new one lacks' }),
    categoriesAdded: z.array(z.string()),
    needsConfirmation: z.boolean().openapi({ description: 'true: a commit is refused (409) unless confirmReplace=true' }),
  })
  .openapi('Replacement', { description: "How an upload compares with the provider's current submission for the period" });

export type Replacement = z.infer<typeof ReplacementSchema>;

export interface CurrentSubmissionFacts {
  periodCode: string;
  id: string;
  version: number;
  submittedAt: string;
  rows: number;
  categories: readonly string[];
  minShare: number;
}

export function compareReplacement(current: CurrentSubmissionFacts, newRows: number, newCategories: Iterable<string>): Replacement {
  const incoming = new Set(newCategories);
  const existing = new Set(current.categories);
  const categoriesDropped = [...existing].filter((c) => !incoming.has(c)).sort();
  const categoriesAdded = [...incoming].filter((c) => !existing.has(c)).sort();
  const exactShare = current.rows === 0 ? 1 : newRows / current.rows;
  return {
    periodCode: current.periodCode,
    currentSubmissionId: current.id,
    currentVersion: current.version,
    currentSubmittedAt: current.submittedAt,
    currentRows: current.rows,
    newRows,
    share: Math.round(exactShare * 100) / 100,
    minShare: current.minShare,
    categoriesDropped,
    categoriesAdded,
    // The exact share decides, not the rounded one: 79.6% of the rows is below 80%.
    needsConfirmation: exactShare < current.minShare || categoriesDropped.length > 0,
  };
}

const percent = (share: number) => `${Math.round(share * 100)}%`;

/** "U vervangt 504 rijen door 24 rijen (5%); categorie 54 verdwijnt." and its English twin. */
export function replacementSummary(r: Replacement): LocalizedText {
  const dropped = r.categoriesDropped.join(', ');
  const many = r.categoriesDropped.length > 1;
  return {
    nl:
      `U vervangt ${r.currentRows} rijen (versie ${r.currentVersion}) door ${r.newRows} rijen (${percent(r.newRows / Math.max(r.currentRows, 1))})` +
      (dropped ? `; ${many ? 'categorieën' : 'categorie'} ${dropped} ${many ? 'verdwijnen' : 'verdwijnt'}.` : '.'),
    en:
      `You are replacing ${r.currentRows} rows (version ${r.currentVersion}) with ${r.newRows} rows (${percent(r.newRows / Math.max(r.currentRows, 1))})` +
      (dropped ? `; ${many ? 'categories' : 'category'} ${dropped} ${many ? 'disappear' : 'disappears'}.` : '.'),
  };
}

/**
 * The last day a replaced version can be restored, as a commit could replace it: the day before the
 * period's figures are final (not for a period closed by hand), or the end of a lock exception if
 * that is later. null when neither applies.
 */
export function restorableUntil(period: {
  deadline: string;
  reviewWindowDays: number;
  closed: boolean;
  exceptionUntil: string | null;
}): string | null {
  const windowEnd = period.closed ? null : addDays(finalFrom(period.deadline, period.reviewWindowDays), -1);
  if (windowEnd === null || (period.exceptionUntil !== null && period.exceptionUntil > windowEnd)) return period.exceptionUntil;
  return windowEnd;
}
