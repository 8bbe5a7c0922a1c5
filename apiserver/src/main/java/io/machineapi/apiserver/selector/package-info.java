/**
 * Label and field selectors with Kubernetes' syntax, semantics and error messages: {@link
 * io.machineapi.apiserver.selector.LabelSelectors} (string syntax and structured {@code LabelSelector}, canonical
 * formatting) and {@link io.machineapi.apiserver.selector.FieldSelectors} (dotted-path matching on JSON objects).
 */
package io.machineapi.apiserver.selector;
