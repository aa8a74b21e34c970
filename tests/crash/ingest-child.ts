/**
 * The process the crash tests kill. Usage:
 *
 *   node --import tsx tests/crash/ingest-child.ts VAULT_DIR PASSPHRASE_FILE FILE...
 *
 * Opens the vault with the passphrase (no keychain), prints `ready` once it is open, then ingests the
 * files and prints `committed <sha256>` right after each catalog commit, and `done <imported>
 * <duplicates> <refused>` at the end. Writes to a pipe are synchronous on POSIX, so a line that was
 * printed has reached the parent even if the process is SIGKILLed on the next instruction.
 *
 * It uses the engine exactly as the CLI does (createCore, ingest with default kinds and concurrency);
 * it exists only because starting the CLI through bin/strongroom.mjs costs about 1.2 s per run.
 */
import { readFileSync } from 'node:fs';
import { createCore } from '../../electron/core/index';

async function main(): Promise<number> {
  const [vaultDir, passphraseFile, ...files] = process.argv.slice(2);
  if (!vaultDir || !passphraseFile || files.length === 0) {
    process.stderr.write('usage: ingest-child.ts VAULT_DIR PASSPHRASE_FILE FILE...\n');
    return 2;
  }
  const passphrase = readFileSync(passphraseFile, 'utf8').replace(/\r?\n$/, '');
  const core = createCore({ keychain: null });
  const vault = await core.openVault(vaultDir, { kind: 'passphrase', passphrase });
  try {
    process.stdout.write('ready\n');
    const report = await core.ingest(
      vault,
      files.map((p) => ({ kind: 'file' as const, path: p })),
      { onCommitted: (item) => process.stdout.write(`committed ${item.sha256}\n`) },
    );
    for (const r of report.refused) process.stderr.write(`refused ${r.source}: ${r.reason}\n`);
    process.stdout.write(`done ${report.imported.length} ${report.duplicates.length} ${report.refused.length}\n`);
    return report.refused.length === 0 ? 0 : 3;
  } finally {
    vault.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`ingest-child: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
