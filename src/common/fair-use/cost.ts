// The cost of an operation, in points: before it runs (requested: every list as full as its page
// size `first`, or its declared size) and after (actual: the objects the answer holds).
//
// Costs are declared next to the fields with the directives Apollo Federation 2.9 composes into the
// supergraph, the same ones Apollo Router and Hive Gateway read for their demand control:
//   @cost(weight: 5)                       on a field (or an object type: every object of it)
//   @listSize(assumedSize: 16)             on a plain list of known size
//   @listSize(slicingArguments: ["first"], sizedFields: ["edges"])  on a connection
// and what is not declared follows the conventions:
//   - an object (an entity, an edge, a connection) costs 1; a scalar or enum 0; introspection 0;
//   - a root mutation field costs MUTATION_WEIGHT (10);
//   - a field with a `first` argument is a connection: its `edges` count `first` items
//     (DEFAULT_PAGE_SIZE when absent, at most MAX_PAGE_SIZE);
//   - any other list of objects counts DEFAULT_PAGE_SIZE items.
// A list costs its size × (the item's weight + the cost of the item's selection).
import {
  getDirectiveValues,
  getNamedType,
  getNullableType,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isAbstractType,
  isCompositeType,
  isListType,
  isObjectType,
  Kind,
  OperationTypeNode,
  parse,
  valueFromASTUntyped,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../connection';

const MUTATION_WEIGHT = 10;

interface ListSize {
  assumedSize?: number;
  slicingArguments?: string[];
  sizedFields?: string[];
}

/** The declared @cost and @listSize of a schema, by "Type.field" (and @cost of types, by name). */
export interface CostModel {
  fieldWeights: Map<string, number>;
  typeWeights: Map<string, number>;
  listSizes: Map<string, ListSize>;
  mutationType?: string;
}

const COST = /^(federation__)?cost$/;
const LIST_SIZE = /^(federation__)?listSize$/;

function directiveArgs(node: DirectiveNode): Record<string, unknown> {
  return Object.fromEntries((node.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)]));
}

/** Reads the declarations from SDL: a supergraph (the gateway's API schema drops them) or a subgraph. */
export function costModelFromSdl(sdl: string | DocumentNode): CostModel {
  const document = typeof sdl === 'string' ? parse(sdl) : sdl;
  const model: CostModel = { fieldWeights: new Map(), typeWeights: new Map(), listSizes: new Map() };
  for (const definition of document.definitions) {
    if (definition.kind === Kind.SCHEMA_DEFINITION || definition.kind === Kind.SCHEMA_EXTENSION) {
      const mutation = definition.operationTypes?.find((o) => o.operation === OperationTypeNode.MUTATION);
      if (mutation) model.mutationType = mutation.type.name.value;
    }
    if (!('fields' in definition) || definition.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION || definition.kind === Kind.INPUT_OBJECT_TYPE_EXTENSION) continue;
    const typeName = definition.name.value;
    for (const d of definition.directives ?? []) {
      if (COST.test(d.name.value)) model.typeWeights.set(typeName, Number(directiveArgs(d).weight));
    }
    for (const field of definition.fields ?? []) {
      const key = `${typeName}.${field.name.value}`;
      for (const d of field.directives ?? []) {
        if (COST.test(d.name.value)) model.fieldWeights.set(key, Number(directiveArgs(d).weight));
        if (LIST_SIZE.test(d.name.value)) model.listSizes.set(key, directiveArgs(d));
      }
    }
  }
  return model;
}

/** The declarations of a schema built from SDL (a subgraph's: its AST nodes keep the directives). */
export function costModelOfSchema(schema: GraphQLSchema): CostModel {
  const nodes = Object.values(schema.getTypeMap())
    .flatMap((t) => [t.astNode, ...(t.extensionASTNodes ?? [])])
    .filter((n) => n !== undefined && n !== null);
  const model = costModelFromSdl({ kind: Kind.DOCUMENT, definitions: nodes });
  model.mutationType = schema.getMutationType()?.name;
  return model;
}

export interface CostInput {
  schema: GraphQLSchema;
  model: CostModel;
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown>;
}

interface Walk {
  schema: GraphQLSchema;
  model: CostModel;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  /** Whether the walk reads an answer (actual) or assumes every list full (requested). */
  actual: boolean;
  /** An answer's walk: each selection's fields, resolved once per type and typename (not once per object). */
  plans: Map<SelectionSetNode, Map<string, PlannedField[]>>;
}

