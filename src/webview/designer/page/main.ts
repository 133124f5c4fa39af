// The designer's page, in the webview. It owns the form while the user types and shows what the host computes: the
// documents with their findings, the token playground and the attack panel. Messages are typed by protocol.ts; the
// state kept across reloads (setState) holds the design and the open tab, never a pasted token.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-divider/index.js';
import '@vscode-elements/elements/dist/vscode-form-helper/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { AttackView, DesignModel, DesignView, DocumentView, FieldView, PlaygroundView } from '../../../core/design';
import { DESTINATION_LABELS, DESTINATIONS, IDENTITY_KINDS, IDENTITY_LABELS } from '../../../core/design/types';
import type { Attack, AttackTarget, Reason, RuleDecision } from '../../../core/simulate';
import { type DesignerState, type HostMessage, type PageMessage, type Tab, TABS } from '../protocol';
import { el, plural } from '../../shared/dom';
import { vscodeApi } from '../../shared/vscode-api';
import { field, select } from './form';

const vscode = vscodeApi<PageMessage, DesignerState>();
const post = (m: PageMessage) => vscode.postMessage(m);

let model: DesignModel | undefined;
let tab: Tab = 'documents';
let formKey = '';
/** Changes posted since the page loaded: a view showing an earlier one is about a design the user has changed since. */
let sent = 0;
/** The user asked for a token to be decided: its verdict is said in the status line when it comes. */
let announceVerdict = false;
let latest: { view?: DesignView; curl?: boolean; playground?: PlaygroundView; attacks?: AttackView } = {};

const app = document.getElementById('app')!;
const regions = {
  header: el('header', { class: 'header' }),
  form: el('section', { class: 'form', 'aria-label': 'Design' }),
  summary: el('p', { class: 'summary', role: 'status' }),
  documents: el('div', { class: 'documents' }),
  playground: el('div', { class: 'playground' }),
  attacks: el('div', { class: 'attacks' }),
  notice: el('p', { class: 'notice', role: 'status', 'aria-live': 'polite' }),
};
const tabs = el('vscode-tabs', { 'aria-label': 'Results' }) as HTMLElement & { selectedIndex: number };
const tabHeaders: Record<Tab, HTMLElement> = {
  documents: el('vscode-tab-header', { slot: 'header', id: 'tab-documents' }, 'Documents'),
  playground: el('vscode-tab-header', { slot: 'header', id: 'tab-playground' }, 'Token playground'),
  attacks: el('vscode-tab-header', { slot: 'header', id: 'tab-attacks' }, 'Attacks'),
};
for (const t of TABS) tabs.append(tabHeaders[t], el('vscode-tab-panel', {}, regions[t]));
tabs.addEventListener('vsc-tabs-select', () => {
  tab = TABS[tabs.selectedIndex] ?? 'documents';
  save();
});

function save(): void {
  if (model) vscode.setState({ model, tab });
}

function changed(next: DesignModel): void {
  model = next;
  save();
  post({ type: 'change', model: next, seq: ++sent });
}

/**
 * Another identity or destination: the host answers with the new form's design (what still applies carried over).
 * Until then the old form is inert, so nothing is typed into fields the design no longer has; its answer rebuilds
 * the form even when the fields look the same (a switch there and back may have dropped values).
 */
function switched(next: DesignModel): void {
  formKey = '';
  regions.form.inert = true;
  changed(next);
}

// ---------------------------------------------------------------------------------------------------------------
// The form

function renderHeader(): void {
  if (!model) return;
  const identity = select('identity', 'Workload identity', IDENTITY_KINDS.map((k) => ({ value: k, label: IDENTITY_LABELS[k] })), model.identity, (v) =>
    switched({ ...model!, identity: v as DesignModel['identity'] }),
  );
  const destination = select('destination', 'Destination', DESTINATIONS.map((d) => ({ value: d, label: DESTINATION_LABELS[d] })), model.destination, (v) =>
    switched({ ...model!, destination: v as DesignModel['destination'] }),
  );
  regions.header.replaceChildren(
    el('h1', {}, 'Federation rule designer'),
    el('p', { class: 'lead' }, 'Describe the workload and where it calls; Keyless writes both sides, checks them as you type, and attacks the rule with its neighbours\' tokens.'),
    el('div', { class: 'row' }, identity, destination),
  );
}

