/**
 * The monthly activity report as a PDF (pdfkit): the headline figures, a few tables and simple
 * drawn bars, in French or English. Aggregates only: no client, no health detail.
 */
import PDFDocument from 'pdfkit';
import { specialties, urgencyLevels } from '../../platform/specialties.ts';
import type { Dashboard, FinanceFigures } from './service.ts';

export interface MonthlyReportInput {
  month: string;
  lang: 'fr' | 'en';
  kpis: Dashboard;
  finance: FinanceFigures | null;
  generatedAt: Date;
}

const L = {
  fr: {
    title: 'Rapport d’activité',
    generated: 'Généré le',
    headline: 'Chiffres clés',
    requests: 'Demandes reçues',
    withinTarget: 'Première réponse dans le délai cible',
    toAppointment: 'Délai demande → premier rendez-vous (médiane / p90)',
    emergencies: 'Urgences vitales traitées dans le délai',
    appointments: 'Rendez-vous',
    noShow: 'Taux de rendez-vous non honorés',
    tele: 'Part de téléconsultations',
    csat: 'Satisfaction (CSAT moyen /5)',
    nps: 'NPS',
    claims: 'Délai de remboursement (envoi → paiement, médiane)',
    byChannel: 'Demandes par canal',
    byUrgency: 'Première réponse par niveau d’urgence',
    bySpecialty: 'Demandes par spécialité',
    satisfaction: 'Satisfaction par semaine',
    finance: 'Finances',
    revenue: 'Chiffre d’affaires HT (factures − avoirs)',
    revenueIncl: 'Chiffre d’affaires TTC',
    outstanding: 'Créances en cours (à ce jour)',
    overdue: 'dont échues',
    cols: { urgency: 'Urgence', target: 'Cible', count: 'Demandes', within: 'Dans le délai', median: 'Médiane', week: 'Semaine du', answers: 'Réponses', channel: 'Canal', specialty: 'Spécialité' },
    channels: { portal: 'Portail', public_form: 'Formulaire public', phone: 'Téléphone', email: 'E-mail' } as Record<string, string>,
    none: 'Non qualifiée',
    immediate: 'immédiate',
    days: 'j',
    hours: 'h',
    min: 'min',
  },
  en: {
    title: 'Activity report',
    generated: 'Generated on',
    headline: 'Headline figures',
    requests: 'Requests received',
    withinTarget: 'First response within target',
    toAppointment: 'Request → first appointment (median / p90)',
    emergencies: 'Emergencies handled within target',
    appointments: 'Appointments',
    noShow: 'No-show rate',
    tele: 'Teleconsultation share',
    csat: 'Satisfaction (mean CSAT /5)',
    nps: 'NPS',
    claims: 'Reimbursement delay (sent → paid, median)',
    byChannel: 'Requests by channel',
    byUrgency: 'First response by urgency',
    bySpecialty: 'Requests by specialty',
    satisfaction: 'Satisfaction by week',
    finance: 'Finance',
    revenue: 'Revenue excl. VAT (invoices − credit notes)',
    revenueIncl: 'Revenue incl. VAT',
    outstanding: 'Outstanding receivables (today)',
    overdue: 'of which overdue',
    cols: { urgency: 'Urgency', target: 'Target', count: 'Requests', within: 'Within target', median: 'Median', week: 'Week of', answers: 'Answers', channel: 'Channel', specialty: 'Specialty' },
    channels: { portal: 'Portal', public_form: 'Public form', phone: 'Phone', email: 'E-mail' } as Record<string, string>,
    none: 'Not triaged',
    immediate: 'immediate',
    days: 'd',
    hours: 'h',
    min: 'min',
  },
};

