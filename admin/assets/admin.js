// The admin's only script. Everything works without it (plain forms); with it, the queue acts in place
// (fetch), keeps its scroll position and focus, and answers WordPress's moderation keys.
document.documentElement.classList.add('js');

// Select all on the page, and confirm before deleting for good.
document.addEventListener('change', (event) => {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || !box.hasAttribute('data-select-all')) return;
  for (const item of document.querySelectorAll('input[name="ids"]')) item.checked = box.checked;
});
document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('button[data-confirm]') : null;
  if (button && !window.confirm(button.getAttribute('data-confirm'))) event.preventDefault();
});

// Navigation that collapses behind a Menu button on a narrow screen.
(() => {
  const toggle = document.querySelector('.menu-toggle');
  const nav = document.getElementById('main-nav');
  if (!toggle || !nav) return;
  const narrow = window.matchMedia('(max-width: 48rem)');
  const apply = () => {
    toggle.hidden = !narrow.matches;
    if (narrow.matches && toggle.getAttribute('aria-expanded') !== 'true') nav.setAttribute('data-collapsed', '');
    else nav.removeAttribute('data-collapsed');
  };
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    apply();
  });
  narrow.addEventListener('change', apply);
  apply();
})();

// Filters stay open on a wide screen, folded on a phone unless some are set.
(() => {
  const filters = document.querySelector('details.filters[data-open-wide]');
  if (filters && window.matchMedia('(min-width: 48.01rem)').matches) filters.open = true;
})();