interface PlannedField {
  key: string;
  weight: number;
  named: GraphQLNamedType;
  children: SelectionSetNode;
}

interface Collected {
  owner: GraphQLCompositeType;
  name: string;
  nodes: FieldNode[];
}

function included(walk: Walk, node: { directives?: readonly DirectiveNode[] }): boolean {
  if (!node.directives?.length) return true;
  if (getDirectiveValues(GraphQLSkipDirective, node, walk.variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, walk.variables)?.if !== false;
}

/** The fields of a selection by response key (fragments merged), each with the type it is selected on. */
function collect(
  walk: Walk,
  type: GraphQLCompositeType,
  selectionSet: SelectionSetNode,
  typename: unknown,
  into = new Map<string, Collected>(),
): Map<string, Collected> {
  for (const selection of selectionSet.selections) {
    if (!included(walk, selection)) continue;
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      const known = into.get(key);
      if (known) known.nodes.push(selection);
      else into.set(key, { owner: type, name: selection.name.value, nodes: [selection] });
      continue;
    }
    const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : walk.fragments[selection.name.value];
    if (!fragment) continue;
    const condition = fragment.typeCondition ? walk.schema.getType(fragment.typeCondition.name.value) : type;
    if (!condition || !isCompositeType(condition)) continue;
    // In an answer, a fragment on another concrete type than the object's does not apply.
    if (walk.actual && typeof typename === 'string' && isObjectType(condition) && condition.name !== typename) continue;
    collect(walk, condition, fragment.selectionSet, typename, into);
  }
  return into;
}

function fieldOf(owner: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  return 'getFields' in owner ? owner.getFields()[name] : undefined;
}

function weightOf(walk: Walk, owner: GraphQLCompositeType, field: GraphQLField<unknown, unknown>): number {
  const declared = walk.model.fieldWeights.get(`${owner.name}.${field.name}`);
  if (declared !== undefined) return declared;
  if (owner.name === walk.model.mutationType) return MUTATION_WEIGHT;
  const named = getNamedType(field.type);
  if (!isCompositeType(named)) return 0;
  return walk.model.typeWeights.get(named.name) ?? 1;
}

/** An argument's value as sent (a literal or a variable), else its default. */
function argumentValue(walk: Walk, field: GraphQLField<unknown, unknown>, node: FieldNode, name: string): unknown {
  const given = node.arguments?.find((a) => a.name.value === name);
  if (given) return valueFromASTUntyped(given.value, walk.variables);
  return field.args.find((a) => a.name === name)?.defaultValue;
}

/** How many items a list field (or the sized fields of a connection) is assumed to hold. */
function sizeOf(
  walk: Walk,
  owner: GraphQLCompositeType,
  field: GraphQLField<unknown, unknown>,
  node: FieldNode,
): { size: number; sizedFields?: string[] } | undefined {
  const declared = walk.model.listSizes.get(`${owner.name}.${field.name}`);
  const slicing = declared?.slicingArguments ?? (field.args.some((a) => a.name === 'first') ? ['first'] : undefined);
  if (!declared && !slicing && !isListType(getNullableType(field.type))) return undefined;
  let size = declared?.assumedSize ?? DEFAULT_PAGE_SIZE;
  if (slicing) {
    const given = slicing.map((s) => argumentValue(walk, field, node, s)).filter((v): v is number => typeof v === 'number');
    if (given.length > 0) size = Math.min(Math.max(...given, 0), MAX_PAGE_SIZE);
  }
  const sizedFields = declared?.sizedFields ?? (isListType(getNullableType(field.type)) ? undefined : ['edges']);
  return { size, sizedFields };
}

/** Requested cost of a selection on `type`; `sized` carries a connection's size to its `edges`. */
function requested(walk: Walk, type: GraphQLCompositeType, selectionSet: SelectionSetNode, sized?: { size: number; fields: string[] }): number {
  let total = 0;
  for (const { owner, name, nodes } of collect(walk, type, selectionSet, undefined).values()) {
    if (name.startsWith('__')) continue;
    const field = fieldOf(owner, name);
    if (!field) continue;
    const weight = weightOf(walk, owner, field);
    const named = getNamedType(field.type);
    const list = sizeOf(walk, owner, field, nodes[0]);
    const hint = list?.sizedFields && !isListType(getNullableType(field.type)) ? { size: list.size, fields: list.sizedFields } : undefined;
    const child = isCompositeType(named) ? requested(walk, named, merged(nodes), hint) : 0;
    const items = sized?.fields.includes(name) ? sized.size : isListType(getNullableType(field.type)) ? (list?.size ?? DEFAULT_PAGE_SIZE) : 1;
    total += items * (weight + child);
  }
  return total;
}

