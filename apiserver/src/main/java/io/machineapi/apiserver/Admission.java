package io.machineapi.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Validates, defaults and prunes an object before it is stored; throws {@link ApiException} (422) when invalid.
 * Implementations must leave objects of types they do not know unchanged.
 */
interface Admission {

  /**
   * @param type the object's resource type
   * @param object the object about to be stored (may be modified in place)
   * @return the object to store
   */
  ObjectNode admit(ResourceType type, ObjectNode object);

  /**
   * Drops the fields of {@code object} that admission would prune as unknown.
   *
   * @param type the object's resource type
   * @param object the object, modified in place
   * @return the paths of the dropped fields, sorted ({@code spec.foo}, {@code spec.list[0].bar})
   */
  default List<String> pruneUnknownFields(ResourceType type, ObjectNode object) {
    return List.of();
  }

  /**
   * Prunes and defaults {@code object} without validating it: what decoding does, before mutating admission.
   *
   * @param type the object's resource type
   * @param object the object, modified in place
   * @return {@code object}
   */
  default ObjectNode defaulted(ResourceType type, ObjectNode object) {
    return object;
  }

  /** Admits everything unchanged. */
  Admission NONE = (type, object) -> object;
}
