import { api, esc } from '../api.js';

export async function login() {
  const form = document.getElementById('login-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    try {
      await api('/api/auth/token', { method: 'POST', body: { username: data.get('username'), password: data.get('password') } });
      const next = new URLSearchParams(location.search).get('next');
      location.assign(next && next.startsWith('/') && !next.startsWith('//') ? next : '/training');
    } catch (e) {
      document.getElementById('login-error').innerHTML = esc(e.message);
    }
  });
}
