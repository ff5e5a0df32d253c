import { SMTPServer } from 'smtp-server';

/** A message as the SMTP server received it, decoded enough to read: envelope, headers, text. */
export interface ReceivedMail {
  envelopeTo: string[];
  subject: string;
  text: string;
  headers: Record<string, string>;
}

/**
 * A real SMTP server (smtp-server of the Nodemailer project) on a local port, for tests and the
 * bench: it keeps what it receives, can be stopped and started again on the same port (an outage),
 * or answer 421 to every message (a server that is up but refuses for now).
 */
export interface TestSmtp {
  port: number;
  url: string;
  received: ReceivedMail[];
  /** Stops listening and drops open connections: senders get connection errors. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** While true, every message is answered 421 (service not available, try again later). */
  refuse: boolean;
}

export async function startTestSmtp(port = 0): Promise<TestSmtp> {
  let server: SMTPServer | undefined;
  const state: TestSmtp = {
    port,
    url: '',
    received: [],
    refuse: false,
    async start() {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS', 'AUTH'],
        logger: false,
        closeTimeout: 50,
        onMailFrom(_address, _session, callback) {
          if (!state.refuse) return callback();
          const error = Object.assign(new Error('Service not available, try again later'), { responseCode: 421 });
          callback(error);
        },
        onData(stream, session, callback) {
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            state.received.push({
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              ...parseMessage(Buffer.concat(chunks).toString('utf8')),
            });
            callback();
          });
        },
      });
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(state.port, '127.0.0.1', () => resolve());
      });
      const address = server.server.address();
      state.port = typeof address === 'object' && address ? address.port : state.port;
      state.url = `smtp://127.0.0.1:${state.port}`;
    },
    stop() {
      const closing = server;
      server = undefined;
      return new Promise<void>((resolve) => (closing ? closing.close(() => resolve()) : resolve()));
    },
  };
  await state.start();
  return state;
}

/** Headers (unfolded, encoded words decoded) and the text body (quoted-printable or base64 decoded). */
export function parseMessage(raw: string): { subject: string; text: string; headers: Record<string, string> } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
  }
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const text =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? decodeQuotedPrintable(body.replace(/=\r\n/g, ''))
        : body;
  return { subject: headers.subject ?? '', text: text.replace(/\r\n/g, '\n'), headers };
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(text[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_match, _charset, kind: string, data: string) =>
      kind.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    );
}
