// Whose voice a source is: `official` when it is the agenda's state speaking (the Kremlin, the
// Russian government: its items need not name the country), `press` when others report on it.
export const VOICES = ["official", "press"] as const;
export type SourceVoice = (typeof VOICES)[number];

/** Sites that are the Russian state's own voice, with their mirrors (en., special., www.). */
const OFFICIAL_HOSTS = ["kremlin.ru", "government.ru"];

export function isVoice(value: unknown): value is SourceVoice {
  return typeof value === "string" && (VOICES as readonly string[]).includes(value);
}

/** Official when the URL is on an official site or one of its mirrors; never fetches anything. */
export function voiceFromUrl(url: string): SourceVoice {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return "press";
  }
  return OFFICIAL_HOSTS.some((h) => host === h || host.endsWith(`.${h}`)) ? "official" : "press";
}

/** The voice a new source gets: the user's, else its adapter's, else its URL's. */
export function defaultVoice(
  given: SourceVoice | null | undefined,
  adapterVoice: SourceVoice | undefined,
  url: string,
) {
  return given ?? adapterVoice ?? voiceFromUrl(url);
}
