import type { TextRange } from '../../../electron/api.js';
import { segments } from './ranges.js';

/** Text with the query's matches and the chosen suggestion's evidence marked. */
export function Marked({ text, matches, evidence }: { text: string; matches: readonly TextRange[]; evidence: readonly TextRange[] }) {
  if (matches.length === 0 && evidence.length === 0) return <>{text}</>;
  return (
    <>
      {segments(text, matches, evidence).map((s, i) =>
        s.match || s.evidence ? (
          <mark key={i} className={[s.match && 'match', s.evidence && 'evidence'].filter(Boolean).join(' ')}>
            {s.text}
          </mark>
        ) : (
          s.text
        ),
      )}
    </>
  );
}
