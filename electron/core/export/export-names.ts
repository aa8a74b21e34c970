import { checkFileNameTemplate, FileNameSet, renderFileName } from '../imaging/file-names';
import type { RenditionFormat } from '../imaging/types';
import { DEFAULT_NAME_TEMPLATE } from './defaults';
import type { ExportItem } from './export-items';

/**
 * The file name of every item of one export, decided before anything is written: from the template,
 * made safe for every OS, unique within the export and clear of the files already in the folder (a
 * name taken on disk gets the same " (2)" treatment as a repeat within the export). Writing re-checks
 * at the last moment, since the folder can change meanwhile.
 */
export function exportFileNames(
  items: readonly ExportItem[],
  options: { template?: string; format: RenditionFormat; date: Date; existing: readonly string[] },
): string[] {
  const template = options.template ?? DEFAULT_NAME_TEMPLATE;
  checkFileNameTemplate(template);
  const taken = new FileNameSet();
  for (const name of options.existing) taken.take(name);
  return items.map((item, index) =>
    taken.take(
      renderFileName(template, {
        sku: item.sku,
        title: item.title,
        n: index + 1,
        total: items.length,
        version: item.versionNumber,
        date: options.date,
        originalFilename: item.originalFilename,
        format: options.format,
      }),
    ),
  );
}
