/**
 * A real SMTP server on a free loopback port whose behaviour a test steers, for delivery tests:
 * refuse a recipient's first attempt (451), or hold the answer to a message's end of data (a slow
 * server, spam scanning) so that a test can kill the sender while it waits.
 *
 * A message counts as received when the server answers 250, as RFC 5321 §6.1 has it (that answer
 * is when the server takes responsibility). A message whose sender disconnects before the answer is
 * not received: it is kept apart in `dropped`.
 */
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface FaultySmtp {
  url: string;
  /** Accepted messages (answered 250), in order. */
  received: ParsedMail[];
  /** Messages whose sender went away before the server answered. */
  dropped: ParsedMail[];
  /** Refuses the first message to this address: 451 (try again later) by default, or e.g. 550 (no such mailbox). */
  rejectFirst(to: string, code?: number): void;
  /** From now on, holds every message's answer until release() (or the sender disconnects). */
  hold(): void;
  /** Answers the held messages (250) and stops holding. */
  release(): void;
  /** How many messages are waiting for an answer. */
  held(): number;
  /** Called as each message is accepted, right after the 250 is written. */
  onAccepted?: (mail: ParsedMail) => void;
  /** Resolves when `predicate` holds, checked at each event (timeout in ms). */
  until(predicate: () => boolean, timeoutMs?: number, what?: string): Promise<void>;
  close(): Promise<void>;
}

export const recipients = (m: ParsedMail): string[] =>
  (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((a) => a.value.map((v) => v.address?.toLowerCase() ?? ''));

export async function startFaultySmtp(): Promise<FaultySmtp> {
  const received: ParsedMail[] = [];
  const dropped: ParsedMail[] = [];
  const refuse = new Map<string, number>();
  const held = new Map<string, { mail: ParsedMail; answer: (err?: Error) => void }>();
  const watchers = new Set<() => void>();
  const closed = new Set<string>();
  let holding = false;
  const changed = () => {
    for (const w of [...watchers]) w();
  };

  const api: FaultySmtp = {
    url: '',
    received,
    dropped,
    rejectFirst: (to, code = 451) => void refuse.set(to.toLowerCase(), code),
    hold() {
      holding = true;
    },
    release() {
      holding = false;
      for (const [id, h] of [...held]) {
        held.delete(id);
        h.answer();
      }
    },
    held: () => held.size,
    until(predicate, timeoutMs = 10_000, what = 'condition') {
      if (predicate()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate()) return;
          clearTimeout(timer);
          watchers.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          watchers.delete(check);
          reject(new Error(`SMTP: ${what} not reached within ${timeoutMs} ms (received ${received.length}, held ${held.size}, dropped ${dropped.length})`));
        }, timeoutMs);
        watchers.add(check);
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const accept = (mail: ParsedMail, done: (err?: Error | null) => void) => {
    done();
    received.push(mail);
    api.onAccepted?.(mail);
    changed();
  };

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      simpleParser(stream).then(
        (mail) => {
          if (closed.has(session.id)) {
            // The sender went away after the end of data, before any answer.
            dropped.push(mail);
            changed();
            return;
          }
          const to = recipients(mail);
          const refused = to.find((t) => refuse.has(t));
          if (refused) {
            const code = refuse.get(refused) ?? 451;
            refuse.delete(refused);
            const err = Object.assign(new Error(code >= 500 ? 'Mailbox unavailable' : 'Temporary failure, try again later'), { responseCode: code });
            done(err);
            changed();
            return;
          }
          if (!holding) return accept(mail, done);
          held.set(session.id, {
            mail,
            answer: (err) => (err ? done(err) : accept(mail, done)),
          });
          changed();
        },
        (err: Error) => done(err),
      );
    },
    onClose(session) {
      closed.add(session.id);
      const h = held.get(session.id);
      if (!h) return;
      held.delete(session.id);
      dropped.push(h.mail);
      changed();
    },
  });
  // A sender killed mid-conversation resets its connection: expected here, not an error of the test.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  api.url = `smtp://127.0.0.1:${port}?ignoreTLS=true`;
  return api;
}
