// Sign-in: an API token, sent once in a POST body and exchanged for an HttpOnly session cookie. The
// field is cleared right after; the token is never stored by the page.
import {h, replace, errorBox} from '../dom.js';
import {signIn} from '../api.js';

export function render(view, onSignedIn) {
  const input = h('input', {id: 'token', name: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false',
    required: true, 'aria-describedby': 'token-help'});
  const problem = h('div', {id: 'sign-in-problem'});
  const form = h('form', {class: 'sign-in', 'aria-labelledby': 'sign-in-title'},
    h('h1', {id: 'sign-in-title'}, 'Sign in to Hoist'),
    h('label', {for: 'token'}, 'API token'),
    input,
    h('p', {id: 'token-help', class: 'help'},
      'The first admin token is in ', h('code', {}, 'hoist-data/admin.token'),
      ' next to the controller. Others come from ', h('code', {}, 'hoist api-token create NAME --role viewer'),
      '. The token is exchanged for a session cookie and not kept by this browser.'),
    h('button', {type: 'submit', id: 'sign-in'}, 'Sign in'),
    problem);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(problem);
    const token = input.value;
    input.value = '';
    try {
      onSignedIn(await signIn(token));
    } catch (err) {
      replace(problem, errorBox(err));
      input.focus();
    }
  });
  replace(view, form);
  input.focus();
}
