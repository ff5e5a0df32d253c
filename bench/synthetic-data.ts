import type postgres from 'postgres';

/**
 * Synthetic national-scale outcome data, generated inside the database (INSERT … SELECT over
 * generate_series) so that millions of rows cost seconds, not a Node-side row loop. Every value is
 * a deterministic function of the row's key through hashint8extended, so two runs load the same
 * data. Respects every CHECK constraint of outcome_records; one current submission per provider ×
 * period; pseudonyms 'v1:' + 64 hex (two md5s of a client key drawn from a pool per region, so
 * some clients have several trajectories and some of those re-enter within 182 days).
 *
 * Shape per region: providers of very different size (log-normal weights), each with a primary
 * product category (half of its records) and the rest spread by national popularity, so the big
 * categories (45, 54) have a point for nearly every provider in their funnel; a latent quality per
 * provider moves dropout, goal attainment and usefulness; a response rate per provider; care forms
 * as typical for the category; clients live mostly in the region's first municipalities.
 */

export interface PeriodDef {
  code: string;
  startsOn: string;
  endsOn: string;
}

export interface SyntheticOptions {
  /** Region codes with a stable index (used in AGB codes and municipality codes). */
  regions: { code: string; index: number }[];
  providersPerRegion: number;
  recordsPerRegion: number;
  periods: PeriodDef[];
  /** Parallel connections for the record insert (a separate pool is made by the caller). */
  parallel?: number;
}

/** Product categories with national popularity (share of records). */
export const CATEGORIES: [string, number][] = [
  ['45', 0.3],
  ['54', 0.26],
  ['41', 0.1],
  ['50', 0.1],
  ['46', 0.07],
  ['43', 0.06],
  ['44', 0.06],
  ['40', 0.02],
  ['49', 0.015],
  ['51', 0.015],
];

/** Half-year periods from `first` (e.g. '2021-H2') for `count` periods. */
export function halfYears(first: string, count: number): PeriodDef[] {
  let [year, half] = [Number(first.slice(0, 4)), Number(first.slice(6))];
  const out: PeriodDef[] = [];
  for (let i = 0; i < count; i++) {
    out.push({
      code: `${year}-H${half}`,
      startsOn: half === 1 ? `${year}-01-01` : `${year}-07-01`,
      endsOn: half === 1 ? `${year}-06-30` : `${year}-12-31`,
    });
    if (half === 2) [year, half] = [year + 1, 1];
    else half = 2;
  }
  return out;
}

/** CBS care forms (hulpvorm) per category, with shares; the rest of a category's records have none. */
const CARE_FORMS: Record<string, [string, number][]> = {
  '45': [
    ['02', 0.55],
    ['04', 0.3],
    ['01', 0.08],
  ],
  '54': [
    ['02', 0.65],
    ['04', 0.2],
    ['01', 0.05],
  ],
  '41': [['03', 0.92]],
  '43': [
    ['12', 0.3],
    ['13', 0.1],
    ['14', 0.35],
    ['11', 0.15],
  ],
  '44': [
    ['11', 0.4],
    ['12', 0.2],
    ['14', 0.3],
  ],
  '46': [
    ['02', 0.45],
    ['12', 0.45],
  ],
  '50': [
    ['02', 0.25],
    ['03', 0.15],
    ['04', 0.25],
    ['12', 0.1],
    ['14', 0.1],
  ],
};
const OTHER_CARE_FORMS: [string, number][] = [
  ['02', 0.6],
  ['04', 0.3],
];

/** The care form of a record from its category and a uniform draw, as SQL text (null: unknown). */
function careFormSql(category: string, draw: string): string {
  const arms = (forms: [string, number][]) => {
    let cumulative = 0;
    return `case ${forms.map(([code, share]) => `when ${draw} < ${((cumulative += share)).toFixed(4)} then '${code}'`).join(' ')} end`;
  };
  return `(case ${category} ${Object.entries(CARE_FORMS)
    .map(([c, forms]) => `when '${c}' then ${arms(forms)}`)
    .join(' ')} else ${arms(OTHER_CARE_FORMS)} end)`;
}

/** Uniform [0,1) from an integer key and a salt, as SQL text. */
const u = (key: string, salt: number) => `((hashint8extended(${key}, ${salt}) & 2147483647)::float8 / 2147483648)`;

/** A category from a uniform draw, by national popularity, as SQL text. */
function pickCategory(draw: string): string {
  let cumulative = 0;
  const arms = CATEGORIES.slice(0, -1).map(([code, share]) => {
    cumulative += share;
    return `when ${draw} < ${cumulative.toFixed(4)} then '${code}'`;
  });
  return `(case ${arms.join(' ')} else '${CATEGORIES[CATEGORIES.length - 1][0]}' end)`;
}

/**
 * Creates regions (where missing, with 8 municipalities each), categories, periods, providers and
 * their submissions, then the records. Returns the number of records inserted.
 */
