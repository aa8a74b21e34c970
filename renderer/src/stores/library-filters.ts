import type { ApiArgs } from '../../../shared/api/contract';
import type { ApprovalState, AssetSort, ImageFormat } from '../../../shared/api/schemas';

/** What the grid shows: a search plus at most one value per filter (the sidebar picks one of each). */
export interface LibraryFilters {
  readonly query: string;
  readonly tag: string | null;
  /** A collection id (the engine also accepts names; ids survive renames). */
  readonly collectionId: string | null;
  readonly status: ApprovalState | null;
  readonly format: ImageFormat | null;
}

export const noFilters: LibraryFilters = { query: '', tag: null, collectionId: null, status: null, format: null };

export function hasActiveFilters(f: LibraryFilters): boolean {
  return f.query.trim() !== '' || f.tag !== null || f.collectionId !== null || f.status !== null || f.format !== null;
}

/** The assets.list arguments for a query; empty values are left out rather than sent as "". */
export function listArgs(f: LibraryFilters, sort: AssetSort): ApiArgs<'assets.list'> {
  const query = f.query.trim();
  return {
    sort,
    ...(query ? { query } : {}),
    ...(f.tag !== null ? { tag: f.tag } : {}),
    ...(f.collectionId !== null ? { collection: f.collectionId } : {}),
    ...(f.status !== null ? { status: f.status } : {}),
    ...(f.format !== null ? { format: f.format } : {}),
  };
}
