import { Dialog } from 'radix-ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EntitySummary } from '../../../electron/api.js';
import { formatNumber } from '../format.js';

/**
 * Tab stays within the dialog. Radix's modal mode would do it, but it also locks the page's scroll
 * with an inline <style> element, which the page's CSP refuses; so the dialog is non-modal, with
 * its own overlay and this loop.
 */
function keepFocusInside(e: React.KeyboardEvent<HTMLElement>): void {
  if (e.key !== 'Tab') return;
  const stops = [...e.currentTarget.querySelectorAll<HTMLElement>('button:not(:disabled)')];
  const edge = e.shiftKey ? stops[0] : stops[stops.length - 1];
  if (document.activeElement === edge) {
    e.preventDefault();
    (e.shiftKey ? stops[stops.length - 1] : stops[0])?.focus();
  }
}

/** Removing a person or tag takes it off every article: asked once more in a dialog. */
export function RemoveEntity({ entity, busy, onRemove }: { entity: EntitySummary; busy: boolean; onRemove: () => Promise<boolean> }) {
  const { t } = useTranslation('entities');
  const [open, setOpen] = useState(false);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen} modal={false}>
      <Dialog.Trigger asChild>
        <button type="button" className="danger" disabled={busy}>
          {t('remove.button')}
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <div className="dialog-overlay" />
        <Dialog.Content className="dialog" aria-modal="true" onKeyDown={keepFocusInside}>
          <Dialog.Title>{t(`remove.title.${entity.kind}`, { name: entity.name })}</Dialog.Title>
          <Dialog.Description>{t('remove.description', { count: entity.articles, n: formatNumber(entity.articles) })}</Dialog.Description>
          <div className="dialog-actions">
            <Dialog.Close asChild>
              <button type="button">{t('remove.keep')}</button>
            </Dialog.Close>
            <button
              type="button"
              className="danger primary"
              disabled={busy}
              onClick={() => {
                void onRemove().then((done) => done || setOpen(false));
              }}
            >
              {t('remove.confirm')}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