export async function loadSynthetic(
  sql: postgres.Sql<Record<string, unknown>>,
  options: SyntheticOptions,
  onRegion?: (code: string, done: number, total: number) => void,
): Promise<number> {
  const { regions, providersPerRegion, recordsPerRegion, periods } = options;
  const codes = regions.map((r) => r.code);
  const indexes = regions.map((r) => r.index);

  await sql`insert into regions (code, name)
    select code, 'Synthetische jeugdregio ' || code from unnest(${codes}::text[]) as code
    on conflict (code) do nothing`;
  // Eight municipalities for a region that has none (H10 keeps its real ones).
  await sql`insert into region_municipalities (region_code, municipality_code, name)
    select r.code, lpad((2000 + r.idx * 10 + m)::text, 4, '0'), 'Gemeente ' || r.code || '-' || m
    from unnest(${codes}::text[], ${indexes}::int[]) as r(code, idx), generate_series(1, 8) m
    where not exists (select 1 from region_municipalities x where x.region_code = r.code)`;
  await sql`insert into organisations (region_code, kind, code, name)
    select rm.region_code, 'municipality', rm.municipality_code, rm.name
    from region_municipalities rm where rm.region_code = any(${codes}::text[])
    on conflict (region_code, kind, code) do nothing`;
  await sql`insert into organisations (region_code, kind, code, name)
    select code, 'service_bureau', null, 'Servicebureau ' || code from unnest(${codes}::text[]) as code
    where not exists (select 1 from organisations o where o.region_code = code and o.kind = 'service_bureau')`;
  await sql`insert into region_product_categories (region_code, product_category)
    select r, c from unnest(${codes}::text[]) r, unnest(${CATEGORIES.map(([c]) => c)}::text[]) c
    on conflict do nothing`;
  await sql`insert into periods (region_code, code, starts_on, ends_on, deadline, closed)
    select r, p.code, p.starts_on, p.ends_on, p.ends_on + 21, false
    from unnest(${codes}::text[]) r,
      unnest(${periods.map((p) => p.code)}::text[], ${periods.map((p) => p.startsOn)}::date[], ${periods.map((p) => p.endsOn)}::date[]) as p(code, starts_on, ends_on)
    on conflict do nothing`;

  // Providers: AGB '99' + region index × 1000 + number, unique nationally (the demo's start with 98).
  await sql`insert into organisations (region_code, kind, code, name)
    select r.code, 'provider', '99' || lpad((r.idx * 1000 + p)::text, 6, '0'), 'Synthetische aanbieder ' || r.code || '-' || lpad(p::text, 3, '0')
    from unnest(${codes}::text[], ${indexes}::int[]) as r(code, idx), generate_series(1, ${providersPerRegion}::int) p
    on conflict (region_code, kind, code) do nothing`;

  // Working tables (plain, not temporary: the parallel insert uses more than one session).
  await sql.unsafe(`drop table if exists bench_providers, bench_regions, bench_periods`);
  await sql`create table bench_periods as
    select p.code, p.starts_on, p.ends_on, p.ordinal::int as ordinal
    from unnest(${periods.map((p) => p.code)}::text[], ${periods.map((p) => p.startsOn)}::date[], ${periods.map((p) => p.endsOn)}::date[]) with ordinality as p(code, starts_on, ends_on, ordinal)`;
  await sql`create table bench_regions as
    select rm.region_code as code, array_agg(rm.municipality_code::text order by rm.municipality_code) as munis
    from region_municipalities rm where rm.region_code = any(${codes}::text[]) and rm.valid_until is null
    group by rm.region_code`;
  const key = 'o.code::bigint';
  // weight: log-normal (sigma 1.1) via Box-Muller; quality ~ N(0, 0.3); response 30-75%.
  await sql.unsafe(`create table bench_providers as
    select o.id, o.region_code, o.code as agb,
      exp(1.1 * sqrt(-2 * ln(1 - ${u(key, 1)})) * cos(2 * pi() * ${u(key, 2)})) as weight,
      0.3 * sqrt(-2 * ln(1 - ${u(key, 3)})) * cos(2 * pi() * ${u(key, 4)}) as quality,
      0.30 + 0.45 * ${u(key, 5)} as response_rate,
      ${pickCategory(u(key, 6))} as primary_category
    from organisations o
    where o.kind = 'provider' and o.code like '99%' and o.region_code = any('{${codes.join(',')}}'::text[])`);

  // One current submission per provider × period, sized by weight (a little growth over time).
  await sql`insert into submissions (region_code, provider_id, period_code, version, status, record_count, file_sha256,
      content_type, format, file_name, size_bytes, late)
    select w.region_code, w.id, w.period_code, 1, 'current',
      greatest(1, round(${recordsPerRegion}::float8 * w.w / sum(w.w) over (partition by w.region_code)))::int,
      md5(w.id || w.period_code) || md5(w.period_code || w.id), 'text/csv', 'csv', 'synthetisch.csv', 0, false
    from (select bp.id, bp.region_code, pe.code as period_code, bp.weight * (1 + 0.01 * pe.ordinal) as w
          from bench_providers bp cross join bench_periods pe) w
    order by w.region_code, w.period_code, w.id`;

  const k = 's.id * 100000 + g.i';
  const insertRegion = (db: postgres.Sql<Record<string, unknown>>, region: string) =>
    db.unsafe(`
    insert into outcome_records (submission_id, region_code, provider_id, period_code, record_id, client_pseudonym, provider_agb,
      municipality_code, product_category, product_code, care_form, start_date, end_date, age_at_start, end_reason, goal_attainment,
      youth_usefulness, parent_usefulness, youth_further_help, parent_further_help)
    select s.id, s.region_code, s.provider_id, s.period_code, 'R' || g.i,
      'v1:' || md5(d.client) || md5(d.client || '#'),
      bp.agb, br.munis[1 + floor(power(d.u_muni, 1.8) * array_length(br.munis, 1))::int], d.cat,
      case when d.u_code < 0.2 then null else d.cat || 'A0' || (1 + floor(d.u_code * 3))::int end,
      ${careFormSql('d.cat', 'd.u_form')},
      d.end_date - d.duration, d.end_date, d.age, e.reason,
      case when d.u_goal < 0.05 then 'onbekend'
        when d.u_goal2 < (case e.reason when '01' then 0.72 when '03' then 0.08 when '04' then 0.08 else 0.35 end) - 0.2 * bp.quality then 'volledig'
        when d.u_goal3 < 0.6 then 'gedeeltelijk' else 'niet' end,
      case when m.youth then greatest(1, least(10, round(7.2 - 1.5 * bp.quality - e.shift + 2.5 * (d.u_a + d.u_b - 1))))::int2 end,
      case when m.parent then greatest(1, least(10, round(7.5 - 1.5 * bp.quality - e.shift + 2.5 * (d.u_c + d.u_d - 1))))::int2 end,
      case when m.youth and d.u_fy < 0.9 then (array['01', '02', '03', '04'])[1 + floor(d.u_fy2 * 4)::int] end,
      case when m.parent and d.u_fp < 0.9 then (array['01', '02', '03', '04'])[1 + floor(d.u_fp2 * 4)::int] end
    from submissions s
    join bench_providers bp on bp.id = s.provider_id
    join bench_regions br on br.code = s.region_code
    join bench_periods pe on pe.code = s.period_code
    cross join lateral generate_series(1, s.record_count) g(i)
    cross join lateral (select
      case when ${u(k, 10)} < 0.5 then bp.primary_category else ${pickCategory(u(k, 11))} end as cat,
      s.region_code || ':' || ((hashint8extended(${k}, 12) & 2147483647) % ${Math.max(1, Math.round(recordsPerRegion * 0.6))}) as client,
      ${u(k, 13)} as u_muni, ${u(k, 14)} as u_code, ${u(k, 15)} as u_form,
      pe.starts_on + floor(${u(k, 16)} * (pe.ends_on - pe.starts_on + 1))::int as end_date,
      14 + floor(power(${u(k, 17)}, 2) * 540)::int as duration,
      floor(${u(k, 18)} * 24)::int2 as age,
      ${u(k, 19)} as u_reason, least(0.45, 0.095 * exp(1.2 * bp.quality)) as p03,
      ${u(k, 20)} as u_goal, ${u(k, 21)} as u_goal2, ${u(k, 22)} as u_goal3,
      ${u(k, 23)} as u_resp, ${u(k, 24)} as u_y, ${u(k, 25)} as u_p,
      ${u(k, 26)} as u_a, ${u(k, 27)} as u_b, ${u(k, 28)} as u_c, ${u(k, 29)} as u_d,
      ${u(k, 30)} as u_fy, ${u(k, 31)} as u_fy2, ${u(k, 32)} as u_fp, ${u(k, 33)} as u_fp2
    ) d
    cross join lateral (select r.reason, case when r.reason in ('03', '04') then 1.3 else 0 end as shift from (select
      case when d.u_reason < 0.04 then '99'
        when d.u_reason < 0.04 + d.p03 then '03'
        when d.u_reason < 0.07 + d.p03 then '04'
        when d.u_reason < 0.16 + d.p03 then '02'
        when d.u_reason < 0.20 + d.p03 then '05'
        else '01' end as reason) r
    ) e
    cross join lateral (select d.u_resp < bp.response_rate and d.u_y < 0.6 as youth,
      d.u_resp < bp.response_rate and (d.u_p < 0.75 or d.u_y >= 0.6) as parent) m
    where s.region_code = '${region.replace(/'/g, "''")}' and s.status = 'current'`);

  let inserted = 0;
  let done = 0;
  const queue = [...codes];
  await Promise.all(
    Array.from({ length: Math.max(1, options.parallel ?? 1) }, async () => {
      for (let region = queue.shift(); region !== undefined; region = queue.shift()) {
        const result = await insertRegion(sql, region);
        inserted += result.count;
        onRegion?.(region, ++done, codes.length);
      }
    }),
  );
  await sql.unsafe(`drop table bench_providers, bench_regions, bench_periods`);
  return inserted;
}
