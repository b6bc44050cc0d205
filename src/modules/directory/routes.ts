import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { DomainError } from '../../platform/errors.ts';
import { recordAudit } from '../audit/store.ts';
import { foldName } from '../clients/domain.ts';
import { checkRpps } from './domain.ts';
import type { PlaceRow, PractitionerRow } from './store.ts';
import * as store from './store.ts';

const present = (p: PractitionerRow, places: PlaceRow[]) => ({
  id: p.id,
  rpps: p.rpps,
  civility: p.civility,
  lastName: p.lastName,
  firstName: p.firstName,
  displayName: `${p.civility ? `${p.civility} ` : ''}${p.firstName} ${p.lastName}`,
  profession: p.profession,
  specialties: p.specialties,
  languages: p.languages,
  sex: p.sex,
  sector: p.sector,
  teleconsultation: p.teleconsultation,
  acceptsNewPatients: p.acceptsNewPatients,
  networkStatus: p.networkStatus,
  teamNotes: p.teamNotes,
  active: p.active,
  places: places
    .filter((pl) => pl.active)
    .map((pl) => ({ id: pl.id, name: pl.name, street: pl.street, postalCode: pl.postalCode, city: pl.city, phone: pl.phone, finess: pl.finess, latitude: pl.latitude, longitude: pl.longitude })),
});

export function directoryRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['annuaire'];
  const id = z.object({ id: z.uuid() });

  r.get(
    '/api/directory',
    {
      config: { action: 'directory.read' },
      schema: {
        tags,
        summary: 'Recherche dans l’annuaire (nom tolérant aux fautes ou RPPS, spécialité, lieu, langue, sexe, téléconsultation)',
        querystring: z.object({
          q: z.string().max(100).optional(),
          specialty: z.string().max(40).optional(),
          postalCode: z.string().regex(/^\d{2,5}$/).optional(),
          city: z.string().max(100).optional(),
          language: z.string().max(10).optional(),
          sex: z.enum(['F', 'M']).optional(),
          teleconsultation: z.enum(['true', 'false']).optional(),
          includeInactive: z.enum(['true', 'false']).optional(),
          limit: z.coerce.number().int().min(1).max(100).default(30),
        }),
      },
    },
    async (req) => {
      const q = req.query;
      const digits = q.q?.replace(/\s/g, '') ?? '';
      const byRpps = /^\d{11}$/.test(digits);
      if (byRpps && !checkRpps(digits).ok) throw new DomainError('validation_failed', 400, {}, [{ path: 'q', code: 'rpps_key' }]);
      const rows = await store.searchPractitioners(ctx.db, {
        name: !byRpps && q.q?.trim() ? foldName(q.q) : undefined,
        rpps: byRpps ? digits : undefined,
        specialty: q.specialty,
        postalCode: q.postalCode,
        city: q.city,
        language: q.language,
        sex: q.sex,
        teleconsultation: q.teleconsultation === undefined ? undefined : q.teleconsultation === 'true',
        includeInactive: q.includeInactive === 'true',
        limit: q.limit,
      });
      const places = await store.placesOf(
        ctx.db,
        rows.map((p) => p.id),
      );
      return { practitioners: rows.map((p) => present(p, places.get(p.id) ?? [])) };
    },
  );

  r.get('/api/directory/:id', { config: { action: 'directory.read' }, schema: { tags, params: id } }, async (req) => {
    const p = await store.findPractitioner(ctx.db, req.params.id);
    if (!p) throw new DomainError('practitioner_not_found', 404);
    return { practitioner: present(p, (await store.placesOf(ctx.db, [p.id])).get(p.id) ?? []) };
  });

  // The team's own knowledge: what an import never overwrites.
  r.patch(
    '/api/directory/:id',
    {
      config: { action: 'directory.write' },
      schema: {
        tags,
        params: id,
        body: z.object({
          networkStatus: z.enum(['none', 'partner']).optional(),
          teamNotes: z.string().max(5000).nullable().optional(),
          languages: z.array(z.string().min(2).max(10)).max(20).optional(),
          sector: z.enum(['1', '2', 'optam', 'non_conventionne']).nullable().optional(),
          teleconsultation: z.boolean().optional(),
          acceptsNewPatients: z.boolean().nullable().optional(),
        }),
      },
    },
    async (req) => {
      if (!(await store.findPractitioner(ctx.db, req.params.id))) throw new DomainError('practitioner_not_found', 404);
      const p = await store.updatePractitioner(ctx.db, req.params.id, req.body);
      await recordAudit(ctx.db, req.actor, { action: 'directory.updated', targetType: 'practitioner', targetId: p.id, details: { fields: Object.keys(req.body) } });
      return { practitioner: present(p, (await store.placesOf(ctx.db, [p.id])).get(p.id) ?? []) };
    },
  );
}