// The queue.
(() => {
  const form = document.getElementById('queue-form');
  if (!form) return;
  const view = form.dataset.view;
  const statuses = (form.dataset.statuses || '').split(' ').filter(Boolean);
  const toast = document.getElementById('toast');
  const dialog = document.getElementById('keys');
  const keysButton = document.querySelector('[data-show-keys]');
  const csrf = () => form.querySelector('input[name="_csrf"]').value;
  // Not form.action: the bulk select is named "action" and shadows it.
  const actionsUrl = form.getAttribute('action');
  const undoStack = [];
  let current = -1;

  const rows = () => [...form.querySelectorAll('tr.row:not(.gone)')];

  function setCurrent(index, focus = true) {
    const all = rows();
    if (!all.length) {
      current = -1;
      return;
    }
    current = Math.max(0, Math.min(index, all.length - 1));
    all.forEach((row, i) => row.classList.toggle('current', i === current));
    const row = all[current];
    if (focus) {
      row.focus({ preventScroll: true });
      row.scrollIntoView({ block: 'nearest' });
    }
  }

  function say(message, undo) {
    toast.replaceChildren();
    const text = document.createElement('span');
    text.textContent = message;
    toast.append(text);
    if (undo) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'link';
      button.textContent = 'Undo (z)';
      button.addEventListener('click', () => undoLast());
      toast.append(button);
    }
  }

  function updateCounts(counts) {
    if (!counts) return;
    const pending = document.querySelector('nav.main a[href$="/queue/pending"] .count');
    if (pending) {
      pending.textContent = String(counts.pending);
      pending.setAttribute('aria-label', `${counts.pending} pending`);
    }
    const filtered = new URLSearchParams(location.search);
    filtered.delete('page');
    if ([...filtered.keys()].length) return; // the tabs count what matches the filters: leave them to the next load
    for (const link of document.querySelectorAll('nav.tabs a')) {
      const key = new URL(link.href).pathname.split('/').pop();
      const n = key === 'all' ? ['pending', 'pitch', 'spam', 'approved', 'discard'].reduce((sum, s) => sum + (counts[s] || 0), 0) : counts[key];
      const span = link.querySelector('.n');
      if (span && typeof n === 'number') span.textContent = String(n);
    }
    const heading = document.querySelector('.queue-head h1 .count');
    const tab = document.querySelector('nav.tabs a[aria-current="page"] .n');
    if (heading && tab) heading.textContent = tab.textContent;
  }

  /** After rows left the page: refill from the server when the page ran empty. */
  async function refillIfEmpty() {
    if (form.querySelector('tr.row')) return;
    const response = await fetch(location.href, { headers: { Accept: 'text/html' }, credentials: 'same-origin' });
    if (!response.ok) return;
    const next = new DOMParser().parseFromString(await response.text(), 'text/html');
    const table = next.querySelector('table.queue');
    const emptyNote = next.querySelector('#queue-form .empty');
    const old = form.querySelector('table.queue, .empty');
    if (old) old.replaceWith(document.importNode(table || emptyNote, true));
    const pager = next.querySelector('nav.pager');
    const oldPager = document.querySelector('nav.pager');
    if (pager && oldPager) oldPager.replaceWith(document.importNode(pager, true));
    if (table) setCurrent(0);
    else form.querySelector('.empty')?.setAttribute('tabindex', '-1');
  }

  /** Where an action sends a message (restore: wherever it was, never the trash). */
  const TARGET = { approve: 'approved', 'not-spam': 'approved', unapprove: 'pending', pitch: 'pitch', spam: 'spam', block: 'spam', trust: 'approved', trash: 'trash', restore: 'restored', delete: 'deleted' };
  const leaves = (action) => statuses.length > 0 && !statuses.includes(TARGET[action]);

  function applyResult(result) {
    for (const change of result.changed) {
      const row = document.getElementById(`item-${change.id}`);
      if (!row) continue;
      const stays = change.status && (statuses.length === 0 || statuses.includes(change.status));
      if (stays && result.rows[change.id]) {
        const holder = document.createElement('tbody');
        holder.innerHTML = result.rows[change.id];
        const fresh = holder.firstElementChild;
        if (row.classList.contains('current')) fresh.classList.add('current');
        row.replaceWith(fresh);
      } else if (!stays) {
        row.remove();
      }
    }
    updateCounts(result.counts);
    // A campaign decision can take the focused row with it: the row that took its place gets the focus.
    const focused = document.activeElement;
    if (!focused || focused === document.body || !focused.isConnected) setCurrent(current);
    else rows().forEach((r, i) => r.classList.toggle('current', i === current));
  }

  // Requests run one after another, in the order the moderator asked for them.
  let chain = Promise.resolve();

  function post(url, fields, ids, leaving) {
    const affected = ids.map((id) => document.getElementById(`item-${id}`)).filter(Boolean);
    if (leaving) {
      // Optimistic: the rows leave at once and the next message has focus; they come back if the server refuses.
      const all = rows();
      const first = all.findIndex((row) => affected.includes(row));
      for (const row of affected) row.classList.add('gone');
      if (first >= 0) setCurrent(first);
    } else {
      for (const row of affected) row.classList.add('busy');
    }
    const run = async () => {
      try {
        const body = new URLSearchParams({ _csrf: csrf(), return: location.pathname + location.search, ...fields });
        for (const id of ids) body.append('ids', id);
        const response = await fetch(url, { method: 'POST', body, credentials: 'same-origin', headers: { Accept: 'application/json' } });
        const result = await response.json().catch(() => ({ error: `The server answered ${response.status}.` }));
        if (!response.ok || result.error) throw new Error(result.error || `The server answered ${response.status}.`);
        if (result.undo) undoStack.push(result.undo);
        say(result.message, !!result.undo);
        applyResult(result);
        for (const row of affected) row.classList.remove('gone');
        await refillIfEmpty();
        return result;
      } catch (error) {
        for (const row of affected) row.classList.remove('gone');
        say(error instanceof TypeError ? 'Could not reach the server. Nothing changed; try again.' : error.message);
        return undefined;
      } finally {
        for (const row of affected) row.classList.remove('busy');
      }
    };
    const done = chain.then(run);
    chain = done.catch(() => undefined);
    return done;
  }

  function act(action, ids) {
    if (!ids.length) return say('Select at least one message first (x).');
    return post(actionsUrl, { action }, ids, leaves(action));
  }

  async function undoLast() {
    await chain;
    const token = undoStack.pop();
    if (!token) return say('Nothing to undo.');
    const before = current;
    const result = await post(`${actionsUrl}/undo`, { token }, [], false);
    if (!result) return;
    // Undone messages come back on the next load of this page: reload the rows in place.
    const response = await fetch(location.href, { headers: { Accept: 'text/html' }, credentials: 'same-origin' });
    if (!response.ok) return;
    const next = new DOMParser().parseFromString(await response.text(), 'text/html');
    const table = next.querySelector('table.queue');
    const old = form.querySelector('table.queue, .empty');
    if (table && old) old.replaceWith(document.importNode(table, true));
    setCurrent(Math.max(0, before));
  }

  // Clicks on a row's buttons and the bulk Apply go through fetch too.
  form.addEventListener('submit', (event) => {
    const submitter = event.submitter;
    if (!submitter || event.defaultPrevented) return;
    if (submitter.name === 'one') {
      event.preventDefault();
      const [action, ...rest] = submitter.value.split(':');
      const id = rest.join(':');
      const index = rows().findIndex((row) => row.dataset.id === id);
      if (index >= 0) setCurrent(index, false);
      act(action, [id]);
    } else if (submitter.name === 'apply') {
      event.preventDefault();
      act(form.querySelector('select[name="action"]').value, selectedIds());
    }
  });

  function selectedIds() {
    return [...form.querySelectorAll('input[name="ids"]:checked')].map((box) => box.value);
  }

  /** The action a key stands for on a row, or undefined when it would change nothing there. */
  function actionFor(key, row) {
    const button = row.querySelector(`.row-actions button[aria-keyshortcuts="${key}"]`);
    return button ? button.dataset.action : undefined;
  }

  function showKeys() {
    if (!dialog) return;
    if (dialog.open) dialog.close();
    else dialog.showModal();
  }
  if (keysButton) {
    keysButton.hidden = false;
    keysButton.addEventListener('click', showKeys);
  }

  // Keep "current" in step with where the moderator clicks or tabs.
  form.addEventListener('focusin', (event) => {
    const row = event.target instanceof Element ? event.target.closest('tr.row') : null;
    if (!row) return;
    const index = rows().indexOf(row);
    if (index !== current) {
      current = index;
      rows().forEach((r, i) => r.classList.toggle('current', i === current));
    }
  });

  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) && target.type !== 'checkbox') return;
    if (dialog && dialog.open) return;
    const key = event.key;
    const all = rows();
    const row = all[current];
    if (key === '?') {
      event.preventDefault();
      return showKeys();
    }
    if (key === 'j' || key === 'k') {
      event.preventDefault();
      return setCurrent(current < 0 ? 0 : current + (key === 'j' ? 1 : -1));
    }
    if (key === 'z') {
      event.preventDefault();
      return undoLast();
    }
    if (!row) return;
    if (key === 'x') {
      event.preventDefault();
      const box = row.querySelector('input[name="ids"]');
      if (box) box.checked = !box.checked;
      return;
    }
    if (key === 'o' || (key === 'Enter' && target === row)) {
      event.preventDefault();
      const details = row.querySelector('details.more');
      if (details) details.open = !details.open;
      return;
    }
    const lower = key.toLowerCase();
    if (!['a', 's', 'p', 'd', 'u', 'r'].includes(lower)) return;
    event.preventDefault();
    if (event.shiftKey && key !== lower) {
      const ids = selectedIds().filter((id) => {
        const r = document.getElementById(`item-${id}`);
        return r && actionFor(lower, r);
      });
      const action = ids.length ? actionFor(lower, document.getElementById(`item-${ids[0]}`)) : undefined;
      return action ? act(action, ids) : say('None of the selected messages can take that action here.');
    }
    const action = actionFor(lower, row);
    if (!action) return say(`“${lower}” does nothing for a message in ${row.querySelector('.badge').textContent}.`);
    return act(action, [row.dataset.id]);
  });

  if (rows().length && !location.hash) setCurrent(0, false);
})();
