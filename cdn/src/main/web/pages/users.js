import { api, esc } from '../api.js';

/**
 * Admins manage users: create them, change their role, disable and enable them, set their password, delete those who own
 * nothing, and set one user's limits (empty: the default) beside what they use now. Every change ends the user's
 * sessions (the API does that); refusals (the last admin, a user who owns jobs) are shown as the API words them.
 */
export async function users() {
  const status = document.getElementById('users-status');
  const body = document.querySelector('#users tbody');
  const say = (text) => { status.textContent = text; };

  const render = (list) => {
    body.innerHTML = list.map((user) => `<tr data-id="${user.id}" data-username="${esc(user.username)}">
      <td>${esc(user.username)}</td>
      <td>${esc(user.role)}</td>
      <td>${user.disabled ? 'disabled' : 'active'}</td>
      <td><time datetime="${esc(user.createdAt)}">${esc(user.createdAt)}</time></td>
      <td>
        <button type="button" data-action="role">${user.role === 'admin' ? 'Make user' : 'Make admin'}</button>
        <button type="button" data-action="status">${user.disabled ? 'Enable' : 'Disable'}</button>
        <form class="inline" data-action="password"><input name="password" type="password" minlength="10" required
          placeholder="new password" aria-label="New password for ${esc(user.username)}" autocomplete="new-password"><button type="submit">Set password</button></form>
        <button type="button" data-action="delete">Delete</button>
      </td></tr>`).join('');
  };
  const quota = document.getElementById('quota');
  const use = document.getElementById('quota-use');
  const LIMITS = ['activeJobs', 'fitEpochsPerJob', 'fitEpochsPerDay'];
  const showQuota = async () => {
    const id = quota.elements.user.value;
    if (!id) {
      return;
    }
    const view = await api(`/api/users/${id}/quota`);
    LIMITS.forEach((limit) => { quota.elements[limit].placeholder = String(view[limit]); quota.elements[limit].value = ''; });
    const name = quota.elements.user.selectedOptions[0]?.textContent;
    use.textContent = `${name} now: ${view.activeJobsNow} of ${view.activeJobs} active jobs, ${view.fitEpochsToday} of ${view.fitEpochsPerDay} work today.`;
  };
  const load = async () => {
    const list = await api('/api/users');
    render(list);
    const chosen = quota.elements.user.value;
    quota.elements.user.innerHTML = list.map((user) => `<option value="${user.id}">${esc(user.username)}</option>`).join('');
    if (list.some((user) => String(user.id) === chosen)) {
      quota.elements.user.value = chosen;
    }
    await showQuota();
  };

  const act = async (what, done) => {
    try {
      await what();
      await load(); // the message then describes what the page shows
      say(done);
    } catch (e) {
      say(e.errors?.length ? e.errors.map((error) => `${error.field}: ${error.message}`).join('; ') : e.message);
    }
  };

  body.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action]');
    if (!button) {
      return;
    }
    const row = button.closest('tr');
    const id = row.dataset.id;
    const name = row.dataset.username;
    const user = { role: row.children[1].textContent, disabled: row.children[2].textContent === 'disabled' };
    if (button.dataset.action === 'role') {
      const role = user.role === 'admin' ? 'user' : 'admin';
      act(() => api(`/api/users/${id}`, { method: 'PATCH', body: { role } }), `${name} is now ${role === 'admin' ? 'an admin' : 'a user'}.`);
    } else if (button.dataset.action === 'status') {
      act(() => api(`/api/users/${id}`, { method: 'PATCH', body: { disabled: !user.disabled } }),
        `${name} is ${user.disabled ? 'enabled' : 'disabled'}.`);
    } else if (button.dataset.action === 'delete') {
      act(() => api(`/api/users/${id}`, { method: 'DELETE' }), `${name} is deleted.`);
    }
  });
  body.addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.target;
    const row = form.closest('tr');
    act(() => api(`/api/users/${row.dataset.id}/password`, { method: 'PUT', body: { password: form.elements.password.value } }),
      `${row.dataset.username}'s password is set; their sessions have ended.`);
  });

  quota.elements.user.addEventListener('change', () => showQuota().catch((e) => say(e.message)));
  quota.addEventListener('submit', (event) => {
    event.preventDefault();
    const name = quota.elements.user.selectedOptions[0]?.textContent;
    const body = Object.fromEntries(LIMITS.map((limit) => [limit, quota.elements[limit].value === '' ? null : Number(quota.elements[limit].value)]));
    act(() => api(`/api/users/${quota.elements.user.value}/quota`, { method: 'PUT', body }), `${name}'s limits are set.`);
  });

  const create = document.getElementById('new-user');
  create.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(create);
    act(async () => {
      await api('/api/users', { method: 'POST', body: { username: data.get('username'), password: data.get('password'), role: data.get('role') } });
      create.reset();
    }, `${data.get('username')} is created.`);
  });

  try {
    await load();
  } catch (e) {
    say(e.status === 403 ? 'Only admins manage users.' : e.message);
  }
}
