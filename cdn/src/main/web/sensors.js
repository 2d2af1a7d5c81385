// The live sensors dashboard: one chart per node, per-core temperature (or utilisation where the
// node has no temperature sensor) over the last 60 s, the current values, the connection's state.
import uPlot from 'uplot';

const WINDOW_MS = 60_000;
const COLORS = ['#e63946', '#457b9d', '#2a9d8f', '#e9c46a', '#f4a261', '#6d597a', '#1d3557', '#8ab17d'];

const root = document.getElementById('sensors');
const status = document.getElementById('connection');
const nodes = new Map();
let opened = 0;

function setStatus(state, text) {
  status.dataset.state = state;
  status.dataset.reconnects = String(Math.max(0, opened - 1));
  status.textContent = opened > 1 ? `${text} (reconnected ${opened - 1}×)` : text;
}

function metricOf(sample) {
  return sample.cores.some((core) => core.temperatureC !== null) ? 'temperatureC' : 'utilizationPct';
}

function createNode(sample) {
  const metric = metricOf(sample);
  const section = document.createElement('section');
  section.className = 'node';
  section.dataset.node = sample.node;
  section.innerHTML = `<h2></h2><p class="why"></p><div class="chart"></div><table class="values"><thead><tr>
      <th>core</th><th>°C</th><th>load %</th><th>MHz</th></tr></thead><tbody></tbody></table>`;
  section.querySelector('h2').textContent = `${sample.node} — ${metric === 'temperatureC' ? 'temperature °C' : 'utilisation % (no temperature sensor)'}`;
  section.querySelector('.why').textContent = sample.temperatureReason ?? '';
  root.append(section);
  const series = [{}].concat(sample.cores.map((core) => ({
    label: `core ${core.core}`, stroke: COLORS[core.core % COLORS.length], width: 1.5, points: { show: false },
  })));
  const chart = new uPlot({
    width: Math.min(960, root.clientWidth || 960), height: 260, series,
    scales: { x: { time: true } }, axes: [{}, { label: metric === 'temperatureC' ? '°C' : '%' }],
  }, [[], ...sample.cores.map(() => [])], section.querySelector('.chart'));
  const node = { section, chart, metric, data: [[], ...sample.cores.map(() => [])], dirty: false };
  nodes.set(sample.node, node);
  return node;
}

function onSample(sample) {
  const node = nodes.get(sample.node) ?? createNode(sample);
  const [xs, ...cores] = node.data;
  xs.push(sample.timestamp / 1000);
  sample.cores.forEach((core, i) => cores[i]?.push(core[node.metric]));
  // Keep 60 s: the arrays stay bounded however long the page is open.
  const oldest = (sample.timestamp - WINDOW_MS) / 1000;
  while (xs.length && xs[0] < oldest) {
    xs.shift();
    cores.forEach((values) => values.shift());
  }
  node.latest = sample;
  if (!node.dirty) {
    node.dirty = true;
    requestAnimationFrame(() => draw(node));
  }
}

function draw(node) {
  node.dirty = false;
  node.chart.setData(node.data);
  node.section.dataset.points = String(node.data[0].length);
  node.section.dataset.lastSeq = String(node.latest.seq);
  const body = node.section.querySelector('table.values tbody');
  body.replaceChildren(...node.latest.cores.map((core) => {
    const row = document.createElement('tr');
    for (const value of [core.core, core.temperatureC?.toFixed(1) ?? '–', core.utilizationPct.toFixed(1),
      core.frequencyMhz?.toFixed(0) ?? '–']) {
      const cell = document.createElement('td');
      cell.textContent = value;
      row.append(cell);
    }
    return row;
  }));
}

async function showHistory(button) {
  const toHistory = button.dataset.mode !== 'history';
  button.dataset.mode = toHistory ? 'history' : 'live';
  button.textContent = toHistory ? 'Back to live' : 'Last hour';
  // History is for signed-in people: the gateway makes a one-minute token for the sensors from the session (its cookie
  // is the gateway's alone). Without a session the answer is 401, and so is the history's.
  const access = toHistory ? await fetch('/api/auth/sensors-token', { method: 'POST' }) : null;
  const headers = access?.ok ? { Authorization: `Bearer ${(await access.json()).token}` } : {};
  for (const node of nodes.values()) {
    node.section.querySelector('.chart').hidden = toHistory;
    node.section.querySelector('.history')?.remove();
    if (!toHistory) continue;
    const to = Date.now();
    const answer = await fetch(`/api/sensors/history?node=${encodeURIComponent(node.section.dataset.node)}&from=${to - 3_600_000}&to=${to}&step=1m`,
      { headers });
    const target = document.createElement('div');
    target.className = 'history';
    node.section.querySelector('.chart').after(target);
    if (!answer.ok) {
      // History is for signed-in people; the live view is for anyone.
      target.textContent = answer.status === 401 ? 'Sign in to see the last hour.' : `No history: ${answer.status} ${answer.statusText}`;
      continue;
    }
    const history = await answer.json();
    const key = node.metric === 'temperatureC' ? 'temperatureC' : 'utilizationPct';
    const cores = node.latest.cores.map((core) => history.points.map((point) => point.cores[core.core]?.[key]?.avg ?? null));
    new uPlot({ width: Math.min(960, root.clientWidth || 960), height: 260, scales: { x: { time: true } },
      series: [{}].concat(node.latest.cores.map((core) => ({ label: `core ${core.core} (1 min avg)`, stroke: COLORS[core.core % COLORS.length] }))) },
    [history.points.map((point) => point.t / 1000), ...cores], target);
    target.dataset.points = String(history.points.length);
  }
}

document.getElementById('history')?.addEventListener('click', (event) => showHistory(event.currentTarget));

// EventSource reconnects by itself after a dropped connection, but gives up for good on an error
// answer (a 502 from the gateway while sensors restarts): then a new one is opened, resuming after
// the last sample seen.
let lastSeq = null;
let current = null;
function connect() {
  current?.close();
  const query = lastSeq === null ? '' : `?lastEventId=${lastSeq}`;
  const source = new EventSource(`/api/sensors/stream${query}`);
  current = source;
  source.addEventListener('open', () => {
    opened += 1;
    setStatus('live', 'live');
  });
  source.addEventListener('error', () => {
    if (source !== current) return;
    setStatus('reconnecting', 'reconnecting…');
    if (source.readyState === EventSource.CLOSED) {
      setTimeout(() => { if (source === current) connect(); }, 2000);
    }
  });
  source.addEventListener('sample', (event) => {
    lastSeq = event.lastEventId;
    onSample(JSON.parse(event.data));
  });
}

setStatus('connecting', 'connecting…');
connect();
