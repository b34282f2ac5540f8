import { loadCalendar, RULE_SET } from '@landcase/lifecycle';
import { describe, expect, it } from 'vitest';
import { type CaseFields, caseFields } from '../case.ts';
import { DECISION_CONTENTS, happyHistory } from '../test-harness.ts';
import { disclosureDocument, publicDisclosureOf, publicRecordOf } from './public-record.ts';

const calendar = loadCalendar();
const PERSON = { name: '王建国', kind: 'person' as const, idNumber: '142301198001011234' };

/** A case decided along the happy path, its decision stating `contents`, opened with `party`. */
function decided(party: Record<string, unknown>, contents: Record<string, unknown> = DECISION_CONTENTS) {
  const events = happyHistory('LC-P', { party }).slice(0, 7);
  const decision = events[6]!;
  decision.data = { ...decision.data, ...contents };
  return caseFields(events) as CaseFields;
}

describe('publicDisclosureOf', () => {
  it('given a case not yet decided, then there is no public record', () => {
    const fields = caseFields(happyHistory('LC-P').slice(0, 6)) as CaseFields;
    expect(publicDisclosureOf('LC-P', fields, calendar, RULE_SET)).toBeNull();
    expect(disclosureDocument(null)).toEqual({ published: false });
  });

  it("given a person's decision, then the record masks the name and holds no address or id number", () => {
    const fields = decided(PERSON, {
      ...DECISION_CONTENTS,
      facts: `王建国（身份证号 ${PERSON.idNumber}，住${DECISION_CONTENTS.partyAddress}）未经批准占用永久基本农田 6.2 亩建房`,
    });
    const record = publicDisclosureOf('LC-P', fields, calendar, RULE_SET)!;
    const text = JSON.stringify(publicRecordOf(disclosureDocument(record)));
    expect(record.party).toEqual({ kind: 'person', name: '王**' });
    expect(text).not.toContain('王建国');
    expect(text).not.toContain(PERSON.idNumber);
    expect(text).not.toContain(DECISION_CONTENTS.partyAddress);
    expect(record.violation).toBe('王**（身份证号 ***，住***）未经批准占用永久基本农田 6.2 亩建房');
  });

  it('given an organization, then its name is shown in full with what the decision states', () => {
    const record = publicDisclosureOf(
      'LC-P',
      decided({ name: '汾阳市兴达砖厂', kind: 'organization' }),
      calendar,
      RULE_SET,
    )!;
    expect(record).toMatchObject({
      caseId: 'LC-P',
      divisionCode: '141181',
      landClass: 'pbf',
      areaMu: 6.2,
      measures: ['demolish', 'restore'],
      legalBasis: DECISION_CONTENTS.legalBasis,
      decisionRef: 'FY-DECISION-031',
      decidedAt: DECISION_CONTENTS.decidedAt,
      servedAt: '2026-03-25T10:00:00+08:00',
      decidingOrgan: '汾阳市自然资源局',
      party: { kind: 'organization', name: '汾阳市兴达砖厂' },
      publishRule: { ruleId: 'disclosure.penalty-decision' },
    });
  });

  it("given facts naming someone else's identity number, then it is masked too", () => {
    const record = publicDisclosureOf(
      'LC-P',
      decided(
        { name: '汾阳市兴达砖厂', kind: 'organization' },
        {
          ...DECISION_CONTENTS,
          facts: '法定代表人（身份证号 14230119800101123X）组织建设；旧证 142301800101123',
        },
      ),
      calendar,
      RULE_SET,
    )!;
    expect(record.violation).toBe('法定代表人（身份证号 ***）组织建设；旧证 ***');
  });

  it('given a reconsideration that overturned the decision, then the record is withdrawn', () => {
    const events = [
      ...happyHistory('LC-P', { party: PERSON }).slice(0, 7),
      {
        type: 'ReconsiderationApplied',
        data: { caseId: 'LC-P', appliedAt: '2026-04-01T10:00:00+08:00', authority: '汾阳市人民政府' },
      },
    ];
    const pending = caseFields(events) as CaseFields;
    expect(publicDisclosureOf('LC-P', pending, calendar, RULE_SET)).not.toBeNull();
    const decidedWith = (upheld: boolean) =>
      caseFields([
        ...events,
        {
          type: 'ReconsiderationDecided',
          data: {
            caseId: 'LC-P',
            decidedAt: '2026-05-20T10:00:00+08:00',
            upheld,
            decisionRef: 'FY-FY-2026-3',
          },
        },
      ]) as CaseFields;
    expect(publicDisclosureOf('LC-P', decidedWith(true), calendar, RULE_SET)).not.toBeNull();
    expect(publicDisclosureOf('LC-P', decidedWith(false), calendar, RULE_SET)).toBeNull();
  });

  it('when the decision was taken, then publishBy is 7 working days later by the calendar', () => {
    // Decided Tuesday 24 March 2026: the 7th working day after it is Thursday 2 April.
    const record = publicDisclosureOf('LC-P', decided(PERSON), calendar, RULE_SET)!;
    expect(record.publishBy).toBe('2026-04-02T15:59:59.999Z');
    expect(calendar.workingDaysBetween(new Date(record.decidedAt), new Date(record.publishBy))).toBe(7);
  });

  it('given a decision recorded without its date, then it counts from its service', () => {
    const { decidedAt: _, ...undated } = DECISION_CONTENTS;
    const record = publicDisclosureOf('LC-P', decided(PERSON, undated), calendar, RULE_SET)!;
    expect(record.decidedAt).toBe('2026-03-25T10:00:00+08:00');
    expect(record.publishBy).toBe('2026-04-03T15:59:59.999Z');
  });

  it('when a stored document holds more than the record, then only the public fields are shown', () => {
    const doc = {
      ...disclosureDocument(publicDisclosureOf('LC-P', decided(PERSON), calendar, RULE_SET)),
      _fold: { fields: { party: PERSON } },
      partyAddress: DECISION_CONTENTS.partyAddress,
    };
    const shown = publicRecordOf(doc);
    expect(Object.keys(shown)).not.toContain('_fold');
    expect(Object.keys(shown)).not.toContain('partyAddress');
    expect(Object.keys(shown)).not.toContain('published');
    expect(JSON.stringify(shown)).not.toContain('王建国');
  });
});
