// Fiche client (/clients/:id): identity (RNIV status, INS when qualified), contact details,
// relatives, usual pharmacy, GP, insurance, the medical basics (loaded only on an explicit click,
// medical advisors only, every read logged), and the client's requests.
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  Grid,
  Group,
  List,
  Loader,
  Modal,
  Stack,
  Table,
  TagsInput,
  Text,
  Textarea,
} from '@mantine/core';
import { IconEdit, IconEye, IconLock, IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../app/api.ts';
import { DataTable, ErrorAlert, Facts, PageHeader, PageLoadState, SectionCard } from '../../app/components.tsx';
import { formatCalendarDate, formatDate, formatDateTime, formatNir, formatPhone } from '../../app/format.ts';
import { notifySuccess } from '../../app/notify.ts';
import { REQUESTS_KEY, requestsApi } from '../requests/api.ts';
import { StatusBadge, UrgencyBadge, useSpecialtyLabel } from '../requests/ui.tsx';
import { CLIENTS_KEY, type Client, type ClientPharmacy, type Contact, clientsApi, type Medical } from './api.ts';
import { MedicalFileSection } from '../records/RecordsPages.tsx';
import { ClientReimbursementSection } from '../reimbursement/ReimbursementPages.tsx';
import { ClientMembershipsSection } from '../billing/Memberships.tsx';
import { AccessHistory } from '../consent/AccessHistory.tsx';
import { ConsentPanel } from '../consent/ConsentPanel.tsx';
import { BirthDate, IdentityStatusBadge } from './ui.tsx';

function ContactText({ contact }: { contact: Contact }) {
  return (
    <Stack gap={0}>
      <Text size="sm" fw={500}>
        {contact.name}
        {contact.relation ? (
          <Text span size="sm" c="dimmed">
            {' '}
            ({contact.relation})
          </Text>
        ) : null}
      </Text>
      {contact.phone ? <Text size="sm">{formatPhone(contact.phone)}</Text> : null}
      {contact.email ? <Text size="sm">{contact.email}</Text> : null}
    </Stack>
  );
}

function PharmacyText({ pharmacy }: { pharmacy: ClientPharmacy }) {
  const { t } = useTranslation('clients');
  return (
    <Stack gap={0} data-testid="client-pharmacy">
      <Group gap={6} wrap="wrap">
        <Text size="sm" fw={500}>
          {pharmacy.name}
        </Text>
        {pharmacy.active ? null : (
          <Badge size="xs" variant="outline" color="gray">
            {t('fields.pharmacyInactive')}
          </Badge>
        )}
      </Group>
      <Text size="sm">{`${pharmacy.postalCode} ${pharmacy.city}`}</Text>
      {pharmacy.phone ? <Anchor size="sm" href={`tel:${pharmacy.phone}`}>{formatPhone(pharmacy.phone)}</Anchor> : null}
    </Stack>
  );
}

function IdentityCard({ client }: { client: Client }) {
  const { t } = useTranslation('clients');
  return (
    <SectionCard title={t('sections.identity')} id="client-identity" fill actions={<IdentityStatusBadge status={client.identityStatus} />}>
      <Facts
        items={[
          { label: t('fields.birthName'), value: client.birthName },
          { label: t('fields.firstNames'), value: client.firstNames.join(', ') },
          { label: t('fields.usedName'), value: client.usedName },
          { label: t('fields.usedFirstName'), value: client.usedFirstName },
          { label: t('fields.birthDate'), value: <BirthDate value={client.birthDate} /> },
          { label: t('fields.sex'), value: t(`sex.${client.sex}`) },
          { label: t('fields.birthplaceCode'), value: client.birthplaceCode },
          { label: t('fields.identityStatus'), value: `${t(`identityStatus.${client.identityStatus}`)} — ${t(`identityStatusHelp.${client.identityStatus}`)}` },
          { label: t('fields.identityDocument'), value: client.identityDocument ? t(`documentTypes.${client.identityDocument.type}`) : null },
          ...(client.ins
            ? [
                { label: t('fields.ins'), value: <Code>{formatNir(client.ins.nir)}</Code> },
                { label: t('fields.insOid'), value: <Code>{client.ins.oid}</Code> },
              ]
            : []),
        ]}
      />
    </SectionCard>
  );
}

function ContactCard({ client }: { client: Client }) {
  const { t } = useTranslation('clients');
  const address = client.address;
  return (
    <SectionCard title={t('sections.contact')} id="client-contact" fill>
      <Facts
        items={[
          { label: t('fields.phone'), value: client.phone ? <Anchor href={`tel:${client.phone}`}>{formatPhone(client.phone)}</Anchor> : null },
          { label: t('fields.email'), value: client.email ? <Anchor href={`mailto:${client.email}`}>{client.email}</Anchor> : null },
          { label: t('fields.address'), value: address ? (
              <span className="pre-wrap">
                {[address.line1, address.line2, `${address.postalCode} ${address.city}`, address.country].filter(Boolean).join('\n')}
              </span>
            ) : null },
          { label: t('fields.preferredLanguage'), value: client.preferredLanguage ? t(`languages.${client.preferredLanguage}`, { defaultValue: client.preferredLanguage }) : null },
          { label: t('fields.trustedPerson'), value: client.trustedPerson ? <ContactText contact={client.trustedPerson} /> : null },
          { label: t('fields.relatives'), value: client.relatives.length ? (
              <Stack gap="xs">
                {client.relatives.map((relative) => (
                  <ContactText key={`${relative.name}-${relative.phone}`} contact={relative} />
                ))}
              </Stack>
            ) : null },
          { label: t('fields.pharmacy'), value: client.pharmacy ? <PharmacyText pharmacy={client.pharmacy} /> : null },
        ]}
      />
    </SectionCard>
  );
}

function InsuranceCard({ client }: { client: Client }) {
  const { t } = useTranslation('clients');
  const insurance = client.insurance;
  return (
    <SectionCard title={t('sections.insurance')} id="client-insurance" fill>
      <Facts
        items={[
          { label: t('fields.nir'), value: insurance.nir ? <Code>{formatNir(insurance.nir)}</Code> : null },
          { label: t('fields.amoScheme'), value: insurance.amoScheme ? t(`amoSchemes.${insurance.amoScheme}`) : null },
          { label: t('fields.amoFund'), value: insurance.amoFund },
          { label: t('fields.mutuelle'), value: insurance.mutuelle
              ? [insurance.mutuelle.organism, insurance.mutuelle.contractNumber, insurance.mutuelle.coverage].filter(Boolean).join(' · ')
              : null },
          { label: t('sections.gp'), value: client.gp ? [client.gp.name, formatPhone(client.gp.phone), client.gp.rpps ? `RPPS ${client.gp.rpps}` : null].filter((v) => v && v !== '—').join(' · ') : null },
        ]}
      />
    </SectionCard>
  );
}

function MedicalEditor({ clientId, medical, onClose }: { clientId: string; medical: Medical; onClose: () => void }) {
  const { t } = useTranslation('clients');
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Medical>(medical);
  const save = useMutation({
    mutationFn: () => clientsApi.saveMedical(clientId, { ...draft, history: draft.history.trim() }),
    onSuccess: (saved) => {
      queryClient.setQueryData([...CLIENTS_KEY, 'medical', clientId], saved);
      notifySuccess(t('medical.saved'));
      onClose();
    },
  });
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <Stack gap="md">
        <ErrorAlert error={save.error} />
        <TagsInput
          label={t('fields.allergies')}
          description={t('fields.listHelp')}
          value={draft.allergies}
          onChange={(allergies) => setDraft({ ...draft, allergies })}
          splitChars={[';']}
          data-autofocus
        />
        <TagsInput
          label={t('fields.treatments')}
          description={t('fields.listHelp')}
          value={draft.treatments}
          onChange={(treatments) => setDraft({ ...draft, treatments })}
          splitChars={[';']}
        />
        <Textarea
          label={t('fields.history')}
          value={draft.history}
          onChange={(event) => setDraft({ ...draft, history: event.currentTarget.value })}
          autosize
          minRows={3}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common:actions.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('common:actions.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function MedicalCard({ clientId }: { clientId: string }) {
  const { t } = useTranslation('clients');
  const [shown, setShown] = useState(false);
  const [editing, setEditing] = useState(false);
  const medical = useQuery({
    queryKey: [...CLIENTS_KEY, 'medical', clientId],
    queryFn: () => clientsApi.medical(clientId),
    enabled: shown,
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });
  const forbidden = medical.error instanceof ApiError && medical.error.status === 403;
  const list = (items: string[]) =>
    items.length ? (
      <List size="sm" spacing={2}>
        {items.map((item) => (
          <List.Item key={item}>{item}</List.Item>
        ))}
      </List>
    ) : (
      t('medical.none')
    );

  return (
    <SectionCard
      title={t('sections.medical')}
      id="client-medical" fill
      icon={<IconLock size={20} aria-hidden="true" />}
      actions={
        shown && medical.data ? (
          <Group gap="xs">
            <Button size="xs" variant="default" leftSection={<IconEdit size={14} aria-hidden="true" />} onClick={() => setEditing(true)}>
              {t('actions.edit')}
            </Button>
            <Button size="xs" variant="subtle" onClick={() => setShown(false)}>
              {t('medical.hide')}
            </Button>
          </Group>
        ) : null
      }
    >
      <Stack gap="sm">
        <Group gap={6} wrap="nowrap">
          <IconLock size={16} aria-hidden="true" style={{ flexShrink: 0 }} />
          <Text size="sm" c="dimmed">
            {t('medical.lockNote')}
          </Text>
        </Group>
        {!shown ? (
          <Button variant="light" w="fit-content" leftSection={<IconEye size={16} aria-hidden="true" />} onClick={() => setShown(true)}>
            {t('medical.show')}
          </Button>
        ) : medical.isPending ? (
          <Loader size="sm" aria-label={t('common:loading')} />
        ) : forbidden ? (
          <Alert color="gray" icon={<IconLock aria-hidden="true" />} role="alert">
            {t('medical.forbidden')}
          </Alert>
        ) : medical.isError ? (
          <ErrorAlert error={medical.error} />
        ) : (
          <Stack gap="xs" aria-live="polite">
            <Facts
              labelWidth={160}
              items={[
                { label: t('fields.allergies'), value: list(medical.data.allergies) },
                { label: t('fields.treatments'), value: list(medical.data.treatments) },
                { label: t('fields.history'), value: medical.data.history ? <span className="pre-wrap">{medical.data.history}</span> : null },
              ]}
            />
            {medical.data.updatedAt ? (
              <Text size="xs" c="dimmed">
                {t('medical.updatedAt', { date: formatDateTime(medical.data.updatedAt) })}
              </Text>
            ) : null}
          </Stack>
        )}
      </Stack>
      <Modal opened={editing} onClose={() => setEditing(false)} title={t('medical.editTitle')} size="lg">
        {editing && medical.data ? <MedicalEditor clientId={clientId} medical={medical.data} onClose={() => setEditing(false)} /> : null}
      </Modal>
    </SectionCard>
  );
}

function ClientRequests({ clientId }: { clientId: string }) {
  const { t } = useTranslation('clients');
  const { t: tr } = useTranslation('requests');
  const specialty = useSpecialtyLabel();
  const requests = useQuery({
    queryKey: [...REQUESTS_KEY, 'list', { scope: 'all', clientId }],
    queryFn: () => requestsApi.queue({ scope: 'all', clientId }),
  });
  const list = requests.data?.requests ?? [];
  return (
    <SectionCard
      title={t('sections.requests')}
      id="client-requests"
      actions={
        <Button component={Link} to={`/demandes/nouvelle?client=${clientId}`} size="xs" leftSection={<IconPlus size={14} aria-hidden="true" />}>
          {t('actions.newRequest')}
        </Button>
      }
    >
      <ErrorAlert error={requests.error} />
      <DataTable
        minWidth={560}
        busy={requests.isFetching}
        columns={[
          { key: 'number', label: tr('queue.columns.number') },
          { key: 'date', label: tr('queue.columns.age') },
          { key: 'urgency', label: tr('queue.columns.urgency') },
          { key: 'specialty', label: tr('queue.columns.specialty') },
          { key: 'status', label: tr('queue.columns.status') },
        ]}
        empty={!requests.isPending && list.length === 0 ? t('requestsEmpty') : null}
      >
        {list.map((request) => (
          <Table.Tr key={request.id}>
            <Table.Td>
              <Anchor component={Link} to={`/demandes/${request.id}`} ff="monospace" size="sm" style={{ whiteSpace: 'nowrap' }}>
                {request.number}
              </Anchor>
            </Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>
              <Text size="sm">{formatDate(request.createdAt)}</Text>
            </Table.Td>
            <Table.Td>
              <UrgencyBadge urgency={request.urgency} size="sm" />
            </Table.Td>
            <Table.Td>
              <Text size="sm">{specialty(request.specialty)}</Text>
            </Table.Td>
            <Table.Td>
              <StatusBadge status={request.status} size="sm" />
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
    </SectionCard>
  );
}

export function ClientPage() {
  const { t } = useTranslation('clients');
  const { id = '' } = useParams();
  const query = useQuery({ queryKey: [...CLIENTS_KEY, 'detail', id], queryFn: () => clientsApi.get(id), enabled: Boolean(id) });

  if (query.isPending || query.isError)
    return <PageLoadState isPending={query.isPending} error={query.error} title={t('title')} backTo="/clients" backLabel={t('actions.back')} />;

  const client = query.data.client;
  return (
    <>
      <PageHeader
        title={client.displayName}
        description={
          <Group gap="xs" component="span">
            <Code>{client.number}</Code>
            <span>{formatCalendarDate(client.birthDate)}</span>
            {client.status === 'pending' ? (
              <Badge variant="outline" color="gray">
                {t('pending')}
              </Badge>
            ) : null}
          </Group>
        }
        actions={
          <Group gap="xs">
            <Button component={Link} to={`/clients/${client.id}/modifier`} variant="default" leftSection={<IconEdit size={16} aria-hidden="true" />}>
              {t('actions.edit')}
            </Button>
            <Button component={Link} to={`/demandes/nouvelle?client=${client.id}`} leftSection={<IconPlus size={16} aria-hidden="true" />}>
              {t('actions.newRequest')}
            </Button>
          </Group>
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <IdentityCard client={client} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <ContactCard client={client} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <InsuranceCard client={client} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <MedicalCard clientId={client.id} />
        </Grid.Col>
        <Grid.Col span={12}>
          <ClientRequests clientId={client.id} />
        </Grid.Col>
        <Grid.Col span={12}>
          <MedicalFileSection clientId={client.id} />
        </Grid.Col>
        <Grid.Col span={12}>
          <ClientReimbursementSection clientId={client.id} />
        </Grid.Col>
        <Grid.Col span={12}>
          <ClientMembershipsSection clientId={client.id} />
        </Grid.Col>
        <Grid.Col span={12}>
          <ConsentPanel scope={{ kind: 'staff', clientId: client.id }} />
        </Grid.Col>
        <Grid.Col span={12}>
          <AccessHistory scope={{ kind: 'staff', clientId: client.id }} />
        </Grid.Col>
      </Grid>
    </>
  );
}
