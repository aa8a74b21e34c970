import readline from 'node:readline';
import { StrongroomError } from '../errors';

/** What commands read from and write to: injected so tests can drive the CLI in-process. */
export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => void };
}

export const processIO: CliIO = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };

/** Standard input read once and handed out line by line (passphrase, then a new passphrase, ...). */
export class StdinLines {
  private lines: Promise<string[]> | null = null;
  private index = 0;

  constructor(private readonly io: CliIO) {}

  async next(what: string): Promise<string> {
    this.lines ??= (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of this.io.stdin) chunks.push(Buffer.from(chunk as Buffer));
      return Buffer.concat(chunks).toString('utf8').split(/\r?\n/);
    })();
    const lines = await this.lines;
    const line = lines[this.index++];
    if (line === undefined || (line === '' && this.index >= lines.length)) {
      throw new StrongroomError('INVALID_ARGUMENT', `expected the ${what} on standard input, found nothing`);
    }
    return line;
  }
}

/** Reads a secret from the terminal without echoing it. */
export async function promptHidden(io: CliIO, question: string): Promise<string> {
  if (!io.stdin.isTTY) throw new StrongroomError('INVALID_ARGUMENT', 'no terminal to ask on; pass the secret with --passphrase-stdin');
  const output = io.stderr;
  return new Promise((resolve, reject) => {
    const rl = readline.createInterface({ input: io.stdin, output, terminal: true });
    const rlWithOutput = rl as unknown as { _writeToOutput: (s: string) => void };
    let asked = false;
    rlWithOutput._writeToOutput = (s: string) => {
      if (!asked) {
        output.write(s);
        asked = true;
      } else if (s.includes('\n') || s.includes('\r')) output.write('\n');
    };
    rl.question(question, (answer) => {
      rl.close();
      resolve(answer);
    });
    rl.on('SIGINT', () => {
      rl.close();
      reject(new StrongroomError('CANCELLED', 'cancelled'));
    });
  });
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = -1;
  do {
    v /= 1024;
    i += 1;
  } while (v >= 1024 && i < units.length - 1);
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}
