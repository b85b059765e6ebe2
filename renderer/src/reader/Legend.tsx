import { useTranslation } from 'react-i18next';

/** The reader's keys, always on screen. */
export function Legend() {
  const { t } = useTranslation('reader');
  const keys: [string[], string][] = [
    [['j', 'k'], t('keySelect')],
    [['c'], t('keyConfirm')],
    [['x'], t('keyReject')],
    [['t'], t('keyTag')],
    [['Esc'], t('keyBack')],
  ];
  return (
    <dl className="rd-legend" aria-label={t('keys')}>
      {keys.map(([ks, what]) => (
        <div key={what}>
          <dt>
            {ks.map((k) => (
              <kbd key={k}>{k}</kbd>
            ))}
          </dt>
          <dd>{what}</dd>
        </div>
      ))}
    </dl>
  );
}
