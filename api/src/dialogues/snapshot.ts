/**
 * The snapshot of a dialogue: everything the comparison engine says about one provider for one
 * period, read from the indicators' figures layer (the same disclosure decisions every other
 * output is cut from) and kept as it was. Only what the provider itself may see of the peers
 * goes in: its own figures, the peer-group totals, p0 and its own position in the funnel; never
 * another provider's name or point (SPEC §4.4), because the provider reads the snapshot too.
 * A snapshot read is one access-log entry, whatever number of figures it holds.
 */
import { indicatorDefinitions } from '../../../schemas/indicators.ts';
import type { DialogueChanges, Snapshot, SnapshotIndicator, SnapshotSubmission } from '../../../schemas/dialogue.ts';
import { changeSince, funnelLimitsFor } from '../../../schemas/stats/index.ts';
import type { Actor } from '../auth/actor.ts';
import type { Origin } from '../auth/sessions.ts';
import type { Sql } from '../db/connect.ts';
import { Forbidden } from '../errors.ts';
import { linkageIndicators, type HiddenReason } from '../indicators/disclosure.ts';
import {
  casemixFigures,
  funnelFigures,
  indicatorTableFigures,
  periodClosed,
  readingFor,
  regionRules,
  type CasemixRow,
  type Figure,
  type Reader,
} from '../indicators/figures.ts';
import { periodFinality } from '../indicators/finality.ts';
import { dataQualityFigures } from '../indicators/quality.ts';
import { otherSourceSubmissions, submissionsDigest } from '../indicators/sources.ts';
import { trendFigures } from '../indicators/trend.ts';
import { listCodes } from '../ingest/codes.ts';
import { logDialogueAccess } from './access-log.ts';

export interface SnapshotTarget {
  regionCode: string;
  provider: { agb: string; name: string };
  period: string;
  /** Empty: every category of the region in which the provider has data for the period. */
  productCategories: readonly string[];
}

export interface PreviousSnapshot {
  dialogueId: string;
  period: string;
  snapshot: Snapshot;
}

/** Who may read a snapshot: those who may read both the indicators and the data quality. */
function requireSnapshotReader(actor: Actor): asserts actor is Reader {
  if (!actor.regionCode || !['provider', 'contract_manager', 'admin'].includes(actor.role ?? '')) throw new Forbidden();
}

/**
 * Reads the figures now, as the acting user may see them, and returns them as a snapshot. The
 * figures per indicator are independent, so they are read side by side (a real PostgreSQL
 * serves them from its pool; the embedded one queues them). A submission committed while the
 * figures are read would mix two versions: then the snapshot is read once more. The read is
 * logged once, when it is done.
 *
 * Besides the versions of the provider's own submissions, the snapshot keeps a digest of the
 * other submissions its figures come from (peers, later periods for re-entry: see
 * indicators/sources.ts), listed before the figures are read and again after: a submission that
 * came or went in between is left out of the digest, so it reads as newer data afterwards.
 */
export async function readSnapshot(
  sql: Sql,
  actor: Actor,
  target: SnapshotTarget,
  origin: Origin,
  previous: PreviousSnapshot | null = null,
): Promise<Snapshot> {
  requireSnapshotReader(actor);
  const first = await readOnce(sql, actor, target, previous);
  const snapshot = first.submissions.length > 1 ? await readOnce(sql, actor, target, previous) : first;
  await logDialogueAccess(
    sql,
    actor,
    {
      action: 'indicators.snapshot',
      actionType: 'R',
      objectType: 'indicators',
      objectId: target.period,
      details: {
        query: { period: target.period, providerAgb: target.provider.agb, productCategories: [...target.productCategories] },
        productCategories: snapshot.productCategories,
        outputs: ['indicators', 'funnel', 'casemix', 'trend', 'data_quality'],
        returned: snapshot.categories.filter((c) => c.hasData).length,
        reads: first === snapshot ? 1 : 2,
      },
    },
    origin,
  );
  return snapshot;
}