function setValue(f: FieldView, value: string): DesignModel {
  const m = model!;
  if (f.target === 'pins') return { ...m, pins: { ...m.pins, [f.id]: value } };
  if (f.id === 'lifetimeSeconds') {
    const { lifetimeSeconds: _drop, ...rest } = m;
    return value.trim() === '' || !Number.isFinite(Number(value)) ? rest : { ...rest, lifetimeSeconds: Number(value) };
  }
  return { ...m, [f.id]: value };
}

/** The text box inside a text field's shadow DOM, if the control is one. */
const textBox = (control: Element | null) => control?.shadowRoot?.querySelector<HTMLInputElement | HTMLTextAreaElement>('input, textarea') ?? null;

/**
 * Focus a control of a rebuilt form again (the one with the id the focused control had), once it has rendered, with
 * the caret where it was (focusing a text box selects all of it: the next key would replace what was typed).
 */
function refocus(id: string, caret: readonly [number | null, number | null] | undefined): void {
  const again = document.getElementById(id) as (HTMLElement & { updateComplete?: Promise<unknown> }) | null;
  if (!again) return;
  void (again.updateComplete ?? Promise.resolve()).then(() => {
    again.focus();
    const box = textBox(again);
    const [start, end] = caret ?? [null, null];
    // number fields have no caret to set
    if (box && start !== null && end !== null && box.selectionStart !== null) box.setSelectionRange(Math.min(start, box.value.length), Math.min(end, box.value.length));
  });
}

/** The form for a view; `current` when the view shows the page's latest change (its design may replace the page's). */
function renderForm(view: DesignView, current: boolean): void {
  const key = `${view.model.identity}|${view.model.destination}|` + view.fields.map((f) => `${f.id}:${f.kind}:${f.options?.map((o) => o.value).join(',') ?? ''}`).join(';');
  if (key !== formKey) {
    // a view of an older design: rebuilding from it would undo what the user typed since; the latest is on its way
    if (!current) return;
    // another set of fields: build the form anew, from the host's design (it may have carried values over), with
    // the focus where it was (a select that shows or hides fields, the identity or destination)
    const active = document.activeElement;
    const focused = active instanceof HTMLElement && (regions.form.contains(active) || regions.header.contains(active)) ? active.id : '';
    const box = focused ? textBox(active) : null;
    const caret = box ? ([box.selectionStart, box.selectionEnd] as const) : undefined;
    formKey = key;
    model = view.model;
    save();
    renderHeader();
    regions.form.replaceChildren(el('h2', {}, 'What pins the workload'), ...view.fields.map((f) => field(f, (v) => changed(setValue(f, v)))));
    if (focused) refocus(focused, caret);
  }
  if (current) regions.form.inert = false;
  // the same fields: leave what the user is typing alone, update problems and help
  for (const f of view.fields) {
    const helper = regions.form.querySelector<HTMLElement>(`#help-${f.id}`);
    const input = regions.form.querySelector<HTMLElement & { invalid: boolean }>(`#field-${f.id}`);
    if (input) {
      input.invalid = !!f.problem;
      input.setAttribute('aria-invalid', f.problem ? 'true' : 'false');
    }
    if (helper) {
      helper.replaceChildren(f.problem ? el('span', { class: 'problem' }, f.problem) : f.help);
    }
  }
  const hidden = view.problems.map((p) => el('li', { class: 'problem' }, p.message));
  const old = regions.form.querySelector('.form-problems');
  if (old) old.remove();
  if (hidden.length) regions.form.append(el('ul', { class: 'form-problems' }, ...hidden));
}

// ---------------------------------------------------------------------------------------------------------------
// Documents and their findings

const SEVERITY_LABEL = { error: 'Error', warning: 'Warning', info: 'Info' } as const;

