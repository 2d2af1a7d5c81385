import { api, esc, every, fill, fmt } from '../api.js';

const list = (text) => text.split(/[,\s]+/).filter(Boolean).map(Number);

function statusBadge(status) {
  return `<span class="status" data-status="${esc(status)}">${esc(status)}</span>`;
}

export async function training() {
  const form = document.getElementById('job-form');
  const errors = document.getElementById('job-errors');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const patience = Number(data.get('patience'));
    const request = {
      name: data.get('name') || undefined,
      grid: { learningRate: list(data.get('learningRate')), momentum: list(data.get('momentum')) },
      folds: Number(data.get('folds')),
      repeats: Number(data.get('repeats')),
      optimizer: data.get('optimizer'),
      epochs: Number(data.get('epochs')),
      batchSize: Number(data.get('batchSize')),
      device: data.get('device'),
      earlyStopping: patience > 0 ? { patience } : undefined,
    };
    errors.textContent = '';
    form.querySelectorAll('[aria-invalid]').forEach((input) => input.removeAttribute('aria-invalid'));
    try {
      const job = await api('/api/training-jobs', { method: 'POST', body: request });
      location.assign(`/training/${job.id}`);
    } catch (e) {
      errors.innerHTML = e.errors.length
        ? `<ul>${e.errors.map((f) => `<li><code>${esc(f.field)}</code>: ${esc(f.message)}</li>`).join('')}</ul>`
        : esc(e.message);
      for (const fault of e.errors) {
        const name = fault.field.split(/[.[]/).filter((part) => part !== 'grid')[0];
        form.elements[name === 'earlyStopping' ? 'patience' : name]?.setAttribute('aria-invalid', 'true');
      }
    }
  });

  every(2000, async () => {
    const page = await api('/api/training-jobs?size=50');
    fill('#jobs', page.items, (job) => `<tr data-job="${esc(job.id)}">
      <td><a href="/training/${esc(job.id)}">${esc(job.name || job.id.slice(0, 8))}</a></td>
      <td>${esc(job.owner)}</td><td>${statusBadge(job.status)}</td>
      <td><progress max="100" value="${job.progress}" aria-label="Progress"></progress> ${job.progress.toFixed(0)} %</td>
      <td>${job.trialsSucceeded}/${job.trials}${job.trialsFailed ? ` (${job.trialsFailed} failed)` : ''}</td>
      <td>${fmt.acc(job.best?.cvAccuracy)}</td><td>${fmt.acc(job.holdout?.accuracy)}</td>
      <td>${esc(job.devices.join(', ') || job.device)}</td><td>${fmt.secs(job.wallSeconds)}</td><td>${fmt.when(job.createdAt)}</td></tr>`,
    'No jobs yet: submit one above.');
  });
}
