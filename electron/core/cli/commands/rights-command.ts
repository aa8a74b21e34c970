import { dataMiningSchema, rightsFieldsSchema, shopNameSchema } from '../../../../shared/api/imaging-schemas';
import { getRightsProfile, getShopName, setShopName, updateRightsProfile } from '../../catalog/rights-profile';
import { StrongroomError } from '../../errors';
import type { RightsProfile } from '../../imaging/types';
import type { Command, OptionsConfig } from '../context';
import { withVault } from '../with-vault';

/** Each `rights set` option and the profile field it sets, in the order `rights show` lists them. */
const FIELDS: { option: string; field: keyof RightsProfile; label: string }[] = [
  { option: 'creator', field: 'creator', label: 'Creator' },
  { option: 'copyright', field: 'copyrightNotice', label: 'Copyright notice' },
  { option: 'credit', field: 'creditLine', label: 'Credit line' },
  { option: 'web-statement', field: 'webStatement', label: 'Web statement' },
  { option: 'licensor-name', field: 'licensorName', label: 'Licensor' },
  { option: 'licensor-url', field: 'licensorUrl', label: 'Licensor URL' },
  { option: 'licensor-email', field: 'licensorEmail', label: 'Licensor email' },
  { option: 'usage-terms', field: 'usageTerms', label: 'Usage terms' },
  { option: 'data-mining', field: 'dataMining', label: 'Data mining' },
  { option: 'other-constraints', field: 'otherConstraints', label: 'Other constraints' },
];

const DATA_MINING_TEXT: Record<NonNullable<RightsProfile['dataMining']>, string> = {
  unspecified: 'unspecified',
  allowed: 'allowed',
  'prohibited-ai': 'prohibited for AI/ML training',
  'prohibited-genai': 'prohibited for generative AI/ML training',
  'prohibited-except-search': 'prohibited except for search engine indexing',
  prohibited: 'prohibited',
  'prohibited-see-constraints': 'prohibited, see other constraints',
};

const options: OptionsConfig = {
  ...Object.fromEntries(FIELDS.map((f) => [f.option, { type: 'string' as const }])),
  shop: { type: 'string' },
};

/** Validates one option's value with the API's own rule, naming the option (not the API field) when it fails. */
function parseOption(option: string, field: keyof RightsProfile | 'shop', raw: string): unknown {
  if (field === 'dataMining') {
    if (raw.trim() === '') return null;
    const parsed = dataMiningSchema.safeParse(raw.trim());
    if (!parsed.success) throw new StrongroomError('INVALID_ARGUMENT', `--${option} must be one of: ${dataMiningSchema.options.join(', ')} (or "" to clear it)`);
    return parsed.data;
  }
  const schema = field === 'shop' ? shopNameSchema : rightsFieldsSchema[field];
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new StrongroomError('INVALID_ARGUMENT', `--${option}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

function render(rights: RightsProfile, shopName: string | null): string {
  const width = Math.max(...FIELDS.map((f) => f.label.length), 'Shop name ({shop})'.length) + 2;
  const lines = FIELDS.map(({ field, label }) => {
    const value = rights[field];
    const text = value === null ? '-' : field === 'dataMining' ? `${value} (${DATA_MINING_TEXT[value as keyof typeof DATA_MINING_TEXT]})` : value;
    return `${`${label}:`.padEnd(width)}${text.replace(/\n/g, `\n${' '.repeat(width)}`)}`;
  });
  lines.push(`${'Shop name ({shop}):'.padEnd(width)}${shopName ?? `- (watermarks use the creator${rights.creator ? `, "${rights.creator}"` : ''})`}`);
  return lines.join('\n');
}

export const rightsCommand: Command = {
  name: 'rights',
  usage: `rights show | rights set [--creator T] [--copyright T] [--credit T] [--web-statement URL] [--licensor-name T] [--licensor-url URL] [--licensor-email E] [--usage-terms T] [--data-mining VALUE] [--other-constraints T] [--shop NAME]`,
  summary: `show or change the rights every exported copy carries ("" clears a field; --data-mining ${dataMiningSchema.options.join('|')})`,
  options,
  async run(ctx) {
    const [sub, ...rest] = ctx.args;
    const given = FIELDS.filter((f) => typeof ctx.values[f.option] === 'string');
    const shopGiven = typeof ctx.values.shop === 'string';
    if (sub === 'show' && rest.length === 0 && given.length === 0 && !shopGiven) {
      const state = await withVault(ctx, (vault) => ({ rights: getRightsProfile(vault.db), shopName: getShopName(vault.db) }));
      ctx.print(state, () => render(state.rights, state.shopName));
      return;
    }
    if (sub !== 'set' || rest.length > 0 || (given.length === 0 && !shopGiven)) {
      throw new StrongroomError('INVALID_ARGUMENT', 'usage: strongroom rights show | rights set --creator NAME ... (see strongroom --help)');
    }
    // Every value is checked before the vault is even unlocked: one bad URL changes nothing.
    const patch = Object.fromEntries(given.map((f) => [f.field, parseOption(f.option, f.field, ctx.values[f.option] as string)]));
    const shop = shopGiven ? parseOption('shop', 'shop', ctx.values.shop as string) : undefined;
    const state = await withVault(ctx, (vault) =>
      vault.db
        .transaction(() => {
          const rights = updateRightsProfile(vault.db, patch);
          const shopName = shop === undefined ? getShopName(vault.db) : setShopName(vault.db, shop);
          return { rights, shopName };
        })
        .immediate(),
    );
    ctx.print(state, () => `Rights profile saved; every export carries it.\n${render(state.rights, state.shopName)}`);
  },
};
