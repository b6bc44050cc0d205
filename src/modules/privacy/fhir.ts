/**
 * The client's data as a FHIR R4 Bundle (type collection) for the RGPD export: Patient (with the
 * INS only for a qualified identity, DESIGN §9), Consent, Appointment, DocumentReference,
 * Observation. Pure: it receives the rows already read. References are the entries' `urn:uuid:`.
 */
import { INS_OID } from '../clients/domain.ts';

type Resource = { resourceType: string; id: string; [key: string]: unknown };
export interface Bundle {
  resourceType: 'Bundle';
  type: 'collection';
  timestamp: string;
  entry: { fullUrl: string; resource: Resource }[];
}

export const DOCUMENT_TYPE_SYSTEM = 'https://parcours.example/fhir/CodeSystem/document-type';
export const CLIENT_NUMBER_SYSTEM = 'https://parcours.example/fhir/NamingSystem/client-number';
const RPPS_SYSTEM = 'https://rpps.esante.gouv.fr';

export interface FhirInput {
  generatedAt: Date;
  patient: {
    id: string;
    number: string;
    birthName: string;
    firstNames: string[];
    usedName: string | null;
    usedFirstName: string | null;
    birthDate: string;
    sex: string;
    email: string | null;
    phone: string | null;
    address: { line1: string; line2: string | null; postalCode: string; city: string; country: string } | null;
    /** Present only when the identity is qualified (RNIV): the INS may then be shared. */
    ins: { nir: string; oid: string } | null;
  };
  practitioners: Map<string, { name: string; rpps: string | null }>;
  consents: { id: string; granteeType: string; practitionerId: string | null; documentTypes: string[] | null; purpose: string; startsAt: string; endsAt: string | null; createdAt: string; state: string }[];
  appointments: { id: string; practitionerId: string; status: string; typeCode: string; mode: string; startsAt: Date; endsAt: Date }[];
  documents: { id: string; type: string; title: string; author: string | null; documentDate: string | null; contentType: string; size: number; createdAt: Date; supersededAt: Date | null; previousId: string | null; file: string }[];
  observations: { id: string; code: string; loinc: string | null; label: string; value: number; unit: string; referenceLow: number | null; referenceHigh: number | null; observedAt: Date }[];
}

const ref = (id: string) => ({ reference: `urn:uuid:${id}` });
const appointmentStatus: Record<string, string> = { held: 'pending', booked: 'booked', completed: 'fulfilled', no_show: 'noshow', cancelled: 'cancelled', released: 'cancelled' };

function actorRef(p: { name: string; rpps: string | null } | undefined) {
  return { display: p?.name ?? 'Praticien', ...(p?.rpps ? { identifier: { system: RPPS_SYSTEM, value: p.rpps } } : {}) };
}

