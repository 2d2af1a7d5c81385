// A job's page: its state live (Server-Sent Events), the heatmap of CV accuracy over the grid, every
// trial, and the learning curves of a trial's folds (train vs validation), drawn as they grow.
import uPlot from 'uplot';
import { api, esc, fill, fmt } from '../api.js';

const FOLD_COLORS = ['#e63946', '#457b9d', '#2a9d8f', '#e9c46a', '#6d597a', '#f4a261', '#1d3557', '#8ab17d'];

let id;
let detail;
let charts = [];
let curves = new Map(); // trial id → Map(fold → points [epoch, trainLoss, trainAcc, valLoss, valAcc])
let reloadTimer;

export async function job() {
  id = document.getElementById('job').dataset.id;
  document.getElementById('cancel').addEventListener('click', () => act('cancel'));
  document.getElementById('retry').addEventListener('click', () => act('retry'));
  document.getElementById('curve-trial').addEventListener('change', () => loadCurves());
  await reload();
  await loadCurves();
  listen();
}

async function act(what) {
  try {
    await api(`/api/training-jobs/${id}/${what}`, { method: 'POST' });
    await reload();
  } catch (e) {
    document.getElementById('job-error').textContent = e.message;
  }
}

async function reload() {
  detail = await api(`/api/training-jobs/${id}`);
  showSummary(detail);
  showTrials(detail);
  showHeatmap(detail);
  const select = document.getElementById('curve-trial');
  if (select.options.length !== detail.trialResults.length) {
    select.innerHTML = detail.trialResults.map((t) => `<option value="${t.idx}">#${t.idx}: lr ${t.cell.learningRate}, momentum ${t.cell.momentum}</option>`).join('');
    select.value = String(detail.best?.trial ?? 0);
  }
}

/** Reads the job again at most every 300 ms however many events arrive. */
function reloadSoon() {
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(() => reload().catch(console.warn), 300);
}

function showSummary(job) {
  document.title = `HUD · Job ${job.name || job.id.slice(0, 8)}`;
  document.querySelector('main h1').textContent = `Job ${job.name || job.id.slice(0, 8)}`;
  document.getElementById('job-name').textContent = job.id;
  const status = document.getElementById('job-status');
  status.textContent = job.status;
  status.dataset.status = job.status;
  document.getElementById('job-progress').value = job.progress;
  document.getElementById('job-progress-text').textContent = `${job.progress.toFixed(1)} %`;
  document.getElementById('cancel').hidden = ['succeeded', 'failed', 'cancelled'].includes(job.status);
  document.getElementById('retry').hidden = job.status !== 'failed';
  document.getElementById('job-error').textContent = job.error ?? '';
  const best = job.best ? `lr ${job.best.cell.learningRate}, momentum ${job.best.cell.momentum}: ${fmt.acc(job.best.cvAccuracy)} ± ${fmt.acc(job.best.cvStd)} ${fmt.interval(job.best.cvLow, job.best.cvHigh)}` : '–';
  const request = job.request ?? {};
  const stopping = request.earlyStopping
    ? `early stopping on ${Math.round((request.earlyStopping.validationFraction ?? 0.1) * 100)} % of each fold's training rows, patience ${request.earlyStopping.patience}`
    : 'no early stopping';
  const evaluation = `${request.folds ?? '–'} folds × ${request.repeats ?? 1} repeats, ${request.optimizer ?? 'sgd'}, ${stopping}`;
  const facts = {
    Owner: esc(job.owner), Device: esc(job.devices.join(', ') || job.device), Trials: `${job.trialsSucceeded}/${job.trials} succeeded${job.trialsFailed ? `, ${job.trialsFailed} failed` : ''}`,
    Evaluation: esc(evaluation), 'Best cell': esc(best), 'Refit epochs': fmt.num(job.best?.refitEpochs),
    'Holdout accuracy': fmt.acc(job.holdout?.accuracy), 'Holdout F1 / ROC AUC': job.holdout ? `${fmt.acc(job.holdout.f1)} / ${fmt.acc(job.holdout.rocAuc)}` : '–',
    Model: job.modelId ? `<a href="/models#${esc(job.modelId)}">${esc(job.modelId.slice(0, 8))}</a>` : '–',
    'Wall time': fmt.secs(job.wallSeconds), Submitted: fmt.when(job.createdAt),
  };
  document.getElementById('job-facts').innerHTML = Object.entries(facts).map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('');
}

function showTrials(job) {
  fill('#trials', job.trialResults, (t) => `<tr data-trial="${t.idx}"${t.idx === job.best?.trial ? ' class="best"' : ''}>
    <td>${t.idx}</td><td>${t.cell.learningRate}</td><td>${t.cell.momentum}</td>
    <td><span class="status" data-status="${esc(t.status)}">${esc(t.status)}</span>${t.failure ? ` <span class="error">${esc(t.failure)}</span>` : ''}</td>
    <td>${t.diverged ? '<span class="error">diverged</span> ' : ''}${fmt.acc(t.meanAccuracy)}</td><td>${fmt.acc(t.stdAccuracy)}</td>
    <td>${fmt.interval(t.intervalLow, t.intervalHigh)}</td><td>${esc(t.stoppedEpochs.map((e) => (e === 0 ? '—' : e)).join(', ') || '–')}</td>
    <td>${esc(t.workerId ?? '–')}</td><td>${esc(t.device ?? '–')}</td><td>${t.attempts}</td></tr>`);
}

