import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDayMonthYear } from './typed-date.ts';

test('a typed French date becomes a calendar date, and an impossible one is refused', () => {
  assert.equal(parseDayMonthYear('10/12/2026'), '2026-12-10');
  assert.equal(parseDayMonthYear(' 1.3.2027 '), '2027-03-01');
  assert.equal(parseDayMonthYear('29-02-2028'), '2028-02-29');
  assert.equal(parseDayMonthYear('29/02/2027'), null, 'not a leap year');
  assert.equal(parseDayMonthYear('31/04/2027'), null);
  assert.equal(parseDayMonthYear('2027-04-01'), null, 'ISO is not what staff type');
  assert.equal(parseDayMonthYear('10/12'), null);
});
