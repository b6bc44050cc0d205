/** Appointments as the screens show them: with the practitioner's name, the place and the client. */
import type { AppContext } from '../../platform/context.ts';
import { clientNumber, displayName } from '../clients/domain.ts';
import { findClients } from '../clients/store.ts';
import { findPractitioners, placesOf } from '../directory/store.ts';
import type { AppointmentRow } from './store.ts';

export const appointmentNumber = (n: number) => `RDV-${String(n).padStart(6, '0')}`;

export async function appointmentViews(ctx: AppContext, rows: AppointmentRow[]) {
  const practitionerIds = [...new Set(rows.map((a) => a.practitionerId))];
  const [practitioners, places, clients] = await Promise.all([
    findPractitioners(ctx.db, practitionerIds),
    placesOf(ctx.db, practitionerIds),
    findClients(
      ctx.db,
      rows.map((a) => a.clientId),
    ),
  ]);
  const byId = new Map(practitioners.map((p) => [p.id, p]));
  const placeById = new Map([...places.values()].flat().map((pl) => [pl.id, pl]));
  const clientById = new Map(clients.map((c) => [c.id, c]));
  return rows.map((a) => {
    const p = byId.get(a.practitionerId);
    const pl = a.placeId ? placeById.get(a.placeId) : undefined;
    const c = clientById.get(a.clientId);
    return {
      id: a.id,
      number: appointmentNumber(a.number),
      practitionerId: a.practitionerId,
      placeId: a.placeId,
      clientId: a.clientId,
      requestId: a.requestId,
      proposalId: a.proposalId,
      typeCode: a.typeCode,
      mode: a.mode as 'in_person' | 'teleconsultation',
      startsAt: a.startsAt.toISOString(),
      endsAt: a.endsAt.toISOString(),
      status: a.status,
      holdExpiresAt: a.holdExpiresAt?.toISOString() ?? null,
      source: a.source,
      externalNote: a.externalNote,
      cancelReason: a.cancelReason,
      rescheduledFromId: a.rescheduledFromId,
      practitioner: { id: a.practitionerId, displayName: p ? `${p.civility ? `${p.civility} ` : ''}${p.firstName} ${p.lastName}` : '' },
      place: pl ? { name: pl.name, street: pl.street, postalCode: pl.postalCode, city: pl.city } : null,
      client: { id: a.clientId, name: c ? displayName(c) : '', number: c ? clientNumber(c.number) : '' },
    };
  });
}
export type AppointmentView = Awaited<ReturnType<typeof appointmentViews>>[number];

/** One line of address for messages and the public page (no health data). */
export const addressOf = (v: Pick<AppointmentView, 'place' | 'mode'>): string | null =>
  v.mode === 'teleconsultation' || !v.place ? null : [v.place.name, v.place.street, `${v.place.postalCode ?? ''} ${v.place.city ?? ''}`.trim()].filter(Boolean).join(', ');
