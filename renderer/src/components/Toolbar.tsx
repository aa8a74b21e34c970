import type { RefObject } from 'react';
import { DesignerButton } from './DesignerButton';
import { ExportButton } from './ExportButton';
import { ImportButton } from './ImportButton';
import { LockButton } from './LockButton';
import { SearchBox } from './SearchBox';
import { SelectionSummary } from './SelectionSummary';
import { SettingsPopover } from './SettingsPopover';
import { ShareButton } from './ShareButton';
import { SharesButton } from './SharesButton';
import { SortSelect } from './SortSelect';

export function Toolbar({ searchRef }: { searchRef: RefObject<HTMLInputElement | null> }) {
  return (
    <header className="toolbar">
      <SearchBox inputRef={searchRef} />
      <SortSelect />
      <SelectionSummary />
      <div className="toolbar__spacer" />
      <ImportButton />
      <ExportButton />
      <ShareButton />
      <SharesButton />
      <DesignerButton />
      <SettingsPopover />
      <LockButton />
    </header>
  );
}
