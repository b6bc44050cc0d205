/**
 * The seller printed on every invoice (French legal mentions: name and legal form, SIREN/SIRET,
 * address, intra-EU VAT number, payment terms). Read from the environment (BILLING_SELLER_*);
 * the defaults are visibly fake demo values, to be replaced before the first real invoice.
 */
export interface Seller {
  name: string;
  legalForm: string;
  siren: string;
  siret: string;
  vatNumber: string;
  address: string[];
  email: string;
  iban: string | null;
  /** Days from issue to due date. */
  paymentTermsDays: number;
  /** Late-payment interest, as printed (Code de commerce L.441-10). */
  latePenalty: string;
}

export function sellerFromEnv(env: NodeJS.ProcessEnv = process.env): Seller {
  const terms = Number(env.BILLING_PAYMENT_TERMS_DAYS ?? 30);
  return {
    name: env.BILLING_SELLER_NAME ?? 'Parcours Conciergerie (démo)',
    legalForm: env.BILLING_SELLER_LEGAL_FORM ?? 'SAS au capital de 10 000 €',
    siren: env.BILLING_SELLER_SIREN ?? '000 000 000',
    siret: env.BILLING_SELLER_SIRET ?? '000 000 000 00000',
    vatNumber: env.BILLING_SELLER_VAT ?? 'FR00 000000000',
    address: (env.BILLING_SELLER_ADDRESS ?? '1 rue de la Démonstration|75000 Paris|France').split('|'),
    email: env.BILLING_SELLER_EMAIL ?? 'facturation@parcours.example',
    iban: env.BILLING_SELLER_IBAN ?? null,
    paymentTermsDays: Number.isInteger(terms) && terms >= 0 ? terms : 30,
    latePenalty: env.BILLING_LATE_PENALTY ?? 'trois fois le taux d’intérêt légal',
  };
}
