import { removeScratchDirs } from './scratch';

// After each test file: the temporary folders it made through scratchDir.
afterAll(removeScratchDirs);
