import { useCallback, useEffect, useState, type DragEvent } from 'react';
import { browser } from 'wxt/browser';
import { askBackground } from '../../lib/messages/ask-background';
import type { SamlCaptureStatus, SamlLoginTestAnswer } from '../../lib/messages/commands';
import { toProblem, type Problem } from '../../lib/problem';
import { MAX_INPUT_BYTES } from '../../lib/saml/input';
import { ProblemNotice } from '../ProblemNotice';
import { DiagnosisView } from './DiagnosisView';
import './saml.css';

/** How often an open page asks whether a login arrived, and refreshes the time left. */
const POLL_MS = 1000;

const timeLeft = (armedUntil: string, now: number) => {
  const seconds = Math.max(0, Math.round((Date.parse(armedUntil) - now) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
};

/**
 * The SAML login test (step 4 of the migration checker, and the window the Flex SSO page's "Test a
 * login" opens): arm the capture and sign in, or paste a response, or drop a HAR / SAML-tracer file;
 * then the diagnosis, verdict first. A captured login is taken from the background once and shown
 * here only; closing the page forgets it.
 */
export function LoginTest() {
  const [capture, setCapture] = useState<SamlCaptureStatus>();
  const [answer, setAnswer] = useState<SamlLoginTestAnswer>();
  const [chosen, setChosen] = useState(0);
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);
  const [pasted, setPasted] = useState('');
  const [over, setOver] = useState(false);
  // Set with each answer from the background: the time left counts down with the polls.
  const [now, setNow] = useState(0);
  const [incognitoAllowed, setIncognitoAllowed] = useState(true);

  const show = (next: SamlLoginTestAnswer) => {
    setAnswer(next);
    setChosen(0);
    setProblem(undefined);
  };

  const refresh = useCallback(
    () =>
      askBackground('saml.status', {})
        .then(async (status) => {
          setCapture(status);
          setNow(Date.now());
          if (status.captured === 0) return;
          // Taken once: the background keeps nothing of it after this answer.
          const taken = await askBackground('saml.takeCaptured', {});
          setAnswer(taken);
          setChosen(0);
          setProblem(undefined);
          setCapture({ ...status, captured: 0 });
        })
        .catch((error: unknown) => setProblem(toProblem(error))),
    [],
  );

  useEffect(() => {
    void refresh();
    void browser.extension.isAllowedIncognitoAccess().then(setIncognitoAllowed, () => undefined);
  }, [refresh]);
  useEffect(() => {
    if (!capture?.armed) return;
    const timer = window.setInterval(() => void refresh(), POLL_MS);
    return () => window.clearInterval(timer);
  }, [capture?.armed, refresh]);

  const act = async (task: () => Promise<void>) => {
    setBusy(true);
    try {
      await task();
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setBusy(false);
    }
  };
  const arm = () =>
    act(async () => {
      setAnswer(undefined);
      setCapture(await askBackground('saml.arm', {}));
      setNow(Date.now());
    });
  const disarm = () =>
    act(async () => {
      setAnswer(undefined);
      setCapture(await askBackground('saml.disarm', {}));
    });
  const diagnose = (text: string) => act(async () => show(await askBackground('saml.diagnose', { text })));
  const diagnoseFile = (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_INPUT_BYTES) {
      setProblem({ code: 'invalid-request', message: `${file.name} is larger than 5 MB.`, nextStep: 'Save a HAR of the login alone (clear the Network panel, sign in, then export), or paste the SAMLResponse.', service: 'extension', retryable: false });
      return;
    }
    void act(async () => show(await askBackground('saml.diagnose', { text: await file.text() })));
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    diagnoseFile(event.dataTransfer.files[0]);
  };

  const results = answer?.results ?? [];
  const result = results[chosen];
  return (
    <section className="login-test" aria-label="Login test">
      {capture?.armed && capture.armedUntil ? (
        <div className="row">
          <p role="status" aria-label="Capture">
            Armed — sign in to Flex with SSO in a private window, or open the Okta Flex app from your Okta dashboard; {timeLeft(capture.armedUntil, now)} left.
          </p>
          <button type="button" className="secondary small" disabled={busy} onClick={() => void disarm()}>
            Disarm
          </button>
        </div>
      ) : (
        <div className="row">
          <button type="button" disabled={busy || !capture} onClick={() => void arm()}>
            Test a login
          </button>
          <span className="muted small">Watches for the SAML response Flex receives, for 10 minutes. It never blocks or changes the login.</span>
        </div>
      )}
      {capture?.armed && !incognitoAllowed ? (
        <p className="muted small">Flex Steward sees logins in a private window only if you allow it there: Extensions → Flex Steward → Details → Allow in Incognito.</p>
      ) : null}

      <details>
        <summary>Or diagnose a login that happened elsewhere</summary>
        <label className="small">
          SAML response (base64 or XML)
          <textarea value={pasted} onChange={(e) => setPasted(e.target.value)} spellCheck={false} />
        </label>
        <button type="button" className="small" disabled={busy || !pasted.trim()} onClick={() => void diagnose(pasted.trim())}>
          Diagnose
        </button>
        <div
          className={`drop-zone${over ? ' over' : ''}`}
          role="region"
          aria-label="Drop a HAR or SAML-tracer file"
          onDragOver={(e) => {
            e.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={onDrop}
        >
          <p className="small">Drop a HAR file or a SAML-tracer export here (5 MB at most), or</p>
          <label className="small">
            Choose a file <input type="file" accept=".har,.json,application/json" onChange={(e) => diagnoseFile(e.target.files?.[0])} />
          </label>
        </div>
      </details>

      {problem ? <ProblemNotice problem={problem} /> : null}
      {answer?.problem ? <ProblemNotice problem={answer.problem} /> : null}
      {answer?.problems.map((p) => (
        <ProblemNotice key={p.message} problem={p} />
      ))}
      {results.length > 1 ? (
        <label className="small">
          Response
          <select aria-label="Response" value={chosen} onChange={(e) => setChosen(Number(e.target.value))}>
            {results.map((r, i) => (
              <option key={i} value={i}>
                {i + 1}. {r.source.postedTo ? new URL(r.source.postedTo).host : 'unknown destination'}
                {r.source.at ? ` at ${r.source.at}` : ''} — {r.diagnosis.verdict === 'pass' && !r.diagnosis.problem ? 'would work' : 'would fail'}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {result ? <DiagnosisView result={result} /> : null}
      {answer && !answer.problem && results.length === 0 ? <p className="muted small">No SAML response posted to a Flex ACS URL was found in it.</p> : null}
    </section>
  );
}
