// Talking to the gateway's API from the pages: the session cookie goes along by itself; a 401 sends
// the person to the login page and back.

/** A problem+json error, with the fields it names. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.status = status;
    this.errors = problem?.errors ?? [];
  }
}

export async function api(path, { method = 'GET', body, type = 'application/json' } = {}) {
  const init = { method, headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.body = type === 'application/json' ? JSON.stringify(body) : body;
    init.headers['Content-Type'] = type;
  }
  const response = await fetch(path, init);
  if (response.status === 401 && !location.pathname.startsWith('/login')) {
    location.assign(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
    throw new ApiError(401, { detail: 'not logged in' });
  }
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    throw new ApiError(response.status, data);
  }
  return data;
}

/** Text made safe for innerHTML. */
export function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

export const fmt = {
  acc: (v) => (v == null ? '–' : v.toFixed(4)),
  /** The 95% interval of a mean CV accuracy; empty for results stored before intervals. */
  interval: (low, high) => (low == null || high == null ? '' : `[${low.toFixed(4)}, ${high.toFixed(4)}]`),
  num: (v) => (v == null ? '–' : String(v)),
  secs: (v) => (v == null ? '–' : v < 60 ? `${v.toFixed(1)} s` : `${Math.floor(v / 60)} min ${Math.round(v % 60)} s`),
  when: (iso) => (iso ? `<time datetime="${esc(iso)}">${esc(new Date(iso).toLocaleString())}</time>` : '–'),
};

/** Calls {@code task} now and every {@code ms} while the page is visible. */
export function every(ms, task) {
  const run = () => (document.hidden ? undefined : task().catch((e) => console.warn(e)));
  run();
  return setInterval(run, ms);
}

/** Rows of a table body from items. */
export function fill(table, items, row, empty = 'Nothing yet.') {
  const body = document.querySelector(`${table} tbody`);
  const columns = document.querySelectorAll(`${table} thead th`).length;
  body.innerHTML = items.length ? items.map(row).join('') : `<tr><td colspan="${columns}" class="empty">${esc(empty)}</td></tr>`;
}

/** The element that shows a field's error beside it: {@code id} inside {@code holder}, made when first needed. */
export function errorNote(holder, id) {
  let note = document.getElementById(id);
  if (!note) {
    note = document.createElement('span');
    note.id = id;
    note.className = 'field-error';
    holder.append(note);
  }
  return note;
}
