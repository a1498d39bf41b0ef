import { useSyncExternalStore } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { CardProblem } from '../../components/CardProblem';
import { SsoFindingView } from '../../components/SsoFindingView';
import { StewardCard } from '../../components/StewardCard';
import ssoCss from '../../components/sso.css?inline';
import { askBackground } from '../messages/ask-background';
import type { CommandResponse } from '../messages/commands';
import { oneAtATime } from '../one-at-a-time';
import { toProblem, type Problem } from '../problem';
import type { SsoPageField } from '../sso/finding';
import { checkedAgainstText, describeFlexSsoPage, fieldLabel, placeFindings, SEVERITY_LABELS } from '../sso/hint-view';
import type { SsoPageValues } from '../sso/page-values';
import { readFlexSsoPage, type FlexSsoInput } from '../sso/read-flex-page';
import { createShadowHost } from '../ui/shadow-host';
import type { Feature } from './feature';
import { headingColumn, mountCard } from './mount-card';
import { observeDom } from './observe-dom';

/** A hint is a line under a form field, not a card. */
const HINT_HOST_CSS = ':host { all: initial; display: block; margin: 4px 0 8px; }';

/** Attributes a page hides and shows things with: a change to one can bring a step's fields into view. */
const VISIBILITY_ATTRIBUTES = ['hidden', 'style', 'class', 'aria-hidden'];

/** How long typing must pause before the values go to the background: one check per pause, not per key. */
const TYPING_PAUSE_MS = 300;

type SsoCheck = CommandResponse<'sso.checkPage'>;

interface HintsState {
  /** What the page shows now. */
  page: SsoPageValues;
  /** The values the last answer is about; a field whose value differs from it is being re-checked. */
  checked?: SsoPageValues;
  answer?: SsoCheck;
  /** The check itself failed (the background did not answer); `answer.problem` is a part that could not run. */
  failure?: Problem;
}

