package io.machineapi.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.machineapi.apiserver.schema.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectMetaValidationTest {

  static final String SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
      + "characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex "
      + "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
  static final String LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or "
      + "'-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for "
      + "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
  static final String NAME_PART_MSG = "name part must consist of alphanumeric characters, '-', '_' or '.', and must "
      + "start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
      + "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
  static final String LABEL_VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric characters, "
      + "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or "
      + "'12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

  private static List<String> create(String kind, String metadataJson) {
    return ObjectMetaValidation.validateCreate(kind, Store.parse(metadataJson)).stream().map(FieldError::message)
        .toList();
  }

  @Test
  void underscoreInNameIsInvalidSubdomain() {
    assertThat(create("MachineSet", "{\"name\":\"infra-worker_Zone\"}"))
        .containsExactly("metadata.name: Invalid value: \"infra-worker_Zone\": " + SUBDOMAIN_MSG);
    assertThat(create("MachineSet", "{\"name\":\"infra-worker.eu-west-1a\"}")).isEmpty();
  }

  @Test
  void subdomainIsAtMost253Characters() {
    String name = "a".repeat(254);
    assertThat(create("ConfigMap", "{\"name\":\"" + name + "\"}"))
        .containsExactly("metadata.name: Invalid value: \"" + name + "\": must be no more than 253 characters");
    assertThat(create("ConfigMap", "{\"name\":\"" + "a".repeat(253) + "\"}")).isEmpty();
  }

  @Test
  void namespaceNameIsLabel() {
    assertThat(create("Namespace", "{\"name\":\"a.b\"}"))
        .containsExactly("metadata.name: Invalid value: \"a.b\": " + LABEL_MSG);
    String name = "a".repeat(64);
    assertThat(create("Namespace", "{\"name\":\"" + name + "\"}"))
        .containsExactly("metadata.name: Invalid value: \"" + name + "\": must be no more than 63 characters");
    assertThat(create("Namespace", "{\"name\":\"team-a\"}")).isEmpty();
  }

  @Test
  void rbacNamesArePathSegments() {
    assertThat(create("ClusterRole", "{\"name\":\"system:controller:x\"}")).isEmpty();
    assertThat(create("ClusterRole", "{\"name\":\"a/b\"}"))
        .containsExactly("metadata.name: Invalid value: \"a/b\": may not contain '/'");
  }

  @Test
  void generateNamePrefixMayEndInDashButIsCheckedOtherwise() {
    assertThat(create("Pod", "{\"generateName\":\"web-\",\"name\":\"web-x7k2p\"}")).isEmpty();
    assertThat(create("Pod", "{\"generateName\":\"Web_-\",\"name\":\"Web_-x7k2p\"}")).containsExactly(
        "metadata.generateName: Invalid value: \"Web_-\": " + SUBDOMAIN_MSG,
        "metadata.name: Invalid value: \"Web_-x7k2p\": " + SUBDOMAIN_MSG);
    assertThat(create("Pod", "{}"))
        .containsExactly("metadata.name: Required value: name or generateName is required");
  }

  @Test
  void labelKeysAndValues() {
    assertThat(create("Pod", "{\"name\":\"p\",\"labels\":{\"example.com/zone\":\"eu-1\",\"empty\":\"\"}}")).isEmpty();
    assertThat(create("Pod", "{\"name\":\"p\",\"labels\":{\"bad key\":\"ok\"}}"))
        .containsExactly("metadata.labels: Invalid value: \"bad key\": " + NAME_PART_MSG);
    assertThat(create("Pod", "{\"name\":\"p\",\"labels\":{\"Example.com/k\":\"ok\"}}"))
        .containsExactly("metadata.labels: Invalid value: \"Example.com/k\": prefix part " + SUBDOMAIN_MSG);
    assertThat(create("Pod", "{\"name\":\"p\",\"labels\":{\"/k\":\"ok\"}}"))
        .containsExactly("metadata.labels: Invalid value: \"/k\": prefix part must be non-empty");
    assertThat(create("Pod", "{\"name\":\"p\",\"labels\":{\"a/b/c\":\"ok\"}}")).containsExactly(
        "metadata.labels: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', "
            + "'_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or "
            + "'123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an "
            + "optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
    String longName = "k".repeat(64);
    assertThat(create("Pod", "{\"name\":\"p\",\"labels\":{\"" + longName + "\":\"ok\"}}")).containsExactly(
        "metadata.labels: Invalid value: \"" + longName + "\": name part must be no more than 63 characters");
    assertThat(create("Pod", "{\"name\":\"p\",\"labels\":{\"k\":\"-v\"}}"))
        .containsExactly("metadata.labels: Invalid value: \"-v\": " + LABEL_VALUE_MSG);
    String longValue = "v".repeat(64);
    assertThat(create("Pod", "{\"name\":\"p\",\"labels\":{\"k\":\"" + longValue + "\"}}")).containsExactly(
        "metadata.labels: Invalid value: \"" + longValue + "\": must be no more than 63 characters");
  }

  @Test
  void annotationKeysIgnoreCaseAndTotalSizeIsLimited() {
    assertThat(create("Pod", "{\"name\":\"p\",\"annotations\":{\"Example.COM/Note\":\"x y z\"}}")).isEmpty();
    assertThat(create("Pod", "{\"name\":\"p\",\"annotations\":{\"no te\":\"x\"}}"))
        .containsExactly("metadata.annotations: Invalid value: \"no te\": " + NAME_PART_MSG);
    String justFits = "v".repeat(262144 - 1);
    assertThat(create("Pod", "{\"name\":\"p\",\"annotations\":{\"k\":\"" + justFits + "\"}}")).isEmpty();
    List<FieldError> errors = ObjectMetaValidation.validateCreate("Pod",
        Store.parse("{\"name\":\"p\",\"annotations\":{\"k\":\"" + justFits + "v\"}}"));
    assertThat(errors).extracting(FieldError::message)
        .containsExactly("metadata.annotations: Too long: must have at most 262144 bytes");
    assertThat(errors.get(0).type()).isEqualTo(FieldError.FIELD_VALUE_TOO_LONG);
  }

  @Test
  void updateChecksLabelsAndAnnotationsOnly() {
    JsonNode metadata = Store.parse("{\"name\":\"Bad_Name\",\"labels\":{\"k\":\"v_\"}}");
    assertThat(ObjectMetaValidation.validateUpdate(metadata)).extracting(FieldError::message)
        .containsExactly("metadata.labels: Invalid value: \"v_\": " + LABEL_VALUE_MSG);
  }
}
