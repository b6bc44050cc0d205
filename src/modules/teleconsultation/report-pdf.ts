/**
 * The practitioner's report (compte rendu) or prescription as a PDF (pdfkit): it goes into the
 * client's medical file like any other document, readable anywhere.
 */
import PDFDocument from 'pdfkit';

export interface ReportPdfInput {
  kind: 'report' | 'prescription';
  appointmentNumber: string;
  /** "24 novembre 2026 à 10:00" */
  when: string;
  practitionerName: string;
  clientName: string;
  body: string;
}

export function reportPdf(input: ReportPdfInput): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const title = input.kind === 'report' ? 'Compte rendu de téléconsultation' : 'Ordonnance';
    const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `${title} ${input.appointmentNumber}`, Author: input.practitionerName, Creator: 'Parcours' } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.font('Helvetica-Bold').fontSize(16).text(title);
    doc.moveDown(0.5).font('Helvetica').fontSize(10).fillColor('#444');
    doc.text(`${input.practitionerName} — téléconsultation du ${input.when} (${input.appointmentNumber})`);
    doc.text(`Patient : ${input.clientName}`);
    doc.moveDown().fillColor('#000').fontSize(11).text(input.body, { align: 'left' });
    doc.end();
  });
}
