import { useI18n } from '../i18n.ts';
import { type MachineName, ruleName, stateName } from '../vocabulary.ts';

// A state or a deadline rule by its name in the page's language, the API's code kept beside it (a
// title to hover, a data attribute to find it by).

export function StateName({ machine, state }: { machine: MachineName; state: string }) {
  const { lang } = useI18n();
  return (
    <span class="state-name" data-state={state} title={state}>
      {stateName(machine, state, lang)}
    </span>
  );
}

export function RuleName({ rule }: { rule: string }) {
  const { lang } = useI18n();
  return (
    <span class="rule-name" data-rule={rule} title={rule}>
      {ruleName(rule, lang)}
    </span>
  );
}
