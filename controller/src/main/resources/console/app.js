// The console's entry: finds out who is signed in, shows the matching navigation and buttons, and
// hands the page to the router. Roles are ordered; `can(role)` hides what the server would refuse
// anyway (the server decides; a hidden button is only a courtesy).
import {currentSession, signOut, whenSignedOut} from './api.js';
import {onConnectionState} from './stream.js';
import {route, start, render, stop} from './router.js';
import * as signin from './pages/signin.js';

const ROLES = ['viewer', 'deployer', 'admin'];

const context = {
  session: null,
  can(role) {
    return this.session !== null && ROLES.indexOf(this.session.role) >= ROLES.indexOf(role);
  },
};

route('/fleet', 'fleet', () => import('./pages/fleet.js'));
route('/deployments', 'deployments', () => import('./pages/deployments.js'));
route('/deployments/:id', 'deployments', () => import('./pages/deployment.js'));
route('/applications', 'applications', () => import('./pages/applications.js'));
route('/applications/:name', 'applications', () => import('./pages/application.js'));
route('/audit', 'audit', () => import('./pages/audit.js'));

function showSignedIn(session) {
  context.session = session;
  document.getElementById('nav').hidden = false;
  document.getElementById('who').hidden = false;
  document.getElementById('who-name').textContent = session.name;
  document.getElementById('who-role').textContent = session.role;
}

function showSignIn() {
  stop();
  context.session = null;
  document.getElementById('nav').hidden = true;
  document.getElementById('who').hidden = true;
  signin.render(document.getElementById('view'), async (session) => {
    showSignedIn(session);
    await render();
  });
}

async function main() {
  whenSignedOut(showSignIn);
  onConnectionState((state) => {
    const live = document.getElementById('live');
    live.textContent = state === 'live' ? 'Live' : state === 'reconnecting' ? 'Reconnecting…' : '';
    live.className = 'live live-' + state;
  });
  document.getElementById('sign-out').addEventListener('click', async () => {
    try {
      await signOut();
    } finally {
      location.hash = '#/fleet';
      showSignIn();
    }
  });
  let session = null;
  try {
    session = await currentSession();
  } catch {
    session = null;
  }
  if (session) showSignedIn(session);
  else showSignIn();
  await start(context);
}

main();
