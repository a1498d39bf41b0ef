/** Which saved secrets a save or an import cleared because the org, account or region changed, and why. */
export function ClearedSecretsNotice({ notice }: { notice?: string }) {
  return notice ? (
    <p className="notice warn" role="status" aria-label="Secrets cleared">
      {notice}
    </p>
  ) : null;
}
