// The comparison page: the seed experiment's table of finished jobs (what each trained, where, how well), a CSV of
// it, and two ticked jobs side by side: their heatmaps over the grid and the curves of their best trials.
import { api, esc, fill, fmt } from '../api.js';
import { drawCurves, drawHeatmap, foldsOf } from '../charts.js';

const network = (row) => (row.hidden?.length
  ? row.hidden.map((units, i) => `${units}${row.dropout?.[i] ? ` / ${row.dropout[i]}` : ''}`).join(' → ')
  : '–');

const features = (row) => {
  const parts = [];
  if (row.topK) {
    parts.push(`top ${row.topK}`);
  }
  if (row.drop?.length) {
    parts.push(`dropped ${row.drop.join(', ')}`);
  }
  return parts.join('; ') || 'all';
};

let charts = [];

export async function compare() {
  const rows = await api('/api/training-jobs/comparison');
  fill('#comparison', rows, (row) => `<tr data-job="${esc(row.id)}">
    <td><input type="checkbox" name="pick" value="${esc(row.id)}" aria-label="Pick ${esc(row.name || row.id.slice(0, 8))}"></td>
    <td><a href="/training/${esc(row.id)}">${esc(row.name || row.id.slice(0, 8))}</a></td><td>${esc(row.dataset)}</td>
    <td>${esc(network(row))}</td><td>${esc(features(row))}</td><td>${esc(row.grid)}</td><td>${row.folds} × ${row.repeats}</td>
    <td>${row.earlyStoppingPatience ? `patience ${row.earlyStoppingPatience}` : 'no'}</td>
    <td>${esc(row.devices.join(', ') || row.device)}</td><td>${fmt.secs(row.wallSeconds)}</td>
    <td>${fmt.acc(row.cvAccuracy)} ± ${fmt.acc(row.cvStd)} ${fmt.interval(row.cvLow, row.cvHigh)}</td>
    <td>${fmt.acc(row.holdoutAccuracy)}</td><td>${row.best.learningRate}</td><td>${row.best.momentum}</td></tr>`, 'No finished jobs yet.');
  const table = document.getElementById('comparison');
  table.addEventListener('change', () => {
    const picked = [...table.querySelectorAll('input[name=pick]:checked')].map((box) => box.value);
    // Two at most: ticking a third unticks the first.
    if (picked.length > 2) {
      table.querySelector(`input[name=pick][value="${CSS.escape(picked[0])}"]`).checked = false;
      picked.shift();
    }
    show(picked, rows).catch((e) => { document.getElementById('picked').textContent = e.message; });
  });
}

async function show(picked, rows) {
  const status = document.getElementById('picked');
  const box = document.getElementById('side-by-side');
  if (picked.length < 2) {
    box.hidden = true;
    status.textContent = picked.length ? 'Tick one more job to compare it with.' : '';
    return;
  }
  status.textContent = 'Side by side below.';
  box.hidden = false;
  const jobs = await Promise.all(picked.map(async (id) => {
    const detail = await api(`/api/training-jobs/${encodeURIComponent(id)}`);
    const best = detail.best?.trial ?? 0;
    const [trial] = await api(`/api/training-jobs/${encodeURIComponent(id)}/curves?trial=${best}`);
    return { detail, trial, row: rows.find((r) => r.id === id) };
  }));
  charts.forEach((chart) => chart.destroy());
  charts = [];
  jobs.forEach(({ detail, trial, row }, side) => {
    const section = box.querySelector(`[data-side="${side}"]`);
    const name = detail.name || detail.id.slice(0, 8);
    section.querySelector('h2').textContent = `${name}: CV ${fmt.acc(row?.cvAccuracy)}, network ${network(row ?? {})}`;
    drawHeatmap(section.querySelector('.heatmap-box'), detail.trialResults);
    const loss = section.querySelector('.loss');
    const accuracy = section.querySelector('.accuracy');
    loss.setAttribute('aria-label', `Loss per fold of ${name}'s best trial`);
    accuracy.setAttribute('aria-label', `Accuracy per fold of ${name}'s best trial`);
    charts.push(...drawCurves(loss, accuracy, foldsOf(trial), { title: `${name} best · ` }));
  });
}
