/**
 * The day unit tests check date-based rules against (EKS support windows), so
 * they do not change meaning as the calendar moves. Tests of a window pass
 * their own day; only whole-environment tests of environments/ use the real clock.
 */
export const FIXTURE_TODAY = new Date('2026-11-30T12:00:00Z');
