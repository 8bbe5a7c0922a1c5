/**
 * Field selectors with Kubernetes' syntax, semantics and error messages: {@link
 * io.machineapi.apiserver.selector.FieldSelectors} (dotted-path matching on JSON objects). Label selectors live in
 * {@code io.machineapi.selector} of the api module, shared with the controllers, the autoscaler and the
 * provider SPI.
 */
package io.machineapi.apiserver.selector;
