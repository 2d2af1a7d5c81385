import { api, esc, every, fmt } from '../api.js';

export async function account() {
  const show = (me) => {
    document.getElementById('account-name').textContent = me.username;
    document.getElementById('account-role').textContent = me.role;
    const avatar = document.getElementById('avatar');
    avatar.hidden = !me.avatar;
    if (me.avatar) {
      avatar.src = me.avatar;
    }
  };
  show(await api('/api/account'));
  const form = document.getElementById('avatar-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = form.elements.avatar.files[0];
    const status = document.getElementById('avatar-status');
    try {
      show(await api('/api/account/avatar', { method: 'PUT', body: file, type: file.type || 'application/octet-stream' }));
      status.textContent = 'Avatar saved.';
    } catch (e) {
      status.textContent = e.message;
    }
  });
  const password = document.getElementById('password-form');
  password.addEventListener('submit', async (event) => {
    event.preventDefault();
    const status = document.getElementById('password-status');
    try {
      await api('/api/account/password', { method: 'PUT', body: { currentPassword: password.elements.currentPassword.value,
        newPassword: password.elements.newPassword.value } });
      password.reset();
      status.textContent = 'Password changed; your other sessions have ended.';
    } catch (e) {
      status.textContent = e.errors.length ? e.errors.map((error) => error.message).join('; ') : e.message;
    }
  });
  document.getElementById('logout').addEventListener('click', async () => {
    await fetch('/api/auth/logout', { method: 'POST' });
    location.assign('/login');
  });
}

/** The first page: what runs now. */
export async function overview() {
  every(5000, async () => {
    const [jobs, workers] = await Promise.all([api('/api/training-jobs?size=5'), api('/api/monitor/workers')]);
    const running = jobs.items.filter((job) => !['succeeded', 'failed', 'cancelled'].includes(job.status));
    const facts = {
      'Your jobs': `${jobs.total} (${running.length} running)`,
      'Latest': jobs.items[0] ? `<a href="/training/${esc(jobs.items[0].id)}">${esc(jobs.items[0].name || jobs.items[0].id.slice(0, 8))}</a> ${esc(jobs.items[0].status)} ${fmt.when(jobs.items[0].createdAt)}` : '–',
      Trainers: `${workers.filter((w) => w.status === 'alive').length} alive`,
    };
    document.getElementById('overview-facts').innerHTML = Object.entries(facts).map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('');
  });
}
