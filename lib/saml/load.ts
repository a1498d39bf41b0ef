/**
 * The SAML login test's diagnosis, loaded on demand: @xmldom/xmldom, xmldsigjs and @peculiar/x509
 * come in only when a page or the background actually diagnoses, never with a content script.
 */
export const loadSamlDiagnosis = () => import('./diagnose');