function renderDocument(doc: DocumentView): HTMLElement {
  const findings = doc.findings.length
    ? el('ul', { class: 'findings', 'aria-label': `Findings in ${doc.title}` }, ...doc.findings.map((f) =>
        el('li', { class: `finding ${f.severity}` },
          el('span', { class: 'severity' }, SEVERITY_LABEL[f.severity]),
          ` line ${f.line}: ${f.message} `,
          el('a', { href: '#', class: 'rule', 'data-rule': f.ruleId, title: `Open the documentation of ${f.ruleId}` }, f.ruleId),
        ),
      ))
    : el('p', { class: 'clean' }, 'No findings: the checker has nothing to say about this document.');
  const actions = el('div', { class: 'actions' },
    el('vscode-button', { 'data-action': 'save-new', 'data-doc': doc.id }, 'Save as New File…'),
    ...(doc.mergeable ? [el('vscode-button', { secondary: '', 'data-action': 'save-existing', 'data-doc': doc.id }, 'Add to Existing File…')] : []),
    el('vscode-button', { secondary: '', 'data-action': 'copy', 'data-doc': doc.id }, 'Copy'),
  );
  const id = `doc-${doc.id}`;
  return el('section', { class: `document ${doc.side}`, 'aria-labelledby': id },
    el('h3', { id }, doc.title),
    el('p', { class: 'path' }, `${doc.side === 'destination' ? 'Destination' : 'Workload'} · ${doc.suggestedPath}`),
    findings,
    el('pre', { class: 'code', tabindex: '0', 'aria-label': `${doc.title}, ${doc.language}` }, el('code', {}, doc.text)),
    actions,
  );
}

