// KPI endpoints (src/modules/reporting/routes.ts, documented at /api/docs). Periods are Paris
// calendar days (YYYY-MM-DD, both included); durations come in minutes, hours or days as named.
import { api } from '../../app/api.ts';

export type Granularity = 'week' | 'month';

export interface KpiParams {
  from: string;
  to: string;
  granularity: Granularity;
  assigneeId?: string | undefined;
  specialty?: string | undefined;
}

export interface ResponseRow {
  urgency: string;
  targetMinutes: number;
  requests: number;
  responded: number;
  withinTarget: number;
  pending: number;
  withinShare: number | null;
  medianMinutes: number | null;
  p90Minutes: number | null;
}

export interface SatisfactionPoint {
  bucket: string | null;
  answers: number;
  csatMean: number | null;
  npsAnswers: number;
  promoters: number;
  detractors: number;
  nps: number | null;
}

export interface Kpis {
  period: { from: string; to: string };
  granularity: Granularity;
  volume: {
    total: number;
    byChannel: Record<string, number>;
    bySpecialty: Record<string, number>;
    byUrgency: Record<string, number>;
    series: { bucket: string; count: number }[];
  };
  firstResponse: { byUrgency: ResponseRow[]; withinShare: number | null };
  emergencies: { requests: number; withinTarget: number; withinShare: number | null; targetMinutes: number };
  timeToAppointment: { requests: number; withAppointment: number; medianHours: number | null; p90Hours: number | null };
  appointments: {
    total: number;
    completed: number;
    noShow: number;
    teleconsultation: number;
    noShowRate: number | null;
    teleconsultationShare: number | null;
    series: { bucket: string; inPerson: number; teleconsultation: number; noShow: number }[];
  };
  satisfaction: { overall: SatisfactionPoint; series: SatisfactionPoint[] };
  reimbursement: { byInsurer: { insurer: string; paid: number; medianDays: number | null; p90Days: number | null }[]; overdue: number };
}

export interface Finance {
  revenueExclCents: number;
  revenueInclCents: number;
  invoices: number;
  creditNotes: number;
  series: { bucket: string; revenueExclCents: number }[];
  outstandingCents: number;
  overdueCents: number;
  openInvoices: number;
}

export const REPORTING_KEY = ['reporting'] as const;

const query = (p: KpiParams) => ({ from: p.from, to: p.to, granularity: p.granularity, assigneeId: p.assigneeId, specialty: p.specialty });

export const reportingApi = {
  kpis: (p: KpiParams) => api<Kpis>('/api/reporting/kpis', { query: query(p) }),
  finance: (p: KpiParams) => api<Finance>('/api/reporting/finance', { query: query(p) }),
  team: () => api<{ members: { id: string; displayName: string; role: string }[] }>('/api/reporting/team'),
  monthlyReportUrl: (month: string, lang: 'fr' | 'en') => `/api/reporting/monthly-report?month=${month}&lang=${lang}`,
};
