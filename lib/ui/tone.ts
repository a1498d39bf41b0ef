/** The colour families injected UI and extension pages share, named for meaning, not hue. */
export type Tone = 'neutral' | 'ok' | 'warn' | 'danger' | 'info';
