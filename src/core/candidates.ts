// Which files are worth reading at all. Content decides what a file is; this only keeps the walk cheap by skipping
// files no domain could recognise (images, sources, lock files). Shared by the CLI walk and the editor.

const EXTENSIONS = new Set(['.json', '.jsonc', '.yaml', '.yml', '.sql', '.template', '.env', '.dockerfile']);
const SKIP_NAMES = new Set(['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock', 'composer.lock', 'tsconfig.json', 'jsconfig.json', '.eslintrc.json', 'tslint.json']);

export function isCandidatePath(path: string): boolean {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const name = path.slice(i + 1).toLowerCase();
  if (SKIP_NAMES.has(name) || name.endsWith('.min.json') || name.endsWith('.map')) return false;
  if (name === 'dockerfile' || name === 'containerfile' || name.startsWith('dockerfile.') || name.endsWith('.dockerfile')) return true;
  if (name === '.env' || name.startsWith('.env.') || name === '.envrc') return true;
  const dot = name.lastIndexOf('.');
  return dot > 0 && EXTENSIONS.has(name.slice(dot));
}

/** Files larger than this are not checked (they are data, not configuration). */
export const MAX_CHECK_BYTES = 5 * 1024 * 1024;

/** A NUL byte in the first 8 KiB marks a binary file. */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

// Files that are never text worth scanning for keys (by extension); anything else is read and checked for a NUL.
const BINARY_EXTENSIONS = new Set([
  '.png', '.jpg', '.jpeg', '.gif', '.webp', '.ico', '.bmp', '.tiff', '.psd', '.svgz', '.pdf', '.zip', '.gz', '.tgz', '.bz2', '.xz', '.7z',
  '.rar', '.jar', '.war', '.class', '.exe', '.dll', '.so', '.dylib', '.o', '.a', '.wasm', '.woff', '.woff2', '.ttf', '.otf', '.eot',
  '.mp3', '.mp4', '.mov', '.avi', '.webm', '.ogg', '.wav', '.flac', '.sqlite', '.db', '.bin', '.pyc', '.node', '.vsix',
]);

/** Whether a file (by name) may hold text with a key in it: everything but known binary formats. */
export function isScanCandidate(path: string): boolean {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const name = path.slice(i + 1).toLowerCase();
  const dot = name.lastIndexOf('.');
  return dot < 0 || !BINARY_EXTENSIONS.has(name.slice(dot));
}
