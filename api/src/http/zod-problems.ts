import type { z } from 'zod';
import type { ProblemItem } from '../errors.ts';

/** Turns zod issues into problem items with a Dutch and an English message, naming the field. */
export function zodIssuesToProblems(issues: z.core.$ZodIssue[], location: string): ProblemItem[] {
  return issues.map((issue) => {
    const field = [location, ...issue.path.map(String)].filter(Boolean).join('.');
    return {
      field,
      code: issue.code,
      message: { nl: dutchMessage(issue, field), en: `${field}: ${issue.message}` },
    };
  });
}

function dutchMessage(issue: z.core.$ZodIssue, field: string): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? `${field} ontbreekt; dit veld is verplicht.`
        : `${field} heeft het verkeerde type (verwacht: ${issue.expected}).`;
    case 'too_small':
      return `${field} is te klein of te kort (minimaal ${String(issue.minimum)}).`;
    case 'too_big':
      return `${field} is te groot of te lang (maximaal ${String(issue.maximum)}).`;
    case 'invalid_format':
      return `${field} heeft niet het juiste formaat.`;
    case 'invalid_value':
      return `${field} moet een van deze waarden zijn: ${issue.values.map(String).join(', ')}.`;
    case 'unrecognized_keys':
      return `${field} bevat onbekende velden: ${issue.keys.join(', ')}.`;
    case 'custom': {
      // A refinement says its own reason in Dutch through params.nl (its message is the English one).
      const nl = (issue.params as { nl?: unknown } | undefined)?.nl;
      return typeof nl === 'string' ? `${field}: ${nl}` : `${field} is niet geldig.`;
    }
    default:
      return `${field} is niet geldig.`;
  }
}
