// One application: its revisions, its deployment groups (with the hosts they match now) and, for
// deployers, a form that deploys a revision to a group.
import {h, replace, time, bytes, tags, status, empty, command, errorBox} from '../dom.js';
import {api, newKey} from '../api.js';
import {navigate} from '../router.js';

export async function render(view, params, ctx) {
  const app = params.name;
  const path = `/applications/${encodeURIComponent(app)}`;
  const deploy = h('section', {id: 'deploy', 'aria-labelledby': 'deploy-title'});
  const revisionsArea = h('section', {id: 'revisions', 'aria-labelledby': 'rev-title'});
  const groupsArea = h('section', {id: 'groups', 'aria-labelledby': 'groups-title'});
  replace(view, h('p', {}, h('a', {href: '#/applications'}, '‹ Applications')),
    h('div', {class: 'page-head'}, h('h1', {}, 'Application ', h('code', {}, app)),
      h('a', {href: `#/deployments?application=${encodeURIComponent(app)}`}, 'Its deployments')),
    deploy, revisionsArea, groupsArea);

  let revisions;
  let groups;
  try {
    [revisions, groups] = await Promise.all([
      api.get(`${path}/revisions`, {limit: 100}),
      api.get(`${path}/deployment-groups`),
    ]);
    groups = await Promise.all(groups.map(async (g) => {
      const groupPath = `${path}/deployment-groups/${encodeURIComponent(g.name)}`;
      const [full, convergence] = await Promise.all([api.get(groupPath).catch(() => g),
        api.get(`${groupPath}/status`).catch(() => null)]);
      return {...full, convergence};
    }));
  } catch (err) {
    replace(deploy, errorBox(err));
    return;
  }

  replace(revisionsArea, h('h2', {id: 'rev-title'}, 'Revisions'),
    revisions.length === 0
      ? empty('No revisions yet. Push one from the directory that holds appspec.yml:',
        command(`hoist push --app ${app} --source ./my-app --description "v1"`))
      : h('table', {class: 'list', 'aria-label': 'Revisions'},
        h('thead', {}, h('tr', {}, ['Revision', 'Description', 'SHA-256', 'Size', 'Pushed', 'By'].map((c) => h('th', {scope: 'col'}, c)))),
        h('tbody', {}, revisions.map((r) => h('tr', {},
          h('td', {}, h('code', {}, r.revisionId)), h('td', {}, r.description || '—'),
          h('td', {}, h('code', {title: r.sha256}, r.sha256.slice(0, 12) + '…')),
          h('td', {}, bytes(r.sizeBytes)), h('td', {}, time(r.createdAt)), h('td', {}, r.createdBy || '—'))))));

  replace(groupsArea, h('h2', {id: 'groups-title'}, 'Deployment groups'),
    groups.length === 0
      ? empty('No deployment groups yet. A group names the hosts a deployment goes to, by tags or agent ids:',
        command(`hoist group create --app ${app} --name prod --tag role=web --config OneAtATime --auto-rollback`))
      : groups.map(groupCard));

  if (!ctx.can('deployer')) {
    replace(deploy);
    return;
  }
  if (revisions.length === 0 || groups.length === 0) {
    replace(deploy, h('h2', {id: 'deploy-title'}, 'Deploy'),
      h('p', {class: 'muted'}, 'To deploy, this application needs a revision and a deployment group (see below).'));
    return;
  }
  deployForm(deploy, app, revisions, groups);
}

