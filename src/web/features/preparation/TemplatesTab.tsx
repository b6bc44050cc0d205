// Modèles de préparation: for each consultation type, the documents to bring and the instructions
// (French and English, one per line) the client's checklist is built from. Built-in templates can
// be edited and restored; the team can add its own codes. Admins and coordinators
// (action preparation.configure): a tab of Administration and the page /preparation/modeles.
import { Accordion, Badge, Button, Group, Paper, Stack, Switch, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconDeviceFloppy, IconPlus, IconRestore, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api.ts';
import { ErrorAlert, PageHeader } from '../../app/components.tsx';
import { formatDateTime } from '../../app/format.ts';
import { notifyError, notifySuccess } from '../../app/notify.ts';
import { PREPARATION_KEY, type PreparationTemplate, preparationApi, TEMPLATES_KEY, type TemplateInput } from './api.ts';

const CODE = /^[a-z_]{2,30}$/;
const toLines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

interface Draft {
  label: string;
  bringFr: string;
  bringEn: string;
  instructionsFr: string;
  instructionsEn: string;
  active: boolean;
}

const draftOf = (t?: PreparationTemplate): Draft => ({
  label: t?.label ?? '',
  bringFr: t?.bringFr.join('\n') ?? '',
  bringEn: t?.bringEn.join('\n') ?? '',
  instructionsFr: t?.instructionsFr ?? '',
  instructionsEn: t?.instructionsEn ?? '',
  active: t?.active ?? true,
});

const inputOf = (d: Draft): TemplateInput => ({
  label: d.label.trim(),
  bringFr: toLines(d.bringFr),
  bringEn: toLines(d.bringEn),
  instructionsFr: toLines(d.instructionsFr).join('\n'),
  instructionsEn: toLines(d.instructionsEn).join('\n'),
  active: d.active,
});

/** The server's message for a field, including list lines ("bringFr.3"). */
const fieldError = (error: unknown, path: string) =>
  error instanceof ApiError ? error.fields.find((f) => f.path === path || f.path.startsWith(`${path}.`))?.message : undefined;

function TemplateForm({ code, template, onDone, isNew = false }: { code: string; template?: PreparationTemplate; onDone?: () => void; isNew?: boolean }) {
  const { t } = useTranslation('preparation');
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => draftOf(template));
  const [labelError, setLabelError] = useState<string | null>(null);
  const set = (key: keyof Draft) => (event: { currentTarget: { value: string } }) => {
    const { value } = event.currentTarget;
    setDraft((d) => ({ ...d, [key]: value }));
  };
  const done = () => {
    void queryClient.invalidateQueries({ queryKey: PREPARATION_KEY });
    onDone?.();
  };
  const save = useMutation({
    mutationFn: () => preparationApi.saveTemplate(code, inputOf(draft)),
    onSuccess: ({ template: saved }) => {
      notifySuccess(t('templates.saved', { label: saved.label }));
      done();
    },
  });
  const remove = useMutation({
    mutationFn: () => preparationApi.deleteTemplate(code),
    onSuccess: ({ template: restored }) => {
      notifySuccess(restored ? t('templates.resetDone') : t('templates.removed'));
      if (restored) setDraft(draftOf(restored));
      done();
    },
    onError: notifyError,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!draft.label.trim()) {
      setLabelError(t('templates.labelRequired'));
      return;
    }
    setLabelError(null);
    save.mutate();
  }
  const fieldsFailed = save.error instanceof ApiError && save.error.fields.length > 0;
  return (
    <form onSubmit={submit} noValidate data-testid="template-form" data-code={code}>
      <Stack gap="sm">
        {save.error && !fieldsFailed ? <ErrorAlert error={save.error} /> : null}
        <TextInput label={t('templates.label')} required maxLength={80} value={draft.label} onChange={set('label')} error={labelError ?? fieldError(save.error, 'label')} />
        <Group grow align="flex-start" gap="sm" wrap="wrap">
          <Textarea label={t('templates.bringFr')} description={t('templates.oneLine')} autosize minRows={4} value={draft.bringFr} onChange={set('bringFr')} error={fieldError(save.error, 'bringFr')} miw={240} />
          <Textarea label={t('templates.bringEn')} description={t('templates.oneLine')} autosize minRows={4} value={draft.bringEn} onChange={set('bringEn')} error={fieldError(save.error, 'bringEn')} miw={240} lang="en" />
        </Group>
        <Group grow align="flex-start" gap="sm" wrap="wrap">
          <Textarea label={t('templates.instructionsFr')} description={t('templates.oneLine')} autosize minRows={3} value={draft.instructionsFr} onChange={set('instructionsFr')} error={fieldError(save.error, 'instructionsFr')} miw={240} />
          <Textarea
            label={t('templates.instructionsEn')}
            description={t('templates.oneLine')}
            autosize
            minRows={3}
            value={draft.instructionsEn}
            onChange={set('instructionsEn')}
            error={fieldError(save.error, 'instructionsEn')}
            miw={240}
            lang="en"
          />
        </Group>
        <Switch label={t('templates.active')} description={t('templates.activeHelp')} checked={draft.active} onChange={(event) => setDraft((d) => ({ ...d, active: event.currentTarget.checked }))} />
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Group gap="xs">
            {template?.source === 'custom' ? (
              <Button
                variant="subtle"
                color={template.builtIn ? 'gray' : 'red'}
                leftSection={template.builtIn ? <IconRestore size={16} aria-hidden="true" /> : <IconTrash size={16} aria-hidden="true" />}
                loading={remove.isPending}
                onClick={() => remove.mutate()}
              >
                {template.builtIn ? t('templates.reset') : t('templates.remove')}
              </Button>
            ) : null}
            {isNew ? (
              <Button variant="default" onClick={onDone}>
                {t('templates.cancel')}
              </Button>
            ) : null}
          </Group>
          <Button type="submit" loading={save.isPending} leftSection={<IconDeviceFloppy size={16} aria-hidden="true" />}>
            {isNew ? t('templates.create') : t('templates.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function NewTemplate({ existing, onDone }: { existing: readonly string[]; onDone: () => void }) {
  const { t } = useTranslation('preparation');
  const [code, setCode] = useState('');
  const [confirmed, setConfirmed] = useState<string | null>(null);
  const error = !code ? null : !CODE.test(code) ? t('templates.codeInvalid') : existing.includes(code) ? t('templates.codeTaken') : null;
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="template-new-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="template-new-title">
          {t('templates.addTitle')}
        </Title>
        <TextInput
          label={t('templates.code')}
          description={t('templates.codeHelp')}
          required
          maxLength={30}
          value={code}
          onChange={(event) => {
            setCode(event.currentTarget.value.trim().toLowerCase());
            setConfirmed(null);
          }}
          onBlur={() => !error && code && setConfirmed(code)}
          error={error}
          ff="monospace"
        />
        {confirmed && !error ? (
          <TemplateForm key={confirmed} code={confirmed} onDone={onDone} isNew />
        ) : (
          <Group justify="flex-end">
            <Button variant="default" onClick={onDone}>
              {t('templates.cancel')}
            </Button>
            <Button disabled={!code || Boolean(error)} onClick={() => setConfirmed(code)}>
              {t('templates.create')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

export function PreparationTemplatesTab() {
  const { t } = useTranslation('preparation');
  const query = useQuery({ queryKey: TEMPLATES_KEY, queryFn: preparationApi.templates });
  const [adding, setAdding] = useState(false);
  const templates = query.data?.templates ?? [];
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start" gap="sm">
        <Text c="dimmed" maw={760}>
          {t('templates.intro')}
        </Text>
        {!adding ? (
          <Button variant="light" leftSection={<IconPlus size={16} aria-hidden="true" />} onClick={() => setAdding(true)}>
            {t('templates.add')}
          </Button>
        ) : null}
      </Group>
      {adding ? <NewTemplate existing={templates.map((tpl) => tpl.typeCode)} onDone={() => setAdding(false)} /> : null}
      <ErrorAlert error={query.error} />
      {query.isPending ? (
        <Text c="dimmed" role="status">
          {t('common:loading')}
        </Text>
      ) : null}
      <Accordion variant="separated" chevronPosition="left" data-testid="templates">
        {templates.map((tpl) => (
          <Accordion.Item key={tpl.typeCode} value={tpl.typeCode} data-testid="template" data-code={tpl.typeCode}>
            <Accordion.Control>
              <Group gap="xs" wrap="wrap">
                <Text fw={600}>{tpl.label}</Text>
                <Text size="sm" ff="monospace" c="dimmed">
                  {tpl.typeCode}
                </Text>
                <Badge variant="light" color={tpl.source === 'custom' ? 'blue' : 'gray'}>
                  {t(`templates.source.${tpl.source}`)}
                </Badge>
                {!tpl.active ? (
                  <Badge variant="outline" color="orange">
                    {t('templates.inactive')}
                  </Badge>
                ) : null}
                <Text size="xs" c="dimmed">
                  {t('templates.counts', { bring: tpl.bringFr.length, steps: toLines(tpl.instructionsFr).length })}
                </Text>
              </Group>
            </Accordion.Control>
            <Accordion.Panel>
              <Stack gap="xs">
                {tpl.updatedAt ? (
                  <Text size="xs" c="dimmed">
                    {t('templates.updated', { date: formatDateTime(tpl.updatedAt), name: tpl.updatedBy?.name ?? '—' })}
                  </Text>
                ) : null}
                <TemplateForm key={`${tpl.typeCode}:${tpl.updatedAt ?? 'default'}`} code={tpl.typeCode} template={tpl} />
              </Stack>
            </Accordion.Panel>
          </Accordion.Item>
        ))}
      </Accordion>
    </Stack>
  );
}

/** The same, as a page of its own for coordinators (Administration is for admins). */
export function PreparationTemplatesPage() {
  const { t } = useTranslation('preparation');
  return (
    <>
      <PageHeader title={t('templates.pageTitle')} />
      <PreparationTemplatesTab />
    </>
  );
}
