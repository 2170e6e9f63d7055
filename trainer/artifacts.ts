import { ModelArtifactSchema, type ModelArtifact } from "../src/model";

/** R2 key of one model version: predictable, so a rerun overwrites it. */
export function artifactKey(
  locationId: string,
  metric: string,
  grain: string,
  version: number,
): string {
  return `models/${encodeURIComponent(locationId)}/${metric}/${grain}/v${version}.json`;
}

/** Writes an artifact to R2. */
export async function putArtifact(bucket: R2Bucket, key: string, model: ModelArtifact) {
  await bucket.put(key, JSON.stringify(model), {
    httpMetadata: { contentType: "application/json" },
  });
}

/** Reads and validates an artifact, or returns null when the key is absent. */
export async function getArtifact(bucket: R2Bucket, key: string): Promise<ModelArtifact | null> {
  const object = await bucket.get(key);
  if (!object) return null;
  return ModelArtifactSchema.parse(await object.json());
}