async function readOnce(sql: Sql, reader: Reader, target: SnapshotTarget, previous: PreviousSnapshot | null): Promise<Snapshot> {
  const agb = target.provider.agb;
  const explicit = target.productCategories.length > 0;
  const categoryCodes = explicit ? [...target.productCategories] : (await listCodes(sql, reader)).productCategories.map((c) => c.code);
  const sourcesBefore = await otherSourceSubmissions(sql, {
    regionCode: target.regionCode,
    periodCode: target.period,
    productCategories: categoryCodes,
    providerAgb: agb,
  });
  const rules = await regionRules(sql, reader.regionCode);
  const closed = await periodClosed(sql, reader.regionCode, target.period);
  const readings = await Promise.all(
    categoryCodes.map((productCategory) => readingFor(sql, reader, target.period, productCategory, rules, closed)),
  );
  // The figures as every other output shows them: the subject gets no exception from complementary
  // suppression (a figure shown only here would give away the small one it protects elsewhere).
  const tables = readings.map((reading, index) =>
    indicatorTableFigures(reading, { period: target.period, productCategory: categoryCodes[index], providerAgb: agb }),
  );
  const submissions = new Map<string, SnapshotSubmission>();
  const categories: Snapshot['categories'] = [];
  const minN = tables[0]?.minN ?? 10;
  let flagMinN: number | null = null;

  for (const [index, productCategory] of categoryCodes.entries()) {
    const table = tables[index];
    const reading = readings[index];
    const row = table.rows.find((r) => r.provider.agb === agb);
    if (!row) {
      if (explicit) categories.push({ productCategory, hasData: false, regionProviders: table.region.providers, indicators: [] });
      continue;
    }
    if (!submissions.has(row.submission.id))
      submissions.set(row.submission.id, { id: row.submission.id, version: row.submission.version, submittedAt: null, late: null });
    const indicators = await Promise.all(
      indicatorDefinitions.map(async (definition): Promise<SnapshotIndicator> => {
        const query = { period: target.period, productCategory };
        const plot = funnelFigures(reading, query, definition);
        const [mix, series] = await Promise.all([
          casemixFigures(sql, reader, reading, query, definition),
          trendFigures(sql, reader, { ...query, providerAgb: agb }, definition, rules),
        ]);
        flagMinN = plot.flagMinN;
        const figure = row.figures.find((f) => f.indicator === definition.id)!;
        const point = plot.points.find((p) => p.provider?.agb === agb) ?? null;
        const own = mix.rows.find((r) => r.provider.agb === agb) ?? null;
        const ownTrend = series.providers.find((p) => p.provider.agb === agb);
        const p0 = plot.peer.p0;
        return {
          indicator: definition.id,
          figure,
          region: table.region.figures.find((f) => f.indicator === definition.id)!,
          funnel: {
            p0,
            peerProviders: plot.peer.providers,
            overdispersed: plot.overdispersion?.overdispersed ?? null,
            suppressed: point === null || point.suppressed,
            limits: p0 !== null && point && !point.suppressed ? funnelLimitsFor(p0, point.n, plot.overdispersion) : null,
            position: point && !point.suppressed ? point.position : null,
          },
          casemix: own && casemixOf(own),
          trend: {
            points: ownTrend?.points ?? [],
            fit: ownTrend?.trend ?? null,
            region: { points: series.region.points, fit: series.region.trend },
          },
          sincePrevious: previous ? sincePrevious(previous, productCategory, definition.id, figure) : null,
        };
      }),
    );
    categories.push({ productCategory, hasData: true, regionProviders: table.region.providers, indicators });
  }

  const qualityReport = await dataQualityFigures(sql, reader, { period: target.period, providerAgb: agb });
  const quality = qualityReport.providers.find((p) => p.provider.agb === agb);
  if (quality) {
    submissions.set(quality.submission.id, {
      id: quality.submission.id,
      version: quality.submission.version,
      submittedAt: quality.submission.submittedAt,
      late: quality.submission.late,
    });
  }
  const read = new Set(sourcesBefore);
  const sourcesAfter = await otherSourceSubmissions(sql, {
    regionCode: target.regionCode,
    periodCode: target.period,
    productCategories: categories.map((c) => c.productCategory),
    providerAgb: agb,
  });
  return {
    frozenAt: new Date().toISOString(),
    periodClosed: await periodClosed(sql, target.regionCode, target.period),
    // Frozen with the figures: a dialogue later shows whether it was held on provisional figures.
    finality: await periodFinality(sql, target.regionCode, target.period),
    provider: target.provider,
    period: target.period,
    productCategories: categories.map((c) => c.productCategory),
    minN,
    flagMinN,
    submissions: [...submissions.values()],
    otherSources: submissionsDigest(sourcesAfter.filter((id) => read.has(id))),
    categories,
    dataQuality: quality
      ? {
          trajectories: quality.trajectories,
          responseRate: quality.responseRate,
          lowResponse: quality.lowResponse,
          lowResponseRate: qualityReport.lowResponseRate,
          replacements: quality.replacements,
          late: quality.submission.late,
          unknownShare: quality.unknownShare,
          categoriesLeftOut: quality.categoriesLeftOut,
        }
      : null,
    previousDialogue: previous ? { id: previous.dialogueId, period: previous.period } : null,
  };
}

