// Secrets kept out of every message a person or a log reads: the password in a URL's user part
// (postgresql://user:secret@host, http://user:secret@site) and secret-looking parameters in a query
// string or a libpq connection string (password=…, token=…). Works on any text, including URLs
// too malformed to parse, because a malformed URL is exactly what an error message quotes.

const MASK = "…";
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]*:)[^\s]*@/gi;
const SECRET_PARAMS =
  /\b((?:ssl)?pass(?:word|wd)?|pwd|secret|token|access_token|api_?key|client_secret|auth)=[^\s&;'"]*/gi;

/** The text with passwords and secret parameters masked. */
export function redactSecrets(text: string): string {
  return text.replace(URL_PASSWORD, `$1${MASK}@`).replace(SECRET_PARAMS, `$1=${MASK}`);
}

/** A URL without its credentials, for showing to readers; unparseable input is masked as text. */
export function urlWithoutCredentials(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    u.username = "";
    u.password = "";
    return u.toString();
  } catch {
    return redactSecrets(url);
  }
}
