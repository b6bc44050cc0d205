/**
 * Demo preparation: the default templates saved (so the team sees and edits them), and for Yanis
 * Benali's booked appointment with Dr Klein (dermatology) a pack sharing his allergies and a note,
 * the client's consent given by phone. Idempotent: what exists is left as it is.
 * Call it after seedScheduling (it needs the booked appointment).
 */
import type { Actor } from '../audit/domain.ts';
import { findClients } from '../clients/store.ts';
import { searchPractitioners } from '../directory/store.ts';
import { findUserByEmail } from '../identity/store.ts';
import { listAppointments } from '../scheduling/store.ts';
import type { AppContext } from '../../platform/context.ts';
import { defaultPreparationTemplates } from './domain.ts';
import { createPack } from './service.ts';
import * as store from './store.ts';

/** Returns what was added; `link` (shown once, like in the app) lets the caller print the demo pack's address. */
export async function seedPreparation(ctx: AppContext): Promise<{ templates: number; packs: number; link?: string }> {
  const templates = await store.insertMissingTemplates(ctx.db, defaultPreparationTemplates());

  const advisor = await findUserByEmail(ctx.db, 'conseil@parcours.demo');
  const [klein] = await searchPractitioners(ctx.db, { name: 'klein', specialty: 'dermatology', limit: 1 });
  if (!advisor || !klein) return { templates, packs: 0 };
  const booked = (await listAppointments(ctx.db, { practitionerId: klein.id, from: ctx.now(), limit: 50 })).filter((a) => a.status === 'booked');
  const clients = new Map((await findClients(ctx.db, booked.map((a) => a.clientId))).map((c) => [c.id, c]));
  const appointment = booked.find((a) => clients.get(a.clientId)?.birthName === 'Benali');
  if (!appointment || (await store.listPacks(ctx.db, appointment.id)).length) return { templates, packs: 0 };
  const actor: Actor = { id: advisor.id, email: advisor.email, role: advisor.role, ip: null, userAgent: 'parcours seed --demo' };
  const { link } = await createPack(
    ctx,
    appointment.id,
    {
      items: ['allergies', 'note'],
      note: 'Grain de beauté du dos qui a changé de forme et de couleur depuis quelques mois. Photos datées disponibles sur demande.',
      consentChannel: 'phone',
      consentConfirmed: true,
    },
    actor,
  );
  return { templates, packs: 1, link };
}
