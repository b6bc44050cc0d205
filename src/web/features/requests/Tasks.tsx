// Tasks of a request: add (title, due date and time in Paris time, owner), tick as done; overdue
// ones in red.
import { Button, Checkbox, Collapse, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { IconAlarm, IconChecklist, IconPlus } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api.ts';
import { ErrorAlert, SectionCard } from '../../app/components.tsx';
import { formatDateTime, parisWallClockToIso } from '../../app/format.ts';
import { notifySuccess } from '../../app/notify.ts';
import { type RequestDetail, requestKey, requestsApi, type Task } from './api.ts';
import { useNow } from './live.ts';
import { useRequestMutation } from './mutations.ts';
import type { StaffMember } from './ui.tsx';

function AddTask({ requestId, staff, onDone }: { requestId: string; staff: StaffMember[]; onDone: () => void }) {
  const { t } = useTranslation('requests');
  const [title, setTitle] = useState('');
  const [due, setDue] = useState('');
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [error, setError] = useState<string | undefined>();
  const add = useRequestMutation(
    requestId,
    () => {
      const [date, time] = due.split('T');
      return requestsApi.addTask(requestId, {
        title: title.trim(),
        dueAt: date && time ? parisWallClockToIso(date, `${time}:00`) : null,
        ...(ownerId ? { ownerId } : {}),
      });
    },
    {
      toastErrors: false,
      onSuccess: () => {
        setTitle('');
        setDue('');
        setOwnerId(null);
        notifySuccess(t('tasks.added'));
        onDone();
      },
    },
  );
  const serverError = add.error instanceof ApiError ? add.error : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!title.trim()) {
      setError(t('validation.required'));
      return;
    }
    setError(undefined);
    add.mutate(undefined);
  }

  return (
    <Paper withBorder p="sm" component="form" onSubmit={submit} noValidate aria-label={t('tasks.addTitle')}>
      <Stack gap="sm">
        {serverError && !serverError.fields.length ? <ErrorAlert error={serverError} /> : null}
        <TextInput
          label={t('tasks.taskTitle')}
          placeholder={t('tasks.taskTitlePlaceholder')}
          required
          value={title}
          onChange={(event) => setTitle(event.currentTarget.value)}
          error={error ?? serverError?.fieldMessage('title')}
          autoComplete="off"
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput
            label={t('tasks.dueAt')}
            type="datetime-local"
            value={due}
            onChange={(event) => setDue(event.currentTarget.value)}
            error={serverError?.fieldMessage('dueAt')}
          />
          <Select
            label={t('tasks.owner')}
            placeholder={t('tasks.ownerPlaceholder')}
            data={staff.map((member) => ({ value: member.id, label: member.displayName }))}
            value={ownerId}
            onChange={setOwnerId}
            clearable
            searchable
            error={serverError?.fieldMessage('ownerId')}
          />
        </SimpleGrid>
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onDone}>
            {t('common:actions.cancel')}
          </Button>
          <Button type="submit" loading={add.isPending}>
            {t('tasks.add')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function TaskItem({ requestId, task, now }: { requestId: string; task: Task; now: number }) {
  const { t } = useTranslation('requests');
  const queryClient = useQueryClient();
  // What the user asked for shows at once; the server's answer then takes over.
  const [wanted, setWanted] = useState<boolean | null>(null);
  const toggle = useRequestMutation(requestId, (value: boolean) => requestsApi.setTaskDone(requestId, task.id, value), {
    onSuccess: ({ task: saved }) =>
      queryClient.setQueryData<RequestDetail>(requestKey(requestId), (previous) =>
        previous ? { ...previous, tasks: previous.tasks.map((item) => (item.id === saved.id ? saved : item)) } : previous,
      ),
  });
  const done = Boolean(task.doneAt);
  useEffect(() => {
    if (wanted !== null && (wanted === done || toggle.isError)) setWanted(null);
  }, [wanted, done, toggle.isError]);
  const overdue = !task.doneAt && task.dueAt !== null && new Date(task.dueAt).getTime() < now;
  return (
    <Paper
      component="li"
      withBorder
      p="xs"
      style={overdue ? { borderColor: 'var(--mantine-color-red-9)', background: 'var(--mantine-color-red-0)' } : undefined}
      data-overdue={overdue || undefined}
    >
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <Checkbox
          mt={2}
          checked={wanted ?? done}
          onChange={(event) => {
            const value = event.currentTarget.checked;
            setWanted(value);
            toggle.mutate(value);
          }}
          disabled={toggle.isPending}
          aria-label={t('tasks.markDone', { title: task.title })}
        />
        <Stack gap={0} style={{ minWidth: 0 }}>
          <Text size="sm" fw={600} td={done ? 'line-through' : undefined} c={done ? 'dimmed' : overdue ? 'red.9' : undefined}>
            {task.title}
          </Text>
          <Group gap={6}>
            {done ? (
              <Text size="xs" c="dimmed">
                {t('tasks.doneAt', { date: formatDateTime(task.doneAt) })}
              </Text>
            ) : task.dueAt ? (
              <Group gap={4} c={overdue ? 'red.9' : undefined} wrap="nowrap">
                {overdue ? <IconAlarm size={14} aria-hidden="true" /> : null}
                <Text size="xs" c={overdue ? 'red.9' : 'dimmed'} fw={overdue ? 700 : undefined}>
                  {overdue ? t('tasks.overdue', { date: formatDateTime(task.dueAt) }) : t('tasks.due', { date: formatDateTime(task.dueAt) })}
                </Text>
              </Group>
            ) : null}
          </Group>
          {task.owner ? (
            <Text size="xs" c="dimmed">
              {t('tasks.owner')}
              {t('common:colon')}
              {task.owner.displayName}
            </Text>
          ) : null}
        </Stack>
      </Group>
    </Paper>
  );
}

export function Tasks({ requestId, tasks, staff }: { requestId: string; tasks: Task[]; staff: StaffMember[] }) {
  const { t } = useTranslation('requests');
  const now = useNow();
  const [adding, setAdding] = useState(false);
  const sorted = [...tasks].sort((a, b) => {
    if (Boolean(a.doneAt) !== Boolean(b.doneAt)) return a.doneAt ? 1 : -1;
    return (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999');
  });
  return (
    <SectionCard
      title={t('tasks.title')}
      id="request-tasks"
      icon={<IconChecklist size={22} aria-hidden="true" />}
      actions={
        adding ? null : (
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} aria-hidden="true" />} onClick={() => setAdding(true)}>
            {t('tasks.add')}
          </Button>
        )
      }
    >
      <Stack gap="sm">
        <Collapse expanded={adding}>{adding ? <AddTask requestId={requestId} staff={staff} onDone={() => setAdding(false)} /> : null}</Collapse>
        {sorted.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t('tasks.empty')}
          </Text>
        ) : (
          <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
            {sorted.map((task) => (
              <TaskItem key={task.id} requestId={requestId} task={task} now={now} />
            ))}
          </Stack>
        )}
      </Stack>
    </SectionCard>
  );
}
