import type { HandlerDeps, HandlerGroup } from './handler-deps.ts';

const leadsOnly = 'I rendiconti mensili sono riservati ai team leader e agli amministratori.';

/** Monthly statements, computed by the API from its billing entries (consoles keep no money ledger). */
export const reportHandlers = ({ online, assertLeadSignedIn }: HandlerDeps): HandlerGroup<'reports.statements' | 'reports.statementFile'> => ({
  'reports.statements': ({ month }) => {
    assertLeadSignedIn(leadsOnly);
    return online.monthStatements(month);
  },
  'reports.statementFile': async ({ month, customerCode }) => {
    assertLeadSignedIn(leadsOnly);
    const { bytes } = await online.statementFile(month, customerCode);
    return customerCode
      ? { fileName: `rendiconto-${month}-${customerCode.replaceAll(/[^A-Za-z0-9._-]/g, '_')}.pdf`, mimeType: 'application/pdf' as const, base64: bytes.toString('base64') }
      : { fileName: `rendiconto-${month}.csv`, mimeType: 'text/csv' as const, base64: bytes.toString('base64') };
  },
});
