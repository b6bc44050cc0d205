/**
 * The invoice or credit note as a PDF (pdfkit), with the mentions French law requires on an
 * invoice (Code de commerce L.441-9 and R.123-237, CGI art. 242 nonies A): seller's name, legal
 * form, SIREN/SIRET, address and VAT number; buyer's name and address; number and date of issue;
 * date of the service; each line with its unit price HT, quantity and VAT rate; totals HT, VAT per
 * rate and TTC; the due date; late-payment penalties and, for a business buyer, the €40 fixed
 * recovery indemnity; "TVA non applicable, art. 293 B du CGI" when no VAT is charged at all.
 *
 * Uncompressed, with standard fonts (not embedded) and an ASCII binary-marker line: the whole file
 * is 7-bit text (readable in tests and diffs).
 */
import PDFDocument from 'pdfkit';
import { euros, frenchDate, RECOVERY_INDEMNITY_CENTS, vatRateLabel } from './domain.ts';
import type { Seller } from './seller.ts';

export interface PdfInvoice {
  kind: 'invoice' | 'credit_note';
  number: string;
  issueDay: string;
  dueOn: string | null;
  /** Dates of the services delivered (a period for a membership). */
  serviceDates: string;
  buyer: { name: string; address: string[]; email: string | null };
  business: boolean;
  correctsNumber: string | null;
  clientNumber: string;
  lines: { label: string; quantity: number; unitPriceCents: number; vatRateBp: number; totalExclCents: number; totalVatCents: number }[];
  vatByRate: { vatRateBp: number; baseCents: number; vatCents: number }[];
  totalExclCents: number;
  totalVatCents: number;
  totalInclCents: number;
  paidCents: number;
  balanceCents: number;
}

