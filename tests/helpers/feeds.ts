// Small feeds written for dashboard tests: a plain RSS feed of n entries, and one whose entries
// try to inject markup and script.
export function rssFeed(
  title: string,
  entries: { title: string; link: string; date: string; description?: string }[],
): string {
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${esc(title)}</title><link>http://example.org/</link><description>test</description>
${entries
  .map(
    (
      e,
    ) => `<item><title>${esc(e.title)}</title><link>${esc(e.link)}</link><guid isPermaLink="false">${esc(e.link)}</guid>
<pubDate>${new Date(e.date).toUTCString()}</pubDate><description>${esc(e.description ?? "")}</description></item>`,
  )
  .join("\n")}
</channel></rss>`;
}

export const DIGITAL_POLICY = rssFeed("Digital policy watch", [
  {
    title: "Government approves national AI implementation plan",
    link: "http://example.org/news/1",
    date: "2026-11-24T09:00:00Z",
  },
  {
    title: "Ministry opens AI procurement consultation",
    link: "http://example.org/news/2",
    date: "2026-11-23T09:00:00Z",
  },
  {
    title: "Правительство утвердило план внедрения ИИ",
    link: "http://example.org/news/3",
    date: "2026-11-22T09:00:00Z",
  },
]);

// The title's text itself holds markup (escaped once more, as a feed must write text that
// contains "<"), so the stored title is literally `<script>…`.
export const HOSTILE = rssFeed("Hostile", [
  {
    title: `&lt;script&gt;window.pwned = true&lt;/script&gt; AI decree &lt;img src=x onerror="window.pwned=true"&gt;`,
    link: "javascript:window.pwned=true",
    date: "2026-11-25T09:00:00Z",
    description: `<script>window.pwned = true</script>`,
  },
  { title: "A normal entry", link: "http://example.org/normal", date: "2026-11-24T09:00:00Z" },
]);
