import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvAmount, csvField, parseCsv, toCsv } from './csv.ts';
import { agingBucket, agingReport, alignedPeriod, creditLines, formatInvoiceNumber, type IssuedLine, invoiceTotals, lineTotals, nextPeriod, paymentStatus, prorate, roundDiv, seriesFor } from './domain.ts';

const line = (position: number, quantity: number, unitPriceCents: number, vatRateBp: number): IssuedLine => ({ position, serviceId: null, label: `L${position}`, quantity, unitPriceCents, vatRateBp, ...lineTotals({ quantity, unitPriceCents, vatRateBp }) });

test('VAT is rounded per line, half away from zero; the totals are the sums of the lines', () => {
  assert.equal(roundDiv(5, 10), 1);
  assert.equal(roundDiv(-5, 10), -1);
  assert.equal(roundDiv(4, 10), 0);
  // 3 × 3,33 € at 20 %: 9,99 € HT, VAT 1,998 → 2,00 €.
  assert.deepEqual(lineTotals({ quantity: 3, unitPriceCents: 333, vatRateBp: 2000 }), { totalExclCents: 999, totalVatCents: 200 });
  // 0,25 € at 10 %: VAT 2,5 cents → 3 (half up); at 5,5 %: 1,375 cents → 1.
  assert.equal(lineTotals({ quantity: 1, unitPriceCents: 25, vatRateBp: 1000 }).totalVatCents, 3);
  assert.equal(lineTotals({ quantity: 1, unitPriceCents: 25, vatRateBp: 550 }).totalVatCents, 1);
  const t = invoiceTotals([line(1, 1, 12_000, 2000), line(2, 2, 1_999, 2000), line(3, 1, 4_550, 1000), line(4, 1, 3_000, 0)]);
  assert.equal(t.totalExclCents, 12_000 + 3_998 + 4_550 + 3_000);
  assert.deepEqual(
    t.vatByRate.map((r) => [r.vatRateBp, r.baseCents, r.vatCents]),
    [
      [2000, 15_998, 2_400 + 800],
      [1000, 4_550, 455],
      [0, 3_000, 0],
    ],
  );
  assert.equal(t.totalVatCents, 3_655);
  assert.equal(t.totalInclCents, t.totalExclCents + 3_655);
});

test('numbering: one series per kind and year, six digits', () => {
  assert.equal(seriesFor('invoice', '2026-12-31'), 'F-2026');
  assert.equal(seriesFor('credit_note', '2027-01-01'), 'AV-2027');
  assert.equal(formatInvoiceNumber('F-2026', 123), 'F-2026-000123');
  assert.equal(formatInvoiceNumber('F', null), null);
});

test('proration in days: joining mid-period pays the days left, leap years included', () => {
  const y2026 = alignedPeriod('yearly', '2026-03-15');
  assert.deepEqual(y2026, { start: '2026-01-01', end: '2026-12-31' });
  // 15 March → 31 December 2026: 292 days of 365; 120 € × 292/365 = 96 €.
  assert.deepEqual(prorate(12_000, y2026, '2026-03-15'), { days: 292, periodDays: 365, amountCents: 9_600 });
  assert.equal(prorate(12_000, y2026, '2026-01-01').amountCents, 12_000);
  assert.equal(prorate(12_000, y2026, '2026-12-31').amountCents, 33); // 32,88 → 33 cents
  const y2028 = alignedPeriod('yearly', '2028-07-01');
  assert.equal(prorate(36_600, y2028, '2028-07-01').periodDays, 366);
  assert.equal(prorate(36_600, y2028, '2028-07-01').amountCents, 18_400);
  const feb = alignedPeriod('monthly', '2028-02-10');
  assert.deepEqual(feb, { start: '2028-02-01', end: '2028-02-29' });
  assert.deepEqual(prorate(2_900, feb, '2028-02-10'), { days: 20, periodDays: 29, amountCents: 2_000 });
  assert.deepEqual(nextPeriod('monthly', '2026-01-31'), { start: '2026-02-01', end: '2026-02-28' });
  assert.deepEqual(nextPeriod('yearly', '2026-12-31'), { start: '2027-01-01', end: '2027-12-31' });
  assert.throws(() => prorate(100, y2026, '2027-01-01'), RangeError);
});

test('payment status: unpaid, partially paid, paid, overdue the day after the due date, credited, refund due', () => {
  const base = { kind: 'invoice' as const, status: 'issued', totalInclCents: 10_000, creditedCents: 0, paidCents: 0, dueOn: '2026-04-30' };
  assert.equal(paymentStatus(base, '2026-04-30'), 'unpaid');
  assert.equal(paymentStatus(base, '2026-05-01'), 'overdue');
  assert.equal(paymentStatus({ ...base, paidCents: 4_000 }, '2026-04-01'), 'partially_paid');
  assert.equal(paymentStatus({ ...base, paidCents: 4_000 }, '2026-05-02'), 'overdue');
  assert.equal(paymentStatus({ ...base, paidCents: 10_000 }, '2026-09-01'), 'paid');
  assert.equal(paymentStatus({ ...base, creditedCents: -10_000 }, '2026-09-01'), 'credited');
  assert.equal(paymentStatus({ ...base, creditedCents: -4_000, paidCents: 6_000 }, '2026-09-01'), 'paid');
  assert.equal(paymentStatus({ ...base, creditedCents: -10_000, paidCents: 10_000 }, '2026-09-01'), 'refund_due');
  assert.equal(paymentStatus({ ...base, status: 'draft' }, '2026-09-01'), 'draft');
  assert.equal(paymentStatus({ ...base, kind: 'credit_note', totalInclCents: -100 }, '2026-09-01'), 'credit_note');
});

