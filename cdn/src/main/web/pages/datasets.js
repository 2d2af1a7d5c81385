// The data pages: the data sets the caller may train on (and the upload of a CSV), and one data set's profile —
// class balance, each feature's distribution by class, the relevance ranking (ANOVA F) — where the features to
// train on are chosen and carried into the training form.
import uPlot from 'uplot';
import { api, errorNote, esc, fill, fmt } from '../api.js';

const NEGATIVE = '#457b9d';
const POSITIVE = '#e63946';

const percent = (part, whole) => (whole ? `${((100 * part) / whole).toFixed(1)} %` : '–');

/** A number for a table: short, but not rounded away. */
function short(value) {
  if (value == null || Number.isNaN(value)) {
    return '–';
  }
  const magnitude = Math.abs(value);
  return magnitude !== 0 && (magnitude >= 1e5 || magnitude < 1e-3) ? value.toExponential(3) : String(Number(value.toPrecision(5)));
}

function bytes(n) {
  return n == null ? '–' : n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1048576).toFixed(1)} MiB`;
}

/** The fields of a CSV line: quoted fields (with "" for a quote), separated by {@code separator}. */
export function csvFields(line, separator) {
  const fields = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === separator) {
      fields.push(field.trim());
      field = '';
    } else {
      field += c;
    }
  }
  fields.push(field.trim());
  return fields;
}

/** The header and the first rows of a CSV file (its first 64 KiB): BOM, CRLF, and ';' or ',' as the reader takes them. */
async function peek(file) {
  const text = (await file.slice(0, 65536).text()).replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (file.size > 65536) {
    lines.pop(); // probably cut in the middle
  }
  const first = lines[0] ?? '';
  const separator = csvFields(first, ';').length > csvFields(first, ',').length ? ';' : ',';
  return { header: csvFields(first, separator), rows: lines.slice(1).map((line) => csvFields(line, separator)) };
}

const LABEL_NAMES = /^(label|class|target|y|diagnosis|outcome)$/i;

// ---------------------------------------------------------------------------------------------------------------
// /datasets

/** @param me who is signed in (app.js asked), or null */
export async function datasets(me) {
  const status = document.getElementById('datasets-status');
  const mayChange = (view) => !view.builtIn && me && (view.owner === me.username || me.role === 'admin');

  const load = async () => {
    const views = await api('/api/datasets');
    fill('#datasets', views, (view) => {
      const negatives = view.rows - view.positives;
      return `<tr data-id="${esc(view.id)}">
      <td><a href="/datasets/${encodeURIComponent(view.id)}">${esc(view.name)}</a>${view.builtIn ? ' <span class="small">built-in</span>' : ''}</td>
      <td>${esc(view.owner ?? '–')}</td><td>${fmt.num(view.rows)}</td><td>${view.features.length}</td>
      <td>${esc(view.positiveClass)} ${fmt.num(view.positives)} (${percent(view.positives, view.rows)}) ·
        ${esc(view.negativeClass)} ${fmt.num(negatives)}</td>
      <td>${mayChange(view)
        ? `<label class="inline-label"><input type="checkbox" data-action="share"${view.shared ? ' checked' : ''}> shared</label>`
        : view.builtIn ? 'everyone' : view.shared ? 'shared' : 'no'}</td>
      <td>${mayChange(view) ? `<button type="button" data-action="delete" aria-label="Delete ${esc(view.name)}">Delete</button>` : ''}</td></tr>`;
    }, 'No data sets.');
    return views;
  };

  document.querySelector('#datasets tbody').addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-action="delete"]');
    if (!button) {
      return;
    }
    const row = button.closest('tr');
    const name = row.querySelector('td a').textContent;
    if (!confirm(`Delete the data set ${name}? Jobs that used it keep their results.`)) {
      return;
    }
    try {
      await api(`/api/datasets/${encodeURIComponent(row.dataset.id)}`, { method: 'DELETE' });
      await load();
      status.textContent = `Deleted ${name}.`;
    } catch (e) {
      status.textContent = e.message;
    }
  });
  document.querySelector('#datasets tbody').addEventListener('change', async (event) => {
    const box = event.target.closest('input[data-action="share"]');
    if (!box) {
      return;
    }
    const row = box.closest('tr');
    const name = row.querySelector('td a').textContent;
    try {
      await api(`/api/datasets/${encodeURIComponent(row.dataset.id)}/sharing`, { method: 'PUT', body: { shared: box.checked } });
      status.textContent = box.checked ? `${name} is shared: everyone can train on it.` : `${name} is yours alone again.`;
    } catch (e) {
      box.checked = !box.checked;
      status.textContent = e.message;
    }
  });

  upload(load);
  await load().catch((e) => { status.textContent = e.message; });
}

/** The upload form: the label column offered from the file's header, problems shown beside their fields. */
function upload(reload) {
  const form = document.getElementById('upload');
  const result = document.getElementById('upload-status');
  const label = form.elements.label;
  let sample = { header: [], rows: [] };

  const offerClasses = () => {
    const column = sample.header.indexOf(label.value);
    const values = column < 0 ? [] : [...new Set(sample.rows.map((row) => row[column]).filter(Boolean))].slice(0, 20);
    document.getElementById('label-values').innerHTML = values.map((v) => `<option value="${esc(v)}"></option>`).join('');
  };
  form.elements.file.addEventListener('change', async () => {
    const file = form.elements.file.files[0];
    if (!file) {
      return;
    }
    if (!form.elements.name.value) {
      form.elements.name.value = file.name.replace(/\.csv$/i, '');
    }
    sample = await peek(file).catch(() => ({ header: [], rows: [] }));
    const guess = sample.header.find((name) => LABEL_NAMES.test(name)) ?? sample.header[sample.header.length - 1];
    label.innerHTML = sample.header.length
      ? sample.header.map((name) => `<option${name === guess ? ' selected' : ''}>${esc(name)}</option>`).join('')
      : '<option value="">no header found</option>';
    offerClasses();
  });
  label.addEventListener('change', offerClasses);

  const clear = () => {
    result.textContent = '';
    form.querySelectorAll('.field-error').forEach((note) => note.remove());
    form.querySelectorAll('[aria-invalid]').forEach((control) => {
      control.removeAttribute('aria-invalid');
      const described = (control.getAttribute('aria-describedby') ?? '').split(' ').filter((d) => d && !d.startsWith('error-'));
      control.setAttribute('aria-describedby', described.join(' '));
    });
  };
  const beside = (name, message) => {
    const control = name === 'missing' ? form.querySelector('#missing') : form.elements[name];
    const holder = name === 'missing' ? control : control.closest('label');
    const id = `error-${name}`;
    const note = errorNote(holder, id);
    note.textContent = [note.textContent, message].filter(Boolean).join('; ');
    control.setAttribute('aria-invalid', 'true');
    const described = (control.getAttribute('aria-describedby') ?? '').split(' ').filter((d) => d && d !== id);
    control.setAttribute('aria-describedby', [...described, id].join(' '));
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear();
    const file = form.elements.file.files[0];
    const data = new FormData(form);
    const missing = [];
    if (!file) missing.push(['file', 'choose a CSV file']);
    if (!data.get('name')?.trim()) missing.push(['name', 'give the data set a name']);
    if (!data.get('label')) missing.push(['label', 'choose the label column']);
    if (missing.length) {
      missing.forEach(([name, message]) => beside(name, message));
      result.textContent = 'Some fields are missing.';
      return;
    }
    const query = new URLSearchParams({ name: data.get('name').trim(), label: data.get('label'), missing: data.get('missing') });
    if (data.get('positive')?.trim()) {
      query.set('positive', data.get('positive').trim());
    }
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    result.textContent = `Uploading ${file.name}…`;
    try {
      const view = await api(`/api/datasets?${query}`, { method: 'POST', body: file, type: 'text/csv' });
      form.reset();
      label.innerHTML = '<option value="">choose a file first</option>';
      await reload();
      result.innerHTML = `<p class="ok">Uploaded <a href="/datasets/${encodeURIComponent(view.id)}">${esc(view.name)}</a>: `
        + `${view.rows} rows, ${view.features.length} features${view.droppedRows ? `, ${view.droppedRows} rows with missing values dropped` : ''}.</p>`;
    } catch (e) {
      const known = ['file', 'name', 'label', 'positive', 'missing'];
      // Problems in the file's content name a row or column: they are about the file.
      (e.errors ?? []).forEach((fault) => beside(known.includes(fault.field) ? fault.field : 'file',
        known.includes(fault.field) ? fault.message : `${fault.field}: ${fault.message}`));
      result.innerHTML = `<div class="error"><p>${esc(e.message)}</p>${e.errors?.length
        ? `<ul>${e.errors.map((f) => `<li><code>${esc(f.field)}</code>: ${esc(f.message)}</li>`).join('')}</ul>` : ''}</div>`;
    } finally {
      button.disabled = false;
    }
  });
}

// ---------------------------------------------------------------------------------------------------------------
// /datasets/{id}

export async function dataset() {
  const id = document.getElementById('dataset').dataset.id;
  let view;
  let profile;
  try {
    [view, profile] = await Promise.all([api(`/api/datasets/${encodeURIComponent(id)}`),
      api(`/api/datasets/${encodeURIComponent(id)}/profile`)]);
  } catch (e) {
    document.getElementById('dataset-error').textContent = e.status === 404 ? `No data set ${id} that you may use.` : e.message;
    return;
  }
  showFacts(view, profile);
  showClasses(profile);
  selection(view, profile);
  showFeatures(view, profile);
}

function showFacts(view, profile) {
  document.title = `HUD · ${view.name}`;
  document.querySelector('main h1').textContent = `Data set ${view.name}`;
  const missing = Object.entries(view.missing ?? {}).filter(([, n]) => n > 0);
  const facts = {
    Owner: esc(view.builtIn ? 'built-in' : view.owner),
    Shared: view.builtIn ? 'with everyone' : view.shared ? 'yes' : 'no',
    Label: `<code>${esc(view.label)}</code>: ${esc(view.positiveClass)} (positive) vs ${esc(view.negativeClass)}`,
    Rows: `${fmt.num(view.rows)}${view.droppedRows ? ` (${view.droppedRows} with missing values dropped)` : ''}`,
    Features: String(view.features.length),
    'Missing values': missing.length ? esc(missing.map(([column, n]) => `${column}: ${n}`).join(', ')) : 'none',
    'Training rows': `${fmt.num(profile.trainingRows)} (the holdout, ${Math.round(profile.holdoutFraction * 100)} %, drawn with seed ${profile.seed}, is set aside)`,
    Size: bytes(view.bytes),
    Uploaded: view.builtIn ? '–' : fmt.when(view.createdAt),
    Train: `<a href="/training?dataset=${encodeURIComponent(view.id)}">a job on all its features</a>`,
  };
  document.getElementById('dataset-facts').innerHTML = Object.entries(facts).map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('');
  document.getElementById('negative-name').textContent = view.negativeClass;
  document.getElementById('positive-name').textContent = view.positiveClass;
}

function showClasses(profile) {
  const total = profile.classes.reduce((sum, c) => sum + c.count, 0);
  document.getElementById('profile-scope').textContent = `On the ${profile.trainingRows} training rows of ${profile.rows}.`;
  fill('#classes', profile.classes, (c) => `<tr><td>${esc(c.name)}${c.positive ? ' <span class="small">positive</span>' : ''}</td>
    <td>${c.count}</td><td>${percent(c.count, total)}</td>
    <td><meter min="0" max="${total}" value="${c.count}" class="${c.positive ? 'positive' : 'negative'}" aria-label="${esc(c.name)}">${percent(c.count, total)}</meter></td></tr>`);
}

/** The relevance ranking (chart and table), the top K and the dropped features, and the link to the training form. */
function selection(view, profile) {
  const form = document.getElementById('selection');
  const ranking = profile.relevance;
  const topK = form.elements.topK;
  topK.max = String(ranking.length);
  const query = new URLSearchParams(location.search);
  const dropped = new Set((query.get('drop') ?? '').split(',').filter(Boolean));
  if (query.has('topK')) {
    topK.value = query.get('topK');
  }
  fill('#relevance', ranking, (r, i) => `<tr data-feature="${esc(r.feature)}"><td>${i + 1}</td><td>${esc(r.feature)}</td>
    <td>${short(r.f)}</td><td>${short(r.p)}</td>
    <td><input type="checkbox" data-drop="${esc(r.feature)}" aria-label="Drop ${esc(r.feature)}"${dropped.has(r.feature) ? ' checked' : ''}></td>
    <td class="kept"></td></tr>`);

  const chosen = () => {
    const drop = [...document.querySelectorAll('#relevance input[data-drop]:checked')].map((box) => box.dataset.drop);
    const k = Math.max(0, Math.floor(Number(topK.value) || 0));
    const rest = ranking.map((r) => r.feature).filter((f) => !drop.includes(f));
    const kept = new Set(k > 0 ? rest.slice(0, k) : rest);
    return { drop, k, kept };
  };
  const update = () => {
    const { drop, k, kept } = chosen();
    for (const row of document.querySelectorAll('#relevance tbody tr[data-feature]')) {
      const keep = kept.has(row.dataset.feature);
      row.classList.toggle('left-out', !keep);
      row.querySelector('.kept').textContent = keep ? 'kept' : drop.includes(row.dataset.feature) ? 'dropped' : `below the top ${k}`;
    }
    form.elements.drop.value = drop.join(',');
    document.getElementById('selection-summary').textContent = `Keeping ${kept.size} of ${ranking.length} features.`;
    relevanceChart(ranking, kept);
  };
  form.addEventListener('input', update);
  form.addEventListener('change', update);
  // The checkboxes are in the table below the form: their changes reach it through the table.
  document.getElementById('relevance').addEventListener('change', update);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const { drop, k } = chosen();
    const params = [`dataset=${encodeURIComponent(view.id)}`, `topK=${k}`];
    if (drop.length) {
      params.push(`drop=${drop.map(encodeURIComponent).join(',')}`);
    }
    location.assign(`/training?${params.join('&')}`);
  });
  update();
}

let relevancePlot;

/** ANOVA F of each feature, largest first: kept features solid, the others faint. */
function relevanceChart(ranking, kept) {
  const target = document.getElementById('relevance-chart');
  relevancePlot?.destroy();
  const x = ranking.map((_, i) => i);
  const keptF = ranking.map((r) => (kept.has(r.feature) ? r.f : null));
  const leftF = ranking.map((r) => (kept.has(r.feature) ? null : r.f));
  const width = Math.max(320, Math.min(1100, target.clientWidth || 800));
  const bars = uPlot.paths.bars({ size: [0.8, 40] });
  target.dataset.features = String(ranking.length);
  relevancePlot = new uPlot({
    width, height: 360,
    padding: [10, 90, 0, null],
    legend: { show: false },
    cursor: { points: { show: false } },
    scales: { x: { time: false, range: [-0.6, ranking.length - 0.4] }, y: { range: (u, min, max) => [0, max * 1.05 || 1] } },
    axes: [
      { rotate: -60, size: 150, gap: 2, space: 8, incrs: [1],
        values: (u, splits) => splits.map((i) => ranking[i]?.feature ?? '') },
      { label: 'ANOVA F' },
    ],
    series: [{ label: 'feature' },
      { label: 'kept', fill: '#2f6fdf', stroke: '#2f6fdf', paths: bars, points: { show: false } },
      { label: 'left out', fill: '#2f6fdf33', stroke: '#2f6fdf66', paths: bars, points: { show: false } }],
  }, [x, keptF, leftF], target);
}

/** The per-feature table, each feature with its histogram by class. */
function showFeatures(view, profile) {
  fill('#features', profile.features, (f) => `<tr data-feature="${esc(f.name)}"><th scope="row">${esc(f.name)}</th>
    <td>${short(f.min)}</td><td>${short(f.max)}</td><td>${short(f.mean)}</td><td>${short(f.std)}</td>
    <td><div class="histogram" role="img" aria-label="${esc(f.name)}: rows per bin, ${esc(view.negativeClass)} vs ${esc(view.positiveClass)}"></div></td></tr>`);
  const byName = new Map(profile.features.map((f) => [f.name, f]));
  const draw = (cell) => {
    const feature = byName.get(cell.closest('tr').dataset.feature);
    if (feature?.histogram && !cell.dataset.drawn) {
      cell.dataset.drawn = 'true';
      histogram(cell, feature.histogram);
    }
  };
  const cells = document.querySelectorAll('#features .histogram');
  // Up to 60 are drawn at once; a wider data set's are drawn as they scroll into view.
  if (cells.length > 60 && 'IntersectionObserver' in window) {
    const observer = new IntersectionObserver((entries) => entries.filter((e) => e.isIntersecting).forEach((e) => {
      observer.unobserve(e.target);
      draw(e.target);
    }), { rootMargin: '200px' });
    cells.forEach((cell) => observer.observe(cell));
  } else {
    cells.forEach(draw);
  }
}

/** Rows per bin of each class as stepped, filled lines over the bins' edges (the seed's "cell texture" figure). */
function histogram(target, { edges, negative, positive }) {
  const last = (counts) => [...counts, counts[counts.length - 1] ?? 0];
  const stepped = uPlot.paths.stepped({ align: 1 });
  const low = edges[0];
  const high = edges[edges.length - 1];
  new uPlot({
    width: 240, height: 90,
    legend: { show: false },
    cursor: { show: false },
    scales: { x: { time: false, range: high > low ? [low, high] : [low - 0.5, low + 0.5] }, y: { range: (u, min, max) => [0, max || 1] } },
    axes: [{ size: 22, space: 60, font: '10px system-ui', values: (u, splits) => splits.map((v) => short(v)) },
      { size: 36, space: 30, font: '10px system-ui' }],
    series: [{},
      { stroke: NEGATIVE, fill: `${NEGATIVE}55`, width: 1, paths: stepped, points: { show: false } },
      { stroke: POSITIVE, fill: `${POSITIVE}55`, width: 1, paths: stepped, points: { show: false } }],
  }, [edges, last(negative), last(positive)], target);
  target.dataset.bins = String(negative.length);
}
