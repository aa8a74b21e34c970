import { useId, useState } from 'react';
import { NO_FIELD_ERRORS, type FieldErrors } from '../lib/field-errors';
import { checkFolder, checkS3, EMPTY_S3_DRAFT, type S3Draft } from '../lib/sync-form';
import { useSync } from '../stores/sync-store';
import { ChoiceGroup } from './ChoiceGroup';
import { SecretField } from './SecretField';
import { TextInputField } from './TextInputField';

type Kind = 'folder' | 's3';
const KIND_LABELS = { folder: 'A folder', s3: 'An S3 bucket' } as const;

/**
 * Connects this vault to a folder (a Dropbox, iCloud or network folder, a USB drive) or an S3 bucket.
 * The engine writes the vault's header there first, so a wrong path, a read-only folder or refused
 * keys are reported here, and nothing is saved until it worked. Only sealed objects go there.
 */
export function SyncConnectForm() {
  const busy = useSync((s) => s.busy);
  const actionError = useSync((s) => s.actionError);
  const [kind, setKind] = useState<Kind>('folder');
  const [folder, setFolder] = useState('');
  const [s3, setS3] = useState<S3Draft>(EMPTY_S3_DRAFT);
  const [errors, setErrors] = useState<FieldErrors>(NO_FIELD_ERRORS);
  const secretId = useId();
  const secretErrorId = useId();
  const change = (c: Partial<S3Draft>) => setS3({ ...s3, ...c });

  const submit = () => {
    if (kind === 'folder') {
      const checked = checkFolder(folder);
      if ('errors' in checked) return setErrors(checked.errors);
      setErrors(NO_FIELD_ERRORS);
      void useSync.getState().connectFolder(checked.path);
      return;
    }
    const checked = checkS3(s3);
    if ('errors' in checked) return setErrors(checked.errors);
    setErrors(NO_FIELD_ERRORS);
    void useSync.getState().connectS3(checked.input).then((ok) => {
      if (ok) setS3(EMPTY_S3_DRAFT);
    });
  };

  return (
    <section className="stack" aria-labelledby="sync-connect-title">
      <h3 id="sync-connect-title" className="shares__subtitle">
        Sync this vault
      </h3>
      <p className="muted">
        Changes and images are encrypted on this device before they leave it: the folder or bucket holds only sealed objects. Other devices join with the vault’s
        passphrase or recovery key (<code>strongroom join</code>).
      </p>
      <form
        className="stack"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        data-testid="sync-connect-form"
      >
        <ChoiceGroup legend="Sync through" value={kind} options={['folder', 's3'] as const} labels={KIND_LABELS} onChange={(k) => { setKind(k); setErrors(NO_FIELD_ERRORS); }} testId="sync-kind" />
        {kind === 'folder' ? (
          <TextInputField
            label="Folder"
            value={folder}
            onChange={setFolder}
            error={errors.path}
            placeholder="/home/me/Dropbox/strongroom"
            maxLength={4096}
            monospace
            hint="The full path of an existing folder, e.g. inside Dropbox, iCloud Drive or a network share. Each vault needs a folder of its own."
            testId="sync-folder-path"
          />
        ) : (
          <>
            <TextInputField label="Endpoint" type="url" value={s3.endpoint} onChange={(endpoint) => change({ endpoint })} error={errors.endpoint} placeholder="https://s3.eu-central-003.backblazeb2.com" hint="Empty for Amazon S3 itself." testId="sync-s3-endpoint" />
            <div className="row row--fields">
              <TextInputField label="Bucket" value={s3.bucket} onChange={(bucket) => change({ bucket })} error={errors.bucket} placeholder="shop-images" testId="sync-s3-bucket" />
              <TextInputField label="Region" value={s3.region} onChange={(region) => change({ region })} error={errors.region} placeholder="us-east-1" testId="sync-s3-region" />
            </div>
            <TextInputField label="Prefix (optional)" value={s3.prefix} onChange={(prefix) => change({ prefix })} error={errors.prefix} placeholder="strongroom/" hint="A folder inside the bucket, to share one bucket between vaults." testId="sync-s3-prefix" />
            <label className="checkbox-row">
              <input type="checkbox" checked={s3.pathStyle} onChange={(e) => change({ pathStyle: e.target.checked })} data-testid="sync-s3-path-style" />
              Path-style addresses (MinIO and some other S3-compatible services need this)
            </label>
            <TextInputField label="Access key id" value={s3.accessKeyId} onChange={(accessKeyId) => change({ accessKeyId })} error={errors.accessKeyId} monospace testId="sync-s3-access-key" />
            <SecretField
              id={secretId}
              label="Secret access key"
              value={s3.secretAccessKey}
              onChange={(secretAccessKey) => change({ secretAccessKey })}
              autoComplete="off"
              monospace
              invalid={errors.secretAccessKey !== undefined}
              {...(errors.secretAccessKey ? { describedBy: secretErrorId } : {})}
              testId="sync-s3-secret"
            />
            {errors.secretAccessKey ? (
              <p id={secretErrorId} className="field__error" data-testid="field-error" data-field="sync-s3-secret">
                {errors.secretAccessKey}
              </p>
            ) : null}
            <p className="field__hint">The keys are kept in this device’s keychain, never in a file.</p>
          </>
        )}
        {actionError ? (
          <p className="form-error" role="alert" data-testid="sync-action-error">
            {actionError}
          </p>
        ) : null}
        <div className="row">
          <button type="submit" className="button button--primary" disabled={busy} data-testid="sync-connect">
            {busy ? 'Connecting…' : 'Connect'}
          </button>
        </div>
      </form>
    </section>
  );
}
