import { StrongroomError } from '../../errors';
import type { Command } from '../context';

export const initCommand: Command = {
  name: 'init',
  usage: 'init [--no-keychain]',
  summary: 'create a new vault (asks for a passphrase, prints the recovery key once)',
  async run(ctx) {
    const passphrase = await ctx.readPassphrase('new passphrase', true);
    const { vault, recoveryKey, keychainError } = await ctx.core.createVault(ctx.vaultDir, {
      passphrase,
      useKeychain: ctx.values['no-keychain'] !== true,
    });
    const keychain = vault.unlockStatus().keychain.length > 0;
    vault.close();
    if (keychainError) ctx.io.stderr.write(`warning: the vault was created, but not added to the keychain: ${keychainError}\n`);
    ctx.print({ vaultId: vault.id, dir: ctx.vaultDir, recoveryKey, keychain }, () =>
      [
        `Created a vault in ${ctx.vaultDir}`,
        keychain ? 'This device unlocks it through the system keychain.' : 'Unlock it with the passphrase (no keychain on this device).',
        '',
        'Recovery key (shown only this once; write it down and keep it somewhere safe):',
        '',
        `    ${recoveryKey}`,
        '',
        'With the passphrase forgotten and the keychain gone, this key is the only way back in.',
      ].join('\n'),
    );
  },
};

export const passphraseCommand: Command = {
  name: 'passphrase',
  usage: 'passphrase change',
  summary: 'change the passphrase (with --passphrase-stdin: current, then new, one per line)',
  async run(ctx) {
    if (ctx.args[0] !== 'change') throw new StrongroomError('INVALID_ARGUMENT', 'usage: strongroom passphrase change');
    const vault = await ctx.openVault();
    try {
      const next = await ctx.readPassphrase('new passphrase', true);
      await vault.changePassphrase(next);
    } finally {
      vault.close();
    }
    ctx.print({ changed: true }, () => 'Passphrase changed. The recovery key and keychain unlock are unchanged.');
  },
};

export const recoveryCommand: Command = {
  name: 'recovery',
  usage: 'recovery status | recovery regenerate',
  summary: 'show whether a recovery key exists, or replace it with a new one',
  async run(ctx) {
    const sub = ctx.args[0];
    if (sub === 'status') {
      const status = await ctx.core.inspectVault(ctx.vaultDir);
      ctx.print(status.recoveryKey, () =>
        status.recoveryKey.exists ? `A recovery key exists (created ${status.recoveryKey.createdAt}).` : 'This vault has no recovery key.',
      );
      return;
    }
    if (sub === 'regenerate') {
      const vault = await ctx.openVault();
      try {
        const recoveryKey = await vault.regenerateRecoveryKey();
        ctx.print({ recoveryKey }, () => `The old recovery key no longer works. New recovery key (shown once):\n\n    ${recoveryKey}\n`);
      } finally {
        vault.close();
      }
      return;
    }
    throw new StrongroomError('INVALID_ARGUMENT', 'usage: strongroom recovery status|regenerate');
  },
};

export const keychainCommand: Command = {
  name: 'keychain',
  usage: 'keychain status | keychain add | keychain remove',
  summary: 'let this device unlock the vault from the system keychain, or stop it',
  async run(ctx) {
    const sub = ctx.args[0];
    const driver = ctx.core.keychain;
    if (sub === 'status') {
      const status = await ctx.core.inspectVault(ctx.vaultDir);
      const available = driver ? await driver.isAvailable() : false;
      ctx.print({ ...status, keychainAvailable: available }, () =>
        [
          `Passphrase: ${status.passphrase ? 'set' : 'none'}`,
          `Recovery key: ${status.recoveryKey.exists ? `exists (created ${status.recoveryKey.createdAt})` : 'none'}`,
          `Keychain unlock: ${status.keychain.length ? status.keychain.map((k) => k.driver).join(', ') : 'none'}`,
          `System keychain on this device: ${available ? 'available' : 'not available'}`,
        ].join('\n'),
      );
      return;
    }
    if (sub !== 'add' && sub !== 'remove') throw new StrongroomError('INVALID_ARGUMENT', 'usage: strongroom keychain status|add|remove');
    if (!driver) throw new StrongroomError('KEYCHAIN_UNAVAILABLE', 'no keychain is in use (--no-keychain)');
    const vault = await ctx.openVault();
    try {
      if (sub === 'add') {
        await vault.addKeychain(driver);
        ctx.print({ keychain: true }, () => `This device now unlocks the vault from ${driver.description}.`);
      } else {
        const removed = await vault.removeKeychain(driver);
        ctx.print({ keychain: false, removed }, () =>
          removed ? 'Keychain unlock removed; use the passphrase or recovery key from now on.' : 'The keychain was not set up for this vault.',
        );
      }
    } finally {
      vault.close();
    }
  },
};
