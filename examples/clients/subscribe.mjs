// Label-event subscriber for Node 20+ (built-in WebSocket):
//   node --experimental-websocket examples/clients/subscribe.mjs ws://127.0.0.1:8080/ws?stream=cam1
const url = process.argv[2] ?? 'ws://127.0.0.1:8080/ws';
const ws = new WebSocket(url);
ws.onmessage = (m) => {
  const e = JSON.parse(m.data);
  if (e.type === 'stream-state') { // &states=true: a state change has no label or latency
    console.log(`${e.stream} state ${e.state}${e.error ? ` (${e.error})` : ''}`);
    return;
  }
  console.log(`${e.stream} #${e.sequence} ${e.label} ${(e.confidence * 100).toFixed(0)}% (${e.reason}, ${e.latencyMs.toFixed(1)} ms)`);
};
ws.onclose = (c) => console.log(`closed ${c.code} ${c.reason}`);
