import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addDays, ageOn, canMove, computeReimbursement, isOverdue, parseMutuelleCoverage, type ReimbursementInput, statusAfterPayment } from './domain.ts';
import { rulesFor, rulesVersions } from './rules.ts';

const adult: Omit<ReimbursementInput, 'actCode' | 'feeCents' | 'sector' | 'mutuelle'> = { ageYears: 40, coordinated: true, participationYearToDateCents: 0 };
const m100 = { coveragePct: 100 };

interface Example {
  name: string;
  /** Where the rule comes from (legal text or ameli/service-public page). */
  source: string;
  date?: string;
  input: ReimbursementInput;
  expect: { base: number; rate: number; participation: number; amo: number; overrun: number; amc: number; remainder: number };
}

// Each amount is in cents; the sum amo + amc + remainder is always the fee (checked below).
const examples: Example[] = [
  {
    name: 'GP sector 1 in the parcours, mutuelle 100 %',
    // ameli « consultation chez le médecin traitant »: 30 € × 70 % − 2 € = 19 €; the mutuelle pays the 30 % ticket modérateur (DESIGN §9).
    source: 'Convention médicale 2024; CSS L160-13 (participation forfaitaire)',
    input: { ...adult, actCode: 'G', feeCents: 3000, sector: '1', mutuelle: m100 },
    expect: { base: 3000, rate: 7000, participation: 200, amo: 1900, overrun: 0, amc: 900, remainder: 200 },
  },
  {
    name: 'GP outside the parcours: 30 %, the penalty not covered by a contrat responsable',
    // CSS L162-5-3 (majoration du ticket modérateur) and R871-2 (contrat responsable must not cover it): 30 € × 30 % − 2 € = 7 €.
    source: 'CSS L162-5-3, R322-1-1, R871-2; service-public F17042',
    input: { ...adult, coordinated: false, actCode: 'G', feeCents: 3000, sector: '1', mutuelle: m100 },
    expect: { base: 3000, rate: 3000, participation: 200, amo: 700, overrun: 0, amc: 900, remainder: 1400 },
  },
  {
    name: 'child under 6 (G €35), no participation forfaitaire, no parcours penalty under 16',
    // Convention 2024: €35 for 0–6 years (DESIGN §9); CSS L160-13 II: minors pay no participation; L162-5-3: under 16.
    source: 'Convention médicale 2024; CSS L160-13 II; CSS L162-5-3',
    input: { ...adult, ageYears: 3, coordinated: false, actCode: 'G', feeCents: 3500, sector: '1', mutuelle: m100 },
    expect: { base: 3500, rate: 7000, participation: 0, amo: 2450, overrun: 0, amc: 1050, remainder: 0 },
  },
  {
    name: 'specialist sector 2 OPTAM at €60, mutuelle 200 %',
    // OPTAM: the base is the sector 1 tariff (CS+MPC+MCS €30); the overrun is the mutuelle's, up to 100 % of the base here.
    source: 'Convention médicale (OPTAM); service-public F17042; CSS R871-2',
    input: { ...adult, actCode: 'CS', feeCents: 6000, sector: 'optam', specialty: 'cardiology', mutuelle: { coveragePct: 200 } },
    expect: { base: 3000, rate: 7000, participation: 200, amo: 1900, overrun: 3000, amc: 3900, remainder: 200 },
  },
  {
    name: 'specialist sector 2 without OPTAM at €60, mutuelle 200 %: base €23, overrun cover capped 20 points lower',
    // service-public F17042: base €23 for sector 2 non-OPTAM; décret 2014-1374 (CSS R871-2): non-OPTAM cover ≤ 100 % and 20 points below OPTAM.
    source: 'service-public F17042; CSS R871-2',
    input: { ...adult, actCode: 'CS', feeCents: 6000, sector: '2', specialty: 'dermatology', mutuelle: { coveragePct: 200 } },
    expect: { base: 2300, rate: 7000, participation: 200, amo: 1410, overrun: 3700, amc: 2530, remainder: 2060 },
  },
  {
    name: 'specialist sector 2 without OPTAM, mutuelle 300 %: overrun cover capped at 100 % of the base',
    source: 'CSS R871-2 (100 % cap for non-OPTAM overruns)',
    input: { ...adult, actCode: 'CS', feeCents: 6000, sector: '2', specialty: 'dermatology', mutuelle: { coveragePct: 300 } },
    expect: { base: 2300, rate: 7000, participation: 200, amo: 1410, overrun: 3700, amc: 2990, remainder: 1600 },
  },
  {
    name: 'GP teleconsultation (TCG €25) in the parcours',
    // DESIGN §9: TCG €25, reimbursed at 70 % within the parcours; participation forfaitaire applies.
    source: 'Convention médicale 2024 (TCG); avenant 6 art. 28.6.1',
    input: { ...adult, actCode: 'TCG', feeCents: 2500, sector: '1', mutuelle: m100 },
    expect: { base: 2500, rate: 7000, participation: 200, amo: 1550, overrun: 0, amc: 750, remainder: 200 },
  },
  {
    name: 'GP teleconsultation outside the parcours (adult, no exception): not reimbursed',
    // Avenant 6 art. 28.6.1.1: teleconsultation is covered within the parcours de soins, save the listed exceptions (DESIGN §9).
    source: 'Avenant 6 (2018) art. 28.6.1.1',
    input: { ...adult, coordinated: false, actCode: 'TCG', feeCents: 2500, sector: '1', mutuelle: m100 },
    expect: { base: 2500, rate: 0, participation: 0, amo: 0, overrun: 0, amc: 0, remainder: 2500 },
  },
  {
    name: 'APC €60 requested by the GP (always in the parcours)',
    // Convention 2024: APC €60 (DESIGN §9); 70 % − €2.
    source: 'Convention médicale 2024 (APC)',
    input: { ...adult, coordinated: false, actCode: 'APC', feeCents: 6000, sector: '1', mutuelle: m100 },
    expect: { base: 6000, rate: 7000, participation: 200, amo: 4000, overrun: 0, amc: 1800, remainder: 200 },
  },
  {
    name: 'participation forfaitaire cap of €50 already reached this year',
    // CSS L160-13 II: €50 per year and per person (DESIGN §9): nothing more is withheld once reached.
    source: 'CSS L160-13 II, décret 2024-114',
    input: { ...adult, participationYearToDateCents: 5000, actCode: 'G', feeCents: 3000, sector: '1', mutuelle: m100 },
    expect: { base: 3000, rate: 7000, participation: 0, amo: 2100, overrun: 0, amc: 900, remainder: 0 },
  },
  {
    name: 'participation forfaitaire: only what is left under the cap (€49 already withheld)',
    source: 'CSS L160-13 II, décret 2024-114',
    input: { ...adult, participationYearToDateCents: 4900, actCode: 'G', feeCents: 3000, sector: '1', mutuelle: m100 },
    expect: { base: 3000, rate: 7000, participation: 100, amo: 2000, overrun: 0, amc: 900, remainder: 100 },
  },
  {
    name: 'OPTAM specialist at €80 with mutuelle 100 %: the overrun stays with the client',
    source: 'CSS R871-2 (the contract covers only what it states); service-public F17042',
    input: { ...adult, actCode: 'CS', feeCents: 8000, sector: 'optam', specialty: 'cardiology', mutuelle: { coveragePct: 100 } },
    expect: { base: 3000, rate: 7000, participation: 200, amo: 1900, overrun: 5000, amc: 900, remainder: 5200 },
  },
  {
    name: 'the same OPTAM specialist at €80 with mutuelle 300 %: the overrun is covered',
    source: 'CSS R871-2; service-public F17042',
    input: { ...adult, actCode: 'CS', feeCents: 8000, sector: 'optam', specialty: 'cardiology', mutuelle: { coveragePct: 300 } },
    expect: { base: 3000, rate: 7000, participation: 200, amo: 1900, overrun: 5000, amc: 5900, remainder: 200 },
  },
  {
    name: 'no mutuelle: the ticket modérateur and the participation stay with the client',
    source: 'Convention médicale 2024; CSS L160-13',
    input: { ...adult, actCode: 'G', feeCents: 3000, sector: '1', mutuelle: null },
    expect: { base: 3000, rate: 7000, participation: 200, amo: 1900, overrun: 0, amc: 0, remainder: 1100 },
  },
  {
    name: 'gynaecologist in direct access, without referral: 70 %',
    // CSS L162-5-3: accès direct spécifique (gynaecology, ophthalmology, stomatology); service-public F17042.
    source: 'CSS L162-5-3; service-public F17042',
    input: { ...adult, coordinated: false, actCode: 'CS', feeCents: 3000, sector: '1', specialty: 'gynecology-obstetrics', mutuelle: m100 },
    expect: { base: 3000, rate: 7000, participation: 200, amo: 1900, overrun: 0, amc: 900, remainder: 200 },
  },
  {
    name: 'cardiologist without referral: 30 %, penalty left to the client',
    source: 'CSS L162-5-3, R871-2',
    input: { ...adult, coordinated: false, actCode: 'CS', feeCents: 3000, sector: '1', specialty: 'cardiology', mutuelle: m100 },
    expect: { base: 3000, rate: 3000, participation: 200, amo: 700, overrun: 0, amc: 900, remainder: 1400 },
  },
  {
    name: 'mutuelle 100 % plus a fixed €20 per consultation, OPTAM at €60',
    source: 'Contract terms (forfait) within CSS R871-2',
    input: { ...adult, actCode: 'CS', feeCents: 6000, sector: 'optam', specialty: 'cardiology', mutuelle: { coveragePct: 100, fixedCents: 2000 } },
    expect: { base: 3000, rate: 7000, participation: 200, amo: 1900, overrun: 3000, amc: 2900, remainder: 1200 },
  },
  {
    name: 'an act of October 2024 uses the rules then in force (G €26.50)',
    // Avenant 9: G €26.50 from 1 Nov 2023; décret 2024-114: €2 participation from 15 May 2024.
    source: 'Convention 2016 avenant 9; décret 2024-114',
    date: '2024-10-01',
    input: { ...adult, actCode: 'G', feeCents: 2650, sector: '1', mutuelle: m100 },
    expect: { base: 2650, rate: 7000, participation: 200, amo: 1655, overrun: 0, amc: 795, remainder: 200 },
  },
];

