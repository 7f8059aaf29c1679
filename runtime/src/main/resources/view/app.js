// Live view: label details come from the WebSocket (/ws), stream health from /api/status, video from MJPEG.
'use strict';
(function () {
  const params = new URLSearchParams(location.search);
  const token = params.get('token');
  const withToken = (url) => token ? url + (url.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(token) : url;
  const cards = new Map();
  const TIMELINE = 20;

  function card(name) {
    let c = cards.get(name);
    if (c) return c;
    const node = document.getElementById('stream-card').content.firstElementChild.cloneNode(true);
    node.dataset.stream = name;
    const role = (r) => node.querySelector('[data-role="' + r + '"]');
    role('name').textContent = name;
    node.querySelector('img').src = withToken('/streams/' + encodeURIComponent(name) + '/mjpeg');
    document.getElementById('streams').appendChild(node);
    c = { node, role, lastLabel: null };
    cards.set(name, c);
    document.getElementById('no-streams').hidden = true;
    return c;
  }

  function showEvent(e) {
    const c = card(e.stream);
    const label = c.role('label');
    label.textContent = e.label;
    label.classList.toggle('uncertain', e.uncertain);
    c.node.dataset.sequence = e.sequence;
    c.node.dataset.label = e.label;
    c.role('confidence').textContent = (e.confidence * 100).toFixed(1) + ' % confident';
    c.role('latency').textContent = e.latencyMs.toFixed(1);
    const topk = c.role('topk');
    topk.replaceChildren(...e.topK.map((s) => {
      const li = document.createElement('li');
      li.innerHTML = '<span></span><span class="bar"><i></i></span><span></span>';
      li.children[0].textContent = s.label;
      li.children[1].firstChild.style.width = (s.probability * 100).toFixed(1) + '%';
      li.children[2].textContent = (s.probability * 100).toFixed(0) + '%';
      return li;
    }));
    if (c.lastLabel !== e.label) {
      c.lastLabel = e.label;
      const li = document.createElement('li');
      li.innerHTML = '<span></span><span></span>';
      li.children[0].textContent = e.label;
      li.children[1].textContent = new Date(e.captureTimestampMs).toLocaleTimeString();
      const timeline = c.role('timeline');
      timeline.prepend(li);
      while (timeline.children.length > TIMELINE) timeline.lastChild.remove();
    }
    document.getElementById('model-name').textContent = e.modelName;
    document.getElementById('model-version').textContent = e.modelVersion;
    document.getElementById('provider').textContent = e.executionProvider;
  }

  function connect() {
    const proto = location.protocol === 'https:' ? 'wss://' : 'ws://';
    const ws = new WebSocket(withToken(proto + location.host + '/ws'));
    const pill = document.getElementById('connection');
    ws.onopen = () => { pill.textContent = 'live'; pill.className = 'pill on'; };
    ws.onmessage = (m) => showEvent(JSON.parse(m.data));
    ws.onclose = () => { pill.textContent = 'disconnected, retrying…'; pill.className = 'pill off'; setTimeout(connect, 1000); };
  }

  async function refreshStatus() {
    try {
      const r = await fetch(withToken('/api/status'));
      if (!r.ok) return;
      const s = await r.json();
      for (const st of s.streams) {
        const c = card(st.name);
        c.role('fps').textContent = st.fps.toFixed(1);
        c.role('dropped').textContent = st.framesDropped;
        const state = c.role('state');
        state.textContent = st.state;
        state.className = 'state ' + st.state;
      }
      document.getElementById('no-streams').hidden = s.streams.length > 0;
      if (s.model) {
        document.getElementById('model-name').textContent = s.model.name;
        document.getElementById('model-version').textContent = s.model.version;
      }
      document.getElementById('provider').textContent = s.executionProvider;
    } catch (e) { /* server restarting; the next tick retries */ }
  }

  async function refreshModels() {
    const r = await fetch(withToken('/api/models'));
    if (!r.ok) return;
    const models = await r.json();
    const body = document.querySelector('#models tbody');
    body.replaceChildren(...models.map((m) => {
      const tr = document.createElement('tr');
      tr.className = m.active ? 'active' : '';
      for (const v of [m.name, m.version, m.architecture, m.framesPerWindow + ' × ' + m.frameHeight + '×' + m.frameWidth, m.labels.join(', ')]) {
        const td = document.createElement('td'); td.textContent = v; tr.appendChild(td);
      }
      const td = document.createElement('td');
      if (m.active) { td.textContent = 'serving'; } else {
        const b = document.createElement('button'); b.textContent = 'Activate';
        b.onclick = async () => {
          const res = await fetch(withToken('/api/models/' + encodeURIComponent(m.name) + '/activate'), { method: 'POST' });
          if (!res.ok) alert((await res.json()).error);
          refreshModels();
        };
        td.appendChild(b);
      }
      tr.appendChild(td);
      return tr;
    }));
  }

  document.getElementById('upload').onsubmit = async (ev) => {
    ev.preventDefault();
    const file = document.getElementById('upload-file').files[0];
    const out = document.getElementById('upload-result');
    if (!file) { out.textContent = 'choose an .onnx file first'; return; }
    out.textContent = 'uploading…';
    const res = await fetch(withToken('/api/models?name=' + encodeURIComponent(file.name)),
      { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: file });
    const body = await res.json().catch(() => ({}));
    out.textContent = res.ok ? 'installed ' + body.name + ' ' + body.version : 'rejected: ' + (body.error || res.status);
    refreshModels();
  };

  connect();
  refreshStatus();
  refreshModels();
  setInterval(refreshStatus, 1000);
  setInterval(refreshModels, 5000);
})();
