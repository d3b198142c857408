// One page of a long list in the DOM at a time, with accessible previous/next controls.
import {h, replace} from '../dom.js';

export function pager(container, items, size, renderPage, noun) {
  let page = 0;
  const pages = Math.max(1, Math.ceil(items.length / size));
  function draw() {
    const from = page * size;
    const slice = items.slice(from, from + size);
    const nav = h('nav', {class: 'pager', 'aria-label': `${noun} pages`},
      h('button', {type: 'button', disabled: page === 0, onclick: () => { page--; draw(); }}, '‹ Previous'),
      h('span', {role: 'status'}, `${from + 1}–${from + slice.length} of ${items.length} ${noun}`),
      h('button', {type: 'button', disabled: page >= pages - 1, onclick: () => { page++; draw(); }}, 'Next ›'));
    replace(container, nav, renderPage(slice));
  }
  draw();
}