/** A table of learning rate (rows) × momentum (columns), each cell shaded by its CV accuracy. */
function showHeatmap(job) {
  const rates = [...new Set(job.trialResults.map((t) => t.cell.learningRate))].sort((a, b) => a - b);
  const momenta = [...new Set(job.trialResults.map((t) => t.cell.momentum))].sort((a, b) => a - b);
  const scores = job.trialResults.map((t) => t.meanAccuracy).filter((v) => v != null);
  const low = Math.min(...scores);
  const high = Math.max(...scores);
  const cell = (lr, m) => {
    const trials = job.trialResults.filter((t) => t.cell.learningRate === lr && t.cell.momentum === m);
    const done = trials.filter((t) => t.meanAccuracy != null);
    if (!done.length) {
      return `<td class="pending">${esc(trials[0]?.status ?? '')}</td>`;
    }
    const value = Math.max(...done.map((t) => t.meanAccuracy));
    const share = high > low ? (value - low) / (high - low) : 1;
    return `<td class="scored" style="--share:${share.toFixed(3)}" title="lr ${lr}, momentum ${m}">${value.toFixed(4)}</td>`;
  };
  document.getElementById('heatmap').innerHTML = `<table class="heatmap"><caption>rows: learning rate · columns: momentum</caption>
    <thead><tr><th></th>${momenta.map((m) => `<th scope="col">${m}</th>`).join('')}</tr></thead>
    <tbody>${rates.map((lr) => `<tr><th scope="row">${lr}</th>${momenta.map((m) => cell(lr, m)).join('')}</tr>`).join('')}</tbody></table>`;
}

async function loadCurves() {
  const idx = Number(document.getElementById('curve-trial').value || 0);
  const trials = await api(`/api/training-jobs/${id}/curves?trial=${idx}`);
  const trial = trials[0];
  if (!trial) {
    return;
  }
  const folds = new Map(trial.folds.map((f) => [f.fold, f.points.map((p) => [...p])]));
  curves.set(trial.trialId, folds);
  draw(trial.trialId);
}

function draw(trialId) {
  const folds = curves.get(trialId) ?? new Map();
  const epochs = Math.max(1, ...[...folds.values()].map((points) => points.length));
  const x = Array.from({ length: epochs }, (_, i) => i + 1);
  const series = (column) => [...folds.entries()].map(([, points]) => x.map((_, i) => points[i]?.[column] ?? null));
  charts.forEach((chart) => chart.destroy());
  charts = [
    chart('loss-chart', 'Loss', x, folds, series(1), series(3)),
    chart('accuracy-chart', 'Accuracy', x, folds, series(2), series(4)),
  ];
}

function chart(element, label, x, folds, train, validation) {
  const target = document.getElementById(element);
  const width = Math.max(280, Math.min(560, target.clientWidth || 480));
  const foldSeries = [...folds.keys()].flatMap((fold, i) => [
    { label: `fold ${fold} train`, stroke: FOLD_COLORS[i % FOLD_COLORS.length], width: 1.5 },
    { label: `fold ${fold} validation`, stroke: FOLD_COLORS[i % FOLD_COLORS.length], width: 1.5, dash: [6, 4] },
  ]);
  const data = [x, ...train.flatMap((t, i) => [t, validation[i]])];
  // What is drawn, for people's tools and the e2e tests: epochs on the x axis, curves (train and validation per fold).
  target.dataset.epochs = String(x.length);
  target.dataset.curves = String(foldSeries.length);
  return new uPlot({ title: `${label}: train (solid) vs validation (dashed)`, width, height: 260,
    scales: { x: { time: false } }, axes: [{ label: 'epoch' }, { label }], series: [{ label: 'epoch' }, ...foldSeries] }, data, target);
}

/** Live: progress adds points to the shown trial's curves; trial ends and job changes re-read the job. */
function listen() {
  const source = new EventSource(`/api/training-jobs/${id}/events`);
  source.addEventListener('job', (event) => {
    const summary = JSON.parse(event.data);
    if (detail && summary.status !== detail.status) {
      reloadSoon();
    } else if (detail) {
      showSummary({ ...detail, ...summary });
    }
  });
  source.addEventListener('trial', () => {
    reloadSoon();
    setTimeout(() => loadCurves().catch(console.warn), 400);
  });
  source.addEventListener('progress', (event) => {
    const { trialId, fold, point } = JSON.parse(event.data);
    const folds = curves.get(trialId) ?? new Map();
    curves.set(trialId, folds);
    const points = folds.get(fold) ?? [];
    points[point.epoch - 1] = [point.epoch, point.trainLoss, point.trainAccuracy, point.validationLoss, point.validationAccuracy];
    folds.set(fold, points);
    const shown = `${id}/${document.getElementById('curve-trial').value}`;
    if (trialId === shown) {
      scheduleDraw(trialId);
    }
  });
}

let drawPending = false;
function scheduleDraw(trialId) {
  if (!drawPending) {
    drawPending = true;
    requestAnimationFrame(() => {
      drawPending = false;
      draw(trialId);
    });
  }
}
