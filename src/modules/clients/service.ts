/** Client registry use-cases: validate, detect duplicates, seal what is sensitive, audit every access. */
import type { AppContext } from '../../platform/context.ts';
import { DomainError } from '../../platform/errors.ts';
import type { Actor } from '../audit/domain.ts';
import { recordAudit } from '../audit/store.ts';
import { findProvider } from '../directory/store.ts';
import {
  checkNir,
  clientNumber,
  displayName,
  type FieldError,
  type IdentityStatus,
  identityStatusErrors,
  ins,
  isBirthplaceCode,
  nirMatchesIdentity,
  parseClientQuery,
  pharmacyErrors,
  sameStrictTraits,
  type Sex,
  searchName,
  toE164,
} from './domain.ts';
import type { Address, Contact, Gp, Mutuelle } from './schema.ts';
import * as store from './store.ts';
import type { ClientRow } from './store.ts';

export interface ClientInput {
  birthName: string;
  firstNames: string[];
  usedName?: string | null | undefined;
  usedFirstName?: string | null | undefined;
  birthDate: string;
  sex: Sex;
  birthplaceCode?: string | null | undefined;
  identityStatus?: IdentityStatus | undefined;
  identityDocument?: { type: string } | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  address?: Address | null | undefined;
  preferredLanguage?: string | undefined;
  trustedPerson?: Contact | null | undefined;
  relatives?: Contact[] | undefined;
  gp?: Gp | null | undefined;
  insurance?: { nir?: string | null | undefined; amoScheme?: string | null | undefined; amoFund?: string | null | undefined; mutuelle?: Mutuelle | null | undefined } | undefined;
  /** The usual pharmacy (a directory provider of kind pharmacy); null clears it. */
  pharmacyId?: string | null | undefined;
}

/** The usual pharmacy as the client file shows it. */
export type ClientPharmacy = { id: string; name: string; city: string; postalCode: string; phone: string | null; active: boolean };

export interface Medical {
  allergies: string[];
  treatments: string[];
  history: string;
}

const nirContext = (id: string) => `clients.nir:${id}`;
const medicalContext = (id: string) => `clients.medical:${id}`;
const NIR_INDEX = 'clients.nir';

export function toClientSummary(c: ClientRow) {
  return {
    id: c.id,
    number: clientNumber(c.number),
    status: c.status as 'active' | 'pending',
    displayName: displayName(c),
    birthName: c.birthName,
    usedName: c.usedName,
    firstName: c.firstNames[0] ?? '',
    birthDate: c.birthDate,
    sex: c.sex as Sex,
    phone: c.phone,
    email: c.email,
    identityStatus: c.identityStatus as IdentityStatus,
  };
}
export type ClientSummary = ReturnType<typeof toClientSummary>;

/** The client's usual pharmacy, or null (none, or the provider is gone). */
export async function pharmacyOf(ctx: AppContext, pharmacyId: string | null): Promise<ClientPharmacy | null> {
  const p = pharmacyId ? await findProvider(ctx.db, pharmacyId) : undefined;
  return p ? { id: p.id, name: p.name, city: p.city, postalCode: p.postalCode, phone: p.phone, active: p.active } : null;
}

/** The full client view, with its pharmacy looked up. */
export async function clientView(ctx: AppContext, c: ClientRow) {
  return toClient(ctx, c, await pharmacyOf(ctx, c.pharmacyId));
}

