import { afterSteps, commandContract } from '../command-test-kit.ts';
import { NOW } from '../test-harness.ts';

const body = {
  approvalRef: 'YJZ-GOV-2025-17',
  approvingAuthority: 'Yangjiazhuang township government',
  approvingOfficial: { name: 'Zhao Lei', position: 'township head', organization: 'Yangjiazhuang township' },
  areaMu: 10,
  landClass: 'pbf',
  finding: 'a township may not approve the occupation of PBF (Land Management Law art. 44)',
};

commandContract({
  path: 'illegal-approval',
  history: afterSteps(7),
  body,
  event: {
    type: 'IllegalApprovalRecorded',
    data: { approvalNo: 1, ...body, recordedAt: NOW.toISOString(), divisionCode: '141181' },
  },
  // Recorded without moving the case.
  state: 'decided',
  bad: [
    ['a missing approval number', { ...body, approvalRef: undefined }, '/approvalRef'],
    ['an area of 0', { ...body, areaMu: 0 }, '/areaMu'],
    ['an unknown land class', { ...body, landClass: 'moon' }, '/landClass'],
    [
      'an official without organization',
      { ...body, approvingOfficial: { name: 'Zhao', position: 'head' } },
      '/approvingOfficial/organization',
    ],
  ],
  tooEarly: { history: afterSteps(10), state: 'closed' },
});
