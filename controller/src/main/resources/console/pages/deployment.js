// One deployment, live: its progress against the minimum-healthy rule, each host's lifecycle events
// with durations and failure classes, a host's hook output (a tail that follows, the whole log on
// demand), the links between a deployment and its rollback, stop (deployer), and while queued why.
import {h, replace, time, duration, status, errorBox} from '../dom.js';
import {api} from '../api.js';
import {openStream} from '../stream.js';

const ENDED = new Set(['Succeeded', 'Failed', 'Stopped']);
const TAIL = 500;

export async function render(view, params, ctx) {
  const id = params.id;
  const head = h('section', {id: 'deployment-head', 'aria-live': 'polite'});
  const hosts = h('section', {id: 'hosts', 'aria-labelledby': 'hosts-title'});
  const logPanel = h('section', {id: 'log-panel', 'aria-labelledby': 'log-title', hidden: true});
  replace(view, h('p', {}, h('a', {href: '#/deployments'}, '‹ Deployments')), head, hosts, logPanel);

  let deployment = null;
  let configRule = null;
  const log = {agentId: null, lines: [], lastLine: 0, whole: false};

  let fetching = false;
  let again = false;
  async function refresh() {
    if (fetching) {
      again = true;
      return;
    }
    fetching = true;
    try {
      do {
        again = false;
        const fresh = await api.get(`/deployments/${encodeURIComponent(id)}`);
        if (!deployment || fresh.seq >= deployment.seq) deployment = fresh;
      } while (again);
      if (!configRule && deployment.config) {
        configRule = await api.get(`/deployment-configs/${encodeURIComponent(deployment.config)}`).catch(() => null);
      }
      draw();
    } catch (err) {
      replace(head, errorBox(err));
    } finally {
      fetching = false;
    }
  }

  function draw() {
    drawHead();
    drawHosts();
  }

  function drawHead() {
    const d = deployment;
    const s = d.summary || {total: 0, succeeded: 0, failed: 0, inProgress: 0, pending: 0, skipped: 0};
    const ended = ENDED.has(d.status);
    const stop = ctx.can('deployer') && !ended ? stopForm() : null;
    replace(head,
      h('div', {class: 'page-head'},
        h('h1', {}, 'Deployment ', h('code', {}, d.id)),
        status(d.status)),
      d.status === 'Queued' && d.error ? h('p', {class: 'notice', role: 'status'}, 'Waiting: ', d.error) : null,
      d.status === 'Ready' && d.continueBy ? h('p', {class: 'notice', role: 'status', id: 'continue-notice'},
        'Every replacement host is ready. The traffic switches on ', h('code', {}, `hoist deployment continue ${d.id}`),
        '; not continued by ', time(d.continueBy), ', the deployment is stopped and nothing moves.') : null,
      d.status !== 'Queued' && d.error ? h('p', {class: 'error', role: 'alert', id: 'deployment-error'}, d.error) : null,
      d.rollbackDeploymentId ? h('p', {class: 'notice', id: 'rollback-link'}, 'Automatically rolled back by ',
        h('a', {href: `#/deployments/${encodeURIComponent(d.rollbackDeploymentId)}`}, d.rollbackDeploymentId)) : null,
      d.rollbackOf ? h('p', {class: 'notice', id: 'rollback-of'}, 'This is the rollback of ',
        h('a', {href: `#/deployments/${encodeURIComponent(d.rollbackOf)}`}, d.rollbackOf)) : null,
      h('dl', {class: 'facts-list'},
        fact('Application', h('a', {href: `#/applications/${encodeURIComponent(d.application)}`}, d.application)),
        fact('Group', d.group),
        fact('Revision', h('code', {}, d.revisionId)),
        fact('Config', d.config),
        fact('Created by', d.creator || '—'),
        fact('Description', d.description || '—'),
        fact('Created', time(d.createdAt)),
        fact('Started', time(d.startedAt)),
        fact('Duration', duration(d.startedAt, d.endedAt))),
      progress(s),
      h('p', {class: 'rule'}, rule(s.total)),
      stop);
  }

  function rule(total) {
    if (!configRule || !configRule.minimumHealthyHosts) return `Config ${deployment.config}.`;
    const m = configRule.minimumHealthyHosts;
    let min;
    if (m.type === 'ALL_BUT_ONE') min = Math.max(0, total - 1);
    else if (m.type === 'FLEET_PERCENT') min = Math.ceil(total * m.value / 100);
    else min = m.value;
    const mayFail = Math.max(0, total - min);
    const failed = deployment.summary ? deployment.summary.failed : 0;
    return `Minimum healthy hosts: ${min} of ${total} (${deployment.config}); ${failed} failed, `
      + `${mayFail} may fail before the deployment fails.`;
  }

  function stopForm() {
    const cancel = h('input', {type: 'checkbox', id: 'cancel-hooks'});
    const problem = h('span');
    return h('div', {class: 'actions'},
      h('button', {type: 'button', class: 'danger', id: 'stop', onclick: async (event) => {
        if (!confirm('Stop this deployment? Hosts not yet started are skipped.')) return;
        event.target.disabled = true;
        try {
          deployment = await api.post(`/deployments/${encodeURIComponent(id)}/stop`, {cancelRunningHooks: cancel.checked});
          await refresh();
        } catch (err) {
          replace(problem, errorBox(err));
          event.target.disabled = false;
        }
      }}, 'Stop deployment'),
      h('label', {for: 'cancel-hooks'}, cancel, ' also cancel hooks that are running'),
      problem);
  }

  function drawHosts() {
    const list = deployment.hosts || [];
    replace(hosts, h('h2', {id: 'hosts-title'}, `Hosts (${list.length})`),
      list.length === 0 ? h('p', {class: 'muted'}, 'No hosts: the group matched none when the deployment started.') : null,
      list.map(hostCard));
  }

  function hostCard(host) {
    const failed = host.status === 'Failed' || host.status === 'Unknown';
    return h('article', {class: 'host' + (failed ? ' host-failed' : ''), 'data-host': host.agentId,
      'aria-label': `Host ${host.hostname || host.agentId}`},
      h('header', {},
        h('h3', {}, host.hostname || host.agentId), status(host.status),
        h('span', {class: 'muted'}, ' ', host.agentId),
        host.currentEvent && !ENDED.has(host.status) ? h('span', {}, ' · running ', h('code', {}, host.currentEvent)) : null,
        h('span', {class: 'muted'}, ' · ', duration(host.startedAt, host.endedAt)),
        h('button', {type: 'button', class: 'show-log', onclick: () => openLog(host)}, 'Show output')),
      host.failure ? h('p', {class: 'failure'}, h('strong', {class: 'failure-class'}, host.failure), ' ', host.message || '') : null,
      h('ol', {class: 'timeline', 'aria-label': 'Lifecycle events'}, (host.events || []).map((e) =>
        h('li', {class: 'event event-' + String(e.status).toLowerCase(), 'data-event': e.event},
          h('span', {class: 'event-name'}, e.event), ' ', status(e.status),
          h('span', {class: 'muted'}, ' ', duration(e.startedAt, e.endedAt)),
          e.failure ? h('span', {class: 'failure-class'}, ' ', e.failure) : null,
          e.exitCode !== null && e.exitCode !== undefined && e.exitCode !== 0 ? h('span', {}, ` exit ${e.exitCode}`) : null,
          e.message ? h('div', {class: 'event-message'}, e.message) : null))));
  }

  async function openLog(host, whole = false) {
    log.agentId = host.agentId;
    log.lines = [];
    log.lastLine = 0;
    log.whole = whole;
    logPanel.hidden = false;
    drawLog(host.hostname || host.agentId, 'Loading…');
    // Page through what is stored; the stream appends what comes next.
    for (;;) {
      const page = await api.get(`/deployments/${encodeURIComponent(id)}/logs`,
        {agent: host.agentId, afterLine: log.lastLine, limit: 1000});
      if (log.agentId !== host.agentId) return;
      addLines(page);
      if (page.length < 1000) break;
    }
    drawLog(host.hostname || host.agentId);
    logPanel.querySelector('pre').focus();
  }

  function addLines(lines) {
    for (const line of lines) {
      if (line.agentId !== log.agentId || line.lineNumber <= log.lastLine) continue;
      log.lines.push(line);
      log.lastLine = line.lineNumber;
    }
    if (!log.whole && log.lines.length > TAIL * 2) log.lines = log.lines.slice(-TAIL);
  }

  function drawLog(name, note) {
    const shown = log.whole ? log.lines : log.lines.slice(-TAIL);
    const host = (deployment.hosts || []).find((x) => x.agentId === log.agentId) || {agentId: log.agentId};
    const pre = h('pre', {class: 'log', id: 'log', tabindex: 0, 'aria-label': `Output of ${name}`},
      shown.map((l) => h('span', {class: 'line' + (l.stream === 'STDERR' || l.stream === 'stderr' ? ' stderr' : '')},
        h('span', {class: 'ln', 'aria-hidden': 'true'}, String(l.lineNumber).padStart(5, ' ') + ' '),
        h('span', {class: 'ev'}, `[${l.event || ''}] `), l.text, '\n')));
    replace(logPanel,
      h('h2', {id: 'log-title'}, 'Output of ', name),
      h('p', {class: 'muted'}, note || (shown.length === 0 ? 'No output yet.'
        : log.whole ? `All ${shown.length} lines.` : `The last ${shown.length} lines; new lines appear as they come.`)),
      h('div', {class: 'actions'},
        log.whole ? null : h('button', {type: 'button', id: 'whole-log', onclick: () => openLog(host, true)}, 'Show the whole log'),
        h('button', {type: 'button', onclick: () => { logPanel.hidden = true; log.agentId = null; }}, 'Close')),
      pre);
    pre.scrollTop = pre.scrollHeight;
  }

  let logScheduled = false;
  const close = openStream({deployment: id, logs: true}, {
    deployment: (d) => {
      if (deployment && d.seq >= deployment.seq) {
        deployment = {...d, hosts: deployment.hosts};
        drawHead();
      }
    },
    host: () => refresh(),
    log: (line) => {
      if (!log.agentId || line.agentId !== log.agentId) return;
      addLines([line]);
      if (!logScheduled) {
        logScheduled = true;
        requestAnimationFrame(() => {
          logScheduled = false;
          const host = (deployment.hosts || []).find((x) => x.agentId === log.agentId);
          drawLog(host ? host.hostname || host.agentId : log.agentId);
        });
      }
    },
    resync: refresh,
  });
  await refresh();
  return close;
}

function fact(label, value) {
  return [h('dt', {}, label), h('dd', {}, value)];
}

function progress(s) {
  const total = Math.max(1, s.total);
  const pct = (n) => `${(100 * n / total).toFixed(1)}%`;
  return h('div', {class: 'progress-wrap'},
    h('div', {class: 'progress', role: 'img',
      'aria-label': `${s.succeeded} succeeded, ${s.failed} failed, ${s.inProgress} in progress, ${s.pending} pending, ${s.skipped} skipped of ${s.total}`},
      bar('ok', pct(s.succeeded)), bar('bad', pct(s.failed)), bar('run', pct(s.inProgress))),
    h('p', {id: 'summary'}, `${s.succeeded} succeeded · ${s.failed} failed · ${s.inProgress} in progress · `
      + `${s.pending} pending · ${s.skipped} skipped · ${s.total} hosts`));
}

// A width through the CSS object model: the Content-Security-Policy allows no style attributes.
function bar(kind, width) {
  const el = h('span', {class: 'bar ' + kind});
  el.style.width = width;
  return el;
}
