import { api, esc } from '../api.js';

/**
 * Where to go after logging in: the `next` parameter when it is a page of this site, else the training page. Parsed as a
 * URL against this origin, never matched as text: `/\evil.example`, `//evil.example` and `javascript:` all leave the site.
 */
export function nextPage(next, origin = location.origin) {
  if (!next) {
    return '/training';
  }
  try {
    const url = new URL(next, origin);
    return url.origin === origin && (url.protocol === 'http:' || url.protocol === 'https:')
      ? url.pathname + url.search + url.hash : '/training';
  } catch {
    return '/training';
  }
}

export async function login() {
  const form = document.getElementById('login-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    try {
      await api('/api/auth/token', { method: 'POST', body: { username: data.get('username'), password: data.get('password') } });
      location.assign(nextPage(new URLSearchParams(location.search).get('next')));
    } catch (e) {
      document.getElementById('login-error').innerHTML = esc(e.message);
    }
  });
}
