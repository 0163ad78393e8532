import { safeStorage } from 'electron';
import { createFileSecretStore, userFileSecretStore, type SecretStore } from '../core/secrets/secret-store.ts';

/**
 * Secrets sealed with the OS keychain (Keychain, DPAPI, libsecret/kwallet) through Electron's
 * safeStorage. Where no keychain is available the console still works, with a user-only file,
 * and says so in its description.
 */
export const createElectronSecretStore = (directory: string): SecretStore => {
  if (!safeStorage.isEncryptionAvailable()) {
    const fallback = userFileSecretStore(directory);
    return { ...fallback, description: `${fallback.description}: portachiavi del sistema non disponibile` };
  }
  const weak = process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text';
  return createFileSecretStore({
    directory,
    encryptor: { encrypt: (plain) => safeStorage.encryptString(plain), decrypt: (sealed) => safeStorage.decryptString(sealed) },
    description: weak
      ? 'cifrati con safeStorage senza portachiavi del sistema (nessun servizio di portachiavi attivo): protezione debole'
      : 'cifrati con il portachiavi del sistema (Electron safeStorage)',
  });
};
