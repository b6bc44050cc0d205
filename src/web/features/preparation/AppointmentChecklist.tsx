// The client's checklist of one appointment (portal and the /rdv/:token page): address and access
// (or how to join a teleconsultation), documents to bring, instructions. The client can tick items
// as they go; the ticks stay in this tab's session storage (positions only, never the text) and
// nothing is sent to the server.
import { Button, Checkbox, List, Progress, Stack, Text, Title } from '@mantine/core';
import { IconChecklist, IconFileText, IconInfoCircle, IconMapPin, IconVideo } from '@tabler/icons-react';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Checklist, ChecklistSection } from './api.ts';

const ICONS = { where: IconMapPin, tele: IconVideo, bring: IconFileText, instructions: IconInfoCircle } as const;

function Icon({ section, tele }: { section: ChecklistSection['kind']; tele: boolean }) {
  const Glyph = ICONS[section === 'where' && tele ? 'tele' : section];
  return <Glyph size={16} aria-hidden="true" />;
}

const storageKey = (appointmentId: string) => `parcours.checklist.${appointmentId}`;

function useTicks(appointmentId: string): [Set<string>, (key: string, on: boolean) => void] {
  const [ticks, setTicks] = useState<Set<string>>(() => {
    try {
      const saved = globalThis.sessionStorage?.getItem(storageKey(appointmentId));
      return new Set(saved ? (JSON.parse(saved) as string[]) : []);
    } catch {
      return new Set();
    }
  });
  useEffect(() => {
    try {
      globalThis.sessionStorage?.setItem(storageKey(appointmentId), JSON.stringify([...ticks]));
    } catch {
      // Storage unavailable (private mode): ticks last as long as the page.
    }
  }, [appointmentId, ticks]);
  const toggle = (key: string, on: boolean) =>
    setTicks((previous) => {
      const next = new Set(previous);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });
  return [ticks, toggle];
}

const tickable = (s: ChecklistSection) => s.kind !== 'where';

export function ChecklistBody({
  appointmentId,
  checklist,
  headingOrder = 3,
  readOnly = false,
}: {
  appointmentId: string;
  checklist: Checklist;
  headingOrder?: 2 | 3 | 4 | 5;
  /** Staff's preview: plain lists, no boxes to tick. */
  readOnly?: boolean;
}) {
  const { t } = useTranslation('preparation');
  const [ticks, toggle] = useTicks(appointmentId);
  const tele = checklist.mode === 'teleconsultation';
  const total = checklist.sections.filter(tickable).reduce((n, s) => n + s.items.length, 0);
  const done = checklist.sections.filter(tickable).reduce((n, s) => n + s.items.filter((_, i) => ticks.has(`${s.kind}:${i}`)).length, 0);
  const title = (s: ChecklistSection) => t(`checklist.sections.${s.kind === 'instructions' ? 'instructions' : tele ? `${s.kind}Tele` : s.kind}`);
  return (
    <Stack gap="sm" data-testid="appointment-checklist" data-template={checklist.templateCode}>
      {checklist.sections.map((s) => (
        <Stack key={s.kind} gap={6} lang={s.lang} data-section={s.kind}>
          <Title order={headingOrder} size="h5">
            {title(s)}
          </Title>
          {tickable(s) && !readOnly ? (
            <Stack gap={6}>
              {s.items.map((item, i) => {
                const key = `${s.kind}:${i}`;
                return <Checkbox key={key} label={item} checked={ticks.has(key)} onChange={(event) => toggle(key, event.currentTarget.checked)} data-testid="checklist-item" />;
              })}
            </Stack>
          ) : (
            <List spacing={4} size="sm" icon={<Icon section={s.kind} tele={tele} />} center>
              {s.items.map((item) => (
                <List.Item key={item} style={{ overflowWrap: 'anywhere' }}>
                  {item}
                </List.Item>
              ))}
            </List>
          )}
        </Stack>
      ))}
      {total > 0 && !readOnly ? (
        <Stack gap={4}>
          <Progress value={(done * 100) / total} size="sm" aria-hidden="true" />
          <Text size="xs" c="dimmed" role="status">
            {t('checklist.progress', { done, total })} — {t('checklist.tickHelp')}
          </Text>
        </Stack>
      ) : null}
    </Stack>
  );
}

/**
 * The checklist of an appointment as the server sent it (`checklist` of the portal and public
 * responses); nothing when there is none (past, cancelled, or an older server).
 */
export function AppointmentChecklist({
  appointment,
  collapsible = true,
  headingOrder,
}: {
  appointment: { id: string; endsAt: string; checklist?: Checklist | null };
  collapsible?: boolean;
  headingOrder?: 2 | 3 | 4;
}) {
  const { t } = useTranslation('preparation');
  const [open, setOpen] = useState(!collapsible);
  const id = useId();
  const { checklist } = appointment;
  if (!checklist || new Date(appointment.endsAt).getTime() < Date.now()) return null;
  if (!collapsible)
    return (
      <Stack gap="sm" component="section" aria-labelledby={id}>
        <Title order={headingOrder ?? 2} size="h4" id={id}>
          {t('checklist.title')}
        </Title>
        <ChecklistBody appointmentId={appointment.id} checklist={checklist} headingOrder={headingOrder ? (Math.min(headingOrder + 1, 4) as 3 | 4) : 3} />
      </Stack>
    );
  return (
    <Stack gap="xs" mt="xs">
      <Button
        size="compact-sm"
        variant="light"
        w="fit-content"
        leftSection={<IconChecklist size={16} aria-hidden="true" />}
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((value) => !value)}
      >
        {open ? t('checklist.hide') : t('checklist.show')}
      </Button>
      <div id={id}>{open ? <ChecklistBody appointmentId={appointment.id} checklist={checklist} headingOrder={headingOrder ?? 3} /> : null}</div>
    </Stack>
  );
}
