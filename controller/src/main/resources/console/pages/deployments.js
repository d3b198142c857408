// Deployments: newest 1,000 from the API (its maximum), running ones first, filtered by application,
// group and status, 50 to a page; the live stream updates rows in place.
import {h, replace, time, duration, status, empty, command, errorBox} from '../dom.js';
import {api} from '../api.js';
import {openStream} from '../stream.js';
import {pager} from './pager.js';

const RUNNING = new Set(['Created', 'Queued', 'InProgress', 'Ready', 'Baking']);
const STATUSES = ['', 'Created', 'Queued', 'InProgress', 'Ready', 'Baking', 'Succeeded', 'Failed', 'Stopped'];

export async function render(view, params) {
  const q = params.query;
  const filter = {application: q.get('application') || '', group: q.get('group') || '', status: q.get('status') || ''};
  const list = h('div', {id: 'deployments'});
  const form = h('form', {class: 'filters', role: 'search', 'aria-label': 'Filter deployments'},
    h('label', {for: 'f-app'}, 'Application'), h('input', {id: 'f-app', value: filter.application}),
    h('label', {for: 'f-group'}, 'Group'), h('input', {id: 'f-group', value: filter.group}),
    h('label', {for: 'f-status'}, 'Status'),
    h('select', {id: 'f-status'}, STATUSES.map((s) => h('option', {value: s, selected: s === filter.status}, s || 'any'))),
    h('button', {type: 'submit'}, 'Filter'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [key, id] of [['application', '#f-app'], ['group', '#f-group'], ['status', '#f-status']]) {
      const value = form.querySelector(id).value.trim();
      if (value) next.set(key, value);
    }
    location.hash = '#/deployments' + (next.toString() ? '?' + next : '');
  });
  replace(view, h('h1', {}, 'Deployments'), form, list);

  const byId = new Map();
  let scheduled = false;
  const draw = () => {
    scheduled = false;
    const items = [...byId.values()].filter((d) => matches(d, filter)).sort(order);
    if (items.length === 0) {
      const filtered = filter.application || filter.group || filter.status;
      replace(list, filtered
        ? empty('No deployment matches these filters.', h('a', {href: '#/deployments'}, 'Show every deployment'))
        : empty('No deployments yet. Push a revision and deploy it, from the Applications page or the CLI:',
          command('hoist push --app web --source ./my-app --description "v1"'),
          command('hoist deploy --app web --group prod --wait')));
      return;
    }
    pager(list, items, 50, table, 'deployments');
  };
  const redraw = () => {
    if (!scheduled) {
      scheduled = true;
      requestAnimationFrame(draw);
    }
  };
  const load = async () => {
    try {
      const all = await api.get('/deployments', {...filter, limit: 1000});
      byId.clear();
      all.forEach((d) => byId.set(d.id, d));
      redraw();
    } catch (err) {
      replace(list, errorBox(err));
    }
  };
  const close = openStream({application: filter.application || undefined}, {
    deployment: (d) => {
      const known = byId.get(d.id);
      if (!known || (d.seq || 0) >= (known.seq || 0)) byId.set(d.id, d);
      redraw();
    },
    resync: load,
  });
  await load();
  return close;
}

function matches(d, filter) {
  return (!filter.application || d.application === filter.application)
    && (!filter.group || d.group === filter.group)
    && (!filter.status || d.status === filter.status);
}

function order(a, b) {
  const running = (RUNNING.has(b.status) ? 1 : 0) - (RUNNING.has(a.status) ? 1 : 0);
  return running || String(b.createdAt).localeCompare(String(a.createdAt));
}

function creator(d) {
  if (d.rollbackOf) return h('span', {}, 'rollback of ', h('a', {href: `#/deployments/${encodeURIComponent(d.rollbackOf)}`}, d.rollbackOf));
  return d.creator || '—';
}

function table(items) {
  return h('table', {class: 'list', 'aria-label': 'Deployments'},
    h('thead', {}, h('tr', {}, ['Status', 'Deployment', 'Application', 'Group', 'Revision', 'Hosts', 'Created by', 'Started', 'Duration']
      .map((c) => h('th', {scope: 'col'}, c)))),
    h('tbody', {}, items.map((d) => h('tr', {'data-deployment': d.id},
      h('td', {}, status(d.status)),
      h('td', {}, h('a', {href: `#/deployments/${encodeURIComponent(d.id)}`}, d.id)),
      h('td', {}, d.application),
      h('td', {}, d.group),
      h('td', {}, h('code', {}, d.revisionId)),
      h('td', {}, d.summary ? `${d.summary.succeeded}/${d.summary.total} ok${d.summary.failed ? `, ${d.summary.failed} failed` : ''}` : '—'),
      h('td', {}, creator(d)),
      h('td', {title: d.startedAt || ''}, time(d.startedAt || d.createdAt)),
      h('td', {}, duration(d.startedAt, d.endedAt))))));
}
