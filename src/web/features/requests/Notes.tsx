// Notes with @mentions: typing "@" lists colleagues (arrow keys, Enter or Tab to insert, Escape to
// close); the token inserted is "@handle", the part of their e-mail before "@". Mentions are
// highlighted in the notes list.
import { Avatar, Button, Group, Paper, Stack, Text, Textarea, UnstyledButton } from '@mantine/core';
import { IconMessage, IconSend } from '@tabler/icons-react';
import { type FormEvent, type KeyboardEvent, type ReactNode, useId, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api.ts';
import { SectionCard } from '../../app/components.tsx';
import { formatDateTime } from '../../app/format.ts';
import { notifySuccess } from '../../app/notify.ts';
import { type Note, requestsApi } from './api.ts';
import { useRequestMutation } from './mutations.ts';
import type { StaffMember } from './ui.tsx';

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

/** The "@query" being typed just before the caret, if any. */
function mentionAt(value: string, caret: number): { start: number; query: string } | null {
  const match = /(^|[\s(])@([\p{L}\p{N}._-]*)$/u.exec(value.slice(0, caret));
  if (!match) return null;
  const query = match[2] ?? '';
  return { start: caret - query.length - 1, query };
}

export function MentionTextarea({
  value,
  onChange,
  staff,
  label,
  description,
  placeholder,
  error,
}: {
  value: string;
  onChange: (value: string) => void;
  staff: StaffMember[];
  label: string;
  description?: string;
  placeholder?: string;
  error?: string;
}) {
  const { t } = useTranslation('requests');
  const id = useId();
  const listId = `${id}-mentions`;
  const ref = useRef<HTMLTextAreaElement>(null);
  const [mention, setMention] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  // Where the caret goes once the inserted mention is rendered (before any further keystroke).
  const caretAfterRender = useRef<number | null>(null);

  useLayoutEffect(() => {
    const element = ref.current;
    if (element && caretAfterRender.current !== null && value.length >= caretAfterRender.current) {
      element.setSelectionRange(caretAfterRender.current, caretAfterRender.current);
      caretAfterRender.current = null;
    }
  }, [value]);

  const options = mention
    ? staff
        .filter((member) => fold(member.handle).includes(fold(mention.query)) || fold(member.displayName).includes(fold(mention.query)))
        .slice(0, 8)
    : [];
  const open = mention !== null;

  function track(element: HTMLTextAreaElement) {
    const next = mentionAt(element.value, element.selectionStart ?? element.value.length);
    setMention(next);
    if (!next || next.query !== mention?.query) setActive(0);
  }

  function choose(member: StaffMember) {
    const element = ref.current;
    if (!element || !mention) return;
    const caret = element.selectionStart ?? value.length;
    const before = value.slice(0, mention.start);
    const after = value.slice(caret);
    const token = `@${member.handle}${after.startsWith(' ') ? '' : ' '}`;
    const next = `${before}${token}${after}`;
    caretAfterRender.current = before.length + token.length;
    onChange(next);
    setMention(null);
    element.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (!open) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      setMention(null);
      return;
    }
    if (options.length === 0) return;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((index) => (index + 1) % options.length);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((index) => (index - 1 + options.length) % options.length);
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      const member = options[Math.min(active, options.length - 1)];
      if (member) {
        event.preventDefault();
        choose(member);
      }
    }
  }

  const activeId = open && options.length ? `${listId}-${Math.min(active, options.length - 1)}` : undefined;

  return (
    <div style={{ position: 'relative' }}>
      <Textarea
        ref={ref}
        label={label}
        description={description}
        placeholder={placeholder}
        value={value}
        error={error}
        autosize
        minRows={3}
        maxRows={12}
        onChange={(event) => {
          onChange(event.currentTarget.value);
          track(event.currentTarget);
        }}
        onKeyDown={onKeyDown}
        onClick={(event) => track(event.currentTarget)}
        onBlur={() => setTimeout(() => setMention(null), 150)}
        aria-autocomplete="list"
        aria-controls={open ? listId : undefined}
        aria-activedescendant={activeId}
      />
      {open ? (
        <Paper
          withBorder
          shadow="md"
          p={4}
          style={{ position: 'absolute', zIndex: 20, left: 0, right: 0, maxWidth: 420, top: '100%', marginTop: 4 }}
        >
          {options.length ? (
            <div role="listbox" id={listId} aria-label={t('notes.suggestions')}>
              {options.map((member, index) => (
                <UnstyledButton
                  key={member.id}
                  id={`${listId}-${index}`}
                  role="option"
                  aria-selected={index === active}
                  tabIndex={-1}
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={() => choose(member)}
                  onMouseEnter={() => setActive(index)}
                  w="100%"
                  p={6}
                  style={{
                    borderRadius: 6,
                    display: 'block',
                    background: index === active ? 'var(--mantine-color-parcours-0)' : undefined,
                  }}
                >
                  <Group gap="xs" wrap="nowrap">
                    <Avatar size={26} radius="xl" color="parcours" aria-hidden="true">
                      {member.displayName.slice(0, 1)}
                    </Avatar>
                    <div>
                      <Text size="sm" fw={600} lh={1.2}>
                        {member.displayName}
                      </Text>
                      <Text size="xs" c="dimmed" lh={1.2}>
                        @{member.handle} · {t(`common:roles.${member.role}`)}
                      </Text>
                    </div>
                  </Group>
                </UnstyledButton>
              ))}
            </div>
          ) : (
            <Text size="sm" c="dimmed" p={6} role="status">
              {t('notes.noMatch')}
            </Text>
          )}
        </Paper>
      ) : null}
    </div>
  );
}

