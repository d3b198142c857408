// Fleet: every agent, filtered by tag and state, a page at a time (5,000 agents stay fast: only one
// page is in the DOM); revoke (admin); join tokens with the copy-ready enroll command (admin). Live: the
// stream's agent events (enrolled, connected, disconnected, tagged, revoked) change a row in place;
// when one may change which agents the page shows (a new agent, one leaving or entering the filter),
// the page is read again, at most once a second.
import {h, replace, ago, tags, status, empty, command, errorBox} from '../dom.js';
import {api} from '../api.js';
import {openStream} from '../stream.js';

const PAGE = 100;
const REREAD_AFTER_MS = 1000;

export async function render(view, params, ctx) {
  const q = params.query;
  const state = q.get('state') || '';
  const tag = q.get('tag') || '';
  const tokenArea = h('div', {id: 'join-token'});
  const list = h('div', {id: 'agents'});

  const filters = h('form', {class: 'filters', role: 'search', 'aria-label': 'Filter agents'},
    h('label', {for: 'f-tag'}, 'Tag'),
    h('input', {id: 'f-tag', name: 'tag', value: tag, placeholder: 'role=web'}),
    h('label', {for: 'f-state'}, 'State'),
    h('select', {id: 'f-state', name: 'state'},
      ['', 'Connected', 'Disconnected', 'Revoked'].map((s) => h('option', {value: s, selected: s === state}, s || 'any'))),
    h('button', {type: 'submit'}, 'Filter'));
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    const t = filters.querySelector('#f-tag').value.trim();
    const s = filters.querySelector('#f-state').value;
    if (t) next.set('tag', t);
    if (s) next.set('state', s);
    location.hash = '#/fleet' + (next.toString() ? '?' + next : '');
  });

  replace(view,
    h('div', {class: 'page-head'},
      h('h1', {}, 'Fleet'),
      ctx.can('admin') ? h('button', {type: 'button', id: 'create-join-token', onclick: () => joinTokenForm(tokenArea)},
        'Enroll a server…') : null),
    tokenArea, filters, list);

  // The API pages: only one page of agents crosses the network and the DOM, however large the fleet.
  const offset = Math.max(0, Number(q.get('offset')) || 0);
  const filtered = Boolean(tag || state);
  const rows = new Map(); // agent id -> its row on this page
  let loading = false;
  let stale = false;
  let reread = null;

  async function load() {
    if (loading) {
      stale = true; // a change came while reading: read once more when this read is done
      return;
    }
    loading = true;
    try {
      do {
        stale = false;
        let page;
        try {
          page = await api.page('/agents', {tag: tag || undefined, state: state || undefined, limit: PAGE, offset});
        } catch (err) {
          rows.clear();
          replace(list, errorBox(err));
          return;
        }
        draw(page);
      } while (stale);
    } finally {
      loading = false;
    }
  }

  function rereadSoon() {
    if (loading) {
      stale = true;
    } else if (!reread) {
      reread = setTimeout(() => {
        reread = null;
        load();
      }, REREAD_AFTER_MS);
    }
  }

  function draw(page) {
    rows.clear();
    if (page.total === 0) {
      replace(list, filtered
        ? empty('No agent matches these filters.', h('a', {href: '#/fleet'}, 'Show every agent'))
        : empty('No agents yet. Enroll a server to see it here.',
          h('p', {}, ctx.can('admin')
            ? 'Press "Enroll a server…" above: it makes a join token and shows the command to run on the server.'
            : 'An admin creates a join token (hoist token create) and runs the enroll command it prints on the server:'),
          command('hoist token create --tag env=prod --ttl 1h')));
      return;
    }
    const link = (to) => {
      const next = new URLSearchParams(q);
      next.set('offset', String(to));
      return '#/fleet?' + next;
    };
    const from = Math.min(offset, page.total);
    const body = h('tbody', {}, page.items.map((agent) => row(agent)));
    replace(list,
      h('nav', {class: 'pager', 'aria-label': 'agents pages'},
        offset > 0 ? h('a', {href: link(Math.max(0, offset - PAGE)), id: 'agents-previous'}, '‹ Previous') : null,
        h('span', {role: 'status', id: 'agents-count'}, `${from + 1}–${from + page.items.length} of ${page.total} agents`),
        offset + PAGE < page.total ? h('a', {href: link(offset + PAGE), id: 'agents-next'}, 'Next ›') : null),
      h('table', {class: 'list', 'aria-label': 'Agents'},
        h('thead', {}, h('tr', {},
          ['State', 'Hostname', 'Agent', 'Tags', 'Version', 'Last seen', 'Host', ctx.can('admin') ? 'Actions' : null]
            .filter(Boolean).map((c) => h('th', {scope: 'col'}, c)))),
        body));
  }

  function row(agent) {
    const tr = agentRow(agent, ctx, (changed) => changed ? update(changed) : load());
    rows.set(agent.id, tr);
    return tr;
  }

  /** An agent as it is now (from the stream, or the answer to a revoke). */
  function update(agent) {
    const shown = rows.get(agent.id);
    if (shown && matches(agent, tag, state)) {
      shown.replaceWith(row(agent));
    } else if (shown || filtered || newlyEnrolled(agent)) {
      // It leaves this page, may enter it, or is new: which agents the page shows changes.
      rereadSoon();
    }
    // Otherwise an agent on another page changed: nothing shown here moves.
  }

  const close = openStream({agents: true, deployments: false}, {agent: update, resync: load});
  await load();
  return () => {
    close();
    clearTimeout(reread);
  };
}

