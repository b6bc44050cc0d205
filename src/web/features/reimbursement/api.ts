// Reimbursement endpoints (src/modules/reimbursement/routes.ts, documented at /api/docs): care acts
// and their claims for the team, « Mes remboursements » for the client. Amounts are integer cents.
import { api } from '../../app/api.ts';

export type ActCode = 'G' | 'APC' | 'TCG' | 'CS' | 'TC';
export const ACT_CODES: readonly ActCode[] = ['G', 'CS', 'APC', 'TCG', 'TC'];
export type Sector = '1' | 'optam' | '2' | 'non_conventionne';
export const SECTORS: readonly Sector[] = ['1', 'optam', '2', 'non_conventionne'];
export type ClaimStatus = 'to_send' | 'sent' | 'partially_paid' | 'paid' | 'rejected';
export const CLAIM_STATUSES: readonly ClaimStatus[] = ['to_send', 'sent', 'partially_paid', 'paid', 'rejected'];
export type Insurer = 'amo' | 'amc';

export interface Claim {
  id: string;
  actId: string;
  clientId: string;
  insurer: Insurer;
  insurerName: string | null;
  status: ClaimStatus;
  expectedCents: number;
  receivedCents: number;
  sentOn: string | null;
  dueOn: string | null;
  paidOn: string | null;
  rejectionReason: string | null;
  documentIds: string[];
  lastReminderAt: string | null;
  overdue: boolean;
  updatedAt: string;
}

export interface ClaimRow extends Claim {
  client: { id: string; number: string; displayName: string } | null;
  act: { actCode: ActCode; performedOn: string } | null;
}

export interface CareAct {
  id: string;
  clientId: string;
  appointmentId: string | null;
  requestId: string | null;
  practitioner: { id: string; name: string } | null;
  actCode: ActCode;
  performedOn: string;
  feeCents: number;
  baseCents: number;
  amoRateBp: number;
  participationCents: number;
  overrunCents: number;
  amoExpectedCents: number;
  amcExpectedCents: number;
  remainderCents: number;
  rulesVersion: string;
  explanation: string[];
  createdAt: string;
  claims: Claim[];
}

export interface ActInput {
  appointmentId?: string | null;
  actCode?: ActCode;
  performedOn?: string;
  feeCents?: number;
  sector?: Sector;
  coordinated?: boolean;
  participationExempt?: boolean;
}

export interface Estimate {
  rulesVersion: string;
  actCode: ActCode;
  feeCents: number;
  baseCents: number;
  amoRateBp: number;
  participationCents: number;
  amoCents: number;
  overrunCents: number;
  amcCents: number;
  remainderCents: number;
  explanation: string[];
  performedOn: string;
}

export const REIMBURSEMENT_KEY = ['reimbursement'] as const;
const enc = encodeURIComponent;

export const reimbursementApi = {
  ofClient: (clientId: string) => api<{ acts: CareAct[] }>(`/api/clients/${enc(clientId)}/reimbursements`),
  mine: () => api<{ acts: CareAct[] }>('/api/portal/reimbursements'),
  estimate: (clientId: string, body: ActInput) => api<{ estimate: Estimate }>(`/api/clients/${enc(clientId)}/care-acts/estimate`, { method: 'POST', body }),
  record: (clientId: string, body: ActInput) => api<{ act: CareAct }>(`/api/clients/${enc(clientId)}/care-acts`, { method: 'POST', body }),
  claims: (query: { status?: ClaimStatus | 'open'; overdue?: boolean }) =>
    api<{ claims: ClaimRow[] }>('/api/reimbursement/claims', { query: { status: query.status, overdue: query.overdue ? 'true' : undefined } }),
  send: (id: string, sentOn?: string) => api<{ claim: Claim }>(`/api/reimbursement/claims/${enc(id)}/send`, { method: 'POST', body: sentOn ? { sentOn } : {} }),
  pay: (id: string, amountCents: number, paidOn?: string) =>
    api<{ claim: Claim }>(`/api/reimbursement/claims/${enc(id)}/payments`, { method: 'POST', body: paidOn ? { amountCents, paidOn } : { amountCents } }),
  reject: (id: string, reason: string) => api<{ claim: Claim }>(`/api/reimbursement/claims/${enc(id)}/reject`, { method: 'POST', body: { reason } }),
};

/** "19,00 €" / "€19.00" in the user's language. */
export function formatCents(cents: number, language: string): string {
  return new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'fr-FR', { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

/** "19,5" or "19.50" typed by a user → 1950 cents; null when not a number. */
export function parseEuros(text: string): number | null {
  const n = Number(text.trim().replace(/\s|€/g, '').replace(',', '.'));
  return text.trim() && Number.isFinite(n) && n >= 0 ? Math.round(n * 100) : null;
}