export function monthlyReportPdf(input: MonthlyReportInput): Promise<Buffer> {
  const t = L[input.lang];
  const locale = input.lang === 'fr' ? 'fr-FR' : 'en-GB';
  const [y, m] = input.month.split('-').map(Number) as [number, number];
  const monthName = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 15)));
  const number = (v: number, digits = 0) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(v);
  const pct = (v: number | null) => (v === null ? '—' : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(v));
  const euros = (cents: number) => new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' }).format(cents / 100);
  const hours = (h: number | null) => (h === null ? '—' : h >= 48 ? `${number(h / 24, 1)} ${t.days}` : `${number(h, 1)} ${t.hours}`);
  const minutes = (v: number | null) => (v === null ? '—' : v >= 120 ? `${number(v / 60, 1)} ${t.hours}` : `${number(v)} ${t.min}`);
  const specialtyLabel = (code: string) => specialties.find((s) => s.code === code)?.[input.lang] ?? t.none;
  const urgencyLabel = (code: string) => (urgencyLevels.find((u) => u.code === code)?.[input.lang] ?? code).split(' — ')[0] as string;
  const k = input.kpis;

  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 50,
      // The Subject is plain ASCII with the month code: searchable in any PDF index.
      info: { Title: `${t.title} — ${monthName}`, Subject: `Parcours activity report ${input.month}`, Author: 'Parcours', Creator: 'Parcours' },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    const left = doc.page.margins.left;
    const width = doc.page.width - left - doc.page.margins.right;

    const heading = (text: string) => {
      if (doc.y > doc.page.height - 160) doc.addPage();
      doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).fillColor('#1c3d5a').text(text, left).moveDown(0.3);
      doc.font('Helvetica').fontSize(10).fillColor('#000');
    };
    /** A table: first column left-aligned, others right-aligned, a rule under the header. */
    const table = (head: string[], rows: string[][], widths: number[]) => {
      const draw = (cells: string[], bold: boolean) => {
        if (doc.y > doc.page.height - 80) doc.addPage();
        const y = doc.y;
        let x = left;
        doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9.5);
        cells.forEach((c, i) => {
          const w = (widths[i] ?? 0.2) * width;
          doc.text(c, x + 2, y, { width: w - 4, align: i === 0 ? 'left' : 'right', lineBreak: false, ellipsis: true });
          x += w;
        });
        doc.y = y + 15;
        doc.x = left;
      };
      draw(head, true);
      doc
        .moveTo(left, doc.y - 2)
        .lineTo(left + width, doc.y - 2)
        .strokeColor('#888')
        .lineWidth(0.5)
        .stroke();
      for (const r of rows) draw(r, false);
    };
    /** Horizontal bars, longest first: the label, a bar scaled to the largest value, the value. */
    const bars = (items: { label: string; value: number }[]) => {
      const max = Math.max(1, ...items.map((i) => i.value));
      const labelW = width * 0.35;
      const barW = width * 0.5;
      for (const item of items) {
        if (doc.y > doc.page.height - 70) doc.addPage();
        const y = doc.y;
        doc.fontSize(9).fillColor('#000').text(item.label, left, y, { width: labelW - 6, lineBreak: false, ellipsis: true });
        doc
          .rect(left + labelW, y + 1, Math.max(1, (barW * item.value) / max), 9)
          .fill('#3b7ddd');
        doc.fillColor('#000').text(number(item.value), left + labelW + barW + 6, y, { lineBreak: false });
        doc.y = y + 14;
      }
      doc.x = left;
    };

    doc.font('Helvetica-Bold').fontSize(18).fillColor('#000').text(`${t.title} — ${monthName}`);
    doc
      .font('Helvetica')
      .fontSize(9)
      .fillColor('#555')
      .text(`${k.period.from} → ${k.period.to} · ${t.generated} ${new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(input.generatedAt)}`);

    heading(t.headline);
    const csat = k.satisfaction.overall.csatMean;
    table(
      ['', ''],
      [
        [t.requests, number(k.volume.total)],
        [t.withinTarget, pct(k.firstResponse.withinShare)],
        [t.emergencies, `${pct(k.emergencies.withinShare)} (${number(k.emergencies.withinTarget)} / ${number(k.emergencies.requests)})`],
        [t.toAppointment, `${hours(k.timeToAppointment.medianHours)} / ${hours(k.timeToAppointment.p90Hours)}`],
        [t.appointments, number(k.appointments.total)],
        [t.noShow, pct(k.appointments.noShowRate)],
        [t.tele, pct(k.appointments.teleconsultationShare)],
        [t.csat, csat === null ? '—' : number(csat, 2)],
        [t.nps, k.satisfaction.overall.nps === null ? '—' : number(k.satisfaction.overall.nps)],
        [t.claims, k.reimbursement.byInsurer[0]?.medianDays == null ? '—' : `${number(k.reimbursement.byInsurer[0].medianDays, 1)} ${t.days}`],
      ],
      [0.7, 0.3],
    );

    heading(t.byUrgency);
    table(
      [t.cols.urgency, t.cols.target, t.cols.count, t.cols.within, t.cols.median],
      k.firstResponse.byUrgency.map((r) => [urgencyLabel(r.urgency), r.urgency === 'emergency' ? `${t.immediate} (${r.targetMinutes} ${t.min})` : minutes(r.targetMinutes), number(r.requests), pct(r.withinShare), minutes(r.medianMinutes)]),
      [0.3, 0.2, 0.15, 0.17, 0.18],
    );

    heading(t.byChannel);
    table(
      [t.cols.channel, t.cols.count],
      Object.entries(k.volume.byChannel)
        .sort((a, b) => b[1] - a[1])
        .map(([c, n]) => [t.channels[c] ?? c, number(n)]),
      [0.7, 0.3],
    );

    heading(t.bySpecialty);
    bars(
      Object.entries(k.volume.bySpecialty)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 12)
        .map(([code, value]) => ({ label: code === 'none' ? t.none : specialtyLabel(code), value })),
    );

    if (k.satisfaction.series.length > 0) {
      heading(t.satisfaction);
      table(
        [t.cols.week, t.cols.answers, 'CSAT', 'NPS'],
        k.satisfaction.series.map((s) => [s.bucket ?? '', number(s.answers), s.csatMean === null ? '—' : number(s.csatMean, 2), s.nps === null ? '—' : number(s.nps)]),
        [0.4, 0.2, 0.2, 0.2],
      );
    }

    if (input.finance) {
      heading(t.finance);
      const f = input.finance;
      table(
        ['', ''],
        [
          [t.revenue, euros(f.revenueExclCents)],
          [t.revenueIncl, euros(f.revenueInclCents)],
          [t.outstanding, `${euros(f.outstandingCents)} (${t.overdue} ${euros(f.overdueCents)})`],
        ],
        [0.6, 0.4],
      );
    }
    doc.end();
  });
}
