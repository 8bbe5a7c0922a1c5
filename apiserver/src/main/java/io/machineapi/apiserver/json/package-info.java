/**
 * Pure JSON patch algorithms of the embedded API server: RFC 7386 merge patch ({@link
 * io.machineapi.apiserver.json.JsonMergePatch}) and Kubernetes strategic merge patch for built-in kinds ({@link
 * io.machineapi.apiserver.json.StrategicMergePatch}). No HTTP and no store: callers pass the stored object and the
 * patch and get a new document or a {@link io.machineapi.apiserver.json.PatchException} carrying Kubernetes'
 * status code.
 */
package io.machineapi.apiserver.json;
