import { useCallback, useEffect, useState } from 'react';
import { PortalError } from './portal-client.ts';

/** Loads what a page shows; a newer load wins over a late answer of an older one. */
export const useLoad = <T>(load: () => Promise<T>) => {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    load().then(
      (value) => current && (setData(value), setError(null)),
      (failure: unknown) => current && setError(failure instanceof PortalError ? failure.message : 'Caricamento non riuscito.'),
    );
    return () => {
      current = false;
    };
  }, [load, generation]);
  return { data, error, reload: useCallback(() => setGeneration((value) => value + 1), []) };
};