describe('computeReimbursement: worked examples', () => {
  for (const ex of examples) {
    test(ex.name, () => {
      const rules = rulesFor(ex.date ?? '2026-11-23');
      const r = computeReimbursement(ex.input, rules);
      assert.deepEqual(
        { base: r.baseCents, rate: r.amoRateBp, participation: r.participationCents, amo: r.amoCents, overrun: r.overrunCents, amc: r.amcCents, remainder: r.remainderCents },
        ex.expect,
        ex.source,
      );
      assert.equal(r.amoCents + r.amcCents + r.remainderCents, ex.input.feeCents, 'every cent is accounted for');
      assert.ok(r.explanation.length >= 3, 'explained in words');
      assert.match(r.explanation.at(-1) ?? '', /^Reste à charge : /);
    });
  }
  test('explanations are in French with euro amounts', () => {
    const r = computeReimbursement({ ...adult, coordinated: false, actCode: 'G', feeCents: 3000, sector: '1', mutuelle: m100 }, rulesFor('2026-01-01'));
    assert.ok(r.explanation.some((l) => l.includes('Hors parcours de soins')));
    assert.ok(r.explanation.some((l) => l.includes('30 % de 30,00 €')));
    assert.ok(r.explanation.some((l) => l.includes('non prise en charge par un contrat responsable')));
  });
});

