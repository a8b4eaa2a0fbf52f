// Builds an Apollo Federation 2 subgraph schema from type-graphql resolvers: type-graphql builds
// the schema (with @key/@shareable from @Directive), @apollo/subgraph adds _service/_entities.
import { buildSubgraphSchema } from '@apollo/subgraph';
// 2.14 (the last @apollo/subgraph that supports Node 20) exports the type from its schema helper only.
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { isObjectType, parse, type GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap, type NonEmptyArray } from 'type-graphql';
import { permissionChecker } from './permissions';
import { validateInput } from './validation';

// v2.9: @cost and @listSize declare each field's cost (common/fair-use/cost.ts); composition keeps them in the supergraph.
const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable", "@external", "@requires", "@cost", "@listSize"])';

export async function buildFederatedSchema(
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: NonEmptyArray<Function>,
  referenceResolvers: GraphQLResolverMap<unknown>,
  // Entity types no field returns (a subgraph that only adds fields to another's entity).
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  orphanedTypes: Function[] = [],
): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    ...(orphanedTypes.length ? { orphanedTypes } : {}),
    validateFn: validateInput,
    // Every declared permission (common/permissions.ts) is enforced here, before the resolver runs.
    authChecker: permissionChecker,
    skipCheck: true,
    emitSchemaFile: false,
  });
  const typeDefs = parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`);
  // type-graphql's and Apollo's resolver map types describe the same runtime shape.
  const resolverMap = createResolversMap(schema) as unknown as GraphQLResolverMap<unknown>;
  for (const [typeName, fields] of Object.entries(referenceResolvers)) {
    resolverMap[typeName] = { ...(resolverMap[typeName] as object), ...(fields as object) };
  }
  const subgraph = buildSubgraphSchema([{ typeDefs, resolvers: resolverMap }]);
  copyDeclarations(schema, subgraph);
  return subgraph;
}

/** Field extensions the schema is checked against: permissions.ts, transaction.ts. */
const DECLARATIONS = ['permission', 'transaction'] as const;

/** The SDL round trip drops field extensions: carry the declarations over, so the served schema can be checked. */
function copyDeclarations(from: GraphQLSchema, to: GraphQLSchema): void {
  for (const type of Object.values(from.getTypeMap())) {
    const target = to.getType(type.name);
    if (!isObjectType(type) || !isObjectType(target)) continue;
    const targetFields = target.getFields();
    for (const [name, field] of Object.entries(type.getFields())) {
      const declared = Object.fromEntries(DECLARATIONS.filter((key) => field.extensions[key] !== undefined).map((key) => [key, field.extensions[key]]));
      if (Object.keys(declared).length && targetFields[name]) {
        Object.assign(targetFields[name], { extensions: { ...targetFields[name].extensions, ...declared } });
      }
    }
  }
}
