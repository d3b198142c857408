// Builds DOM nodes. Every string becomes a text node (or an attribute value), never markup: hook output,
// hostnames, tags and every other agent-supplied string are hostile input, and this is the only way the
// console puts text on the page: no markup is ever parsed from a string.

/** h('a', {href: '#/x', class: 'c', onclick: fn}, 'text', childNode, [more]) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      el.className = value;
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

/** Replaces everything in el with children. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export function time(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export function ago(iso) {
  if (!iso) return '—';
  const s = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  if (s < 5) return 'just now';
  if (s < 90) return `${s} s ago`;
  if (s < 5400) return `${Math.round(s / 60)} min ago`;
  if (s < 129600) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}

export function duration(fromIso, toIso) {
  if (!fromIso) return '—';
  const ms = (toIso ? new Date(toIso) : new Date()).getTime() - new Date(fromIso).getTime();
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

export function bytes(n) {
  if (n === null || n === undefined) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

/** A status as text and colour: the class only adds colour, the word is always there. */
export function status(text) {
  const name = String(text || 'Unknown');
  return h('span', {class: `status status-${name.toLowerCase().replace(/[^a-z]/g, '')}`}, name);
}

export function tags(map) {
  const entries = Object.entries(map || {});
  if (entries.length === 0) return h('span', {class: 'muted'}, 'no tags');
  return h('ul', {class: 'tags', 'aria-label': 'tags'}, entries.map(([k, v]) => h('li', {class: 'tag'}, `${k}=${v}`)));
}

/** An empty state that says what to do next. */
export function empty(title, ...next) {
  return h('div', {class: 'empty', role: 'note'}, h('p', {class: 'empty-title'}, title), ...next);
}

/** A copyable command: the text in a code block and a button that copies it. */
export function command(text, label) {
  const code = h('code', {}, text);
  const copied = h('span', {class: 'copied', role: 'status', 'aria-live': 'polite'});
  const button = h('button', {type: 'button', class: 'copy', onclick: async () => {
    try {
      await navigator.clipboard.writeText(text);
      copied.textContent = 'Copied';
    } catch {
      const range = document.createRange();
      range.selectNodeContents(code);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      copied.textContent = 'Selected: press Ctrl+C';
    }
  }}, label || 'Copy');
  return h('div', {class: 'command'}, h('pre', {}, code), button, copied);
}

/** Shows an API error (or any error) where the user is looking. */
export function errorBox(err) {
  const message = err && err.message ? err.message : String(err);
  return h('div', {class: 'error', role: 'alert'},
    err && err.code ? h('strong', {}, err.code + ': ') : null, message);
}
