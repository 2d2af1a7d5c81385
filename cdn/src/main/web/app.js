// HUD web app entry point: progressive enhancement of the server-rendered pages. Each page names
// itself in <body data-page>; its module fetches its data from the API and keeps it current.
import { relativeTime } from './time.js';
import { api, esc } from './api.js';
import { login } from './pages/login.js';
import { training } from './pages/training.js';
import { compare } from './pages/compare.js';
import { job } from './pages/job.js';
import { models } from './pages/models.js';
import { model } from './pages/model.js';
import { monitor } from './pages/monitor.js';
import { account, overview } from './pages/account.js';
import { users } from './pages/users.js';
import { datasets, dataset } from './pages/datasets.js';

/** Marks that scripts run, so styles can show what only works with them. */
document.documentElement.dataset.js = 'on';

/** Every <time datetime="..."> shows how long ago it was, and keeps doing so. */
function refreshTimes() {
  for (const element of document.querySelectorAll('time[datetime]')) {
    const when = Date.parse(element.getAttribute('datetime'));
    if (!Number.isNaN(when)) {
      element.title = new Date(when).toLocaleString();
      element.textContent = relativeTime(Date.now() - when);
    }
  }
}

const pages = {
  login, training, compare, job, models, model, monitor, account, users, home: overview, datasets, dataset,
};

async function start() {
  const page = document.body.dataset.page;
  for (const link of document.querySelectorAll('nav a')) {
    if (link.getAttribute('href') !== '/' && location.pathname.startsWith(link.getAttribute('href'))) {
      link.setAttribute('aria-current', 'page');
    }
  }
  // Who is signed in, asked once per page load; pages that show owners' things get it too.
  let me = null;
  if (page && page !== 'login') {
    me = await api('/api/auth/me').catch(() => null);
    const who = document.getElementById('who');
    if (who) {
      who.innerHTML = me ? `${esc(me.username)} · <a href="/account">account</a>` : '<a href="/login">log in</a>';
    }
    // Only admins manage users: the link is for them.
    document.querySelector('nav a[href="/users"]')?.toggleAttribute('hidden', me?.role !== 'admin');
  }
  await pages[page]?.(me);
  refreshTimes();
}

if (document.body?.dataset.page !== undefined) {
  start();
}
setInterval(refreshTimes, 10_000);
