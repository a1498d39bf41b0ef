import { browser } from 'wxt/browser';
import { StewardCard } from '../../components/StewardCard';
import { callBackground } from '../messages/client';
import type { Feature } from './feature';
import { mountCard } from './mount-card';

const send = (message: unknown) => browser.runtime.sendMessage(message);

/** On an Okta user's profile, a card for that person's Flex worker(s). */
export const oktaUserFlexCard: Feature = {
  id: 'okta-user-flex-card',
  pages: ['okta-user-profile'],
  async init({ document, signal }) {
    const status = await callBackground(send, 'connection.status', {}).catch(() => undefined);
    if (signal.aborted) return;
    const connected = status?.twilio.configured ?? false;
    mountCard(
      document,
      () => document.querySelector('main') ?? document.body,
      () => (
      <StewardCard title="Flex Steward · Flex worker">
        {connected ? (
          <p>Twilio is connected; this person's Flex workers appear here with the status feature.</p>
        ) : (
          <>
            <p>Connect Twilio to see this person's Flex workers and seats.</p>
            <button type="button" onClick={(e) => e.nativeEvent.isTrusted && void callBackground(send, 'ui.openSettings', { section: 'twilio' }).catch(() => undefined)}>
              Open Settings
            </button>
          </>
        )}
      </StewardCard>
      ),
      signal,
      'okta-user-flex-card',
    );
  },
};