/**
 * The snapshot as a provider may read it (docs/privacy.md): never a linkage figure ("geen nieuwe
 * start": it depends on other providers' records of the same person). The figures that depend on
 * other providers are part of the snapshot the contract manager prepared (one release, frozen; the
 * provider does not choose its moment), so the provider reads them there even for an open period,
 * except where it is compared with figures read now (`peers: false` while the period is open).
 * A contract manager reads the snapshot as it was frozen.
 */
export function snapshotForReader(
  snapshot: Snapshot,
  role: string | null | undefined,
  options: { peers: boolean } = { peers: true },
): Snapshot {
  if (role !== 'provider') return snapshot;
  const peers = options.peers;
  const hidden = (indicator: string, reason: 'linkage' | 'period_open') => ({ indicator, suppressed: true as const, reason });
  return {
    ...snapshot,
    categories: snapshot.categories.map((category) => ({
      ...category,
      regionProviders: peers ? category.regionProviders : null,
      indicators: category.indicators.map((item) => {
        const linkage = linkageIndicators.has(item.indicator);
        if (!linkage && peers) return item;
        const reason = linkage ? 'linkage' : 'period_open';
        const region = { period: '', suppressed: true, reason: reason as HiddenReason };
        return {
          ...item,
          figure: linkage ? hidden(item.indicator, 'linkage') : item.figure,
          region: hidden(item.indicator, reason),
          funnel: {
            p0: null,
            peerProviders: null,
            overdispersed: null,
            suppressed: linkage || item.funnel.suppressed,
            limits: null,
            position: null,
          },
          casemix: null,
          trend: {
            points: linkage
              ? item.trend.points.map((p) => ({ period: p.period, suppressed: true, reason: reason as HiddenReason }))
              : item.trend.points,
            fit: linkage ? null : item.trend.fit,
            region: { points: item.trend.region.points.map((p) => ({ ...region, period: p.period })), fit: null },
          },
          sincePrevious: linkage ? null : item.sincePrevious,
        };
      }),
    })),
  };
}

/** The provider's case-mix row without its name (the snapshot is about that provider). */
function casemixOf(row: CasemixRow): SnapshotIndicator['casemix'] {
  if (row.suppressed) return { suppressed: true, reason: row.reason };
  const { provider: _provider, ...figures } = row;
  return figures;
}

function sincePrevious(
  previous: PreviousSnapshot,
  productCategory: string,
  indicator: string,
  current: Figure,
): SnapshotIndicator['sincePrevious'] {
  const before = previous.snapshot.categories
    .find((c) => c.productCategory === productCategory)
    ?.indicators.find((i) => i.indicator === indicator)?.figure;
  if (!before) return null;
  return { dialogueId: previous.dialogueId, period: previous.period, previous: before, change: figureChange(before, current) };
}

