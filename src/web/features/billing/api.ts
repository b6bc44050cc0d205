// Billing endpoints (src/modules/billing/routes.ts, documented at /api/docs): catalogue, invoices,
// credit notes, payments, receivables, CSV, memberships, quotes (and their document); the portal's
// « Mes factures ».
import { api, uploadWithProgress } from '../../app/api.ts';

export const BILLING_KEY = ['billing'] as const;

export type ServiceKind = 'membership' | 'request_fee' | 'accompaniment' | 'logistics' | 'other';
export const SERVICE_KINDS: readonly ServiceKind[] = ['membership', 'request_fee', 'accompaniment', 'logistics', 'other'];
export type ServicePeriod = 'one_off' | 'monthly' | 'yearly';
export type PaymentMethod = 'card' | 'transfer' | 'cheque' | 'cash' | 'direct_debit';
export const PAYMENT_METHODS: readonly PaymentMethod[] = ['card', 'transfer', 'cheque', 'cash', 'direct_debit'];
export type PaymentStatus = 'draft' | 'cancelled' | 'unpaid' | 'partially_paid' | 'paid' | 'overdue' | 'credited' | 'refund_due' | 'credit_note';
export const VAT_RATES = [2000, 1000, 550, 210, 0] as const;

export interface BillingService {
  id: string;
  code: string;
  label: string;
  kind: ServiceKind;
  unitPriceCents: number;
  vatRateBp: number;
  period: ServicePeriod;
  active: boolean;
}

export interface InvoiceLine {
  id: string;
  position: number;
  serviceId: string | null;
  label: string;
  quantity: number;
  unitPriceCents: number;
  vatRateBp: number;
  totalExclCents: number;
  totalVatCents: number;
}

export interface Invoice {
  id: string;
  kind: 'invoice' | 'credit_note';
  number: string | null;
  status: 'draft' | 'issued' | 'cancelled';
  paymentStatus: PaymentStatus;
  clientId: string;
  clientName: string | null;
  clientNumber: string | null;
  requestId: string | null;
  membershipId: string | null;
  correctsId: string | null;
  buyer: { name: string; address: string[]; email: string | null } | null;
  issuedAt: string | null;
  issueDay: string | null;
  dueOn: string | null;
  totalExclCents: number;
  totalVatCents: number;
  totalInclCents: number;
  vatByRate: { vatRateBp: number; baseCents: number; vatCents: number }[];
  paidCents: number;
  creditedCents: number;
  balanceCents: number;
  createdAt: string;
  lines?: InvoiceLine[];
  payments?: { id: string; amountCents: number; method: PaymentMethod; receivedOn: string; reference: string | null }[];
  creditNotes?: { id: string; number: string | null; totalInclCents: number }[];
  corrects?: { id: string; number: string | null } | null;
}

export interface LineItem {
  serviceId?: string | null;
  label?: string;
  quantity: number;
  unitPriceCents?: number;
  vatRateBp?: number;
}

export type AgingBucket = 'not_due' | 'd0_30' | 'd31_60' | 'd61_90' | 'd90_plus';
export interface Receivables {
  asOf: string;
  totalCents: number;
  buckets: { bucket: AgingBucket; count: number; amountCents: number }[];
  invoices: (Invoice & { bucket: AgingBucket; daysLate: number })[];
}

export interface Quote {
  id: string;
  clientId: string;
  requestId: string | null;
  issuerName: string | null;
  label: string;
  totalCents: number;
  amoExpectedCents: number;
  amcExpectedCents: number;
  outOfPocketCents: number;
  documentId: string | null;
  status: 'received' | 'accepted' | 'declined';
  decisionNote: string | null;
  decidedAt: string | null;
  best: boolean;
  extraOverBestCents: number;
}

export type MembershipStatus = 'active' | 'ended' | 'cancelled';
export interface Membership {
  id: string;
  holderId: string;
  holderName: string | null;
  service: BillingService | null;
  payer: 'client' | 'employer';
  employerName: string | null;
  startsOn: string;
  /** Inclusive: the last day covered. */
  endsOn: string;
  autoRenew: boolean;
  status: MembershipStatus;
  members: { clientId: string; name: string | null; relation: string | null }[];
}

export interface MembershipInput {
  holderId: string;
  serviceId: string;
  payer: 'client' | 'employer';
  employer?: { name: string; address?: string[]; email?: string | null } | null;
  startsOn?: string;
  autoRenew?: boolean;
  members?: { clientId: string; relation?: string | null }[];
}

export interface InvoiceFilters {
  status?: 'draft' | 'issued' | undefined;
  kind?: 'invoice' | 'credit_note' | undefined;
  q?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  open?: boolean | undefined;
  overdue?: boolean | undefined;
  clientId?: string | undefined;
  requestId?: string | undefined;
}