/** The API's tag filter (KEY or KEY=VALUE) and state filter, applied to one agent. */
function matches(agent, tag, state) {
  if (state && agent.state !== state) return false;
  if (!tag) return true;
  const at = tag.indexOf('=');
  const key = at < 0 ? tag : tag.slice(0, at);
  const tagsOf = agent.tags || {};
  if (!Object.prototype.hasOwnProperty.call(tagsOf, key)) return false;
  return at < 0 || tagsOf[key] === tag.slice(at + 1);
}

/** Just enrolled: never connected yet, recorded once. */
function newlyEnrolled(agent) {
  return agent.state === 'Disconnected' && agent.firstSeen === agent.stateSince;
}

function agentRow(agent, ctx, changed) {
  return h('tr', {'data-agent': agent.id, 'data-state': agent.state},
    h('td', {}, status(agent.state)),
    h('td', {}, agent.hostname || '—'),
    h('td', {}, h('code', {}, agent.id)),
    h('td', {}, tags(agent.tags)),
    h('td', {}, agent.agentVersion || '—'),
    h('td', {title: agent.lastSeen || ''}, agent.state === 'Connected' ? 'now' : ago(agent.lastSeen)),
    h('td', {}, facts(agent.facts)),
    ctx.can('admin') ? h('td', {}, agent.state === 'Revoked' ? null
      : h('button', {type: 'button', class: 'danger revoke', 'aria-label': `Revoke ${agent.hostname || agent.id}`,
        onclick: async (event) => {
          if (!confirm(`Revoke ${agent.hostname || agent.id}? Its connection is closed now and refused from then on.`)) return;
          event.target.disabled = true;
          try {
            changed(await api.post(`/agents/${encodeURIComponent(agent.id)}/revoke`));
          } catch (err) {
            event.target.replaceWith(errorBox(err));
          }
        }}, 'Revoke')) : null);
}

function facts(f) {
  if (!f) return h('span', {class: 'muted'}, 'not reported yet');
  const parts = [
    [f.osName, f.osVersion].filter(Boolean).join(' '),
    f.arch,
    f.cpuCount ? `${f.cpuCount} CPU` : null,
    f.memoryTotalBytes ? `${Math.round(f.memoryTotalBytes / 1073741824)} GiB RAM` : null,
    f.loadAverage1m !== undefined && f.loadAverage1m !== null ? `load ${Number(f.loadAverage1m).toFixed(2)}` : null,
  ].filter(Boolean);
  return h('span', {class: 'facts'}, parts.join(' · '));
}

function joinTokenForm(area) {
  const problem = h('div');
  const form = h('form', {class: 'card', 'aria-labelledby': 'jt-title'},
    h('h2', {id: 'jt-title'}, 'Enroll a server'),
    h('p', {}, 'A join token lets new servers enroll. Tags given here are set on every server that enrolls with it.'),
    h('label', {for: 'jt-tags'}, 'Tags (K=V, separated by spaces)'),
    h('input', {id: 'jt-tags', placeholder: 'env=prod role=web'}),
    h('label', {for: 'jt-ttl'}, 'Valid for'),
    h('input', {id: 'jt-ttl', value: '1h', required: true}),
    h('label', {for: 'jt-uses'}, 'Uses'),
    h('input', {id: 'jt-uses', type: 'number', min: 1, max: 10000, value: 1, required: true}),
    h('button', {type: 'submit', id: 'jt-create'}, 'Create join token'),
    h('button', {type: 'button', onclick: () => replace(area)}, 'Cancel'),
    problem);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const tagMap = {};
    for (const pair of form.querySelector('#jt-tags').value.split(/\s+/).filter(Boolean)) {
      const at = pair.indexOf('=');
      if (at > 0) tagMap[pair.slice(0, at)] = pair.slice(at + 1);
      else tagMap[pair] = '';
    }
    try {
      const created = await api.post('/join-tokens', {
        tags: tagMap, ttl: form.querySelector('#jt-ttl').value.trim(),
        uses: Number(form.querySelector('#jt-uses').value),
      });
      replace(area, h('section', {class: 'card', 'aria-labelledby': 'jt-done'},
        h('h2', {id: 'jt-done'}, 'Join token created'),
        h('p', {}, `Run this on each new server (valid until ${created.expiresAt}, ${created.usesLeft} use(s)). `
          + 'The token is shown only now.'),
        command(created.enrollCommand, 'Copy enroll command'),
        h('p', {}, 'Then start the agent:'),
        command('hoist-agent run'),
        h('p', {}, 'The server appears in the list below as soon as it enrolls, and turns Connected when its agent starts.'),
        h('button', {type: 'button', onclick: () => replace(area)}, 'Done')));
    } catch (err) {
      replace(problem, errorBox(err));
    }
  });
  replace(area, form);
  form.querySelector('#jt-tags').focus();
}
