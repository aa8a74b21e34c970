import type { Vault } from '../vault/vault';
import type { CommandContext } from './context';

/** Unlocks the vault for one command and closes it (wiping its keys) however the command ends. */
export async function withVault<T>(ctx: CommandContext, fn: (vault: Vault) => T | Promise<T>): Promise<T> {
  const vault = await ctx.openVault();
  try {
    return await fn(vault);
  } finally {
    vault.close();
  }
}
