/** Placeholder until the Entities view is built (issue 12). */
export function Entities(_props: Record<string, unknown>) {
  return <section aria-label="Entities" />;
}