function groupCard(g) {
  const target = g.tagSet && g.tagSet.length
    ? g.tagSet.map((set) => set.join(' or ')).join(' and ')
    : `agents ${(g.agentIds || []).join(', ')}`;
  const hostsNow = g.hosts || [];
  return h('article', {class: 'card group', 'data-group': g.name, 'aria-label': `Group ${g.name}`},
    h('h3', {}, g.name),
    h('dl', {class: 'facts-list'},
      h('dt', {}, 'Targets'), h('dd', {}, target),
      h('dt', {}, 'Config'), h('dd', {}, g.config),
      h('dt', {}, 'Automatic rollback'), h('dd', {}, g.autoRollback && g.autoRollback.enabled
        ? `on (${(g.autoRollback.triggers || []).join(', ')})` : 'off'),
      h('dt', {}, 'Health gates'), h('dd', {}, (g.healthChecks || []).length === 0 ? 'none'
        : g.healthChecks.map((c) => `${c.type} ${c.target} (bake ${c.bakeSeconds}s)`).join('; ')),
      h('dt', {}, 'Automatic deployment'), h('dd', {}, g.autoDeploy || 'new-hosts'),
      h('dt', {}, 'Hosts now'), h('dd', {}, hostsNow.length === 0 ? 'none match now'
        : h('ul', {class: 'plain'}, hostsNow.map((x) => h('li', {}, status(x.state), ' ', x.hostname || x.agentId, ' ', tags(x.tags)))))),
    g.convergence ? convergenceOf(g.convergence) : '');
}

// The group's revision and whether each host runs it (GET .../status, hoist group status).
function convergenceOf(c) {
  const detail = (x) => x.state === 'behind' ? (x.missedDeploymentIds || []).length ? `missed ${x.missedDeploymentIds.join(', ')}` : ''
    : x.state === 'failed' ? `${x.deploymentId}: ${x.failure || ''} ${x.message || ''}`
      : x.state === 'pending' ? `in ${x.deploymentId}` : '';
  return h('section', {class: 'convergence', 'aria-label': 'Group status'},
    h('p', {}, 'Revision ', c.revisionId ? h('code', {}, c.revisionId) : 'none yet (no deployment has succeeded)'),
    c.hosts.length === 0 ? '' : h('table', {class: 'list', 'aria-label': 'Group status'},
      h('thead', {}, h('tr', {}, ['Host', 'Revision', 'State', 'Detail'].map((col) => h('th', {scope: 'col'}, col)))),
      h('tbody', {}, c.hosts.map((x) => h('tr', {'data-agent': x.agentId},
        h('td', {}, x.hostname || x.agentId), h('td', {}, x.revisionId ? h('code', {}, x.revisionId) : '—'),
        h('td', {}, h('span', {class: `converge converge-${x.state}`}, x.state)), h('td', {}, detail(x)))))));
}

function deployForm(area, app, revisions, groups) {
  const problem = h('div');
  // One key per choice: pressing Deploy again after a lost answer returns the deployment already made;
  // changing the form makes it another request.
  let key = newKey();
  const form = h('form', {class: 'card', id: 'deploy-form', 'aria-labelledby': 'deploy-title'},
    h('h2', {id: 'deploy-title'}, 'Deploy'),
    h('label', {for: 'd-group'}, 'Deployment group'),
    h('select', {id: 'd-group', required: true}, groups.map((g) => h('option', {value: g.name}, g.name))),
    h('label', {for: 'd-revision'}, 'Revision'),
    h('select', {id: 'd-revision', required: true},
      revisions.map((r, i) => h('option', {value: r.revisionId},
        `${r.revisionId}${r.description ? ' — ' + r.description : ''}${i === 0 ? ' (latest)' : ''}`))),
    h('label', {for: 'd-description'}, 'Description (optional)'),
    h('input', {id: 'd-description', maxlength: 1000}),
    h('button', {type: 'submit', id: 'd-submit'}, 'Deploy'),
    problem);
  form.addEventListener('input', () => { key = newKey(); });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('#d-submit');
    button.disabled = true;
    try {
      const description = form.querySelector('#d-description').value.trim();
      const created = await api.postOnce('/deployments', {
        application: app, group: form.querySelector('#d-group').value,
        revision: form.querySelector('#d-revision').value, description: description || undefined,
      }, key);
      navigate(`/deployments/${encodeURIComponent(created.id)}`);
    } catch (err) {
      replace(problem, errorBox(err));
      button.disabled = false;
    }
  });
  replace(area, form);
}
