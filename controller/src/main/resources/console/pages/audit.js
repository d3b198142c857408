// Audit log: who did what, to what, when, from where, and how it ended; newest first.
import {h, replace, time, empty, errorBox} from '../dom.js';
import {api} from '../api.js';
import {pager} from './pager.js';

export async function render(view) {
  const list = h('div', {id: 'audit'});
  replace(view, h('h1', {}, 'Audit log'), list);
  try {
    const events = await api.get('/audit-events', {limit: 1000});
    if (events.length === 0) {
      replace(list, empty('Nothing has been changed yet. Every change made through the API, the CLI or this console will be listed here.'));
      return;
    }
    pager(list, events, 100, (slice) => h('table', {class: 'list', 'aria-label': 'Audit events'},
      h('thead', {}, h('tr', {}, ['When', 'Who', 'Action', 'Target', 'From', 'Outcome'].map((c) => h('th', {scope: 'col'}, c)))),
      h('tbody', {}, slice.map((e) => h('tr', {},
        h('td', {}, time(e.at)), h('td', {}, e.actor), h('td', {}, h('code', {}, e.action)),
        h('td', {}, e.target || '—'), h('td', {}, e.remoteAddress || '—'),
        h('td', {}, h('span', {class: e.outcome === 'OK' ? 'status status-succeeded' : 'status status-failed'}, e.outcome)))))), 'events');
  } catch (err) {
    replace(list, errorBox(err));
  }
}
