/**
 * Names for what a snapshot holds only as codes: the indicators (from the API's definitions) and
 * the product categories (from the region's code lists). Both are asked once per page load and
 * shared with the comparison pages. Pages wait for `ready` before showing figures (a table of
 * codes that turns into names a moment later confuses a reader and a screen reader); if the names
 * fail to load, the codes are shown.
 */
import type { LocalizedText } from '../../data/client';
import { useI18n } from '../../i18n';
import type { Definition } from '../../figures/indicators';
import { useChoices, useDefinitions } from '../../data/indicators';

export interface Labels {
  /** The names have arrived, or could not be loaded (then codes stand in). */
  ready: boolean;
  indicator: (id: string) => string;
  /** The name in both languages, for messages that must follow the language switch. */
  indicatorText: (id: string) => LocalizedText;
  definition: (id: string) => Definition | undefined;
  /** "45 Ambulant" */
  category: (code: string) => string;
}

export function useLabels(region: string, period: string | undefined, category: string | undefined): Labels {
  const { pick } = useI18n();
  const choices = useChoices(region);
  const definitions = useDefinitions(period && category ? { period, category } : undefined);
  const defs = definitions.status === 'loaded' ? definitions.data : [];
  const categories = choices.status === 'loaded' ? choices.data.categories : [];
  // Without a period and category there is nothing to name: nothing to wait for either.
  return {
    ready: (!(period && category) || definitions.status !== 'loading') && choices.status !== 'loading',
    indicator: (id) => {
      const name: LocalizedText | undefined = defs.find((d) => d.id === id)?.name;
      return name ? pick(name) : id;
    },
    indicatorText: (id) => defs.find((d) => d.id === id)?.name ?? { nl: id, en: id },
    definition: (id) => defs.find((d) => d.id === id),
    category: (code) => {
      const found = categories.find((c) => c.code === code);
      return found ? `${code} ${pick(found)}` : code;
    },
  };
}
