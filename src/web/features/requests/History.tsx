// Request history: one time-stamped entry per event (creation, status, assignment, triage,
// emergency steps, notes, tasks), with who did it.
import { Text, ThemeIcon, Timeline } from '@mantine/core';
import {
  IconArrowsExchange,
  IconChecklist,
  IconCirclePlus,
  IconHistory,
  IconMessage,
  IconStethoscope,
  IconUrgent,
  IconUserShare,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SectionCard } from '../../app/components.tsx';
import { formatDateTime } from '../../app/format.ts';
import type { HistoryEntry } from './api.ts';
import { useSpecialtyLabel } from './ui.tsx';

type Translate = (key: string, options?: Record<string, unknown>) => string;

function describe(entry: HistoryEntry, t: Translate, specialty: (code: string | null | undefined) => string) {
  switch (entry.type) {
    case 'created':
      return {
        icon: <IconCirclePlus size={14} />,
        title: entry.data.channel ? t('history.created', { channel: t(`channel.${entry.data.channel}`) }) : t('history.createdPlain'),
      };
    case 'status': {
      const from = entry.data.from ? t(`status.${entry.data.from}`) : '—';
      const to = entry.data.to ? t(`status.${entry.data.to}`) : '—';
      return {
        icon: <IconArrowsExchange size={14} />,
        title: t('history.status', { from, to }),
        detail: entry.data.reason ? t('history.statusReason', { reason: entry.data.reason }) : undefined,
      };
    }
    case 'assigned':
      return {
        icon: <IconUserShare size={14} />,
        title: entry.data.to ? t('history.assigned', { name: entry.data.to.displayName }) : t('history.unassigned'),
      };
    case 'triage': {
      const values = {
        urgency: entry.data.urgency ? t(`urgency.${entry.data.urgency}`) : '—',
        specialty: specialty(entry.data.specialty),
      };
      return {
        icon: <IconStethoscope size={14} />,
        title: entry.data.overridden ? t('history.triageOverridden', values) : t('history.triage', values),
        detail: entry.data.reason ? t('history.statusReason', { reason: entry.data.reason }) : undefined,
      };
    }
    case 'emergency': {
      const step = entry.data.step ?? '';
      return {
        icon: <IconUrgent size={14} />,
        color: 'red.9',
        title:
          step === 'activated'
            ? entry.data.source === 'triage'
              ? t('history.emergencyActivatedByTriage')
              : t('history.emergencyActivated')
            : t('history.emergencyStep', { step: t(`emergency.steps.${step}`, { defaultValue: step }) }),
        detail: entry.data.reason ? t('history.statusReason', { reason: entry.data.reason }) : undefined,
      };
    }
    case 'note':
      return { icon: <IconMessage size={14} />, title: t('history.note') };
    case 'task': {
      const title = entry.data.title ?? '';
      return {
        icon: <IconChecklist size={14} />,
        title:
          entry.data.done === true
            ? t('history.taskDone', { title })
            : entry.data.done === false
              ? t('history.taskReopened', { title })
              : t('history.task', { title }),
      };
    }
    default: {
      // Steps of other capabilities (follow-up plan…): their label when known, else the code.
      const type = (entry as { type: string }).type;
      return { icon: <IconHistory size={14} />, title: t(`history.other.${type.replace('.', '_')}`, { defaultValue: type }) };
    }
  }
}

export function History({ entries }: { entries: HistoryEntry[] }) {
  const { t } = useTranslation('requests');
  const specialty = useSpecialtyLabel();
  return (
    <SectionCard title={t('history.title')} id="request-history" icon={<IconHistory size={22} aria-hidden="true" />}>
      {entries.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('history.empty')}
        </Text>
      ) : (
        <Timeline bulletSize={26} lineWidth={2} active={entries.length} color="parcours" component="ol" style={{ paddingInlineStart: 0, listStyle: 'none' }}>
          {entries.map((entry) => {
            const { icon, title, detail, color } = describe(entry, t as unknown as Translate, specialty) as {
              icon: ReactNode;
              title: string;
              detail?: string;
              color?: string;
            };
            return (
              <Timeline.Item
                key={entry.id}
                component="li"
                bullet={
                  <ThemeIcon size={26} radius="xl" color={color ?? 'parcours'} aria-hidden="true">
                    {icon}
                  </ThemeIcon>
                }
                title={<Text size="sm" fw={600}>{title}</Text>}
                data-type={entry.type}
              >
                {detail ? <Text size="sm">{detail}</Text> : null}
                <Text size="xs" c="dimmed">
                  <time dateTime={entry.at}>{formatDateTime(entry.at)}</time> · {entry.actor?.displayName ?? t('history.system')}
                </Text>
              </Timeline.Item>
            );
          })}
        </Timeline>
      )}
    </SectionCard>
  );
}