function figureChange(before: Figure | null | undefined, after: Figure | null | undefined) {
  if (!before || !after || before.suppressed || after.suppressed) return null;
  return changeSince({ x: before.x, n: before.n }, { x: after.x, n: after.n });
}

/**
 * Figure by figure, what differs between the frozen snapshot and the figures read now. Only what
 * both readings show counts as a change (counts, peer totals, p0, flag, O/E): a provider reads its
 * own small numbers unsuppressed where the contract manager's snapshot hid them, which is a
 * difference of view, not of data. A figure hidden for its small n then and shown now with n at
 * or above the region's minimum (or the other way round) is a change of data, in anyone's view.
 * Newer data exists when the provider's own submission was replaced, when the other submissions
 * the figures come from changed (a peer's resubmission, a later period for re-entry; only for
 * snapshots that keep their digest), or when a figure changed.
 */
export function compareSnapshots(dialogueId: string, frozen: Snapshot, now: Snapshot): DialogueChanges {
  const indicators: DialogueChanges['indicators'] = [];
  for (const category of frozen.categories) {
    const current = now.categories.find((c) => c.productCategory === category.productCategory);
    const ids = new Set([...category.indicators.map((i) => i.indicator), ...(current?.indicators.map((i) => i.indicator) ?? [])]);
    for (const indicator of ids) {
      const then = category.indicators.find((i) => i.indicator === indicator) ?? null;
      const later = current?.indicators.find((i) => i.indicator === indicator) ?? null;
      indicators.push({
        productCategory: category.productCategory,
        indicator,
        snapshot: then?.figure ?? null,
        current: later?.figure ?? null,
        changed: indicatorChanged(then, later, frozen.minN),
        change: figureChange(then?.figure, later?.figure),
        flag: { snapshot: then?.funnel.position?.flag ?? null, current: later?.funnel.position?.flag ?? null },
        p0: { snapshot: then?.funnel.p0 ?? null, current: later?.funnel.p0 ?? null },
      });
    }
  }
  const submissionKey = (list: SnapshotSubmission[]) =>
    list
      .map((s) => `${s.id}:${s.version}`)
      .sort()
      .join(',');
  return {
    dialogueId,
    checkedAt: now.frozenAt,
    newerData:
      submissionKey(frozen.submissions) !== submissionKey(now.submissions) ||
      (frozen.otherSources !== undefined && frozen.otherSources !== now.otherSources) ||
      indicators.some((i) => i.changed),
    submissions: { snapshot: frozen.submissions, current: now.submissions },
    indicators,
  };
}

function indicatorChanged(then: SnapshotIndicator | null, later: SnapshotIndicator | null, minN: number): boolean {
  if (!then || !later) return then !== later;
  const counts = (f: Figure) => (f.suppressed ? null : `${f.x}/${f.n}`);
  const differs = <T>(a: T | null | undefined, b: T | null | undefined) =>
    a !== null && a !== undefined && b !== null && b !== undefined && a !== b;
  // Hidden for its small n on one side, shown with n at or above the minimum on the other: n moved.
  const smallN = (f: Figure) => f.suppressed && f.reason === 'small_n';
  const shownToAll = (f: Figure) => !f.suppressed && f.n >= minN;
  const appeared = (a: Figure, b: Figure) => (smallN(a) && shownToAll(b)) || (smallN(b) && shownToAll(a));
  const ratio = (i: SnapshotIndicator) => (i.casemix && !i.casemix.suppressed ? (i.casemix.ratio ?? null) : null);
  return (
    differs(counts(then.figure), counts(later.figure)) ||
    appeared(then.figure, later.figure) ||
    differs(counts(then.region), counts(later.region)) ||
    then.region.suppressed !== later.region.suppressed ||
    then.funnel.p0 !== later.funnel.p0 ||
    differs(then.funnel.position?.flag ?? 'none', later.funnel.position?.flag ?? 'none') ||
    differs(ratio(then), ratio(later))
  );
}
