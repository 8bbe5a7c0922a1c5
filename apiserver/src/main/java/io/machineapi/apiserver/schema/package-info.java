/**
 * Custom resource schema admission as kube-apiserver does it: structural pruning, defaulting and OpenAPI v3
 * validation with Kubernetes-worded field errors. Entry point: {@link
 * io.machineapi.apiserver.schema.CrdSchemaAdmission}; results are {@link
 * io.machineapi.apiserver.schema.AdmissionResult} and {@link io.machineapi.apiserver.schema.FieldError}.
 */
package io.machineapi.apiserver.schema;