export function clientBundle(input: FhirInput): Bundle {
  const p = input.patient;
  const patientId = p.id;
  const patient: Resource = {
    resourceType: 'Patient',
    id: patientId,
    identifier: [
      { system: CLIENT_NUMBER_SYSTEM, value: p.number },
      // FR Core Patient INS: the NIR (or NIA) with its authority's OID, for a qualified identity only.
      ...(p.ins ? [{ use: 'official', type: { coding: [{ system: 'https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203', code: p.ins.oid === INS_OID.nia ? 'INS-NIA' : 'INS-NIR' }] }, system: `urn:oid:${p.ins.oid}`, value: p.ins.nir }] : []),
    ],
    name: [
      { use: 'official', family: p.birthName, given: p.firstNames },
      ...(p.usedName || p.usedFirstName ? [{ use: 'usual', family: p.usedName ?? p.birthName, given: [p.usedFirstName ?? p.firstNames[0] ?? ''] }] : []),
    ],
    gender: p.sex === 'F' ? 'female' : p.sex === 'M' ? 'male' : 'unknown',
    birthDate: p.birthDate,
    telecom: [...(p.phone ? [{ system: 'phone', value: p.phone }] : []), ...(p.email ? [{ system: 'email', value: p.email }] : [])],
    ...(p.address ? { address: [{ line: [p.address.line1, ...(p.address.line2 ? [p.address.line2] : [])], postalCode: p.address.postalCode, city: p.address.city, country: p.address.country }] } : {}),
  };

  const consents: Resource[] = input.consents.map((c) => ({
    resourceType: 'Consent',
    id: c.id,
    status: c.state === 'live' || c.state === 'scheduled' ? 'active' : 'inactive',
    scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
    category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' }] }],
    patient: ref(patientId),
    dateTime: c.createdAt,
    provision: {
      type: 'permit',
      period: { start: c.startsAt, ...(c.endsAt ? { end: c.endsAt } : {}) },
      actor: [
        {
          role: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP', display: 'information recipient' }] },
          reference: c.granteeType === 'team' ? { display: 'Équipe de conciergerie Parcours' } : actorRef(c.practitionerId ? input.practitioners.get(c.practitionerId) : undefined),
        },
      ],
      purpose: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'TREAT', display: c.purpose }],
      ...(c.documentTypes ? { code: c.documentTypes.map((t) => ({ coding: [{ system: DOCUMENT_TYPE_SYSTEM, code: t }] })) } : {}),
    },
  }));

  const appointments: Resource[] = input.appointments.map((a) => ({
    resourceType: 'Appointment',
    id: a.id,
    status: appointmentStatus[a.status] ?? 'proposed',
    appointmentType: { text: a.typeCode },
    ...(a.mode === 'teleconsultation' ? { serviceCategory: [{ text: 'téléconsultation' }] } : {}),
    start: a.startsAt.toISOString(),
    end: a.endsAt.toISOString(),
    participant: [
      { actor: { ...ref(patientId), display: 'Patient' }, status: 'accepted' },
      { actor: actorRef(input.practitioners.get(a.practitionerId)), status: 'accepted' },
    ],
  }));

  const documents: Resource[] = input.documents.map((d) => ({
    resourceType: 'DocumentReference',
    id: d.id,
    status: d.supersededAt ? 'superseded' : 'current',
    type: { coding: [{ system: DOCUMENT_TYPE_SYSTEM, code: d.type }] },
    subject: ref(patientId),
    date: d.createdAt.toISOString(),
    description: d.title,
    ...(d.author ? { author: [{ display: d.author }] } : {}),
    ...(d.previousId ? { relatesTo: [{ code: 'replaces', target: ref(d.previousId) }] } : {}),
    content: [{ attachment: { contentType: d.contentType, url: d.file, size: d.size, title: d.title, ...(d.documentDate ? { creation: d.documentDate } : {}) } }],
  }));

  const observations: Resource[] = input.observations.map((o) => {
    const out = o.referenceLow !== null && o.value < o.referenceLow ? 'L' : o.referenceHigh !== null && o.value > o.referenceHigh ? 'H' : null;
    return {
      resourceType: 'Observation',
      id: o.id,
      status: 'final',
      code: { ...(o.loinc ? { coding: [{ system: 'http://loinc.org', code: o.loinc }] } : {}), text: o.label },
      subject: ref(patientId),
      effectiveDateTime: o.observedAt.toISOString(),
      valueQuantity: { value: o.value, unit: o.unit, system: 'http://unitsofmeasure.org', code: o.unit },
      ...(o.referenceLow !== null || o.referenceHigh !== null
        ? { referenceRange: [{ ...(o.referenceLow !== null ? { low: { value: o.referenceLow, unit: o.unit } } : {}), ...(o.referenceHigh !== null ? { high: { value: o.referenceHigh, unit: o.unit } } : {}) }] }
        : {}),
      ...(out ? { interpretation: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: out }] }] } : {}),
    };
  });

  const all = [patient, ...consents, ...appointments, ...documents, ...observations];
  return { resourceType: 'Bundle', type: 'collection', timestamp: input.generatedAt.toISOString(), entry: all.map((resource) => ({ fullUrl: `urn:uuid:${resource.id}`, resource })) };
}