/** The state every hint and the summary render from; each root re-renders on its own when it changes. */
function hintsStore(initial: HintsState) {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(patch: Partial<HintsState>) {
      state = { ...state, ...patch };
      for (const listener of listeners) listener();
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
type HintsStore = ReturnType<typeof hintsStore>;

const useHints = (store: HintsStore) => useSyncExternalStore(store.subscribe, store.get);

function FieldHint({ store, field }: { store: HintsStore; field: SsoPageField }) {
  const { page, checked, answer, failure } = useHints(store);
  if (!checked || checked.values[field] !== page.values[field]) return <p className="finding checking">Checking…</p>;
  const hint = placeFindings(answer?.findings ?? [], Object.keys(page.values) as SsoPageField[]).byField.get(field);
  if (!hint || hint.findings.length === 0) {
    const { icon, label } = SEVERITY_LABELS.unchecked;
    return (
      <p className="finding unchecked">
        <span aria-hidden="true">{icon}</span> {label}: {failure || answer?.problem ? 'see Flex Steward’s summary at the top of the page.' : 'no rule has anything to say about this value.'}
      </p>
    );
  }
  return (
    <>
      {hint.findings.map((finding, i) => (
        <SsoFindingView key={`${i}:${finding.rule}`} finding={finding} />
      ))}
    </>
  );
}

function Summary({ store }: { store: HintsStore }) {
  const { page, checked, answer, failure } = useHints(store);
  const fields = Object.keys(page.values) as SsoPageField[];
  const { pageWide } = placeFindings(answer?.findings ?? [], fields);
  const against = answer ? checkedAgainstText(answer.checkedAgainst) : null;
  const problem = failure ?? answer?.problem;
  return (
    <StewardCard title="Flex Steward · single sign-on">
      <p>{describeFlexSsoPage(page)}</p>
      {answer ? <p role="status">{answer.summary.text}</p> : !checked ? <p role="status">Checking…</p> : null}
      {against ? <p className="muted">{against}</p> : null}
      {problem ? <CardProblem problem={problem} /> : null}
      {pageWide.map((finding, i) => (
        <SsoFindingView key={`${i}:${finding.rule}`} finding={finding} where={fieldLabel(finding.field)} />
      ))}
      <p>
        <button
          type="button"
          onClick={(event) => {
            // Only opens Flex Steward's own window, where the admin arms the test; a page's script cannot press it.
            if (event.nativeEvent.isTrusted) void askBackground('ui.openLoginTest', {}).catch(() => undefined);
          }}
        >
          Test a login
        </button>{' '}
        <span className="muted">Sign in with SSO and see what Flex receives, judged the way Flex will judge it.</span>
      </p>
    </StewardCard>
  );
}

/** Under the field's own row: the input, or the box holding the input and the Console's Copy button. */
function hintAnchor(input: FlexSsoInput, label: HTMLLabelElement): Element {
  let anchor: Element = input;
  while (anchor.parentElement && !anchor.parentElement.contains(label)) anchor = anchor.parentElement;
  return anchor;
}

/**
 * On Flex's single-sign-on page (the legacy form, each step of the enhanced set-up workflow, the
 * page after migration): a hint under each field saying whether its value fits the connected
 * Twilio account and the Okta Flex app, and a summary above the page. Values are read from the page
 * as the admin types and checked in the background; nothing here ever writes to the page's fields.
 */
export const flexSsoHints: Feature = {
  id: 'flex-sso-hints',
  pages: ['flex-sso'],
  init({ document, signal }) {
    const store = hintsStore({ page: readFlexSsoPage(document) });
    const hints = new Map<SsoPageField, { host: HTMLElement; root: Root }>();
    const queue = oneAtATime();
    let sentKey = '';
    let timer = 0;

    // Each check sends what the page shows when it runs, so checks queued during one burst of typing collapse into one.
    const check = () =>
      queue(async () => {
        const page = store.get().page;
        const key = JSON.stringify(page);
        if (signal.aborted || key === sentKey) return;
        sentKey = key;
        try {
          const answer = await askBackground('sso.checkPage', { page });
          if (!signal.aborted) store.set({ answer, checked: page, failure: undefined });
        } catch (error) {
          if (!signal.aborted) store.set({ answer: undefined, checked: page, failure: toProblem(error) });
        }
      });

    const placeHints = (inputs: Map<SsoPageField, { input: FlexSsoInput; label: HTMLLabelElement }>) => {
      for (const [field, { host, root }] of hints) {
        if (inputs.has(field)) continue;
        root.unmount();
        host.remove();
        hints.delete(field);
      }
      for (const [field, { input, label }] of inputs) {
        let hint = hints.get(field);
        if (!hint) {
          const { host, mount } = createShadowHost(document, 'flex-steward-hint', HINT_HOST_CSS + ssoCss);
          host.dataset.field = field;
          hint = { host, root: createRoot(mount) };
          hint.root.render(
            <div className="hint">
              <FieldHint store={store} field={field} />
            </div>,
          );
          hints.set(field, hint);
        }
        const anchor = hintAnchor(input, label);
        if (anchor.nextElementSibling !== hint.host) anchor.after(hint.host);
      }
    };

    const refresh = () => {
      const inputs = new Map<SsoPageField, { input: FlexSsoInput; label: HTMLLabelElement }>();
      const page = readFlexSsoPage(document, (field, input, label) => inputs.set(field, { input, label }));
      placeHints(inputs);
      if (JSON.stringify(page) === JSON.stringify(store.get().page)) return;
      store.set({ page });
      window.clearTimeout(timer);
      timer = window.setTimeout(() => void check(), TYPING_PAUSE_MS);
    };

    mountCard(document, () => headingColumn(document), () => <Summary store={store} />, signal, 'flex-sso-hints', ssoCss);
    // Typing and choosing a setup type change no DOM: listen for them. The workflow shows and hides
    // its steps (in the sandbox by `hidden`; a React page may restyle or replace them): observe that.
    document.addEventListener('input', refresh, { signal, capture: true });
    document.addEventListener('change', refresh, { signal, capture: true });
    observeDom(document, refresh, signal, 50, VISIBILITY_ATTRIBUTES);
    refresh();
    void check();
    signal.addEventListener('abort', () => {
      window.clearTimeout(timer);
      for (const { host, root } of hints.values()) {
        root.unmount();
        host.remove();
      }
    });
  },
};
