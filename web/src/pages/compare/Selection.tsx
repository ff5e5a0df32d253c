/**
 * Which period, product category (and, on the funnel page, indicator) a comparison shows. The choice
 * lives in the address bar, so a view can be bookmarked, shared with a colleague and gone back to.
 * Changing a select updates the figures below it; focus stays on the select.
 */
import { SelectField } from '../../components/Select';
import { useI18n } from '../../i18n';
import { navigate, useLocation } from '../../router';
import { useUser } from '../../session';
import { defaultCategory, defaultPeriod, type Definition } from '../../figures/indicators';
import { useChoices, type Choices } from '../../data/indicators';
import type { Load } from '../../data/load';

export interface Selection {
  period: string;
  category: string;
  indicator: string | undefined;
}

function todayInAmsterdam(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
}

/** The region's choices and the current selection (from the address, else sensible defaults). */
export function useSelection(): { choices: Load<Choices>; selection: Selection | undefined; search: URLSearchParams } {
  const user = useUser();
  const location = useLocation();
  const choices = useChoices(user.region);
  if (choices.status !== 'loaded') return { choices, selection: undefined, search: location.search };
  const { periods, categories } = choices.data;
  const askedPeriod = location.search.get('period');
  const askedCategory = location.search.get('category');
  const period = periods.some((p) => p.code === askedPeriod) ? askedPeriod! : defaultPeriod(periods, todayInAmsterdam());
  const category = categories.some((c) => c.code === askedCategory) ? askedCategory! : defaultCategory(categories);
  if (!period || !category) return { choices, selection: undefined, search: location.search };
  return { choices, selection: { period, category, indicator: location.search.get('indicator') ?? undefined }, search: location.search };
}

/** The query string for a selection, e.g. for links between the comparison pages. */
export function selectionQuery(selection: Pick<Selection, 'period' | 'category'> & { indicator?: string }): string {
  const search = new URLSearchParams({ period: selection.period, category: selection.category });
  if (selection.indicator) search.set('indicator', selection.indicator);
  return `?${search}`;
}

export function SelectionBar({
  choices,
  selection,
  definitions,
  idPrefix,
}: {
  choices: Choices;
  selection: Selection;
  /** Shown as a third select (the funnel page) when given. */
  definitions?: Definition[];
  idPrefix: string;
}) {
  const { t, pick } = useI18n();
  const location = useLocation();
  const change = (name: 'period' | 'category' | 'indicator', value: string) => {
    const next = { ...selection, [name]: value };
    navigate(location.pathname + selectionQuery(next));
  };
  return (
    <form className="cm-selection" aria-label={t('compare.selection.label')} onSubmit={(event) => event.preventDefault()}>
      <SelectField
        id={`${idPrefix}-period`}
        label={t('compare.selection.period')}
        value={selection.period}
        onChange={(event) => change('period', event.currentTarget.value)}
      >
        {choices.periods.map((period) => (
          <option key={period.code} value={period.code}>
            {period.code}
          </option>
        ))}
      </SelectField>
      <SelectField
        id={`${idPrefix}-category`}
        label={t('compare.selection.category')}
        value={selection.category}
        onChange={(event) => change('category', event.currentTarget.value)}
      >
        {choices.categories.map((category) => (
          <option key={category.code} value={category.code}>
            {category.code} {pick(category)}
          </option>
        ))}
      </SelectField>
      {definitions && (
        <SelectField
          id={`${idPrefix}-indicator`}
          label={t('compare.selection.indicator')}
          value={selection.indicator ?? definitions[0]?.id}
          onChange={(event) => change('indicator', event.currentTarget.value)}
        >
          {definitions.map((definition) => (
            <option key={definition.id} value={definition.id}>
              {pick(definition.name)}
            </option>
          ))}
        </SelectField>
      )}
    </form>
  );
}

/** "45 Ambulant" for headings and intros. */
export function categoryLabel(choices: Choices, code: string, pick: (text: { nl: string; en: string }) => string): string {
  const category = choices.categories.find((c) => c.code === code);
  return category ? `${code} ${pick(category)}` : code;
}
