import { prepareTemplates } from './support/databases.ts';

// Runs once before all test files: migrate the PGlite and PostgreSQL templates.
export async function globalSetup(): Promise<void> {
  await prepareTemplates();
}
