// The one live-stream client: an EventSource on /api/v1/stream (the session cookie authenticates it).
// A dropped connection is reopened by the browser itself with Last-Event-ID, and the stream sends what
// was missed: the page catches up from the events alone, without reading anything again. Only when the
// stream answers `reset` (what was missed is no longer kept, or the controller restarted), or when the
// browser gave up on the connection and a new EventSource had to be opened (it has no id to resume
// from), is the page told to read its state again: it never misses a change and never needs a reload.
import {api, checkSession} from './api.js';

const listeners = new Set();
let connectionState = 'idle';

/** Calls back with 'live', 'reconnecting' or 'idle' whenever any stream's state changes. */
export function onConnectionState(callback) {
  listeners.add(callback);
  callback(connectionState);
  return () => listeners.delete(callback);
}

function setState(state) {
  connectionState = state;
  listeners.forEach((callback) => callback(state));
}

/**
 * Opens a stream. handlers: {deployment(data), host(data), log(data), agent(data), resync()}; filter:
 * {deployment, application, logs, agents, deployments: false}. Returns a function that closes it for good.
 */
export function openStream(filter, handlers) {
  let source = null;
  let closed = false;
  let retry = null;
  let backoff = 1000;

  const dispatch = (name) => (event) => {
    if (!handlers[name]) return;
    let data;
    try {
      data = JSON.parse(event.data);
    } catch {
      return;
    }
    handlers[name](data, event.lastEventId);
  };

  function connect(replacing) {
    const es = new EventSource(api.streamUrl({
      deployment: filter.deployment, application: filter.application,
      logs: filter.logs ? 'true' : undefined, agents: filter.agents ? 'true' : undefined,
      deployments: filter.deployments === false ? 'false' : undefined,
    }));
    source = es;
    let first = true;
    es.addEventListener('open', () => {
      backoff = 1000;
      setState('live');
      // The browser's own reconnections (the same EventSource) resume with Last-Event-ID. A new
      // EventSource has no id to resume from: what happened while none was open is read again.
      if (first && replacing && handlers.resync) handlers.resync();
      first = false;
    });
    ['deployment', 'host', 'log', 'agent'].forEach((name) => es.addEventListener(name, dispatch(name)));
    es.addEventListener('reset', () => handlers.resync && handlers.resync());
    es.addEventListener('overflow', () => setState('reconnecting'));
    es.addEventListener('error', () => {
      if (closed) return;
      if (es.readyState === EventSource.CLOSED) {
        // The browser will not retry (an HTTP error, e.g. the session ended): open a new one later.
        setState('reconnecting');
        es.close();
        // Refused rather than dropped: maybe the session ended (sign-out elsewhere, a restarted controller).
        checkSession().then((session) => {
          if (session === null) closed = true;
        });
        retry = setTimeout(() => { if (!closed) connect(true); }, backoff);
        backoff = Math.min(backoff * 2, 30000);
      } else {
        setState('reconnecting');
      }
    });
  }

  connect(false);
  return () => {
    closed = true;
    clearTimeout(retry);
    if (source) source.close();
    setState('idle');
  };
}
