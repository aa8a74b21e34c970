import { deleteRenditionPreset, listRenditionPresets, resetRenditionPreset, saveRenditionPreset } from '../catalog/rendition-presets';
import { getRightsProfile, getShopName, setShopName, updateRightsProfile } from '../catalog/rights-profile';
import { deleteWatermarkPreset, listWatermarkPresets, saveWatermarkPreset } from '../catalog/watermark-presets';
import { StrongroomError } from '../errors';
import { DEFAULT_NAME_TEMPLATE, DEFAULT_RENDITION_PRESET_ID } from '../export/defaults';
import { builtinRenditionPresets } from '../imaging/builtin-presets';
import type { HandlerMap } from './handler-map';
import type { LogoImports } from './logo-imports';
import type { Session } from './session';

type PresetMethods =
  | 'presets.list'
  | 'renditionPresets.save'
  | 'renditionPresets.delete'
  | 'renditionPresets.reset'
  | 'watermarkPresets.save'
  | 'watermarkPresets.delete'
  | 'watermarkPresets.importLogo'
  | 'rights.get'
  | 'rights.set';

/** Presets, logos and the rights profile: the settings an export is made with. */
export function createPresetHandlers(session: Session, logos: LogoImports): HandlerMap<PresetMethods> {
  const db = () => session.requireVault().db;
  const ok = { ok: true as const };
  const rightsState = () => ({ rights: getRightsProfile(db()), shopName: getShopName(db()) });
  return {
    'presets.list': async () => ({
      rendition: listRenditionPresets(db()),
      watermark: listWatermarkPresets(db()),
      defaults: { renditionPresetId: DEFAULT_RENDITION_PRESET_ID, nameTemplate: DEFAULT_NAME_TEMPLATE },
    }),
    'renditionPresets.save': async ({ preset }) => saveRenditionPreset(db(), preset),
    'renditionPresets.delete': async ({ id }) => {
      deleteRenditionPreset(db(), id);
      return ok;
    },
    'renditionPresets.reset': async ({ id }) => resetRenditionPreset(db(), id, builtinRenditionPresets()),
    'watermarkPresets.save': async ({ preset }) => {
      const vault = session.requireVault();
      // gc in another process may have removed an unsaved logo after its grace period.
      if (preset.logoBlob !== null && !(await vault.blobs.has(preset.logoBlob))) {
        throw new StrongroomError('NOT_FOUND', 'that logo is no longer in the vault; import the logo again');
      }
      return saveWatermarkPreset(vault.db, preset, { isImportedLogo: (id) => logos.wasImported(id) });
    },
    'watermarkPresets.delete': async ({ id }) => {
      deleteWatermarkPreset(db(), id);
      return ok;
    },
    'watermarkPresets.importLogo': async (args) =>
      logos.import(args.source === 'path' ? { kind: 'file', path: args.path } : { kind: 'bytes', name: args.name, data: Buffer.from(args.base64, 'base64') }),
    'rights.get': async () => rightsState(),
    'rights.set': async ({ rights, shopName }) => {
      const database = db();
      database
        .transaction(() => {
          if (rights !== undefined) updateRightsProfile(database, rights);
          if (shopName !== undefined) setShopName(database, shopName);
        })
        .immediate();
      return rightsState();
    },
  };
}
