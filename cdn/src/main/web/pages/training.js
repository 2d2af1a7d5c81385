import { api, errorNote, esc, every, fill, fmt } from '../api.js';

const list = (text) => String(text ?? '').split(/[,;\s]+/).filter(Boolean).map(Number);
const names = (text) => String(text ?? '').split(',').map((name) => name.trim()).filter(Boolean);
const number = (value) => (value == null || String(value).trim() === '' ? undefined : Number(value));

function statusBadge(status) {
  return `<span class="status" data-status="${esc(status)}">${esc(status)}</span>`;
}

/** Where a field the API names ({@code grid.batchSize[1]}, {@code network.dropout}) is on the form. */
const FIELDS = {
  name: 'name', dataset: 'dataset', device: 'device', folds: 'folds', repeats: 'repeats', seed: 'seed',
  holdoutFraction: 'holdoutFraction', 'grid.learningRate': 'learningRate', 'grid.momentum': 'momentum',
  'grid.batchSize': 'batchSize', batchSize: 'batchSize', 'grid.epochs': 'epochs', epochs: 'epochs',
  'grid.optimizer': 'optimizer', optimizer: 'optimizer', features: 'topK', 'features.topK': 'topK',
  'features.drop': 'drop', network: 'hidden', 'network.hidden': 'hidden', 'network.dropout': 'dropout',
  earlyStopping: 'patience', grid: 'count',
};

/** The input's name for an API field, and which value of a list it means (from 0), if it names one. */
export function formField(field) {
  const index = /\[(\d+)\]$/.exec(field);
  const path = field.replace(/\[\d+\]/g, '');
  const name = FIELDS[path] ?? (path.startsWith('earlyStopping.') ? 'patience' : undefined);
  return { name, index: index ? Number(index[1]) : undefined };
}

/** The job the form describes, as {@code POST /api/training-jobs} takes it: single values outside the grid. */
function describe(form) {
  const data = new FormData(form);
  const batches = list(data.get('batchSize'));
  const epochs = list(data.get('epochs'));
  const optimizers = data.getAll('optimizer');
  const grid = { learningRate: list(data.get('learningRate')), momentum: list(data.get('momentum')) };
  if (batches.length !== 1) grid.batchSize = batches;
  if (epochs.length !== 1) grid.epochs = epochs;
  if (optimizers.length !== 1) grid.optimizer = optimizers;
  const patience = Number(data.get('patience'));
  const topK = number(data.get('topK'));
  const drop = names(data.get('drop'));
  return {
    name: data.get('name')?.trim() || undefined,
    dataset: data.get('dataset') || undefined,
    device: data.get('device'),
    grid,
    folds: number(data.get('folds')),
    repeats: number(data.get('repeats')),
    epochs: epochs.length === 1 ? epochs[0] : undefined,
    batchSize: batches.length === 1 ? batches[0] : undefined,
    optimizer: optimizers.length === 1 ? optimizers[0] : undefined,
    earlyStopping: patience > 0 ? { patience } : undefined,
    features: topK || drop.length ? { topK: topK ?? 0, drop } : undefined,
    network: { hidden: list(data.get('hidden')), dropout: list(data.get('dropout')) },
    holdoutFraction: number(data.get('holdoutFraction')),
    seed: number(data.get('seed')),
  };
}

/** Trials (grid cells), fits (cells × folds × repeats) and epochs of training the form would start. */
function workOf(request) {
  const distinct = (values) => new Set(values ?? []).size;
  const grid = request.grid;
  const epochs = grid.epochs ?? (request.epochs == null ? [55] : [request.epochs]);
  const cells = distinct(grid.learningRate) * distinct(grid.momentum)
    * (grid.batchSize ? distinct(grid.batchSize) : 1) * distinct(epochs)
    * (grid.optimizer ? distinct(grid.optimizer) : 1);
  const folds = request.folds ?? 5;
  const repeats = request.repeats ?? 1;
  const epochSum = [...new Set(epochs)].reduce((sum, e) => sum + (Number.isFinite(e) ? e : 0), 0);
  const perEpochs = cells / Math.max(1, distinct(epochs));
  return { cells, folds, repeats, fits: cells * folds * repeats, fitEpochs: perEpochs * epochSum * folds * repeats };
}

