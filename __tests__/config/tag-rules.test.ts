import { stringify } from 'yaml';
import { configProblems, rejectionLines } from '../helpers/config-problems';
import { environmentDocument, testEnvironment } from '../helpers/environment-fixture';
import { eksEnvironment, eksProblems } from '../eks/eks-fixture';

/** `line:col` of the first occurrence of `needle` in the base document plus `changes`. */
function at(changes: Record<string, any>, needle: string): string {
  const lines = stringify(environmentDocument(changes)).split('\n');
  const index = lines.findIndex((line) => line.includes(needle));
  return `${index + 1}:${lines[index].indexOf(needle) + 1}`;
}

const EXPECTED = 'letters, digits, spaces and _ . : / = + - @ only (the tagging APIs of IAM, ELB and others refuse other characters)';

describe('tags the tagging APIs accept', () => {
  test.each([['aws:owner'], ['AWS:Owner'], ['Aws:cost']])('GIVEN the reserved prefix in tag key %j THEN refused at the key', (key) => {
    const changes = { tags: { [key]: 'platform' } };
    expect(configProblems(changes)).toEqual([
      `environments/bad.yaml:${at(changes, key)}: tags.${key}: unknown key "${key}" in a map of tags: expected a tag key that does not begin with "aws:" (AWS reserves the prefix, in any letter case)`,
    ]);
  });

  test.each([
    ['a comma', 'team-a,team-b', '"team-a,team-b": "," is not allowed'],
    ['a semicolon', 'a;b', '"a;b": ";" is not allowed'],
    ['a quote', `o'brien`, `"o'brien": "'" is not allowed`],
    ['an asterisk', 'web*', '"web*": "*" is not allowed'],
    ['a zero-width space', 'a\u200bb', '"a\\u200bb" (it contains a zero-width space (U+200B); shown escaped)'],
  ])('GIVEN a tag value with %s THEN refused at the value, naming the character', (_, value, got) => {
    const changes = { tags: { owner: value } };
    // The value starts after `owner: `.
    const valueAt = at(changes, 'owner:').replace(/:(\d+)$/, (_m, column) => `:${Number(column) + 'owner: '.length}`);
    expect(configProblems(changes)).toEqual([`environments/bad.yaml:${valueAt}: tags.owner: expected a tag value of ${EXPECTED}, got ${got}`]);
  });

  test('GIVEN a tag key with "#" THEN refused at the key, naming the character', () => {
    const changes = { tags: { 'cost#center': '4100' } };
    expect(configProblems(changes)).toEqual([
      `environments/bad.yaml:${at(changes, 'cost#center')}: tags.cost#center: unknown key "cost#center" in a map of tags: expected a tag key of ${EXPECTED}, got "cost#center": "#" is not allowed`,
    ]);
  });

  test.each([
    ['every allowed punctuation', { 'team/owner': 'a_b.c:d/e=f+g-h@i j' }],
    ['letters of other alphabets and digits', { site: 'Zürich 2', kostenstelle: 'Ärger-4100' }],
    ['an empty value', { note: '' }],
    ['a key with aws elsewhere', { 'team:aws': 'yes', awsome: 'yes' }],
  ])('GIVEN %s THEN it loads', (_, tags) => {
    expect(rejectionLines(() => testEnvironment({ tags }), 'allowed')).toEqual([]);
  });
});

describe('tags the stacks derive from node group labels and taints', () => {
  const longKey = `${'a'.repeat(40)}.example.com/${'b'.repeat(40)}`;

  test.each([
    ['labels', { nodeGroups: { system: { labels: { [longKey]: 'x' } } } }, 'k8s.io/cluster-autoscaler/node-template/label/'],
    ['taints', { nodeGroups: { spot: { taints: { [longKey]: { value: 'x', effect: 'NoSchedule' } } } } }, 'k8s.io/cluster-autoscaler/node-template/taint/'],
  ])('GIVEN a %s key whose Cluster Autoscaler tag key passes 128 characters THEN refused at the key', (kind, changes, prefix) => {
    expect(eksProblems(changes)).toEqual([
      expect.stringMatching(
        new RegExp(
          `: eks\\.nodeGroups\\.[a-z]+\\.${kind}\\.a+\\.example\\.com/b+: the Auto Scaling group tag that tells Cluster Autoscaler about it, ${prefix}<key>, would be ${prefix.length + longKey.length} characters and tag keys allow 128; expected a key of at most ${128 - prefix.length} characters$`,
        ),
      ),
    ]);
  });

  test('GIVEN a label key that fits THEN it loads', () => {
    expect(eksEnvironment({ nodeGroups: { system: { labels: { 'example.com/team': 'platform' } } } }).eks?.nodeGroups.system.labels).toHaveProperty(['example.com/team'], 'platform');
  });
});
