// The one live-stream client: an EventSource on /api/v1/stream (the session cookie authenticates it).
// A dropped connection is reopened by the browser itself with Last-Event-ID, and the stream sends what
// was missed. When the stream answers `reset` (what was missed is no longer kept), or when the browser
// gave up on the connection and a new one has to be opened without an id, the page is told to read its
// state again: it never misses a change and never needs a reload.
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
 * Opens a stream. handlers: {deployment(data), host(data), log(data), resync()}; filter: {deployment,
 * application, logs}. Returns a function that closes it for good.
 */
export function openStream(filter, handlers) {
  let source = null;
  let closed = false;
  let retry = null;
  let backoff = 1000;
  let opened = false;

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

  function connect() {
    source = new EventSource(api.streamUrl({...filter, logs: filter.logs ? 'true' : undefined}));
    source.addEventListener('open', () => {
      backoff = 1000;
      setState('live');
      // A fresh EventSource has no id to resume from: what happened while it was away is read again.
      if (opened && handlers.resync) handlers.resync();
      opened = true;
    });
    ['deployment', 'host', 'log'].forEach((name) => source.addEventListener(name, dispatch(name)));
    source.addEventListener('reset', () => handlers.resync && handlers.resync());
    source.addEventListener('overflow', () => setState('reconnecting'));
    source.addEventListener('error', () => {
      if (closed) return;
      if (source.readyState === EventSource.CLOSED) {
        // The browser will not retry (an HTTP error, e.g. the session ended): open a new one later.
        setState('reconnecting');
        source.close();
        // Refused rather than dropped: maybe the session ended (sign-out elsewhere, a restarted controller).
        checkSession().then((session) => {
          if (session === null) closed = true;
        });
        retry = setTimeout(() => { if (!closed) connect(); }, backoff);
        backoff = Math.min(backoff * 2, 30000);
      } else {
        setState('reconnecting');
      }
    });
  }

  connect();
  return () => {
    closed = true;
    clearTimeout(retry);
    if (source) source.close();
    setState('idle');
  };
}
