import { openRunTempDir } from './run-temp-dir';

/** jest globalSetup of the whole run (both projects): the run's private temp folder (run-temp-dir.ts). */
export default function globalSetup(): void {
  openRunTempDir();
}
