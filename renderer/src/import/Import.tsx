/** Placeholder until the Import view is built (issue 12). */
export function Import(_props: Record<string, unknown>) {
  return <section aria-label="Import" />;
}
