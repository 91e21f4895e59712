/**
 * What the API server does with a custom resource before checking it, and the list types it checks
 * beside the schema: walks of the CRD's structural schema.
 */
import { at, isObject, Json, list } from '../objects';
import { DefaultingChange, SchemaFinding } from '../schema';

/** The schema of each child of `value`: [key, child value, child schema]. */
function childSchemas(value: unknown, schema: Json): [string | number, unknown, Json][] {
  if (Array.isArray(value)) return isObject(schema.items) ? value.map((item, i) => [i, item, schema.items]) : [];
  if (!isObject(value)) return [];
  const children: [string | number, unknown, Json][] = [];
  for (const [key, child] of Object.entries(value)) {
    const childSchema = isObject(schema.properties?.[key])
      ? schema.properties[key]
      : isObject(schema.additionalProperties) ? schema.additionalProperties : undefined;
    if (childSchema) children.push([key, child, childSchema]);
  }
  return children;
}

/** A copy of `manifest` as the API server stores it under `schema`: see applyDefaults. */
export function withDefaults(manifest: Json, schema: Json): Json {
  const copy = JSON.parse(JSON.stringify(manifest));
  applyDefaults(copy, schema);
  return copy;
}

/**
 * Where defaulting changed an object: each field it added (the outermost one: a defaulted `matches`
 * list, not the path inside it) and each null it dropped or defaulted, as `path` and the stored value.
 */
export function defaultingChanges(sent: unknown, stored: unknown, fieldPath: string): DefaultingChange[] {
  if (Array.isArray(sent) && Array.isArray(stored)) {
    return sent.flatMap((item, i) => defaultingChanges(item, stored[i], at(fieldPath, i)));
  }
  if (!isObject(sent) || !isObject(stored)) return [];
  const changes: DefaultingChange[] = [];
  for (const key of new Set([...Object.keys(sent), ...Object.keys(stored)])) {
    const childPath = at(fieldPath, key);
    if (sent[key] === undefined && stored[key] !== undefined) changes.push({ path: childPath, sent: undefined, stored: stored[key] });
    else if (sent[key] === null && stored[key] !== null) changes.push({ path: childPath, sent: null, stored: stored[key] });
    else changes.push(...defaultingChanges(sent[key], stored[key], childPath));
  }
  return changes;
}

/** Drops nulls of non-nullable fields, then fills in `default`s, from the root down. */
export function applyDefaults(value: unknown, schema: Json): void {
  if (isObject(value) && isObject(schema.properties)) {
    for (const [key, property] of Object.entries<any>(schema.properties)) {
      if (value[key] === null && property?.nullable !== true) delete value[key];
      if (value[key] === undefined && property?.default !== undefined) value[key] = JSON.parse(JSON.stringify(property.default));
    }
  }
  for (const [, child, childSchema] of childSchemas(value, schema)) applyDefaults(child, childSchema);
}

/** Lists typed `map` must not repeat a key, lists typed `set` must not repeat an item. */
export function checkListTypes(value: unknown, schema: Json, fieldPath: string, findings: SchemaFinding[]): void {
  const listType = schema['x-kubernetes-list-type'];
  if (Array.isArray(value) && (listType === 'map' || listType === 'set')) {
    const keys = list(schema['x-kubernetes-list-map-keys']).map(String);
    const firstIndex = new Map<string, number>();
    value.forEach((item, i) => {
      const identity = listType === 'map'
        ? JSON.stringify(keys.map((k) => (isObject(item) ? item[k] : undefined)))
        : JSON.stringify(item);
      const earlier = firstIndex.get(identity);
      if (earlier === undefined) {
        firstIndex.set(identity, i);
        return;
      }
      const what = listType === 'map' ? `the same ${keys.join(' and ')} as` : 'a duplicate of';
      findings.push({ path: at(fieldPath, i), message: `is ${what} item ${earlier} (x-kubernetes-list-type: ${listType})`, unknownField: false });
    });
  }
  for (const [key, child, childSchema] of childSchemas(value, schema)) checkListTypes(child, childSchema, at(fieldPath, key), findings);
}
