// The one router: the URL's fragment names the page (#/deployments/d-123), so the controller serves a
// single page and a link can be shared. Each page module exports render(container, params, context)
// and may return a function that stops what it started (its stream, its timers).

const routes = [];
let cleanup = null;
let context = null;
let renderCount = 0;

/** pattern like '/deployments/:id'; load returns a promise of the page module. */
export function route(pattern, nav, load) {
  const names = [];
  const regex = new RegExp('^' + pattern.replace(/:(\w+)/g, (_, name) => {
    names.push(name);
    return '([^/]+)';
  }) + '$');
  routes.push({regex, names, nav, load});
}

export function navigate(path) {
  if (location.hash === '#' + path) render();
  else location.hash = '#' + path;
}

/** Stops the current page's stream and timers (on sign-out). */
export function stop() {
  if (cleanup) {
    cleanup();
    cleanup = null;
  }
}

export function start(ctx) {
  context = ctx;
  window.addEventListener('hashchange', render);
  return render();
}

export async function render() {
  if (!context || !context.session) return; // the sign-in form is showing
  const view = document.getElementById('view');
  const path = location.hash.replace(/^#/, '') || '/fleet';
  const [pathname, query] = path.split('?');
  const match = routes.map((r) => ({r, m: r.regex.exec(pathname)})).find((x) => x.m);
  stop();
  const mine = ++renderCount;
  document.querySelectorAll('[data-nav]').forEach((a) => {
    if (match && a.dataset.nav === match.r.nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  view.replaceChildren();
  if (!match) {
    view.textContent = 'No such page. ';
    const back = document.createElement('a');
    back.href = '#/fleet';
    back.textContent = 'Go to the fleet';
    view.appendChild(back);
    return;
  }
  const params = {query: new URLSearchParams(query || '')};
  match.r.names.forEach((name, i) => { params[name] = decodeURIComponent(match.m[i + 1]); });
  try {
    const page = await match.r.load();
    if (mine !== renderCount) return;
    const done = await page.render(view, params, context);
    if (mine !== renderCount) {
      if (typeof done === 'function') done();
      return;
    }
    cleanup = typeof done === 'function' ? done : null;
  } catch (err) {
    if (mine !== renderCount || (err && err.status === 401)) return; // signed out: the sign-in form shows
    const box = document.createElement('div');
    box.className = 'error';
    box.setAttribute('role', 'alert');
    box.textContent = `This page could not be shown: ${err && err.message ? err.message : err}`;
    view.replaceChildren(box);
  }
}
