import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const repository = path.resolve(__dirname, '../..');
const PRODUCT_FOLDERS = ['lib', 'stacks'];
// The rules name the types they judge (`Alb.tfResourceType`): they create nothing.
const JUDGES = path.join(repository, 'lib', 'guardrails');
const PROVIDER_MODULE = /^@cdktf\/provider-aws\/lib\/[a-z0-9-]+$/;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/**
 * Every Terraform type the product can synthesize: the provider classes lib/ and stacks/ import (read with the
 * TypeScript parser, not a regex), as each class's own `tfResourceType`; data sources as `data.<type>`. A type only
 * some option creates (WAF, subscriptions, interface endpoints) is in this list whether or not an example
 * environment turns the option on.
 */
export function productResourceTypes(): { resources: string[]; dataSources: string[] } {
  const modules = new Set<string>();
  for (const folder of PRODUCT_FOLDERS) {
    for (const file of sourceFiles(path.join(repository, folder)).filter((f) => !f.startsWith(JUDGES + path.sep))) {
      const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
      for (const statement of source.statements) {
        if (!ts.isImportDeclaration(statement) || statement.importClause?.isTypeOnly) continue;
        const name = (statement.moduleSpecifier as ts.StringLiteral).text;
        if (PROVIDER_MODULE.test(name)) modules.add(name);
      }
    }
  }
  const resources = new Set<string>();
  const dataSources = new Set<string>();
  for (const name of modules) {
    if (name.endsWith('/provider')) continue;
    const exported = require(name) as Record<string, unknown>;
    for (const value of Object.values(exported)) {
      const type = typeof value === 'function' ? (value as { tfResourceType?: unknown }).tfResourceType : undefined;
      if (typeof type !== 'string') continue;
      if (name.includes('/lib/data-aws-')) dataSources.add(`data.${type}`);
      else resources.add(type);
    }
  }
  return { resources: [...resources].sort(), dataSources: [...dataSources].sort() };
}