export function invoicePdf(inv: PdfInvoice, seller: Seller): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const title = inv.kind === 'invoice' ? 'Facture' : 'Avoir';
    const doc = new PDFDocument({ size: 'A4', margin: 50, compress: false, info: { Title: plain(`${title} ${inv.number}`), Author: plain(seller.name), Creator: 'Parcours' } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(asciiSafe(Buffer.concat(chunks))));
    doc.on('error', reject);

    const left = 50;
    const width = doc.page.width - 100;
    doc.font('Helvetica-Bold').fontSize(14).text(seller.name, left, 50);
    doc.font('Helvetica').fontSize(9).fillColor('#333');
    doc.text(seller.legalForm);
    for (const l of seller.address) doc.text(l);
    doc.text(`SIREN ${seller.siren} — SIRET ${seller.siret}`);
    doc.text(`N° TVA intracommunautaire : ${seller.vatNumber}`);
    doc.text(seller.email);

    doc.font('Helvetica-Bold').fontSize(20).fillColor('#000').text(`${title} ${inv.number}`, left + width / 2, 50, { width: width / 2, align: 'right' });
    doc.font('Helvetica').fontSize(10);
    doc.text(`Date d’émission : ${frenchDate(inv.issueDay)}`, { width: width / 2, align: 'right' });
    if (inv.dueOn && inv.kind === 'invoice') doc.text(`Date d’échéance : ${frenchDate(inv.dueOn)}`, { width: width / 2, align: 'right' });
    doc.text(`Client n° ${inv.clientNumber}`, { width: width / 2, align: 'right' });
    if (inv.correctsNumber) doc.text(`Rectifie la facture ${inv.correctsNumber}`, { width: width / 2, align: 'right' });

    doc.moveDown(2);
    const buyerTop = Math.max(doc.y, 160);
    doc.font('Helvetica-Bold').fontSize(10).text('Facturé à', left + width / 2, buyerTop);
    doc.font('Helvetica').text(inv.buyer.name, { width: width / 2 });
    for (const l of inv.buyer.address) doc.text(l, { width: width / 2 });

    doc.moveDown(2);
    doc.x = left;
    doc.fontSize(9).fillColor('#333').text(`Date(s) de la prestation : ${inv.serviceDates}`, left);
    doc.moveDown();

    // Lines
    const cols = [
      { h: 'Désignation', w: 0.42, align: 'left' as const },
      { h: 'Qté', w: 0.07, align: 'right' as const },
      { h: 'P.U. HT', w: 0.14, align: 'right' as const },
      { h: 'TVA', w: 0.09, align: 'right' as const },
      { h: 'Montant HT', w: 0.14, align: 'right' as const },
      { h: 'Montant TVA', w: 0.14, align: 'right' as const },
    ];
    const row = (cells: string[], bold = false) => {
      const y = doc.y;
      let x = left;
      let bottom = y;
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9).fillColor('#000');
      cells.forEach((c, i) => {
        const col = cols[i]!;
        doc.text(c, x + 2, y, { width: col.w * width - 4, align: col.align });
        bottom = Math.max(bottom, doc.y);
        x += col.w * width;
      });
      doc.y = bottom + 4;
      doc.x = left;
    };
    row(
      cols.map((c) => c.h),
      true,
    );
    doc.moveTo(left, doc.y).lineTo(left + width, doc.y).strokeColor('#999').stroke();
    doc.moveDown(0.3);
    for (const l of inv.lines) row([l.label, String(l.quantity), euros(l.unitPriceCents), vatRateLabel(l.vatRateBp), euros(l.totalExclCents), euros(l.totalVatCents)]);
    doc.moveTo(left, doc.y).lineTo(left + width, doc.y).strokeColor('#999').stroke();
    doc.moveDown();

    // Totals
    const totalsX = left + width * 0.5;
    const total = (label: string, value: string, bold = false) => {
      const y = doc.y;
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(bold ? 11 : 10);
      doc.text(label, totalsX, y, { width: width * 0.3 });
      doc.text(value, totalsX + width * 0.3, y, { width: width * 0.2, align: 'right' });
      doc.x = left;
    };
    total('Total HT', euros(inv.totalExclCents));
    for (const r of inv.vatByRate) total(`TVA ${vatRateLabel(r.vatRateBp)} sur ${euros(r.baseCents)}`, euros(r.vatCents));
    total('Total TTC', euros(inv.totalInclCents), true);
    if (inv.kind === 'invoice' && inv.paidCents) {
      total('Déjà réglé', euros(-inv.paidCents));
      total('Reste à payer', euros(Math.max(0, inv.balanceCents)), true);
    }
    doc.moveDown(2);

    // Mentions
    doc.x = left;
    doc.font('Helvetica').fontSize(8).fillColor('#333');
    const mention = (s: string) => doc.text(s, left, doc.y, { width });
    if (inv.totalVatCents === 0 && inv.vatByRate.every((r) => r.vatRateBp === 0)) mention('TVA non applicable, art. 293 B du CGI.');
    mention('Arrondis : TVA calculée et arrondie au centime par ligne ; la TVA par taux est la somme des lignes.');
    if (inv.kind === 'invoice') {
      mention(`Conditions de paiement : ${seller.paymentTermsDays} jours à compter de la date d’émission. Pas d’escompte pour paiement anticipé.`);
      mention(`Pénalités de retard : ${seller.latePenalty}, exigibles dès le lendemain de la date d’échéance.`);
      if (inv.business) mention(`Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement : ${euros(RECOVERY_INDEMNITY_CENTS)} (art. L.441-10 et D.441-5 du Code de commerce).`);
      if (seller.iban) mention(`Règlement par virement : IBAN ${seller.iban}.`);
    } else {
      mention('Avoir : les montants négatifs viennent en déduction de la facture rectifiée.');
    }
    doc.end();
  });
}

/**
 * pdfkit starts the file with a comment of four 0xFF bytes (a "this is binary" hint for old
 * transfer tools). With compression off and standard fonts nothing else is binary: replace those
 * bytes by ASCII of the same length (offsets in the cross-reference table stay exact) and check.
 */
export function asciiSafe(pdf: Buffer): Buffer {
  const out = Buffer.from(pdf);
  const marker = out.indexOf(Buffer.from([0xff, 0xff, 0xff, 0xff]));
  if (marker >= 0 && marker < 32) out.write('PRCS', marker, 'latin1');
  return out;
}

/** The document's metadata is written as raw UTF-16 when not ASCII: keep it ASCII (accents folded). */
const plain = (s: string): string => s.normalize('NFD').replace(/[^\x20-\x7e]/g, '');