function merged(nodes: FieldNode[]): SelectionSetNode {
  const selections = nodes.flatMap((n) => n.selectionSet?.selections ?? []);
  return { kind: Kind.SELECTION_SET, selections };
}

/** The fields of `selectionSet` on `type` (an object of `typename`) with their weights, computed once per walk. */
function planOf(walk: Walk, type: GraphQLCompositeType, selectionSet: SelectionSetNode, typename: unknown): PlannedField[] {
  let byType = walk.plans.get(selectionSet);
  if (!byType) walk.plans.set(selectionSet, (byType = new Map<string, PlannedField[]>()));
  const key = `${type.name}\0${typeof typename === 'string' ? typename : ''}`;
  let plan = byType.get(key);
  if (plan) return plan;
  plan = [];
  for (const [responseKey, { owner, name, nodes }] of collect(walk, type, selectionSet, typename)) {
    if (name.startsWith('__')) continue;
    const field = fieldOf(owner, name);
    if (!field) continue;
    plan.push({ key: responseKey, weight: weightOf(walk, owner, field), named: getNamedType(field.type), children: merged(nodes) });
  }
  byType.set(key, plan);
  return plan;
}

/** Actual cost: what the answer holds, by the same weights. */
function actual(walk: Walk, type: GraphQLCompositeType, selectionSet: SelectionSetNode, value: Record<string, unknown>): number {
  let total = 0;
  for (const { key, weight, named, children } of planOf(walk, type, selectionSet, value.__typename)) {
    const found = value[key];
    if (found === undefined || found === null) continue;
    const items = Array.isArray(found) ? (found as unknown[]).flat(Infinity) : [found];
    for (const item of items) {
      if (item === null) continue;
      total += weight;
      if (isCompositeType(named) && typeof item === 'object') {
        const itemType =
          isAbstractType(named) && typeof (item as { __typename?: unknown }).__typename === 'string'
            ? walk.schema.getType((item as { __typename: string }).__typename)
            : named;
        total += actual(walk, isCompositeType(itemType) ? itemType : named, children, item as Record<string, unknown>);
      }
    }
  }
  return total;
}

function start(input: CostInput, isActual: boolean): { walk: Walk; operation: OperationDefinitionNode; root: GraphQLCompositeType } | undefined {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  const operations: OperationDefinitionNode[] = [];
  for (const d of input.document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
    if (d.kind === Kind.OPERATION_DEFINITION) operations.push(d);
  }
  const operation = input.operationName ? operations.find((o) => o.name?.value === input.operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) return undefined;
  const root = input.schema.getRootType(operation.operation);
  if (!root) return undefined;
  // Variables as sent, with the operation's defaults for those absent.
  const variables: Record<string, unknown> = {};
  for (const v of operation.variableDefinitions ?? []) {
    const name = v.variable.name.value;
    if (input.variables && name in input.variables) variables[name] = input.variables[name];
    else if (v.defaultValue) variables[name] = valueFromASTUntyped(v.defaultValue);
  }
  return { walk: { schema: input.schema, model: input.model, fragments, variables, actual: isActual, plans: new Map() }, operation, root };
}

/** The cost before execution; undefined when the operation cannot be chosen or its arguments do not coerce. */
export function requestedCost(input: CostInput): number | undefined {
  const begun = start(input, false);
  if (!begun) return undefined;
  try {
    return requested(begun.walk, begun.root, begun.operation.selectionSet);
  } catch {
    return undefined;
  }
}

/** The cost of an answer's data (0 without data). */
export function actualCost(input: CostInput, data: Record<string, unknown> | null | undefined): number {
  const begun = start(input, true);
  if (!begun || !data) return 0;
  try {
    return actual(begun.walk, begun.root, begun.operation.selectionSet, data);
  } catch {
    return 0;
  }
}
