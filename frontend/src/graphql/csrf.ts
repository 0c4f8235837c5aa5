/** Name of the cookie Django sets (CSRF_COOKIE_NAME) when it serves index.html. */
export const CSRF_COOKIE_NAME = 'csrftoken';

/**
 * The current CSRF token, read from the cookie on every request: Django rotates the token when a
 * user signs in, so it must never be cached.
 */
export function readCsrfToken(cookieString: string = document.cookie): string {
  for (const part of cookieString.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === CSRF_COOKIE_NAME) {
      return decodeURIComponent(part.slice(eq + 1).trim());
    }
  }
  return '';
}
