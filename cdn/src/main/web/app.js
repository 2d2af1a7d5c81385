// HUD web app entry point: progressive enhancement of the server-rendered pages.
import { relativeTime } from './time.js';

/** Marks that scripts run, so styles can show what only works with them. */
document.documentElement.dataset.js = 'on';

/** Every <time datetime="..."> shows how long ago it was, and keeps doing so. */
function refreshTimes() {
  for (const element of document.querySelectorAll('time[datetime]')) {
    const when = Date.parse(element.getAttribute('datetime'));
    if (!Number.isNaN(when)) {
      element.textContent = relativeTime(Date.now() - when);
    }
  }
}

refreshTimes();
setInterval(refreshTimes, 10_000);
