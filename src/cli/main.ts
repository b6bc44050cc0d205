import { parseArgs } from 'node:util';
import { roles, type Role } from '../modules/identity/domain.ts';
import { loadConfig } from '../platform/config.ts';
import type { AppContext } from '../platform/context.ts';
import { DomainError, translate } from '../platform/errors.ts';

const usage = `Usage : parcours <commande>

  start                          démarre le serveur (migre la base, données de démo au premier démarrage)
  worker                         exécute seulement les tâches planifiées (e-mails, SMS, rappels) ;
                                 plusieurs processus possibles sur une même base PostgreSQL
  migrate                        applique les migrations de la base
  seed --demo                    ajoute les données de démonstration (idempotent)
  import-rpps FICHIER            importe l’extraction publique de l’Annuaire Santé (idempotent)
  triage [--eval FICHIER.jsonl]  qualifie des demandes (JSON lignes sur l’entrée standard), hors ligne
  rotate-keys                    rechiffre les clés des documents sous la clé maîtresse actuelle
                                 (anciennes clés dans PARCOURS_PREVIOUS_MASTER_KEYS), sans toucher aux fichiers
  create-user --role R --email E --name N [--password P]
                                 crée un compte (R : ${roles.join(', ')}) ; sans --password,
                                 un e-mail d’invitation est envoyé (ou déposé dans la boîte d’envoi)

Variables : PORT, DATABASE_URL, PARCOURS_DATA_DIR, PARCOURS_MASTER_KEY, PARCOURS_PREVIOUS_MASTER_KEYS, RECORDS_IMPORT_TOKENS, SMTP_URL, MAIL_FROM, PUBLIC_URL,
  SMS_PROVIDER (brevo), SMS_API_KEY, SMS_SENDER, SMS_API_URL,
  PARCOURS_WORKER (0 : pas de tâches dans le serveur), JOB_CONCURRENCY, JOB_POLL_MS, JOB_LEASE_MS`;

// Server and database modules load lazily: `parcours triage` runs offline and starts fast.
async function withContext(fn: (ctx: AppContext) => Promise<void>): Promise<void> {
  const { closeContext, createContext } = await import('../server/context.ts');
  const ctx = await createContext(loadConfig());
  try {
    await ctx.database.migrate();
    await fn(ctx);
  } finally {
    await closeContext(ctx);
  }
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // Offline, no database: reads JSON lines on stdin (DESIGN.md §5), or evaluates a labelled file.
  if (command === 'triage') return (await import('./triage.ts')).runTriage(rest);
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      demo: { type: 'boolean' },
      quiet: { type: 'boolean' },
      role: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
    },
    allowPositionals: true,
  });
  switch (command) {
    case 'start':
      await (await import('../server/main.ts')).startServer(loadConfig());
      return -1; // keeps running
    case 'worker':
      return (await import('./worker.ts')).runWorker(loadConfig());
    case 'migrate':
      await withContext(async () => console.log('Migrations appliquées.'));
      return 0;
    case 'seed':
      if (!values.demo) {
        console.error('Précisez --demo (seules les données de démonstration existent).');
        return 2;
      }
      await withContext(async (ctx) => {
        const { seedDemo } = await import('./seed.ts');
        console.log(`Données de démonstration : ${await seedDemo(ctx)} compte(s) créé(s).`);
      });
      return 0;
    case 'create-user': {
      const role = values.role as Role | undefined;
      if (!role || !roles.includes(role) || !values.email) {
        console.error(`--role (${roles.join(', ')}) et --email sont obligatoires.`);
        return 2;
      }
      await withContext(async (ctx) => {
        const { createAccount } = await import('../modules/identity/service.ts');
        const { system } = await import('../modules/audit/domain.ts');
        const user = await createAccount(ctx, { email: values.email as string, displayName: values.name ?? values.email ?? '', role, password: values.password }, system);
        console.log(`Compte créé : ${user.email} (${user.role})${values.password ? '' : ' — invitation envoyée'}.`);
      });
      return 0;
    }
    case 'rotate-keys': {
      let failed = 0;
      await withContext(async (ctx) => {
        const { rotateKeys } = await import('../modules/records/service.ts');
        const { system } = await import('../modules/audit/domain.ts');
        const r = await rotateKeys(ctx, system);
        failed = r.failed.length;
        console.log(`Clés des documents : ${r.rewrapped} rechiffrée(s), ${r.alreadyCurrent} déjà sous la clé actuelle, ${r.total} au total.`);
        for (const f of r.failed) console.error(`Document ${f.id} : clé ${f.keyId} ${f.reason === 'unknown_key' ? 'inconnue (ajoutez-la à PARCOURS_PREVIOUS_MASTER_KEYS)' : 'illisible'}.`);
      });
      return failed ? 1 : 0;
    }
    case 'import-rpps': {
      const file = positionals[0];
      if (!file) {
        console.error('Précisez le fichier : parcours import-rpps PS_LibreAcces_Personne_activite.txt');
        return 2;
      }
      await withContext(async (ctx) => {
        const { runRppsImport } = await import('./import-rpps.ts');
        await runRppsImport(ctx, file);
      });
      return 0;
    }
    default:
      console.log(usage);
      return command && command !== 'help' && command !== '--help' ? 2 : 0;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    if (err instanceof DomainError) {
      const fields = err.fields?.map((f) => translate(f.code, 'fr', err.params)) ?? [];
      console.error(`Erreur : ${translate(err.code, 'fr', err.params)} ${fields.join(' ')}`.trim());
    } else console.error(err);
    process.exit(1);
  },
);