test('aging buckets: 0–30, 31–60, 61–90, > 90 days past due', () => {
  assert.equal(agingBucket('2026-06-01', '2026-06-01'), 'not_due');
  assert.equal(agingBucket('2026-06-01', '2026-06-02'), 'd0_30');
  assert.equal(agingBucket('2026-06-01', '2026-07-01'), 'd0_30');
  assert.equal(agingBucket('2026-06-01', '2026-07-02'), 'd31_60');
  assert.equal(agingBucket('2026-06-01', '2026-08-30'), 'd61_90');
  assert.equal(agingBucket('2026-06-01', '2026-08-31'), 'd90_plus');
  const report = agingReport(
    [
      { balanceCents: 100, dueOn: '2026-06-01' },
      { balanceCents: 200, dueOn: '2026-05-01' },
      { balanceCents: 0, dueOn: '2026-01-01' },
    ],
    '2026-06-15',
  );
  assert.deepEqual(
    report.map((b) => [b.bucket, b.count, b.amountCents]),
    [
      ['not_due', 0, 0],
      ['d0_30', 1, 100],
      ['d31_60', 1, 200],
      ['d61_90', 0, 0],
      ['d90_plus', 0, 0],
    ],
  );
});

test('credit notes: negative lines; partial credits of a line net to exactly zero; never more than invoiced', () => {
  const original = [line(1, 3, 333, 2000), line(2, 1, 5_000, 1000)];
  const full = creditLines(original, [], { full: true });
  assert.ok('lines' in full);
  assert.deepEqual(
    full.lines.map((l) => [l.position, l.quantity, l.unitPriceCents, l.totalExclCents, l.totalVatCents]),
    [
      [1, 3, -333, -999, -200],
      [2, 1, -5_000, -5_000, -500],
    ],
  );
  // One unit at a time: −67, −67, then the remainder −66, so the line's VAT nets to zero.
  const a = creditLines(original, [], { lines: [{ position: 1, quantity: 1 }] });
  assert.ok('lines' in a);
  const b = creditLines(original, a.lines, { lines: [{ position: 1, quantity: 1 }] });
  assert.ok('lines' in b);
  const c = creditLines(original, [...a.lines, ...b.lines], { lines: [{ position: 1, quantity: 1 }] });
  assert.ok('lines' in c);
  const vat = [a, b, c].map((x) => ('lines' in x ? x.lines[0]!.totalVatCents : 0));
  assert.deepEqual(vat, [-67, -67, -66]);
  const all = [...a.lines, ...b.lines, ...c.lines];
  assert.deepEqual(creditLines(original, all, { lines: [{ position: 1, quantity: 1 }] }), { error: 'credit_nothing_left' });
  assert.deepEqual(creditLines(original, a.lines, { lines: [{ position: 1, quantity: 3 }] }), { error: 'credit_quantity_exceeded' });
  assert.deepEqual(creditLines(original, [], { lines: [{ position: 9, quantity: 1 }] }), { error: 'credit_line_unknown' });
  assert.deepEqual(creditLines(original, [], { lines: [] }), { error: 'credit_empty' });
  const rest = creditLines(original, all, { full: true });
  assert.ok('lines' in rest);
  assert.deepEqual(
    rest.lines.map((l) => l.position),
    [2],
  );
});

test('CSV: RFC 4180 quoting, formula injection neutralised, French amounts, BOM and CRLF', () => {
  assert.equal(csvField('simple'), 'simple');
  assert.equal(csvField('a;b'), '"a;b"');
  assert.equal(csvField('dit "bonjour"'), '"dit ""bonjour"""');
  assert.equal(csvField('ligne 1\nligne 2'), '"ligne 1\nligne 2"');
  assert.equal(csvField(' espace'), '" espace"');
  assert.equal(csvField('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  assert.equal(csvField('@SUM(A1)'), "'@SUM(A1)");
  assert.equal(csvField('-12,34'), '-12,34');
  assert.equal(csvField(null), '');
  assert.equal(csvAmount(123_456), '1234,56');
  assert.equal(csvAmount(-5), '-0,05');
  const text = toCsv(
    ['Nom', 'Montant'],
    [
      ['DUPONT; Jean "JJ"', csvAmount(-1_050)],
      ['Ligne\r\nsuivante', '0,00'],
    ],
  );
  assert.ok(text.startsWith('\uFEFFNom;Montant\r\n'));
  assert.ok(text.endsWith('\r\n'));
  assert.deepEqual(parseCsv(text), [
    ['Nom', 'Montant'],
    ['DUPONT; Jean "JJ"', '-10,50'],
    ['Ligne\r\nsuivante', '0,00'],
  ]);
});
