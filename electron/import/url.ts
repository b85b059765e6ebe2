/** The outlet a URL belongs to, as people name it: `kompas.com`, not `https://www.kompas.com/...`. */
export function domainOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const host = new URL(url.trim()).hostname.toLowerCase();
    return host.replace(/^(www\d?|m|amp)\./, '') || undefined;
  } catch {
    return undefined;
  }
}