function showWork(form) {
  const work = workOf(describe(form));
  const plural = (n, word) => `${n.toLocaleString()} ${word}${n === 1 ? '' : 's'}`;
  document.getElementById('job-count').textContent = `${plural(work.cells, 'trial')} (cells), `
    + `${work.cells} × ${plural(work.folds, 'fold')} × ${plural(work.repeats, 'repeat')} = ${plural(work.fits, 'fit')}`
    + ` · up to ${work.fitEpochs.toLocaleString()} epochs of training`;
}

function clearErrors(form) {
  document.getElementById('job-errors').textContent = '';
  form.querySelectorAll('.field-error').forEach((note) => note.remove());
  form.querySelectorAll('[aria-invalid]').forEach((input) => {
    input.removeAttribute('aria-invalid');
    const described = (input.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && !id.startsWith('error-'));
    if (described.length) {
      input.setAttribute('aria-describedby', described.join(' '));
    } else {
      input.removeAttribute('aria-describedby');
    }
  });
}

/** The message beside the field it is about, the field marked invalid and described by it; false if none fits. */
function showFieldError(form, fault) {
  const { name, index } = formField(fault.field);
  if (!name) {
    return false;
  }
  let holder;
  let controls;
  if (name === 'count') {
    holder = form.querySelector('.submit-row');
    controls = [];
  } else if (name === 'optimizer') {
    holder = form.querySelector('#optimizer');
    controls = [...holder.querySelectorAll('input')];
  } else {
    const input = form.elements[name];
    if (!input) {
      return false;
    }
    holder = input.closest('label') ?? input.parentElement;
    controls = [input];
  }
  const id = `error-${name}`;
  const note = errorNote(holder, id);
  const which = index === undefined ? '' : `${name === 'hidden' || name === 'dropout' ? 'layer' : 'value'} ${index + 1}: `;
  note.textContent = [note.textContent, which + fault.message].filter(Boolean).join('; ');
  for (const control of controls) {
    control.setAttribute('aria-invalid', 'true');
    const described = (control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
    if (!described.includes(id)) {
      control.setAttribute('aria-describedby', [...described, id].join(' '));
    }
  }
  return true;
}

/** The data sets the caller may train on; the one in the address (from a data page) chosen, with its selection. */
async function chooseDataset(form) {
  const query = new URLSearchParams(location.search);
  const select = form.elements.dataset;
  const wanted = query.get('dataset');
  let views = [];
  try {
    views = await api('/api/datasets');
  } catch (e) {
    console.warn('data sets', e);
  }
  if (views.length) {
    select.innerHTML = views.map((view) => `<option value="${esc(view.id)}">${esc(view.name)}${view.builtIn ? ' (built-in)' : ''}`
      + ` · ${view.rows} rows, ${view.features.length} features</option>`).join('');
  }
  if (wanted) {
    if (![...select.options].some((option) => option.value === wanted)) {
      select.insertAdjacentHTML('beforeend', `<option value="${esc(wanted)}">${esc(wanted)}</option>`);
    }
    select.value = wanted;
  }
  if (query.has('topK')) {
    form.elements.topK.value = query.get('topK');
  }
  if (query.has('drop')) {
    form.elements.drop.value = names(query.get('drop')).join(', ');
  }
  const showDataset = () => {
    const view = views.find((v) => v.id === select.value);
    document.getElementById('dataset-link').href = `/datasets/${encodeURIComponent(select.value)}`;
    document.getElementById('feature-names').innerHTML = (view?.features ?? []).map((f) => `<option value="${esc(f)}"></option>`).join('');
    document.getElementById('feature-count').textContent = view ? `${view.name} has ${view.features.length} features.` : '';
  };
  select.addEventListener('change', showDataset);
  showDataset();
}

export async function training() {
  const form = document.getElementById('job-form');
  const errors = document.getElementById('job-errors');
  form.addEventListener('input', () => showWork(form));
  form.addEventListener('change', () => showWork(form));
  showWork(form);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    try {
      const job = await api('/api/training-jobs', { method: 'POST', body: describe(form) });
      location.assign(`/training/${job.id}`);
    } catch (e) {
      const unplaced = (e.errors ?? []).filter((fault) => !showFieldError(form, fault));
      errors.innerHTML = `<p>${esc(e.message)}</p>${unplaced.length
        ? `<ul>${unplaced.map((f) => `<li><code>${esc(f.field)}</code>: ${esc(f.message)}</li>`).join('')}</ul>` : ''}`;
      form.querySelector('[aria-invalid="true"]')?.focus();
    }
  });
  chooseDataset(form).then(() => showWork(form)).catch(console.warn);

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