describe('rules table', () => {
  test('versions are ordered, dated, and chosen by the date of the act', () => {
    const dates = rulesVersions.map((v) => v.validFrom);
    assert.deepEqual([...dates].sort(), dates);
    assert.equal(rulesFor('2024-12-21').version, '2024-05-15');
    assert.equal(rulesFor('2024-12-22').version, '2024-12-22');
    assert.equal(rulesFor('2026-11-23').acts.G.base.conventional, 3000);
    for (const v of rulesVersions) for (const a of Object.values(v.acts)) assert.ok(a.source.length > 10, 'each act cites its source');
  });
});

describe('helpers', () => {
  test('mutuelle coverage is read from the free text of the client file', () => {
    assert.deepEqual(parseMutuelleCoverage('300 %'), { coveragePct: 300, fixedCents: 0 });
    assert.deepEqual(parseMutuelleCoverage('200% BR'), { coveragePct: 200, fixedCents: 0 });
    assert.deepEqual(parseMutuelleCoverage('100 % + 20 €'), { coveragePct: 100, fixedCents: 2000 });
    assert.equal(parseMutuelleCoverage('Formule confort'), null);
    assert.equal(parseMutuelleCoverage(null), null);
  });
  test('age on the day of the act', () => {
    assert.equal(ageOn('2020-06-15', '2026-06-14'), 5);
    assert.equal(ageOn('2020-06-15', '2026-06-15'), 6);
  });
  test('claim moves: send, pay in part, pay, reject, send again', () => {
    assert.ok(canMove('to_send', 'sent'));
    assert.ok(!canMove('to_send', 'paid'));
    assert.ok(canMove('sent', 'rejected'));
    assert.ok(canMove('rejected', 'sent'));
    assert.ok(!canMove('paid', 'rejected'));
    assert.equal(statusAfterPayment(1000, 1900), 'partially_paid');
    assert.equal(statusAfterPayment(1900, 1900), 'paid');
    assert.equal(addDays('2026-02-25', 7), '2026-03-04');
    assert.ok(isOverdue({ status: 'sent', dueOn: '2026-03-04' }, '2026-03-05'));
    assert.ok(!isOverdue({ status: 'sent', dueOn: '2026-03-04' }, '2026-03-04'));
    assert.ok(!isOverdue({ status: 'paid', dueOn: '2026-03-01' }, '2026-03-05'));
  });
});
