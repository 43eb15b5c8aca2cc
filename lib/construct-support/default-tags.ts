/** Repository recorded on every resource, so an engineer in the console can find the code. */
export const REPOSITORY_TAG = 'aws-platform-cdktf';

/** Tags on every resource of an environment; the config's own tags cannot override the fixed ones. */
export function defaultTags(config: { readonly name: string; readonly project: string; readonly tags: Readonly<Record<string, string>> }): Record<string, string> {
  return {
    ...config.tags,
    environment: config.name,
    project: config.project,
    'managed-by': 'cdktf',
    repository: REPOSITORY_TAG,
  };
}
