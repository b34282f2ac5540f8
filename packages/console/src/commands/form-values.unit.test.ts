import { describe, expect, it } from 'vitest';
import { bodyOf, fieldErrorsOf } from './form-values.ts';
import { aggregateCommands, choicesOf, commandUrl, kindOf, type OpenApiDocument } from './openapi.ts';

// The command forms' conversions: what is typed into a form becomes the body the schema asks for,
// and the API's 400 goes back to the fields it names.

const stopOrder = {
  body: {
    type: 'object',
    required: ['servedAt', 'documentRef'],
    properties: {
      servedAt: { type: 'string', format: 'date-time' },
      documentRef: { type: 'string', maxLength: 100 },
      note: { type: 'string', maxLength: 2000 },
      fineYuan: { type: 'integer', minimum: 0 },
      ongoing: { type: 'boolean' },
      measures: { type: 'array', items: { anyOf: [{ const: 'demolish' }, { const: 'fine' }] } },
      party: { type: 'object', properties: { name: { type: 'string' } } },
    },
  },
};

describe('bodyOf', () => {
  it('sends an instant typed as China time with its +08:00 offset, whatever the browser zone', () => {
    expect(bodyOf(stopOrder, { servedAt: '2026-03-03T10:00' }).servedAt).toBe('2026-03-03T10:00:00+08:00');
    expect(bodyOf(stopOrder, { servedAt: '2026-03-03T10:00:30' }).servedAt).toBe('2026-03-03T10:00:30+08:00');
  });

  it('types numbers, booleans (a checkbox or a true/false choice) and parses JSON', () => {
    const body = bodyOf(stopOrder, {
      fineYuan: '1200',
      ongoing: 'false',
      party: '{"name":"Brick Works"}',
      documentRef: 'FY-1',
    });
    expect(body).toEqual({
      fineYuan: 1200,
      ongoing: false,
      party: { name: 'Brick Works' },
      documentRef: 'FY-1',
    });
    expect(bodyOf(stopOrder, { ongoing: true }).ongoing).toBe(true);
  });

  it('leaves out what is empty, so that the API names what is missing', () => {
    expect(bodyOf(stopOrder, { documentRef: '  ', servedAt: '', ongoing: '' })).toEqual({});
  });

  it('sends JSON that does not parse as typed, for the API to refuse beside the field', () => {
    expect(bodyOf(stopOrder, { party: '{name' }).party).toBe('{name');
  });

  it('sends the choices ticked, none only when the property is required', () => {
    expect(bodyOf(stopOrder, { measures: ['fine'] }).measures).toEqual(['fine']);
    expect(bodyOf(stopOrder, { measures: [] })).toEqual({});
    const receipt = {
      body: {
        type: 'object',
        required: ['documents'],
        properties: { documents: { type: 'array', items: { type: 'string' } } },
      },
    };
    // Suggested values (a referral's document hashes) make a string array a set of checkboxes.
    expect(bodyOf(receipt, { documents: [] }, { documents: ['a'.repeat(64)] })).toEqual({ documents: [] });
    expect(bodyOf(receipt, { documents: ['a'.repeat(64)] }, { documents: ['a'.repeat(64)] })).toEqual({
      documents: ['a'.repeat(64)],
    });
  });
});

describe('fieldErrorsOf', () => {
  it("gives each field its first reason, by the path's first segment; a reason on the whole body to none", () => {
    const errors = fieldErrorsOf([
      { path: '/servedAt', reason: 'must be a date-time' },
      { path: '/documents/0', reason: 'is not attached' },
      { path: '/documents/1', reason: 'second reason' },
      { path: '', reason: 'names nothing' },
      { path: '/', reason: 'names nothing either' },
    ]);
    expect([...errors]).toEqual([
      ['servedAt', 'must be a date-time'],
      ['documents', 'is not attached'],
    ]);
    expect(fieldErrorsOf(undefined).size).toBe(0);
  });
});

describe('the OpenAPI document', () => {
  const doc: OpenApiDocument = {
    paths: {
      '/enforcement/cases/{caseId}/stop-order': {
        post: {
          summary: 'Serve the stop order',
          description: 'Honours If-Match.',
          requestBody: { content: { 'application/json': { schema: stopOrder.body } } },
        },
      },
      '/referral/referrals/{id}/receipt': { post: { summary: 'Sign for it' } },
      '/referral/referrals/{id}/documents/{sha256}': { get: {} },
      '/enforcement/cases': { post: { summary: 'not on an aggregate' } },
    },
  };

  it('offers every POST on an aggregate, named by its last segment, If-Match where it says so', () => {
    const commands = aggregateCommands(doc);
    expect(commands.map((c) => [c.service, c.name, c.ifMatch])).toEqual([
      ['enforcement', 'stop-order', true],
      ['referral', 'receipt', false],
    ]);
    expect(commandUrl(commands[0]!, 'LC-141181/1')).toBe('/enforcement/cases/LC-141181%2F1/stop-order');
    expect(commandUrl(commands[1]!, 'r-1')).toBe('/referral/referrals/r-1/receipt');
  });

  it('enters each property as its schema says', () => {
    const p = stopOrder.body.properties;
    expect(kindOf(p.servedAt)).toBe('date-time');
    expect(kindOf(p.documentRef)).toBe('text');
    expect(kindOf(p.note)).toBe('long-text');
    expect(kindOf(p.fineYuan)).toBe('number');
    expect(kindOf(p.ongoing)).toBe('boolean');
    expect(kindOf(p.measures)).toBe('choices');
    expect(kindOf(p.party)).toBe('json');
    expect(kindOf({ type: 'string', contentEncoding: 'base64' })).toBe('file');
    expect(kindOf({ anyOf: [{ const: 'psb' }, { enum: ['proc'] }] })).toBe('choice');
    expect(choicesOf({ anyOf: [{ const: 'psb' }, { enum: ['proc'] }] })).toEqual(['psb', 'proc']);
    expect(choicesOf({ anyOf: [{ const: 'psb' }, { type: 'string' }] })).toBeNull();
  });
});