/** A note's text with its @mentions highlighted (the text itself is rendered as text, never HTML). */
export function NoteBody({ note }: { note: Note }) {
  const handles = new Map(note.mentions.map((mention) => [mention.handle.toLowerCase(), mention]));
  const parts = note.body.split(/(@[\p{L}\p{N}._-]+)/u);
  const out: ReactNode[] = parts.map((part, index) => {
    const mention = part.startsWith('@') ? handles.get(part.slice(1).toLowerCase().replace(/[.]+$/, '')) : undefined;
    if (!mention) return part;
    return (
      <Text
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one immutable text
        key={index}
        span
        fw={600}
        c="parcours.9"
        bg="parcours.0"
        px={4}
        style={{ borderRadius: 4 }}
        title={mention.displayName}
        data-mention={mention.handle}
      >
        {part}
      </Text>
    );
  });
  return (
    <Text size="sm" className="pre-wrap">
      {out}
    </Text>
  );
}

export function Notes({ requestId, notes, staff }: { requestId: string; notes: Note[]; staff: StaffMember[] }) {
  const { t } = useTranslation('requests');
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | undefined>();
  const add = useRequestMutation(requestId, (text: string) => requestsApi.addNote(requestId, text), {
    toastErrors: false,
    onSuccess: () => {
      setBody('');
      notifySuccess(t('notes.added'));
    },
  });
  const serverError = add.error instanceof ApiError ? add.error : add.error ? (add.error as Error) : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!body.trim()) {
      setError(t('validation.required'));
      return;
    }
    setError(undefined);
    add.mutate(body.trim());
  }

  const sorted = [...notes].sort((a, b) => b.createdAt.localeCompare(a.createdAt));

  return (
    <SectionCard title={t('notes.title')} id="request-notes" icon={<IconMessage size={22} aria-hidden="true" />}>
      <Stack gap="md">
        <form onSubmit={submit} noValidate>
          <Stack gap="xs">
            <MentionTextarea
              label={t('notes.label')}
              description={t('notes.help')}
              placeholder={t('notes.placeholder')}
              value={body}
              onChange={setBody}
              staff={staff}
              error={error ?? (serverError instanceof ApiError ? serverError.fieldMessage('body') ?? serverError.message : serverError?.message)}
            />
            <Button type="submit" w="fit-content" loading={add.isPending} leftSection={<IconSend size={16} aria-hidden="true" />}>
              {t('notes.add')}
            </Button>
          </Stack>
        </form>
        {sorted.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t('notes.empty')}
          </Text>
        ) : (
          <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }} data-testid="notes-list">
            {sorted.map((note) => (
              <Paper component="li" key={note.id} withBorder p="sm" bg="gray.0">
                <Group justify="space-between" gap="xs" mb={4}>
                  <Text size="sm" fw={600}>
                    {note.author?.displayName ?? t('history.system')}
                  </Text>
                  <Text size="xs" c="dimmed">
                    <time dateTime={note.createdAt}>{formatDateTime(note.createdAt)}</time>
                  </Text>
                </Group>
                <NoteBody note={note} />
              </Paper>
            ))}
          </Stack>
        )}
      </Stack>
    </SectionCard>
  );
}