function renderDocuments(view: DesignView, curl: boolean): void {
  const { error, warning, info } = view.counts;
  const total = error + warning + info;
  const summary = total === 0 ? 'The checker finds nothing to fix in the designed documents.' : `The checker finds ${[error && plural(error, 'error'), warning && plural(warning, 'warning'), info && plural(info, 'note')].filter(Boolean).join(', ')} in the designed documents.`;
  // a status: screen readers say it when it changes, so it is not rewritten (and said again) on every keystroke
  if (regions.summary.textContent !== summary) regions.summary.textContent = summary;
  tabHeaders.documents.replaceChildren('Documents', ...(error + warning ? [el('vscode-badge', { variant: 'counter', 'aria-label': `${error + warning} problems` }, String(error + warning))] : []));
  regions.documents.replaceChildren(
    ...(curl ? [el('div', { class: 'actions top' }, el('vscode-button', { 'data-action': 'curl' }, 'Copy Admin API Requests (curl)'))] : []),
    ...view.documents.map(renderDocument),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The token playground

const OUTCOME = { pass: '✓ pass', fail: '✗ fail', assumed: '? assumed' } as const;

function reasonsTable(reasons: readonly Reason[]): HTMLElement {
  return el('table', { class: 'reasons' },
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Check'), el('th', { scope: 'col' }, 'Outcome'), el('th', { scope: 'col' }, 'Why'))),
    el('tbody', {}, ...reasons.map((r) => el('tr', { class: r.outcome }, el('td', {}, el('code', {}, r.check)), el('td', { class: 'outcome' }, OUTCOME[r.outcome]), el('td', {}, r.message)))),
  );
}

function decision(d: RuleDecision): HTMLElement {
  const verdict = d.accepted
    ? `Accepted: acts as ${d.serviceAccount ?? 'the service account'}${d.workspace ? ` in ${d.workspace}` : ''}${d.scope ? ` with ${d.scope}` : ''}, for ${d.lifetimeSeconds} s.`
    : `Rejected: ${d.reasons.find((r) => r.outcome === 'fail')?.message ?? 'a check failed'}`;
  return el('section', { class: `decision ${d.accepted ? 'accepted' : 'rejected'}`, 'aria-label': `Rule ${d.rule}` },
    el('h3', {}, `Rule ${d.rule}`),
    el('p', { class: 'verdict' }, verdict),
    reasonsTable(d.reasons),
  );
}

const tokenInput = el('vscode-textarea', { id: 'token', label: 'A JWT to decide', rows: '4', placeholder: 'Paste a JWT (header.payload.signature). It stays in this panel: it is not saved or logged.', class: 'token' }) as HTMLElement & { value: string };

// the controls stay (rebuilding them would take the focus from the button or the token being pasted); the result
// is not a live region: it changes with every change of the design, and the status line says a decision the user
// asked for
const playgroundResult = el('div', { class: 'playground-result' });
regions.playground.replaceChildren(
  el('div', { class: 'playground-input' },
    el('vscode-label', { for: 'token' }, 'Token'),
    tokenInput,
    el('div', { class: 'actions' },
      el('vscode-button', { 'data-action': 'decide' }, 'Decide This Token'),
      el('vscode-button', { secondary: '', 'data-action': 'sample' }, 'Use a Sample Token'),
    ),
  ),
  playgroundResult,
);

/** One sentence for the status line: what the rules decided for the token. */
function verdictOf(result: PlaygroundView): string {
  if (result.error) return result.error;
  const decided = result.simulation?.results.map((d) => `rule ${d.rule} ${d.accepted ? 'accepts it' : 'rejects it'}`) ?? [];
  return `${result.source === 'sample' ? 'The sample token' : 'The pasted token'}: ${decided.length ? decided.join('; ') : 'no rule decides it'}.`;
}

function renderPlayground(result: PlaygroundView | undefined): void {
  const out: HTMLElement[] = [];
  if (result?.error) out.push(el('p', { class: 'problem' }, result.error));
  else if (result?.simulation) {
    const s = result.simulation;
    out.push(
      el('p', { class: 'source' }, result.source === 'sample' ? 'A sample token of the designed workload, signed with a throwaway key that stands in for the issuer\'s.' : 'The pasted token.'),
      el('p', { class: `signature ${s.signature.status}` }, `Signature ${s.signature.status.replace('-', ' ')}: ${s.signature.detail}`),
      el('h3', {}, 'Claims'),
      el('pre', { class: 'code', tabindex: '0', 'aria-label': 'Token header and claims' }, el('code', {}, JSON.stringify({ header: result.header, claims: result.claims }, null, 2))),
      ...s.results.map(decision),
    );
  }
  playgroundResult.replaceChildren(...out);
}

// ---------------------------------------------------------------------------------------------------------------
// Attacks

function attackItem(a: Attack, target: AttackTarget): HTMLElement {
  const got = a.acceptedBy.includes(target.rule);
  const verdict = a.expect === 'accepted'
    ? got ? `Accepted for ${a.target.lifetimeSeconds} s` : 'Rejected'
    : a.getsIn ? 'Gets in' : got ? 'Accepted' : 'Rejected';
  const cls = a.getsIn ? 'hole' : a.expect === 'accepted' ? 'probe' : 'held';
  const differs = Object.entries(a.differs).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).concat(a.removed.map((k) => `no ${k}`));
  return el('li', { class: `attack ${cls}` },
    el('span', { class: 'verdict' }, verdict),
    el('strong', {}, ` ${a.name}`),
    `: ${a.description}`,
    ...(differs.length ? [el('div', { class: 'differs' }, el('code', {}, differs.join(', ')))] : []),
  );
}

function renderAttacks(result: AttackView | undefined): void {
  if (!result) return;
  if (result.error) {
    regions.attacks.replaceChildren(el('p', { class: 'problem' }, result.error));
    tabHeaders.attacks.replaceChildren('Attacks');
    return;
  }
  const r = result.report;
  tabHeaders.attacks.replaceChildren('Attacks', ...(r.holes ? [el('vscode-badge', { variant: 'counter', 'aria-label': `${r.holes} attacks get in` }, String(r.holes))] : []));
  regions.attacks.replaceChildren(
    el('p', { class: r.holes ? 'summary problem' : 'summary' }, r.holes ? `${plural(r.holes, 'neighbour\'s token gets', 'neighbours\' tokens get')} in.` : 'No neighbour\'s token gets in.'),
    el('p', { class: 'trust' }, r.trust),
    ...r.targets.map((t) =>
      el('section', { class: 'target', 'aria-label': `Attacks on rule ${t.rule}` },
        el('h3', {}, `Rule ${t.rule} (${t.familyLabel})`),
        el('p', {}, t.legitimate.accepted ? 'The designed workload\'s own token is accepted.' : `The designed workload's own token is rejected: ${t.legitimate.why ?? ''}`),
        ...t.subjectIssues.map((i) => el('p', { class: 'problem' }, i.detail)),
        el('ul', { class: 'attack-list' }, ...t.attacks.map((a) => attackItem(a, t))),
      ),
    ),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Wiring

app.addEventListener('click', (e) => {
  const target = e.target as HTMLElement;
  const rule = target.closest<HTMLElement>('a[data-rule]');
  if (rule) {
    e.preventDefault();
    post({ type: 'openRule', ruleId: rule.dataset.rule! });
    return;
  }
  const button = target.closest<HTMLElement>('[data-action]');
  if (!button) return;
  const doc = button.dataset.doc ?? '';
  switch (button.dataset.action) {
    case 'save-new': return post({ type: 'save', document: doc, mode: 'new' });
    case 'save-existing': return post({ type: 'save', document: doc, mode: 'existing' });
    case 'copy': return post({ type: 'copy', document: doc });
    case 'curl': return post({ type: 'copyCurl' });
    case 'decide':
      if (!tokenInput.value.trim()) {
        regions.notice.textContent = 'Paste a JWT into the Token box first.';
        return;
      }
      announceVerdict = true;
      return post({ type: 'token', input: { kind: 'pasted', jwt: tokenInput.value } });
    case 'sample':
      tokenInput.value = '';
      announceVerdict = true;
      return post({ type: 'token', input: { kind: 'sample' } });
  }
});

/** Each control's label and current value (their text lives in shadow DOM, out of innerText's reach). */
function values(): string {
  return [...app.querySelectorAll<HTMLElement & { value: string }>('vscode-single-select, vscode-textfield, vscode-textarea')]
    .filter((c) => c.id !== 'token')
    .map((c) => {
      const label = app.querySelector(`vscode-label[for="${c.id}"]`)?.textContent ?? c.id;
      const option = c.tagName === 'VSCODE-SINGLE-SELECT' ? [...c.querySelectorAll('vscode-option')].find((o) => o.getAttribute('value') === c.value)?.textContent : undefined;
      return `${label}: ${option ?? c.value}`;
    })
    .join('\n');
}

function text(node: HTMLElement): string {
  return node.innerText.replace(/\n{3,}/g, '\n\n').trim();
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const m = event.data;
  switch (m.type) {
    case 'init':
      model = m.state.model;
      tab = m.state.tab;
      formKey = '';
      // another design (a prefill), decided with a sample token: a JWT pasted for the former one goes
      tokenInput.value = '';
      tabs.selectedIndex = TABS.indexOf(tab);
      renderHeader();
      save();
      return;
    case 'view':
      latest = { ...latest, view: m.view, curl: m.curl };
      renderForm(m.view, m.seq === sent);
      renderDocuments(m.view, m.curl);
      app.setAttribute('aria-busy', 'false');
      return;
    case 'playground':
      latest.playground = m.result;
      renderPlayground(m.result);
      if (announceVerdict) regions.notice.textContent = verdictOf(m.result);
      announceVerdict = false;
      return;
    case 'attacks':
      latest.attacks = m.result;
      renderAttacks(m.result);
      return;
    case 'notice':
      regions.notice.textContent = m.text;
      return;
    case 'inspect':
      post({
        type: 'inspected',
        id: m.id,
        regions: {
          tab,
          header: text(regions.header),
          values: values(),
          form: text(regions.form),
          summary: text(regions.summary),
          documents: text(regions.documents),
          playground: text(regions.playground),
          attacks: text(regions.attacks),
          notice: text(regions.notice),
        },
      });
      return;
  }
});

app.replaceChildren(regions.header, el('div', { class: 'layout' }, regions.form, el('section', { class: 'results', 'aria-label': 'Results' }, regions.summary, tabs)), regions.notice);
renderPlayground(undefined);
post({ type: 'ready' });
