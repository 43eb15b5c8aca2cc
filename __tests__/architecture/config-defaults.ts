import * as path from 'path';
import ts from 'typescript';

/**
 * Finds `??` defaults of configuration-fed values outside lib/config (docs/architecture.md, "Defaults live
 * once"), with the TypeScript compiler's type checker rather than a regular expression, so a default is
 * found whatever the variable is called:
 *
 * - a `??` in `stacks/` at all: stacks map the resolved model to constructs and compute nothing;
 * - a `??` whose left side reads a property of a configuration type (declared in `lib/config/`), anywhere:
 *   `config.state.region ?? config.account.region` is a derived value the resolved model holds;
 * - in a construct folder, a `??` whose left side reads a property (of props or of a value passed in) named
 *   like a key of the environment schema: the value comes from that key, which the schema or the resolved
 *   model already defaulted, so the construct would restate the default.
 *
 * A construct-own default whose property shares a name with a config key (no config key feeds it) is
 * listed by the caller, by `Owner.property`, with the reason.
 */
export interface ConfigDefault {
  /** `file:line`, relative to the root. */
  readonly at: string;
  /** `Interface.property` of the value defaulted, or the expression in a stack. */
  readonly value: string;
}

export function findConfigDefaults(root: string, rootFiles: readonly string[], constructFolders: readonly string[]): ConfigDefault[] {
  // The project's compiler options (lib, strictness), without the test types and the build cache.
  const { config } = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config ?? {}, ts.sys, root);
  const program = ts.createProgram(
    rootFiles.map((f) => path.join(root, f)),
    { ...options, types: ['node'], incremental: false, tsBuildInfoFile: undefined },
  );
  const checker = program.getTypeChecker();
  const relative = (file: string) => path.relative(root, file).split(path.sep).join('/');
  const inConfig = (file: string) => relative(file).startsWith('lib/config/');
  const schemaKeys = new Set<string>();
  for (const source of program.getSourceFiles()) {
    if (!inConfig(source.fileName) || !/-schema\.ts$/.test(source.fileName)) continue;
    const visit = (node: ts.Node): void => {
      // The keys of every `z.object({...})` / `z.strictObject({...})` and every `...Shape` literal of the schema.
      const literal =
        ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && /^(strictObject|object|looseObject)$/.test(node.expression.name.text)
          ? node.arguments[0]
          : ts.isVariableDeclaration(node) && /Shape$/.test(node.name.getText())
            ? node.initializer
            : undefined;
      if (literal && ts.isObjectLiteralExpression(literal)) {
        for (const property of literal.properties) if (property.name && ts.isIdentifier(property.name)) schemaKeys.add(property.name.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }

  const found: ConfigDefault[] = [];
  for (const source of program.getSourceFiles()) {
    const file = relative(source.fileName);
    if (file.startsWith('..') || file.startsWith('node_modules/') || inConfig(source.fileName) || !rootFiles.includes(file)) continue;
    const inStacks = file.startsWith('stacks/');
    const inConstructs = constructFolders.some((folder) => file.startsWith(`lib/${folder}/`));
    const visit = (node: ts.Node): void => {
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) {
        const at = `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
        const value = defaultedProperty(node.left);
        if (inStacks) found.push({ at, value: node.left.getText().replace(/\s+/g, ' ') });
        else if (value) {
          const [owner, name, declaredIn] = value;
          if (inConfig(declaredIn) || (inConstructs && schemaKeys.has(name))) found.push({ at, value: `${owner}.${name}` });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;

  function defaultedProperty(expression: ts.Expression): [string, string, string] | undefined {
    let e = expression;
    while (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e)) e = e.expression;
    if (!ts.isPropertyAccessExpression(e)) return undefined;
    const declaration = checker.getSymbolAtLocation(e.name)?.declarations?.[0];
    if (!declaration || !(ts.isPropertySignature(declaration) || ts.isPropertyAssignment(declaration) || ts.isPropertyDeclaration(declaration))) return undefined;
    const declaredIn = declaration.getSourceFile().fileName;
    if (relative(declaredIn).startsWith('node_modules/')) return undefined;
    return [ownerName(declaration), e.name.text, declaredIn];
  }

  /** The interface, class or type alias a property is declared in; else its file. */
  function ownerName(declaration: ts.Node): string {
    for (let node: ts.Node | undefined = declaration.parent; node; node = node.parent) {
      if ((ts.isInterfaceDeclaration(node) || ts.isClassDeclaration(node) || ts.isTypeAliasDeclaration(node)) && node.name) return node.name.text;
    }
    return relative(declaration.getSourceFile().fileName);
  }
}
