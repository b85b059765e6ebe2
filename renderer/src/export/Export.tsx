/** Placeholder until the Export view is built (issue 12). */
export function Export(_props: Record<string, unknown>) {
  return <section aria-label="Export" />;
}
