/**
 * The NL Design System data list: terms with their values (Utrecht "data list", a <dl>). The React
 * package exports it under the name of the form-summary pattern it is built for; here it goes by
 * its own name.
 */
export {
  FormSummary as DataList,
  FormSummaryItem as DataListItem,
  FormSummaryKey as DataListKey,
  FormSummaryValue as DataListValue,
} from '@rijkshuisstijl-community/components-react';
