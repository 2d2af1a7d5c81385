import { api, esc, every, fill, fmt } from '../api.js';

export async function monitor() {
  every(2000, async () => {
    const [workers, queues, schedules, failures] = await Promise.all([api('/api/monitor/workers'), api('/api/monitor/queues'),
      api('/api/monitor/schedules'), api('/api/monitor/failures?size=20')]);
    fill('#workers', workers, (w) => `<tr><td>${esc(w.workerId)}</td><td>${esc(w.host)}</td><td>${esc(w.device)}</td>
      <td><span class="status" data-status="${esc(w.status)}">${esc(w.status)}</span></td><td>${esc(w.currentTrial ?? '–')}</td>
      <td>${w.completed}</td><td>${w.failed}</td><td>${fmt.when(new Date(w.lastSeen).toISOString())}</td></tr>`, 'No trainer has reported.');
    fill('#queues', queues, (q) => `<tr><td>${esc(q.queue)}</td><td>${esc(q.device ?? 'dead letters')}</td><td>${fmt.num(q.depth)}</td>
      <td>${fmt.num(q.consumers)}</td><td>${q.inPerMinute}</td><td>${q.outPerMinute}</td><td>${esc(q.error ?? '')}</td></tr>`);
    fill('#schedules', schedules, (s) => `<tr><td>${esc(s.name)}</td><td>${s.nextRun ? fmt.when(s.nextRun) : 'off'}</td>
      <td>${fmt.when(s.lastRun?.startedAt)}</td><td>${esc(s.lastRun?.outcome ?? '–')}</td><td>${esc(s.lastRun?.instance ?? '')}</td>
      <td>${esc(s.lastRun?.detail ?? '')}</td></tr>`);
    fill('#failures', failures, (f) => `<tr><td>${fmt.when(f.at)}</td><td>${esc(f.source)}</td>
      <td>${f.jobId ? `<a href="/training/${esc(f.jobId)}">${esc(f.trialId ?? f.jobId)}</a>` : '–'}</td><td>${esc(f.workerId ?? '–')}</td>
      <td>${esc(f.reason)}</td></tr>`, 'No failures.');
  });
}