export const billingApi = {
  services: (all = false) => api<{ services: BillingService[] }>('/api/billing/services', { query: { all } }),
  createService: (body: Omit<BillingService, 'id'>) => api<{ service: BillingService }>('/api/billing/services', { method: 'POST', body }),
  updateService: (id: string, body: Partial<Omit<BillingService, 'id'>>) => api<{ service: BillingService }>(`/api/billing/services/${id}`, { method: 'PATCH', body }),
  invoices: (f: InvoiceFilters) => api<{ invoices: Invoice[] }>('/api/billing/invoices', { query: { ...f, open: f.open ? 'true' : undefined, overdue: f.overdue ? 'true' : undefined } }),
  invoice: (id: string) => api<{ invoice: Invoice }>(`/api/billing/invoices/${id}`),
  createDraft: (body: { clientId: string; requestId?: string | null; lines: LineItem[] }) => api<{ invoice: Invoice }>('/api/billing/invoices', { method: 'POST', body }),
  updateDraft: (id: string, body: { lines: LineItem[] }) => api<{ invoice: Invoice }>(`/api/billing/invoices/${id}`, { method: 'PUT', body }),
  deleteDraft: (id: string) => api<void>(`/api/billing/invoices/${id}`, { method: 'DELETE' }),
  issue: (id: string) => api<{ invoice: Invoice }>(`/api/billing/invoices/${id}/issue`, { method: 'POST', body: {} }),
  creditNote: (id: string, body: { full?: boolean; lines?: { position: number; quantity: number }[]; reason: string }) => api<{ creditNote: Invoice }>(`/api/billing/invoices/${id}/credit-notes`, { method: 'POST', body }),
  payment: (id: string, body: { amountCents: number; method: PaymentMethod; receivedOn?: string; reference?: string | null }) => api<{ invoice: Invoice }>(`/api/billing/invoices/${id}/payments`, { method: 'POST', body }),
  invoiceRequest: (requestId: string, lines: LineItem[]) => api<{ invoice: Invoice }>(`/api/requests/${requestId}/invoice`, { method: 'POST', body: { lines } }),
  receivables: () => api<Receivables>('/api/billing/receivables'),
  quotes: (requestId: string) => api<{ quotes: Quote[] }>('/api/billing/quotes', { query: { requestId } }),
  createQuote: (body: { clientId: string; requestId: string; label: string; totalCents: number; amoExpectedCents: number; amcExpectedCents: number }) => api<{ quote: Quote }>('/api/billing/quotes', { method: 'POST', body }),
  decideQuote: (id: string, body: { decision: 'accepted' | 'declined'; note?: string | null }) => api<{ quote: Quote }>(`/api/billing/quotes/${id}/decision`, { method: 'POST', body }),
  memberships: (clientId: string) => api<{ memberships: Membership[] }>(`/api/clients/${clientId}/memberships`),
  createMembership: (body: MembershipInput) => api<{ membership: Membership; invoice: Invoice }>('/api/billing/memberships', { method: 'POST', body }),
  updateMembership: (id: string, body: { autoRenew?: boolean; cancel?: boolean; members?: { clientId: string; relation?: string | null }[] }) =>
    api<{ membership: Membership }>(`/api/billing/memberships/${id}`, { method: 'PATCH', body }),
  portalInvoices: () => api<{ invoices: Invoice[] }>('/api/portal/invoices'),
};

/** The quote's document, as the team opens it from the client's file (under the client's consent, audited). */
export const quoteDocumentUrl = (documentId: string) => `/api/documents/${documentId}/content?disposition=inline`;

/**
 * Attaches the provider's document to a quote: the raw file as the body, its name in X-Filename,
 * sent with XMLHttpRequest so the upload reports its progress (fetch has none). The server sniffs
 * the real type and answers 413/415 in the user's language.
 */
export async function uploadQuoteDocument(quoteId: string, file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<Quote> {
  const body = await uploadWithProgress(`/api/billing/quotes/${quoteId}/document`, file, { onProgress, signal });
  return body.quote as Quote;
}

export const pdfUrl = (id: string, portal = false) => (portal ? `/api/portal/invoices/${id}/pdf` : `/api/billing/invoices/${id}/pdf`);
export const csvUrl = (kind: 'invoices' | 'payments', from?: string, to?: string) => {
  const q = new URLSearchParams();
  if (from) q.set('from', from);
  if (to) q.set('to', to);
  const s = q.toString();
  return `/api/billing/export/${kind}.csv${s ? `?${s}` : ''}`;
};

export function formatCents(cents: number, language: string): string {
  return new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'fr-FR', { style: 'currency', currency: 'EUR' }).format(cents / 100);
}
/** "12,50" or "12.50" → 1250; null when not a non-negative amount. */
export function parseEuros(text: string): number | null {
  const s = text.replace(/\s|€/g, '').replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return null;
  return Math.round(Number(s) * 100);
}
export const vatLabel = (bp: number, language: string) => `${new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'fr-FR', { maximumFractionDigits: 2 }).format(bp / 100)} %`;