export function toClient(ctx: AppContext, c: ClientRow, pharmacy: ClientPharmacy | null) {
  const nir = c.nirSealed ? ctx.vault.open(c.nirSealed, nirContext(c.id)) : null;
  return {
    ...toClientSummary(c),
    firstNames: c.firstNames,
    usedFirstName: c.usedFirstName,
    birthplaceCode: c.birthplaceCode,
    identityDocument: c.identityDocument ?? null,
    ins: ins(nir, c.identityStatus as IdentityStatus),
    address: c.address ?? null,
    preferredLanguage: c.preferredLanguage,
    trustedPerson: c.trustedPerson ?? null,
    relatives: c.relatives,
    gp: c.gp ?? null,
    insurance: { nir, amoScheme: c.amoScheme, amoFund: c.amoFund, mutuelle: c.mutuelle ?? null },
    pharmacy,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

/** Checks and normalises what domain rules say about an input; throws one 400 listing every faulty field. */
async function normalise(ctx: AppContext, input: ClientInput, existing?: ClientRow) {
  const errors: FieldError[] = [];
  const birthDate = input.birthDate;
  if (Number.isNaN(Date.parse(birthDate)) || birthDate > ctx.now().toISOString().slice(0, 10)) errors.push({ path: 'birthDate', code: 'birth_date_invalid' });
  if (input.birthplaceCode && !isBirthplaceCode(input.birthplaceCode)) errors.push({ path: 'birthplaceCode', code: 'birthplace_invalid' });
  let phone: string | null | undefined = input.phone;
  if (input.phone) {
    phone = toE164(input.phone);
    if (!phone) errors.push({ path: 'phone', code: 'phone_invalid' });
  }
  let nir: string | null = null;
  const nirInput = input.insurance?.nir;
  if (nirInput) {
    const checked = checkNir(nirInput);
    if (!checked.ok) errors.push({ path: 'insurance.nir', code: checked.code });
    else {
      nir = checked.nir;
      errors.push(...nirMatchesIdentity(nir, input.sex, birthDate));
    }
  } else if (nirInput === undefined && existing?.nirSealed) nir = ctx.vault.open(existing.nirSealed, nirContext(existing.id));
  const status = input.identityStatus ?? 'PROV';
  const hasDocument = input.identityDocument !== undefined ? input.identityDocument !== null : Boolean(existing?.identityDocument);
  errors.push(...identityStatusErrors(status, hasDocument, nir !== null));
  // A new choice must be an active pharmacy; one already on file stays even if it closed since.
  if (input.pharmacyId && input.pharmacyId !== existing?.pharmacyId) errors.push(...pharmacyErrors(await findProvider(ctx.db, input.pharmacyId)));
  if (errors.length) throw new DomainError('validation_failed', 400, {}, errors);
  return { phone: phone ?? null, nir, status };
}

function identityFields(input: ClientInput) {
  const firstNames = input.firstNames.map((n) => n.trim()).filter(Boolean);
  return {
    birthName: input.birthName.trim(),
    firstNames,
    usedName: input.usedName?.trim() || null,
    usedFirstName: input.usedFirstName?.trim() || null,
    birthDate: input.birthDate,
    sex: input.sex,
    birthplaceCode: input.birthplaceCode?.toUpperCase() || null,
    searchName: searchName({ birthName: input.birthName, usedName: input.usedName ?? null, firstNames, usedFirstName: input.usedFirstName ?? null }),
  };
}

export async function findDuplicates(ctx: AppContext, input: ClientInput, nir: string | null, exceptId?: string): Promise<ClientRow[]> {
  const candidates = await store.duplicateCandidates(ctx.db, input.birthDate, nir ? ctx.vault.blindIndex(nir, NIR_INDEX) : null);
  const nirIndex = nir ? ctx.vault.blindIndex(nir, NIR_INDEX) : null;
  return candidates.filter(
    (c) => c.id !== exceptId && ((nirIndex && c.nirIndex === nirIndex) || sameStrictTraits({ ...c, sex: c.sex as Sex }, { ...input, firstNames: input.firstNames })),
  );
}

export async function registerClient(
  ctx: AppContext,
  input: ClientInput & { medical?: Medical | undefined; confirmNotDuplicate?: boolean | undefined; status?: 'active' | 'pending' },
  actor: Actor,
): Promise<ClientRow> {
  const { phone, nir, status } = await normalise(ctx, input);
  if (!input.confirmNotDuplicate) {
    const duplicates = await findDuplicates(ctx, input, nir);
    if (duplicates.length) throw new DuplicateClientError(duplicates);
  }
  const now = ctx.now();
  const id = crypto.randomUUID();
  const row = await store.insertClient(ctx.db, {
    id,
    status: input.status ?? 'active',
    ...identityFields(input),
    identityStatus: status,
    identityDocument: input.identityDocument ? { type: input.identityDocument.type, checkedAt: now.toISOString(), checkedBy: actor.email ?? 'system' } : null,
    email: input.email?.trim().toLowerCase() || null,
    phone,
    address: input.address ?? null,
    preferredLanguage: input.preferredLanguage ?? 'fr',
    trustedPerson: input.trustedPerson ?? null,
    relatives: input.relatives ?? [],
    gp: input.gp ?? null,
    nirSealed: nir ? ctx.vault.seal(nir, nirContext(id)) : null,
    nirIndex: nir ? ctx.vault.blindIndex(nir, NIR_INDEX) : null,
    amoScheme: input.insurance?.amoScheme ?? null,
    amoFund: input.insurance?.amoFund ?? null,
    mutuelle: input.insurance?.mutuelle ?? null,
    pharmacyId: input.pharmacyId ?? null,
    medicalSealed: input.medical ? ctx.vault.seal(JSON.stringify(input.medical), medicalContext(id)) : null,
    medicalUpdatedAt: input.medical ? now : null,
    createdBy: actor.id,
  });
  await recordAudit(ctx.db, actor, {
    action: 'client.created',
    targetType: 'client',
    targetId: row.id,
    clientId: row.id,
    details: { duplicateOverride: input.confirmNotDuplicate === true, withMedical: input.medical !== undefined },
  });
  return row;
}

export class DuplicateClientError extends DomainError {
  readonly duplicates: ClientRow[];
  constructor(duplicates: ClientRow[]) {
    super('possible_duplicate', 409);
    this.duplicates = duplicates;
    this.extra = { duplicates: duplicates.map(toClientSummary) };
  }
}

export async function getClient(ctx: AppContext, id: string, actor: Actor): Promise<ClientRow> {
  const row = await store.findClient(ctx.db, id);
  if (!row) throw new DomainError('client_not_found', 404);
  await recordAudit(ctx.db, actor, { action: 'client.read', targetType: 'client', targetId: id, clientId: id });
  return row;
}

export async function editClient(ctx: AppContext, id: string, patch: Partial<ClientInput>, actor: Actor): Promise<ClientRow> {
  const existing = await store.findClient(ctx.db, id);
  if (!existing) throw new DomainError('client_not_found', 404);
  // The pharmacy is merged by id below: its view is not needed here.
  const current = toClient(ctx, existing, null);
  const merged: ClientInput = {
    ...current,
    ...patch,
    identityStatus: patch.identityStatus ?? (existing.identityStatus as IdentityStatus),
    insurance: { ...current.insurance, ...patch.insurance },
    identityDocument: patch.identityDocument === undefined ? undefined : patch.identityDocument,
    pharmacyId: patch.pharmacyId === undefined ? existing.pharmacyId : patch.pharmacyId,
  };
  const { phone, nir, status } = await normalise(ctx, merged, existing);
  const now = ctx.now();
  const row = await store.updateClient(ctx.db, id, {
    ...identityFields(merged),
    identityStatus: status,
    ...(patch.identityDocument !== undefined
      ? { identityDocument: patch.identityDocument ? { type: patch.identityDocument.type, checkedAt: now.toISOString(), checkedBy: actor.email ?? 'system' } : null }
      : {}),
    email: merged.email?.trim().toLowerCase() || null,
    phone,
    address: merged.address ?? null,
    preferredLanguage: merged.preferredLanguage ?? 'fr',
    trustedPerson: merged.trustedPerson ?? null,
    relatives: merged.relatives ?? [],
    gp: merged.gp ?? null,
    nirSealed: nir ? ctx.vault.seal(nir, nirContext(id)) : null,
    nirIndex: nir ? ctx.vault.blindIndex(nir, NIR_INDEX) : null,
    amoScheme: merged.insurance?.amoScheme ?? null,
    amoFund: merged.insurance?.amoFund ?? null,
    mutuelle: merged.insurance?.mutuelle ?? null,
    pharmacyId: merged.pharmacyId ?? null,
  });
  // Field names only: the values are personal data and stay out of the log.
  await recordAudit(ctx.db, actor, { action: 'client.updated', targetType: 'client', targetId: id, clientId: id, details: { fields: Object.keys(patch) } });
  return row;
}

/**
 * Keeps a pharmacy as the client's usual one (from the follow-up's « send the prescription » step),
 * audited as any client update. Returns whether the file changed.
 */
export async function setUsualPharmacy(ctx: AppContext, id: string, pharmacyId: string, actor: Actor, via: string): Promise<boolean> {
  const existing = await store.findClient(ctx.db, id);
  if (!existing) throw new DomainError('client_not_found', 404);
  if (existing.pharmacyId === pharmacyId) return false;
  const errors = pharmacyErrors(await findProvider(ctx.db, pharmacyId));
  if (errors.length) throw new DomainError('validation_failed', 400, {}, errors);
  await store.updateClient(ctx.db, id, { pharmacyId });
  await recordAudit(ctx.db, actor, { action: 'client.updated', targetType: 'client', targetId: id, clientId: id, details: { fields: ['pharmacyId'], via } });
  return true;
}

export async function searchClients(ctx: AppContext, q: string | undefined, actor: Actor): Promise<ClientRow[]> {
  const rows = await store.searchClients(ctx.db, q?.trim() ? parseClientQuery(q) : null, (nir) => ctx.vault.blindIndex(nir, NIR_INDEX));
  // The search words may be a name: only the count is logged.
  await recordAudit(ctx.db, actor, { action: 'client.search', details: { results: rows.length } });
  return rows;
}

export async function readMedical(ctx: AppContext, id: string, actor: Actor): Promise<Medical & { updatedAt: string | null }> {
  const row = await store.findClient(ctx.db, id);
  if (!row) throw new DomainError('client_not_found', 404);
  await recordAudit(ctx.db, actor, { action: 'client.medical.read', targetType: 'client', targetId: id, clientId: id });
  const medical: Medical = row.medicalSealed ? JSON.parse(ctx.vault.open(row.medicalSealed, medicalContext(id))) : { allergies: [], treatments: [], history: '' };
  return { ...medical, updatedAt: row.medicalUpdatedAt?.toISOString() ?? null };
}

export async function writeMedical(ctx: AppContext, id: string, medical: Medical, actor: Actor): Promise<Medical & { updatedAt: string | null }> {
  const row = await store.findClient(ctx.db, id);
  if (!row) throw new DomainError('client_not_found', 404);
  const now = ctx.now();
  await store.updateClient(ctx.db, id, { medicalSealed: ctx.vault.seal(JSON.stringify(medical), medicalContext(id)), medicalUpdatedAt: now });
  await recordAudit(ctx.db, actor, { action: 'client.medical.updated', targetType: 'client', targetId: id, clientId: id });
  return { ...medical, updatedAt: now.toISOString() };
}
