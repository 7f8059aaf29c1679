// Live view: label details come from the WebSocket (/ws), stream health from /api/status, video from MJPEG
// (/streams/NAME/mjpeg, with the label already drawn in by the server), past episodes from /api/episodes. No dependencies: nothing outside this
// server needs to be reachable.
'use strict';
(function () {
  const params = new URLSearchParams(location.search);
  const token = params.get('token');
  const withToken = (url) => token ? url + (url.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(token) : url;
  const cards = new Map();
  const TIMELINE = 20;
  const VIDEO_RETRY_MS = 2000;
  const STATE_TITLES = { starting: 'Starting', reconnecting: 'Reconnecting', stalled: 'Stalled', ended: 'Ended',
    failed: 'Failed', stopped: 'Stopped' };
  const FIRST_LABEL_HINT = 'the first label comes once a window of frames is full';
  // The MJPEG overlay (OverlayPainter) draws the same two lines.
  const UNKNOWN_TITLE = 'Unknown';
  const UNKNOWN_DETAIL = 'not like anything this model was trained on';
  let framesPerWindow = 0;

  function card(name) {
    let c = cards.get(name);
    if (c) return c;
    const node = document.getElementById('stream-card').content.firstElementChild.cloneNode(true);
    node.dataset.stream = name;
    const role = (r) => node.querySelector('[data-role="' + r + '"]');
    role('name').textContent = name;
    const img = node.querySelector('img');
    const video = '/streams/' + encodeURIComponent(name) + '/mjpeg';
    img.src = withToken(video);
    // An MJPEG connection ends when the server restarts or the stream is gone; reconnect after a pause.
    img.onerror = () => {
      role('novideo').textContent = 'video interrupted, reconnecting…';
      role('novideo').hidden = false;
      setTimeout(() => { img.src = withToken(video + '?t=' + Date.now()); }, VIDEO_RETRY_MS);
    };
    document.getElementById('streams').appendChild(node);
    c = { node, role, img, lastLabel: null, state: null };
    role('capture-label').setAttribute('list', 'capture-labels');
    role('capture').onsubmit = (ev) => { ev.preventDefault(); saveCapture(name, c); };
    cards.set(name, c);
    document.getElementById('no-streams').hidden = true;
    return c;
  }

  function percent(p) {
    return (p * 100).toFixed(p >= 0.995 || p < 0.1 ? 0 : 1) + ' %';
  }

  /** A share that may be missing (nothing to count it over). */
  function share(p) {
    return p == null ? '—' : percent(p);
  }

  function showEvent(e) {
    const c = card(e.stream);
    const label = c.role('label');
    // Events before schema version 2 have no "known": they are never unknown.
    const unknown = e.known === false;
    label.textContent = unknown ? UNKNOWN_TITLE : e.label;
    label.title = unknown ? UNKNOWN_TITLE + ' — ' + UNKNOWN_DETAIL : '';
    label.classList.toggle('uncertain', e.uncertain);
    label.classList.toggle('unknown', unknown);
    label.classList.remove('pending');
    label.classList.toggle('stale', c.state !== null && c.state !== 'running');
    c.node.dataset.sequence = e.sequence;
    c.node.dataset.label = e.label;
    c.role('confidence').textContent = unknown
      ? '— ' + UNKNOWN_DETAIL
      : e.uncertain
        ? 'no action is likely enough (best: ' + percent(e.confidence) + ')'
        : percent(e.confidence) + ' sure';
    c.role('latency').textContent = e.latencyMs.toFixed(1);
    const topk = c.role('topk');
    // Unknown: the actions are what the model would say if the window were known, none of them is the answer.
    topk.classList.toggle('unknown', unknown);
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
      li.innerHTML = '<span></span><span class="t"></span>';
      li.children[0].textContent = unknown ? UNKNOWN_TITLE : e.label;
      li.children[1].textContent = new Date(e.captureTimestampMs).toLocaleTimeString();
      const timeline = c.role('timeline');
      timeline.prepend(li);
      while (timeline.children.length > TIMELINE) timeline.lastChild.remove();
    }
    // The header shows the active model (from /api/status); each card says which model scored its label, which
    // differs for a moment after a hot swap.
    c.role('scored-by').textContent = e.modelName + ' v' + e.modelVersion + ' on ' + e.executionProvider;
  }

  function connect() {
    const proto = location.protocol === 'https:' ? 'wss://' : 'ws://';
    const ws = new WebSocket(withToken(proto + location.host + '/ws?episodes=true&jobs=true'));
    const pill = document.getElementById('connection');
    ws.onopen = () => { pill.textContent = 'live'; pill.className = 'pill on'; };
    ws.onmessage = (m) => {
      const e = JSON.parse(m.data);
      if (e.type === 'episode') onEpisode(e);
      else if (e.type === 'job') showJob(e.job);
      else if (e.type === 'model') { refreshModels(); refreshTeach(); }
      else if (!e.type) showEvent(e);
    };
    ws.onclose = () => { pill.textContent = 'disconnected, retrying…'; pill.className = 'pill off'; setTimeout(connect, 1000); };
  }

  async function refreshStatus() {
    try {
      const r = await fetch(withToken('/api/status'));
      if (!r.ok) return;
      const s = await r.json();
      if (s.model) framesPerWindow = s.model.framesPerWindow;
      for (const st of s.streams) {
        const c = card(st.name);
        c.role('fps').textContent = st.fps > 0 ? st.fps.toFixed(1) : '—';
        c.role('dropped').textContent = st.framesDropped;
        const state = c.role('state');
        state.textContent = st.state;
        state.className = 'state ' + st.state;
        state.title = st.lastError
          ? 'last error' + (st.lastErrorAt ? ' (' + new Date(st.lastErrorAt).toLocaleTimeString() + ')' : '') + ': ' + st.lastError
          : st.source;
        showState(c, st);
      }
      // A cluster node's streams come and go as the group assigns them: a stream no longer served loses its card.
      const served = new Set(s.streams.map((st) => st.name));
      for (const [name, c] of cards) {
        if (!served.has(name)) {
          c.img.onerror = null;
          c.img.src = '';
          c.node.remove();
          cards.delete(name);
        }
      }
      document.getElementById('no-streams').hidden = s.streams.length > 0;
      fillOptions('history-stream', s.streams.map((st) => st.name));
      if (framesPerWindow) document.getElementById('window-frames').textContent = framesPerWindow;
      if (s.model) {
        document.getElementById('model-name').textContent = s.model.name;
        document.getElementById('model-version').textContent = s.model.version;
      }
      document.getElementById('provider').textContent = s.executionProvider;
    } catch (e) { /* server restarting; the next tick retries */ }
  }

  // A stream that is not running says so, and why, instead of looking as if it were about to label something.
  function showState(c, st) {
    const live = st.state === 'running';
    c.state = st.state;
    c.node.dataset.state = st.state;
    const msg = c.role('state-message');
    let text = '';
    if (!live) {
      const title = document.createElement('b');
      title.textContent = STATE_TITLES[st.state] || st.state;
      text = ' — ' + (st.stateReason || st.lastError || st.state);
      const last = c.lastLabel || st.lastLabel;
      if (st.state === 'ended' && last) text += ' Last label: ' + last + '.';
      msg.replaceChildren(title, document.createTextNode(text));
      msg.className = 'state-message ' + st.state;
    }
    msg.hidden = live;
    const label = c.role('label');
    label.classList.toggle('stale', !live && !label.classList.contains('pending'));
    if (c.lastLabel === null) {
      if (!live && st.lastLabel) {
        // The page opened after the stream stopped delivering: the status still knows its last label.
        const unknown = st.lastLabel === 'unknown';
        label.textContent = unknown ? UNKNOWN_TITLE : st.lastLabel;
        label.className = 'label stale' + (unknown ? ' unknown' : '');
        c.role('confidence').textContent = percent(st.lastConfidence) + ' sure';
      } else if (live || st.state === 'starting') {
        label.textContent = 'waiting…';
        label.className = 'label pending';
        c.role('confidence').textContent = FIRST_LABEL_HINT;
      } else {
        label.textContent = 'no label';
        label.className = 'label pending';
        c.role('confidence').textContent = 'no frames arrive, so nothing is scored';
      }
    }
    // The server reports the effective window: frames taken at the model's interval, whatever the stream's fps.
    const w = st.window;
    const seconds = w && w.intervalSeconds > 0
      ? ', ' + w.intervalSeconds.toFixed(2) + ' s apart (' + w.seconds.toFixed(2) + ' s of video)' : '';
    const frames = w ? w.frames : framesPerWindow;
    c.role('sees').textContent = !live && (c.lastLabel || st.lastLabel) ? 'last label'
      : frames ? 'the model sees ' + frames + ' frames' + seconds : 'the model sees';
    const novideo = c.role('novideo');
    if (!novideo.hidden) novideo.textContent = live ? 'waiting for video…' : (STATE_TITLES[st.state] || st.state) + text;
  }

  // An MJPEG <img> fires no reliable event per frame; a frame has arrived once it has a size.
  function checkVideo() {
    for (const c of cards.values()) {
      if (c.img.naturalWidth > 0) c.role('novideo').hidden = true;
    }
  }

  async function refreshModels() {
    let models;
    try {
      const r = await fetch(withToken('/api/models'));
      if (!r.ok) return;
      models = await r.json();
    } catch (e) { return; }
    const active = models.find((m) => m.active);
    if (active) modelLabels = active.labels;
    fillOptions('history-label', modelLabels);
    const body = document.querySelector('#models tbody');
    body.replaceChildren(...models.map((m) => {
      const tr = document.createElement('tr');
      tr.className = m.active ? 'active' : '';
      for (const v of [m.key, m.name, m.version, m.architecture, m.framesPerWindow + ' × ' + m.frameHeight + '×' + m.frameWidth, m.labels.join(', ')]) {
        const td = document.createElement('td'); td.textContent = v; tr.appendChild(td);
      }
      const td = document.createElement('td');
      if (m.active) { td.textContent = 'serving'; } else {
        const b = document.createElement('button'); b.textContent = 'Activate';
        b.title = 'Make this model score every stream from now on';
        b.onclick = async () => {
          const out = document.getElementById('upload-result');
          // The key, not the spec's name: copies of one export (walk-v1.onnx, walk-v2.onnx) share their name.
          const res = await fetch(withToken('/api/models/' + encodeURIComponent(m.key) + '/activate'), { method: 'POST' });
          const body = await res.json().catch(() => ({}));
          out.textContent = res.ok ? 'now serving ' + m.key : 'not activated: ' + (body.error || res.status);
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
    out.textContent = res.ok ? 'installed ' + body.name + ' version ' + body.version
      : 'rejected: ' + (body.error || res.status);
    refreshModels();
  };

  // Capture: the server keeps each stream's recent frames; "save" writes the last N seconds as a clip into
  // datasets/captures/LABEL/, which train --data datasets/captures reads as it is.
  let modelLabels = [];

  async function saveCapture(name, c) {
    const out = c.role('capture-result');
    const label = c.role('capture-label').value.trim();
    const seconds = parseFloat(c.role('capture-seconds').value);
    out.textContent = 'saving…';
    try {
      const res = await fetch(withToken('/api/captures'), { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ stream: name, label, lastSeconds: seconds }) });
      const body = await res.json().catch(() => ({}));
      out.textContent = res.ok ? 'saved ' + body.frames + ' frames as ' + body.label + '/' + body.file
        : 'not saved: ' + (body.error || res.status);
      out.className = 'capture-result ' + (res.ok ? 'ok' : 'bad');
    } catch (e) { out.textContent = 'not saved: ' + e; }
    refreshCaptures();
  }

  async function deleteCapture(dataset, label, file) {
    await fetch(withToken('/api/captures/' + [dataset, label, file].map(encodeURIComponent).join('/')), { method: 'DELETE' });
    refreshCaptures();
  }

  async function refreshCaptures() {
    let s;
    try {
      const r = await fetch(withToken('/api/captures'));
      if (!r.ok) return;
      s = await r.json();
    } catch (e) { return; }
    const labels = new Set(modelLabels);
    for (const c of cards.values()) c.role('capture').hidden = !s.enabled;
    if (capturesEnabled !== s.enabled) {
      capturesEnabled = s.enabled;
      for (const li of document.querySelectorAll('#episodes li')) li.querySelector('[data-role=save]').hidden = !(s.enabled && li.dataset.clip);
    }
    if (!s.enabled) return;
    const perStream = new Map();
    for (const [dataset, byLabel] of Object.entries(s.datasets)) {
      for (const [label, clips] of Object.entries(byLabel)) {
        labels.add(label);
        for (const clip of clips) {
          if (!perStream.has(clip.stream)) perStream.set(clip.stream, []);
          perStream.get(clip.stream).push({ dataset, label, clip });
        }
      }
    }
    document.getElementById('capture-labels').replaceChildren(...[...labels].sort().map((l) => {
      const o = document.createElement('option'); o.value = l; return o;
    }));
    for (const [name, c] of cards) {
      const items = (perStream.get(name) || []).sort((a, b) => (a.dataset + a.label).localeCompare(b.dataset + b.label)
        || b.clip.start - a.clip.start);
      c.role('captures').replaceChildren(...items.map(({ dataset, label, clip }) => {
        const li = document.createElement('li');
        li.dataset.file = clip.file;
        li.dataset.label = label;
        li.innerHTML = '<span class="l"></span><span class="t"></span><button type="button" title="Delete this clip and its sidecar">delete</button>';
        li.children[0].textContent = (dataset === 'captures' ? '' : dataset + '/') + label;
        li.children[1].textContent = clip.frames + ' frames, ' + (clip.frames / clip.fps).toFixed(1) + ' s, '
          + new Date(clip.start).toLocaleTimeString();
        li.children[2].onclick = () => deleteCapture(dataset, label, clip.file);
        return li;
      }));
    }
  }

  // Episode history: the newest ended episodes, refreshed when one ends (after its clip is written) and on a filter
  // change; never while someone is typing a label into it.
  let capturesEnabled = false;
  let historyCursor = null;
  const CLIP_SETTLE_MS = 4000;

  function fillOptions(id, values) {
    const select = document.getElementById(id);
    const have = [...select.options].map((o) => o.value).slice(1).join('\n');
    if (have === values.join('\n')) return;
    const chosen = select.value;
    const all = document.createElement('option'); all.value = ''; all.textContent = 'all';
    select.replaceChildren(all, ...values.map((v) => { const o = document.createElement('option'); o.value = v; o.textContent = v; return o; }));
    select.value = values.includes(chosen) ? chosen : '';
  }

  function onEpisode(e) {
    const c = cards.get(e.stream);
    if (c) {
      const now = c.role('episode');
      now.hidden = e.phase === 'end';
      now.textContent = e.phase === 'end' ? '' : 'episode: ' + e.label + ' since '
        + new Date(e.startMs).toLocaleTimeString() + ' (' + (e.durationMs / 1000).toFixed(0) + ' s)';
      c.node.dataset.episode = e.phase === 'end' ? '' : e.label;
    }
    if (e.phase === 'end') setTimeout(() => refreshHistory(false), CLIP_SETTLE_MS);
  }

  async function refreshHistory(older) {
    const list = document.getElementById('episodes');
    if (!older && list.contains(document.activeElement)) return;
    const q = new URLSearchParams({ limit: '20' });
    const stream = document.getElementById('history-stream').value;
    const label = document.getElementById('history-label').value;
    if (stream) q.set('stream', stream);
    if (label) q.set('label', label);
    if (older && historyCursor) q.set('cursor', historyCursor);
    let r;
    try { r = await fetch(withToken('/api/episodes?' + q)); } catch (e) { return; }
    const section = document.getElementById('history');
    // 404: served without a data folder, so there is no history to show.
    section.hidden = r.status === 404;
    const body = await r.json().catch(() => ({}));
    const status = document.getElementById('history-status');
    if (!r.ok) { status.textContent = r.status === 404 ? '' : 'history unavailable: ' + (body.error || r.status); return; }
    status.textContent = body.episodes.length || older ? '' : 'no episodes yet';
    historyCursor = body.nextCursor;
    document.getElementById('history-more').hidden = !body.nextCursor;
    const items = body.episodes.map(episodeItem);
    if (older) list.append(...items); else list.replaceChildren(...items);
  }

  function episodeItem(e) {
    const li = document.getElementById('episode-item').content.firstElementChild.cloneNode(true);
    const role = (r) => li.querySelector('[data-role="' + r + '"]');
    li.dataset.id = e.id;
    li.dataset.label = e.label;
    li.dataset.stream = e.stream;
    li.dataset.clip = e.clip || '';
    const thumb = role('thumb');
    if (e.snapshot) thumb.src = withToken(e.snapshot); else thumb.alt = 'no snapshot';
    role('label').textContent = e.label;
    role('stream').textContent = e.stream;
    role('when').textContent = new Date(e.startMs).toLocaleString() + ' · ' + (e.durationMs / 1000).toFixed(1) + ' s · peak '
      + percent(e.peakConfidence) + ' · ' + e.modelName + ' v' + e.modelVersion;
    const play = role('play');
    play.disabled = !e.clip;
    if (!e.clip) play.title = 'no clip (not written, or deleted to stay within the disk budget)';
    play.onclick = () => {
      const player = document.getElementById('history-player');
      player.src = withToken(e.clip);
      player.dataset.episode = e.id;
      player.hidden = false;
      player.play().catch(() => { /* autoplay refused: the controls are there */ });
    };
    const form = role('save');
    form.hidden = !(capturesEnabled && e.clip);
    role('save-label').setAttribute('list', 'capture-labels');
    form.onsubmit = async (ev) => {
      ev.preventDefault();
      const out = role('save-result');
      const label = role('save-label').value.trim();
      out.textContent = 'saving…';
      try {
        const res = await fetch(withToken('/api/episodes/' + encodeURIComponent(e.id) + '/save'), { method: 'POST',
          headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ label }) });
        const body = await res.json().catch(() => ({}));
        out.textContent = res.ok ? 'saved as ' + body.label + '/' + body.file : 'not saved: ' + (body.error || res.status);
        out.className = 'save-result ' + (res.ok ? 'ok' : 'bad');
        if (res.ok) role('save-label').value = '';
      } catch (err) { out.textContent = 'not saved: ' + err; }
      refreshCaptures();
    };
    return li;
  }

  document.getElementById('history-stream').onchange = () => refreshHistory(false);
  document.getElementById('history-label').onchange = () => refreshHistory(false);
  document.getElementById('history-more').onclick = () => refreshHistory(true);

  // Teach: training jobs, candidates, shadow, promote and roll back. Jobs come from /api/jobs (so a reload shows
  // them) and then from job events on the WebSocket.
  const jobs = new Map();
  const FINISHED = ['succeeded', 'failed', 'cancelled', 'interrupted'];

  function teachResult(id, text, bad) {
    const el = document.getElementById(id);
    el.textContent = text;
    el.classList.toggle('bad', !!bad);
  }

  function jobDetail(j) {
    if (j.reason) return j.reason;
    const p = j.progress || {};
    if (j.state === 'succeeded') return 'candidate ' + j.candidate;
    if (p.phase === 'training' && p.epoch) {
      let t = 'epoch ' + p.epoch + '/' + p.epochs;
      if (p.batch) t += ', batch ' + p.batch + '/' + p.batches;
      if (p.loss != null) t += ', loss ' + p.loss.toFixed(3);
      if (p.accuracy != null) t += ', accuracy ' + percent(p.accuracy);
      if (p.etaSeconds != null) t += ', about ' + Math.ceil(p.etaSeconds) + ' s left';
      return t;
    }
    return p.phase || '';
  }

  // The model a job starts from and the job's labels, those the base does not know marked as new.
  function showBase(td, j) {
    if (!j.baseModel) { td.textContent = ''; return; }
    const known = new Set(j.baseLabels || []);
    const labels = (j.labels || []).map((l) => {
      const span = document.createElement('span');
      span.dataset.label = l;
      span.textContent = l;
      if (!known.has(l)) { span.className = 'new-label'; span.dataset.new = 'true'; span.title = 'new: not a label of ' + j.baseModel; }
      return span;
    });
    const parts = [document.createTextNode('from ' + j.baseModel + ': ')];
    labels.forEach((span, i) => {
      if (i > 0) parts.push(document.createTextNode(', '));
      parts.push(span);
      if (span.dataset.new) parts.push(document.createTextNode(' (new)'));
    });
    td.replaceChildren(...parts);
  }

  function showJob(j) {
    jobs.set(j.id, j);
    const body = document.querySelector('#jobs tbody');
    let tr = body.querySelector('tr[data-job="' + j.id + '"]');
    if (!tr) {
      tr = document.createElement('tr');
      tr.dataset.job = j.id;
      tr.innerHTML = '<td></td><td data-role="base"></td><td data-role="state"></td>'
        + '<td><progress max="1" value="0"></progress></td>'
        + '<td data-role="detail"></td><td><button type="button" data-role="cancel">Cancel</button></td>';
      tr.children[0].textContent = j.id;
      tr.querySelector('[data-role=cancel]').onclick = () => cancelJob(j.id);
      body.prepend(tr);
    }
    tr.dataset.state = j.state;
    showBase(tr.querySelector('[data-role=base]'), j);
    tr.querySelector('[data-role=state]').textContent = j.state;
    tr.querySelector('progress').value = (j.progress && j.progress.fraction) || 0;
    tr.querySelector('[data-role=detail]').textContent = jobDetail(j);
    tr.querySelector('[data-role=cancel]').hidden = FINISHED.includes(j.state);
    if (j.state === 'succeeded') refreshTeach();
  }

  async function startJob(ev) {
    ev.preventDefault();
    const body = { dataset: document.getElementById('train-dataset').value,
      epochs: Number(document.getElementById('train-epochs').value) };
    const budget = Number(document.getElementById('train-budget').value);
    if (budget > 0) body.timeBudgetSeconds = budget;
    const res = await fetch(withToken('/api/jobs'), { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body) });
    const j = await res.json();
    if (res.ok) { teachResult('train-result', 'job ' + j.id + ' ' + j.state); showJob(j); }
    else teachResult('train-result', j.error, true);
  }

  async function cancelJob(id) {
    const res = await fetch(withToken('/api/jobs/' + encodeURIComponent(id)), { method: 'DELETE' });
    const j = await res.json();
    if (res.ok) showJob(j); else teachResult('train-result', j.error, true);
  }

  async function post(url, body) {
    const res = await fetch(withToken(url), { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body || {}) });
    return { ok: res.ok, body: await res.json() };
  }

  async function shadow(key) {
    const r = await post('/api/shadow', { candidate: key });
    if (r.ok) teachResult('teach-result', 'shadowing ' + key); else teachResult('teach-result', r.body.error, true);
    refreshShadow();
  }

  async function promote(key) {
    const r = await post('/api/models/' + encodeURIComponent(key) + '/promote', { who: 'live view', why: 'promoted from the live view' });
    if (r.ok) teachResult('teach-result', 'promoted ' + key + ' (was ' + r.body.previous + ')');
    else teachResult('teach-result', r.body.error, true);
    refreshModels(); refreshStatus(); refreshShadow();
  }

  async function rollback() {
    const r = await post('/api/models/rollback', { who: 'live view', why: 'rolled back from the live view' });
    if (r.ok) teachResult('teach-result', 'rolled back to ' + r.body.model);
    else teachResult('teach-result', r.body.error, true);
    refreshModels(); refreshStatus();
  }

  let shadowing = null;

  async function refreshShadow() {
    let s;
    try {
      const r = await fetch(withToken('/api/shadow'));
      if (!r.ok) return;
      s = await r.json();
    } catch (e) { return; }
    shadowing = s.candidate || null;
    const report = document.getElementById('shadow-report');
    const parts = [];
    for (const [name, c] of cards) {
      const st = s.streams && s.streams[name];
      const el = c.role('shadow');
      el.hidden = !st;
      if (!st) continue;
      el.textContent = 'candidate sees: ' + (st.lastLabel || '…')
        + (st.lastConfidence != null ? ' (' + percent(st.lastConfidence) + ')' : '');
      if (st.windows > 0) {
        parts.push(name + ': ' + st.windows + ' windows, agrees ' + percent(st.agreement) + ', uncertain or unknown '
          + percent(st.uncertainOrUnknownRate));
      }
    }
    report.dataset.candidate = shadowing || '';
    report.textContent = shadowing ? 'shadow of ' + shadowing + ' — ' + (parts.join('; ') || 'waiting for windows')
      + (s.droppedFrames ? '; ' + s.droppedFrames + ' frames dropped' : '') : '';
    for (const tr of document.querySelectorAll('#candidates tr[data-key]')) {
      tr.querySelector('[data-role=shadowing]').textContent = tr.dataset.key === shadowing ? 'running' : '';
    }
  }

  // The runtime's own scoring of the job's held-out captured clips: the candidate beside the serving model, overall
  // and per class. Without it (an older candidate), the trainer's held-out accuracy.
  function showHeldOut(td, c) {
    const h = c.heldOut;
    if (!h || !h.candidate) {
      td.textContent = h && h.reason ? h.reason : (c.heldOutAccuracy == null ? '—' : percent(c.heldOutAccuracy));
      return;
    }
    const overall = document.createElement('div');
    overall.dataset.role = 'heldout';
    overall.textContent = share(h.candidate.accuracy) + (h.active ? ' vs ' + share(h.active.accuracy)
      + ' (' + h.activeModel + ')' : '') + ' on ' + h.clips + ' clips';
    const per = document.createElement('div');
    per.dataset.role = 'per-class';
    per.className = 'hint';
    per.textContent = Object.entries(h.candidate.perClass).map(([label, a]) => {
      const was = h.active && h.active.perClass[label];
      return label + ' ' + share(a.accuracy) + (was ? ' vs ' + share(was.accuracy) : '');
    }).join(', ');
    td.replaceChildren(overall, per);
  }

  async function refreshTeach() {
    let s;
    try {
      const r = await fetch(withToken('/api/jobs'));
      document.getElementById('teach').hidden = !r.ok;
      if (!r.ok) return;
      s = await r.json();
    } catch (e) { return; }
    for (const j of s.jobs) showJob(j);
    const body = document.querySelector('#candidates tbody');
    // Rebuilt only when the candidates change, so a button is never replaced under the pointer; their figures and
    // the policy's decision are refreshed in place.
    const keys = s.candidates.map((c) => c.key).join(' ');
    if (body.dataset.keys !== keys) {
      body.dataset.keys = keys;
      body.replaceChildren(...s.candidates.slice().reverse().map((c) => {
        const tr = document.createElement('tr');
        tr.dataset.key = c.key;
        tr.innerHTML = '<td></td><td></td><td data-role="heldout-cell"></td><td data-role="decision"></td>'
          + '<td data-role="shadowing"></td><td>'
          + '<button type="button" data-role="shadow">Shadow</button> '
          + '<button type="button" data-role="promote">Promote</button></td>';
        tr.children[0].textContent = c.key;
        tr.children[1].textContent = c.labels.join(', ');
        tr.querySelector('[data-role=shadow]').onclick = () => shadow(c.key);
        tr.querySelector('[data-role=promote]').onclick = () => promote(c.key);
        return tr;
      }));
    }
    for (const c of s.candidates) {
      const tr = body.querySelector('tr[data-key="' + CSS.escape(c.key) + '"]');
      if (!tr) continue;
      showHeldOut(tr.querySelector('[data-role=heldout-cell]'), c);
      const d = tr.querySelector('[data-role=decision]');
      d.dataset.outcome = c.decision ? c.decision.outcome : '';
      d.textContent = c.decision ? c.decision.outcome + ': ' + c.decision.reason : '—';
    }
    refreshShadow();
  }

  document.getElementById('train').onsubmit = startJob;
  document.getElementById('rollback').onclick = rollback;

  // Status first, so the cards appear in the configured stream order rather than in order of first event.
  refreshStatus().finally(connect);
  refreshModels();
  refreshStatus().then(refreshCaptures).then(() => refreshHistory(false));
  // Cluster nodes only (GET /api/fleet answers 404 on a single node): every node, its streams and model.
  async function refreshFleet() {
    let r;
    try { r = await fetch(withToken('/api/fleet')); } catch (e) { return; }
    const panel = document.getElementById('fleet');
    if (!r.ok) { panel.hidden = true; return; }
    const f = await r.json();
    panel.hidden = false;
    const rows = f.nodes.map((n) => {
      const tr = document.createElement('tr');
      if (!n.alive) tr.className = 'stale';
      const cells = [n.node + (n.node === f.node ? ' (this node)' : ''), n.alive ? (n.suspended ? 'cut off' : 'up') : 'silent',
        (n.streams || []).join(', ') || '—', n.model || '—', String(n.lag), Math.round(n.ageMs / 1000) + ' s ago'];
      for (const text of cells) {
        const td = document.createElement('td');
        td.textContent = text;
        tr.appendChild(td);
      }
      if (n.modelError) tr.lastChild.title = 'model refused: ' + n.modelError;
      return tr;
    });
    document.querySelector('#fleet-nodes tbody').replaceChildren(...rows);
  }

  setInterval(refreshStatus, 1000);
  refreshFleet();
  setInterval(refreshFleet, 2000);
  setInterval(refreshCaptures, 5000);
  setInterval(checkVideo, 250);
  setInterval(refreshModels, 5000);
  setInterval(() => refreshHistory(false), 15000);
  refreshTeach();
  setInterval(refreshTeach, 5000);
  setInterval(() => { if (shadowing) refreshShadow(); }, 1000);
})();
