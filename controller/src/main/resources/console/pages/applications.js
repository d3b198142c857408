// Applications: each with a link to its revisions, groups and deploy form; admins create new ones.
import {h, replace, time, empty, command, errorBox} from '../dom.js';
import {api} from '../api.js';
import {navigate} from '../router.js';

export async function render(view, params, ctx) {
  const list = h('div', {id: 'applications'});
  const problem = h('div');
  let create = null;
  if (ctx.can('admin')) {
    const name = h('input', {id: 'new-app', required: true, pattern: '[A-Za-z0-9._-]{1,128}', placeholder: 'web-shop'});
    create = h('form', {class: 'filters', 'aria-label': 'Create an application'},
      h('label', {for: 'new-app'}, 'New application'), name,
      h('button', {type: 'submit'}, 'Create'), problem);
    create.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        const app = await api.post('/applications', {name: name.value.trim()});
        navigate(`/applications/${encodeURIComponent(app.name)}`);
      } catch (err) {
        replace(problem, errorBox(err));
      }
    });
  }
  replace(view, h('h1', {}, 'Applications'), create, list);
  try {
    const apps = await api.get('/applications');
    if (apps.length === 0) {
      replace(list, empty('No applications yet. Create one, push a revision of it and make a deployment group:',
        command('hoist app create web'),
        command('hoist push --app web --source ./my-app --description "v1"'),
        command('hoist group create --app web --name prod --tag role=web --auto-rollback')));
      return;
    }
    replace(list, h('table', {class: 'list', 'aria-label': 'Applications'},
      h('thead', {}, h('tr', {}, ['Application', 'Created', 'Created by'].map((c) => h('th', {scope: 'col'}, c)))),
      h('tbody', {}, apps.map((a) => h('tr', {},
        h('td', {}, h('a', {href: `#/applications/${encodeURIComponent(a.name)}`}, a.name)),
        h('td', {}, time(a.createdAt)), h('td', {}, a.createdBy || '—'))))));
  } catch (err) {
    replace(list, errorBox(err));
  }
}
