package io.machineapi.crds;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the generated CRDs carry besides validation, so {@code kubectl explain} and OpenShift parity hold. */
class CrdFixupsTest {
  private static final List<CustomResourceDefinition> CRDS = CustomResourceDefinitions.all();

  @Test
  void everyPropertyOfEveryKindIsDescribedAndEveryKindHasItsListKind() {
    List<String> undescribed = new ArrayList<>();
    for (CustomResourceDefinition crd : CRDS) {
      String kind = crd.getSpec().getNames().getKind();
      assertThat(crd.getSpec().getNames().getListKind()).isEqualTo(kind + "List");
      collectUndescribed(kind, schema(kind), undescribed);
    }
    assertThat(undescribed).isEmpty();
  }

  @Test
  void listsAreTypedAndKubernetesTypesHaveTheirRequiredFields() {
    JSONSchemaProps spec = schema("Machine").getProperties().get("spec");
    JSONSchemaProps status = schema("Machine").getProperties().get("status");
    JSONSchemaProps preDrain = spec.getProperties().get("lifecycleHooks").getProperties().get("preDrain");

    assertThat(preDrain.getXKubernetesListType()).isEqualTo("map");
    assertThat(preDrain.getXKubernetesListMapKeys()).containsExactly("name");
    assertThat(status.getProperties().get("conditions").getXKubernetesListMapKeys()).containsExactly("type");
    assertThat(spec.getProperties().get("taints").getXKubernetesListType()).isEqualTo("atomic");
    assertThat(spec.getProperties().get("taints").getItems().getSchema().getRequired())
        .containsExactly("effect", "key");
    assertThat(status.getProperties().get("lastUpdated").getFormat()).isEqualTo("date-time");
    assertThat(status.getProperties().get("nodeRef").getXKubernetesMapType()).isEqualTo("atomic");
    JSONSchemaProps selector = schema("MachineSet").getProperties().get("spec").getProperties().get("selector");
    assertThat(selector.getProperties().get("matchExpressions").getItems().getSchema().getRequired())
        .containsExactly("key", "operator");
    assertThat(schema("MachineSet").getProperties().get("spec").getProperties().get("replicas").getFormat())
        .isEqualTo("int32");
  }

  @Test
  void unhealthyConditionsRequireNoFieldAsInOpenShift() {
    JSONSchemaProps conditions = schema("MachineHealthCheck").getProperties().get("spec").getProperties()
        .get("unhealthyConditions");

    assertThat(conditions.getItems().getSchema().getRequired()).isNullOrEmpty();
    assertThat(conditions.getMinItems()).isEqualTo(1L);
  }

  private static void collectUndescribed(String path, JSONSchemaProps schema, List<String> out) {
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      collectUndescribed(path + "[]", schema.getItems().getSchema(), out);
    }
    if (schema.getProperties() == null) {
      return;
    }
    for (Map.Entry<String, JSONSchemaProps> property : schema.getProperties().entrySet()) {
      String child = path + "." + property.getKey();
      if (property.getValue().getDescription() == null || property.getValue().getDescription().isBlank()) {
        out.add(child);
      }
      collectUndescribed(child, property.getValue(), out);
    }
  }

  private static JSONSchemaProps schema(String kind) {
    return CRDS.stream().filter(c -> c.getSpec().getNames().getKind().equals(kind)).findFirst().orElseThrow()
        .getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
  }
}
