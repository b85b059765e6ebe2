/** Placeholder until the Duplicates view is built (issue 12). */
export function Duplicates(_props: Record<string, unknown>) {
  return <section aria-label="Duplicates" />;
}
