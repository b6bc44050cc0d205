// Triage panel: the proposal (urgency, specialty, ranked alternatives with score bars, red flags
// and the reasons — the "why"), then the human decision: confirm it, or change it with a reason.
import { Alert, Badge, Button, Group, List, Modal, Progress, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconEdit, IconStethoscope } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api.ts';
import { ErrorAlert, SectionCard } from '../../app/components.tsx';
import { formatDateTime } from '../../app/format.ts';
import { currentLanguage } from '../../app/i18n.ts';
import { notifySuccess } from '../../app/notify.ts';
import { type Request, requestsApi, SPECIALTIES, URGENCIES, type Urgency } from './api.ts';
import { useRequestMutation } from './mutations.ts';
import { UrgencyBadge, useSpecialtyLabel } from './ui.tsx';

/** Scores may come as 0–1 or 0–100: shown as a percentage. */
function percent(score: number, all: number[]): number {
  const scale = all.every((value) => value <= 1) ? 100 : 1;
  return Math.max(0, Math.min(100, Math.round(score * scale)));
}

function ModifyTriage({ request, onClose }: { request: Request; onClose: () => void }) {
  const { t } = useTranslation('requests');
  const specialtyLabel = useSpecialtyLabel();
  const proposal = request.triage;
  const [urgency, setUrgency] = useState<Urgency>(request.triageDecision?.urgency ?? request.urgency);
  const [specialty, setSpecialty] = useState<string | null>(request.triageDecision?.specialty ?? request.specialty);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [specialtyError, setSpecialtyError] = useState<string | null>(null);
  const differs = !proposal || urgency !== proposal.urgency || specialty !== proposal.specialty;
  const decide = useRequestMutation(
    request.id,
    () => requestsApi.decideTriage(request.id, { urgency, specialty: specialty ?? '', ...(reason.trim() ? { reason: reason.trim() } : {}) }),
    {
      toastErrors: false,
      onSuccess: () => {
        notifySuccess(t('triage.saved'));
        onClose();
      },
    },
  );
  const serverError = decide.error instanceof ApiError ? decide.error : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    const missingReason = differs && !reason.trim();
    setReasonError(missingReason ? t('validation.reasonRequired') : null);
    setSpecialtyError(specialty ? null : t('validation.required'));
    if (missingReason || !specialty) return;
    decide.mutate(undefined);
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {serverError && !serverError.fieldMessage('reason') && !serverError.fieldMessage('specialty') ? <ErrorAlert error={serverError} /> : null}
        <Select
          label={t('triage.urgency')}
          data={URGENCIES.map((value) => ({ value, label: t(`urgencyLong.${value}`) }))}
          value={urgency}
          onChange={(value) => value && setUrgency(value as Urgency)}
          allowDeselect={false}
          data-autofocus
        />
        <Select
          label={t('triage.specialty')}
          data={SPECIALTIES.map((code) => ({ value: code, label: specialtyLabel(code) })).sort((a, b) => a.label.localeCompare(b.label, 'fr'))}
          value={specialty}
          onChange={setSpecialty}
          searchable
          required
          allowDeselect={false}
          nothingFoundMessage="—"
          error={specialtyError ?? serverError?.fieldMessage('specialty')}
        />
        <Textarea
          label={t('triage.reason')}
          description={t('triage.reasonHelp')}
          required={differs}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          error={reasonError ?? serverError?.fieldMessage('reason')}
          autosize
          minRows={2}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common:actions.cancel')}
          </Button>
          <Button type="submit" loading={decide.isPending}>
            {t('triage.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function TriagePanel({ request }: { request: Request }) {
  const { t } = useTranslation('requests');
  const language = currentLanguage();
  const specialtyLabel = useSpecialtyLabel();
  const [modifying, setModifying] = useState(false);
  const triage = request.triage;
  const decision = request.triageDecision;
  const confirm = useRequestMutation(
    request.id,
    () => requestsApi.decideTriage(request.id, { urgency: triage?.urgency ?? request.urgency, specialty: triage?.specialty ?? '' }),
    { onSuccess: () => notifySuccess(t('triage.confirmed')) },
  );
  const scores = triage?.alternatives.map((item) => item.score) ?? [];

  return (
    <SectionCard
      title={t('triage.title')}
      id="request-triage"
      icon={<IconStethoscope size={22} aria-hidden="true" />}
      actions={
        <Group gap="xs">
          {!decision && triage?.specialty ? (
            <Button
              leftSection={<IconCheck size={16} aria-hidden="true" />}
              onClick={() => confirm.mutate(undefined)}
              loading={confirm.isPending}
            >
              {t('triage.confirm')}
            </Button>
          ) : null}
          <Button variant="default" leftSection={<IconEdit size={16} aria-hidden="true" />} onClick={() => setModifying(true)}>
            {t('triage.modify')}
          </Button>
        </Group>
      }
    >
      <Stack gap="md" data-testid="triage-panel">
        {decision ? (
          <Alert
            color={decision.overridden ? 'orange' : 'green'}
            variant="light"
            role="status"
            icon={decision.overridden ? <IconEdit aria-hidden="true" /> : <IconCheck aria-hidden="true" />}
            data-testid="triage-decision"
          >
            <Stack gap={4}>
              <Text size="sm" fw={600}>
                {t(decision.overridden ? 'triage.decidedOverridden' : 'triage.decidedConfirmed', {
                  name: decision.by?.displayName ?? t('history.system'),
                  date: formatDateTime(decision.at),
                })}
              </Text>
              <Group gap="xs">
                <Text size="sm">
                  {t('triage.current')}
                  {t('common:colon').trimEnd()}
                </Text>
                <UrgencyBadge urgency={decision.urgency} size="sm" />
                <Text size="sm" fw={600}>
                  {specialtyLabel(decision.specialty)}
                </Text>
              </Group>
              {decision.reason ? <Text size="sm">{t('triage.because', { reason: decision.reason })}</Text> : null}
            </Stack>
          </Alert>
        ) : null}

        {triage ? (
          <>
            <Stack gap={6}>
              <Title order={3} size="h5">
                {t('triage.proposal')}
              </Title>
              <Group gap="sm" align="center">
                <UrgencyBadge urgency={triage.urgency} size="lg" />
                <Text size="sm" c="dimmed">
                  {t(`urgencyLong.${triage.urgency}`)}
                </Text>
              </Group>
              <Text fw={700} fz="lg" data-testid="triage-specialty">
                {specialtyLabel(triage.specialty)}
              </Text>
            </Stack>

            {triage.alternatives.length ? (
              <Stack gap={6}>
                <Title order={3} size="h5">
                  {t('triage.alternatives')}
                </Title>
                <Stack component="ol" gap={8} p={0} m={0} style={{ listStyle: 'none' }}>
                  {triage.alternatives.map((item) => {
                    const value = percent(item.score, scores);
                    return (
                      <li key={item.specialty}>
                        <Group justify="space-between" gap="xs" mb={2}>
                          <Text size="sm" fw={item.specialty === triage.specialty ? 700 : 400}>
                            {specialtyLabel(item.specialty)}
                          </Text>
                          <Text size="xs" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }}>
                            {t('triage.score', { score: value })}
                          </Text>
                        </Group>
                        <Progress
                          value={value}
                          size="md"
                          color={item.specialty === triage.specialty ? 'parcours' : 'gray.6'}
                          aria-label={`${specialtyLabel(item.specialty)} — ${t('triage.score', { score: value })}`}
                        />
                      </li>
                    );
                  })}
                </Stack>
              </Stack>
            ) : null}

            <Stack gap={6}>
              <Title order={3} size="h5">
                {t('triage.redFlags')}
              </Title>
              {triage.redFlagLabels.length || triage.redFlags.length ? (
                <Group gap={6}>
                  {(triage.redFlagLabels.length ? triage.redFlagLabels : triage.redFlags.map((code) => ({ code, fr: code, en: code }))).map((flag) => (
                    <Badge
                      key={flag.code}
                      color="red.9"
                      variant="outline"
                      size="lg"
                      leftSection={<IconAlertTriangle size={14} aria-hidden="true" />}
                      styles={{
                        root: { height: 'auto', minWidth: 0, maxWidth: '100%', flexShrink: 1, paddingBlock: 4 },
                        label: { whiteSpace: 'normal', overflow: 'visible' },
                      }}
                    >
                      {language === 'en' ? flag.en : flag.fr}
                    </Badge>
                  ))}
                </Group>
              ) : (
                <Text size="sm" c="dimmed">
                  {t('triage.noRedFlags')}
                </Text>
              )}
            </Stack>

            {triage.reasons.length ? (
              <Stack gap={6}>
                <Title order={3} size="h5">
                  {t('triage.reasons')}
                </Title>
                <List size="sm" spacing={4}>
                  {triage.reasons.map((reason) => (
                    <List.Item key={reason}>{reason}</List.Item>
                  ))}
                </List>
              </Stack>
            ) : null}
          </>
        ) : (
          <Text c="dimmed" size="sm">
            {t('triage.none')}
          </Text>
        )}
      </Stack>
      <Modal opened={modifying} onClose={() => setModifying(false)} title={t('triage.modifyTitle')}>
        {modifying ? <ModifyTriage request={request} onClose={() => setModifying(false)} /> : null}
      </Modal>
    </SectionCard>
  );
}
