package io.machineapi.apiserver.schema;

import java.util.List;

/**
 * What {@link CrdSchemaAdmission#admit} found. The object itself has already been pruned and defaulted in
 * place; the write must be rejected ({@code 422 Invalid}) when {@link #errors()} is not empty.
 *
 * @param errors       validation failures in kube-apiserver's order; empty when the object is valid
 * @param prunedFields paths of the unknown fields that pruning dropped ({@code spec.foo},
 *                     {@code spec.list[0].bar}), in document order
 */
public record AdmissionResult(List<FieldError> errors, List<String> prunedFields) {

  /** Makes the record immutable. */
  public AdmissionResult {
    errors = List.copyOf(errors);
    prunedFields = List.copyOf(prunedFields);
  }

  /** @return whether the object passed validation */
  public boolean valid() {
    return errors.isEmpty();
  }

  /**
   * @return the {@code Warning} header texts a real API server sends for dropped fields when field validation
   *         is {@code Warn} (its default): {@code unknown field "spec.foo"}
   */
  public List<String> unknownFieldWarnings() {
    return prunedFields.stream().map(path -> "unknown field \"" + path + "\"").toList();
  }
}
