import { api, esc } from '../api.js';

/**
 * Admins manage users: create them, change their role, disable and enable them, set their password, delete those who own
 * nothing. Every change ends the user's sessions (the API does that); refusals (the last admin, a user who owns jobs) are
 * shown as the API words them.
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
  const load = async () => render(await api('/api/users'));

  const act = async (what, done) => {
    try {
      await what();
      say(done);
      await load();
    } catch (e) {
      say(e.errors.length ? e.errors.map((error) => `${error.field}: ${error.message}`).join('; ') : e.message);
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
