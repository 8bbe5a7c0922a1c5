package io.machineapi.apiserver.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CrdSchemaAdmissionTest {

  private static CustomResourceDefinition crd;
  private final CrdSchemaAdmission admission = new CrdSchemaAdmission();

  @BeforeAll
  static void loadCrd() throws IOException {
    try (InputStream yaml = CrdSchemaAdmissionTest.class.getResourceAsStream("/schema/machinesets-crd.yaml")) {
      crd = Serialization.unmarshal(yaml, CustomResourceDefinition.class);
    }
  }

  static ObjectNode json(String singleQuoted) {
    try {
      return (ObjectNode) Serialization.jsonMapper().readTree(singleQuoted.replace('\'', '"'));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(singleQuoted, e);
    }
  }

  /** A valid MachineSet with the given spec fields merged in. */
  static ObjectNode machineSet(String extraSpecFields) {
    return json("""
        {'apiVersion':'machine.openshift.io/v1beta1','kind':'MachineSet',
        'metadata':{'name':'workers','namespace':'openshift-machine-api'},
        'spec':{'selector':{'matchLabels':{'set':'workers'}}%s}}""".formatted(
        extraSpecFields.isEmpty() ? "" : "," + extraSpecFields));
  }

  private AdmissionResult admit(ObjectNode object) {
    return admission.admit(crd, "v1beta1", object);
  }

  private List<String> errorsOf(ObjectNode object) {
    return admit(object).errors().stream().map(FieldError::message).toList();
  }

  @Nested
  class Defaulting {

    @Test
    void fillsAbsentFieldsAndNestedDefaultsOfDefaultedObjects() {
      ObjectNode machineSet = machineSet("");
      AdmissionResult result = admit(machineSet);

      assertThat(result.valid()).isTrue();
      assertThat(machineSet.at("/spec/replicas").asInt()).isEqualTo(1);
      assertThat(machineSet.at("/spec/strategy")).isEqualTo(json("{'type':'Rolling','rolling':{'maxSurge':1}}"));
    }

    @Test
    void appliesOnlyWhereTheParentObjectExists() {
      ObjectNode machineSet = machineSet("");
      admit(machineSet);
      assertThat(machineSet.has("status")).isFalse();
      assertThat(machineSet.at("/spec/lifecycleHooks").isMissingNode()).isTrue();

      ObjectNode withStatus = machineSet("");
      withStatus.putObject("status");
      admit(withStatus);
      assertThat(withStatus.get("status")).isEqualTo(json("{'readyReplicas':0}"));
    }

    @Test
    void keepsGivenValuesAndDefaultsInsideGivenObjects() {
      ObjectNode machineSet = machineSet("'replicas':0,'strategy':{'type':'Recreate','rolling':{'maxUnavailable':2}}");
      admit(machineSet);
      assertThat(machineSet.at("/spec/replicas").asInt()).isZero();
      assertThat(machineSet.at("/spec/strategy"))
          .isEqualTo(json("{'type':'Recreate','rolling':{'maxUnavailable':2,'maxSurge':1}}"));
    }

    @Test
    void nullsAreDefaultedDroppedOrKeptByNullability() {
      ObjectNode machineSet = machineSet("'replicas':null,'minReadySeconds':null,'pausedUntil':null,'description':null");
      AdmissionResult result = admit(machineSet);

      assertThat(result.errors()).isEmpty();
      assertThat(machineSet.at("/spec/replicas").asInt()).isEqualTo(1);
      assertThat(machineSet.get("spec").has("minReadySeconds")).isFalse();
      assertThat(machineSet.at("/spec/pausedUntil").isNull()).isTrue();
      assertThat(machineSet.at("/spec/description").isNull()).isTrue();
    }
  }

  @Nested
  class Pruning {

    @Test
    void dropsUnknownFieldsAndReportsThem() {
      ObjectNode machineSet = machineSet("""
          'foo':1,'selector':{'matchLabels':{'set':'workers'},
                    'matchExpressions':[{'key':'a','operator':'Exists','extra':true}]}""");
      machineSet.put("topLevel", "x");
      AdmissionResult result = admit(machineSet);

      assertThat(result.prunedFields())
          .containsExactlyInAnyOrder("spec.foo", "spec.selector.matchExpressions[0].extra", "topLevel");
      assertThat(result.unknownFieldWarnings()).contains("unknown field \"spec.foo\"");
      assertThat(machineSet.has("topLevel")).isFalse();
      assertThat(machineSet.get("spec").has("foo")).isFalse();
      assertThat(machineSet.at("/spec/selector/matchExpressions/0"))
          .isEqualTo(json("{'key':'a','operator':'Exists'}"));
    }

    @Test
    void neverPrunesTheRootMetaFields() {
      ObjectNode machineSet = machineSet("");
      ((ObjectNode) machineSet.get("metadata")).put("madeUp", "kept").putObject("annotations").put("a", "b");
      admit(machineSet);
      assertThat(machineSet.get("apiVersion").asText()).isEqualTo("machine.openshift.io/v1beta1");
      assertThat(machineSet.get("kind").asText()).isEqualTo("MachineSet");
      assertThat(machineSet.at("/metadata/madeUp").asText()).isEqualTo("kept");
      assertThat(machineSet.at("/metadata/annotations/a").asText()).isEqualTo("b");
    }

    @Test
    void leavesPreserveUnknownFieldsSubtreesIntact() {
      String providerSpec = """
          {'apiVersion':'sim.machineapi.io/v1','kind':'SimProviderSpec','size':'large',
          'disks':[{'sizeGiB':100,'tags':{'a':null}}],'nested':{'deep':{'deeper':[1,'two',false]}}}""";
      ObjectNode machineSet = machineSet("""
          'template':{'metadata':{'labels':{'set':'workers'},'unknown':1},
                'spec':{'providerSpec':{'value':%s,'other':2}}}""".formatted(providerSpec));
      AdmissionResult result = admit(machineSet);

      assertThat(machineSet.at("/spec/template/spec/providerSpec/value")).isEqualTo(json(providerSpec));
      assertThat(result.prunedFields()).containsExactlyInAnyOrder(
          "spec.template.metadata.unknown", "spec.template.spec.providerSpec.other");
    }

    @Test
    void embeddedResourcesKeepTheirMetaFields() {
      ObjectNode machineSet = machineSet("""
          'bootstrapRef':{'apiVersion':'v1','kind':'Secret','metadata':{'name':'boot'},'data':{'x':'eQ=='}}""");
      AdmissionResult result = admit(machineSet);
      assertThat(result.valid()).isTrue();
      assertThat(machineSet.at("/spec/bootstrapRef"))
          .isEqualTo(json("{'apiVersion':'v1','kind':'Secret','metadata':{'name':'boot'},'data':{'x':'eQ=='}}"));
    }
  }

  @Nested
  class Validation {

    @Test
    void minimumAndTheScaleSubresourceRejectNegativeReplicas() {
      assertThat(errorsOf(machineSet("'replicas':-1"))).containsExactly(
          "spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0",
          ".spec.replicas: Invalid value: -1: should be a non-negative integer");
    }

    @Test
    void enumListsTheSupportedValues() {
      List<FieldError> errors = admit(machineSet("'deletePolicy':'Foo'")).errors();
      assertThat(errors).containsExactly(new FieldError("spec.deletePolicy", FieldError.FIELD_VALUE_NOT_SUPPORTED,
          "spec.deletePolicy: Unsupported value: \"Foo\": supported values: \"Random\", \"Newest\", \"Oldest\""));
      assertThat(errors.get(0).body())
          .isEqualTo("Unsupported value: \"Foo\": supported values: \"Random\", \"Newest\", \"Oldest\"");
    }

    @Test
    void requiredFieldsAreReportedAtTheirOwnPath() {
      ObjectNode machineSet = machineSet("");
      ((ObjectNode) machineSet.get("spec")).remove("selector");
      assertThat(admit(machineSet).errors()).containsExactly(
          new FieldError("spec.selector", FieldError.FIELD_VALUE_REQUIRED, "spec.selector: Required value"));

      assertThat(errorsOf(machineSet("'selector':{'matchExpressions':[{'key':'a'}]}"))).containsExactly(
          "spec.selector.matchExpressions[0].operator: Required value");
    }

    @Test
    void intOrStringAppliesThePatternToStringsOnly() {
      assertThat(errorsOf(machineSet("'maxUnhealthy':'abc%'"))).containsExactly(
          "spec.maxUnhealthy: Invalid value: \"abc%\": spec.maxUnhealthy in body should match "
              + "'^((100|[0-9]{1,2})%|[0-9]+)$'");
      assertThat(errorsOf(machineSet("'maxUnhealthy':'40%'"))).isEmpty();
      assertThat(errorsOf(machineSet("'maxUnhealthy':150"))).isEmpty();
    }

    @Test
    void intOrStringRejectsOtherTypesLikeKubeOpenApi() {
      assertThat(admit(machineSet("'maxUnhealthy':true")).errors()).containsExactly(
          new FieldError("spec.maxUnhealthy", FieldError.FIELD_VALUE_TYPE_INVALID,
              "spec.maxUnhealthy: Invalid value: \"boolean\": spec.maxUnhealthy in body must be of type "
                  + "integer,string: \"boolean\""),
          new FieldError("<nil>", FieldError.FIELD_VALUE_INVALID,
              "<nil>: Invalid value: \"\": \"spec.maxUnhealthy\" must validate at least one schema (anyOf)"),
          new FieldError("spec.maxUnhealthy", FieldError.FIELD_VALUE_TYPE_INVALID,
              "spec.maxUnhealthy: Invalid value: \"boolean\": spec.maxUnhealthy in body must be of type "
                  + "integer: \"boolean\""));
    }

    @Test
    void aStringReportsOnlyItsFirstFailingCheck() {
      assertThat(errorsOf(machineSet("'lifecycleHooks':{'preDrain':[{'name':'a','owner':'me'}]}")))
          .containsExactly("spec.lifecycleHooks.preDrain[0].name: Invalid value: \"a\": "
              + "spec.lifecycleHooks.preDrain[0].name in body should be at least 3 chars long");
    }

    @Test
    void durationPatternAcceptsGoDurations() {
      for (String valid : List.of("0", "10m", "1h30m", "1.5h", "250ms", "5µs", "100ns")) {
        assertThat(errorsOf(machineSet("'nodeStartupTimeout':'" + valid + "'"))).as(valid).isEmpty();
      }
      assertThat(errorsOf(machineSet("'nodeStartupTimeout':'10 minutes'"))).containsExactly(
          "spec.nodeStartupTimeout: Invalid value: \"10 minutes\": spec.nodeStartupTimeout in body should "
              + "match '^(0|([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+)$'");
    }

    @Test
    void wrongTypesAreTypeInvalid() {
      assertThat(admit(machineSet("'replicas':'3'")).errors()).containsExactly(
          new FieldError("spec.replicas", FieldError.FIELD_VALUE_TYPE_INVALID,
              "spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type integer: "
                  + "\"string\""),
          new FieldError(".spec.replicas", FieldError.FIELD_VALUE_INVALID,
              ".spec.replicas: Invalid value: 0: .spec.replicas accessor error: 3 is of the type string, "
                  + "expected int64"));
      assertThat(errorsOf(machineSet("'selector':{'matchLabels':{'set':1}}"))).containsExactly(
          "spec.selector.matchLabels.set: Invalid value: \"integer\": spec.selector.matchLabels.set in body "
              + "must be of type string: \"integer\"");
    }

    @Test
    void anIntegralFloatIsAnInteger() {
      assertThat(errorsOf(machineSet("'minReadySeconds':10.0"))).isEmpty();
      assertThat(errorsOf(machineSet("'minReadySeconds':1.5"))).containsExactly(
          "spec.minReadySeconds: Invalid value: \"number\": spec.minReadySeconds in body must be of type "
              + "integer: \"number\"");
    }

    @Test
    void nullableFieldsAcceptNullButStillCheckValues() {
      assertThat(errorsOf(machineSet("'pausedUntil':null,'description':null"))).isEmpty();
      assertThat(errorsOf(machineSet("'pausedUntil':'tomorrow'"))).containsExactly(
          "spec.pausedUntil: Invalid value: \"tomorrow\": spec.pausedUntil in body must be of type date-time: "
              + "\"tomorrow\"");
      assertThat(errorsOf(machineSet("'pausedUntil':'2026-01-02T03:04:05Z'"))).isEmpty();
      assertThat(admit(machineSet("'description':'far too long'")).errors()).containsExactly(
          new FieldError("spec.description", FieldError.FIELD_VALUE_TOO_LONG,
              "spec.description: Too long: may not be more than 10 bytes"));
    }

    @Test
    void arraysCheckTheirItemsAndBounds() {
      assertThat(errorsOf(machineSet("""
          'template':{'spec':{'taints':[{'key':'a','effect':'NoSchedule'},{'key':'b'},{'key':'c','effect':'x'}]}}""")))
          .containsExactly( // kube-openapi checks the items before the list's size
              "spec.template.spec.taints[1].effect: Required value",
              "spec.template.spec.taints: Too many: 3: must have at most 2 items");
      assertThat(errorsOf(machineSet("'lifecycleHooks':{'preDrain':[{'name':'ab','owner':'me'}]}")))
          .containsExactly("spec.lifecycleHooks.preDrain[0].name: Invalid value: \"ab\": "
              + "spec.lifecycleHooks.preDrain[0].name in body should be at least 3 chars long");
    }

    @Test
    void listTypesRejectDuplicates() {
      assertThat(admit(machineSet("'zones':['a','b','a','a']")).errors()).containsExactly(
          new FieldError("spec.zones[2]", FieldError.FIELD_VALUE_DUPLICATE, "spec.zones[2]: Duplicate value: \"a\""));
      assertThat(errorsOf(machineSet("""
          'lifecycleHooks':{'preDrain':[{'name':'drain','owner':'a'},{'name':'drain','owner':'b'}]}""")))
          .containsExactly("spec.lifecycleHooks.preDrain[1]: Duplicate value: {\"name\":\"drain\"}");
    }

    @Test
    void statusIsValidatedIncludingItsScalePaths() {
      ObjectNode machineSet = machineSet("");
      machineSet.set("status", json("""
          {'replicas':-2,'labelSelector':{'a':'b'},
          'conditions':[{'type':'Ready','status':'Maybe'},{'type':'Ready','status':'True'}]}"""));
      assertThat(errorsOf(machineSet)).containsExactly(
          "status.labelSelector: Invalid value: \"object\": status.labelSelector in body must be of type "
              + "string: \"object\"",
          "status.conditions[0].status: Unsupported value: \"Maybe\": supported values: \"True\", \"False\", \"Unknown\"",
          ".status.replicas: Invalid value: -2: should be a non-negative integer",
          // pruning has already emptied the object (its schema is a string), as in Kubernetes
          ".status.labelSelector: Invalid value: \"\": .status.labelSelector accessor error: map[] "
              + "is of the type map[string]interface {}, expected string",
          "status.conditions[1]: Duplicate value: {\"type\":\"Ready\"}");
    }

    @Test
    void embeddedResourcesNeedApiVersionAndKind() {
      assertThat(admit(machineSet("'bootstrapRef':{'data':{}}")).errors()).containsExactly(
          new FieldError("spec.bootstrapRef.apiVersion", FieldError.FIELD_VALUE_REQUIRED,
              "spec.bootstrapRef.apiVersion: Required value: must not be empty"),
          new FieldError("spec.bootstrapRef.kind", FieldError.FIELD_VALUE_REQUIRED,
              "spec.bootstrapRef.kind: Required value: must not be empty"));
      assertThat(errorsOf(machineSet("'bootstrapRef':{'apiVersion':'a/b/c','kind':'Not_A_Kind'}"))).containsExactly(
          "spec.bootstrapRef.apiVersion: Invalid value: \"a/b/c\": unexpected GroupVersion string: a/b/c",
          "spec.bootstrapRef.kind: Invalid value: \"Not_A_Kind\": may have mixed case, but should otherwise "
              + "match: a DNS-1035 label must consist of lower case alphanumeric characters or '-', start "
              + "with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or "
              + "'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
    }

    @Test
    void metadataIsOnlyCheckedForTheNameConstraint() {
      ObjectNode machineSet = machineSet("");
      ((ObjectNode) machineSet.get("metadata")).put("name", "x".repeat(64)).put("labels", "not-a-map");
      assertThat(errorsOf(machineSet)).containsExactly("metadata.name: Too long: may not be more than 63 bytes");
    }

    @Test
    void reportsEveryErrorOfAnObject() {
      ObjectNode machineSet = json("""
          {'apiVersion':'machine.openshift.io/v1beta1','kind':'MachineSet','metadata':{'name':'workers'},
          'spec':{'replicas':-1,'deletePolicy':'Foo'}}""");
      List<FieldError> errors = admit(machineSet).errors();
      assertThat(errors).extracting(FieldError::message).containsExactlyInAnyOrder(
          "spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0",
          "spec.deletePolicy: Unsupported value: \"Foo\": supported values: \"Random\", \"Newest\", \"Oldest\"",
          "spec.selector: Required value",
          ".spec.replicas: Invalid value: -1: should be a non-negative integer");
      assertThat(CrdSchemaAdmission.invalidMessage("MachineSet", "machine.openshift.io", "workers", errors))
          .startsWith("MachineSet.machine.openshift.io \"workers\" is invalid: [")
          .contains("spec.selector: Required value, ")
          .endsWith("]");
    }
  }

  @Nested
  class InvalidMessage {

    private final FieldError required = FieldError.required("spec.selector", "");
    private final FieldError negative = FieldError.invalid("spec.replicas", "-1",
        "spec.replicas in body should be greater than or equal to 0");

    @Test
    void listsSeveralErrorsInBrackets() {
      assertThat(CrdSchemaAdmission.invalidMessage("MachineSet", "machine.openshift.io", "workers",
          List.of(negative, required))).isEqualTo("MachineSet.machine.openshift.io \"workers\" is invalid: "
          + "[spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0, "
          + "spec.selector: Required value]");
    }

    @Test
    void fieldErrorsSplitIntoPathAndBodyForStatusCauses() {
      FieldError error = FieldError.invalid("metadata.name", FieldError.render(json("{'n':'Bad_Name'}").get("n")),
          "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters");
      assertThat(error.message()).isEqualTo("metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 "
          + "subdomain must consist of lower case alphanumeric characters");
      assertThat(error.body()).startsWith("Invalid value: \"Bad_Name\": ");
      assertThatThrownBy(() -> new FieldError("spec.a", FieldError.FIELD_VALUE_INVALID, "spec.b: Invalid value"))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void omitsBracketsForOneDistinctErrorAndTheGroupForTheCoreGroup() {
      assertThat(CrdSchemaAdmission.invalidMessage("MachineSet", "machine.openshift.io", "workers",
          List.of(required, required)))
          .isEqualTo("MachineSet.machine.openshift.io \"workers\" is invalid: spec.selector: Required value");
      assertThat(CrdSchemaAdmission.invalidMessage("Pod", "", "p", List.of()))
          .isEqualTo("Pod \"p\" is invalid");
    }
  }

  @Nested
  class SchemasAndCaching {

    @Test
    void acceptsTheCrdAsJsonWithoutUid() {
      JsonNode crdJson = Serialization.jsonMapper().valueToTree(crd);
      ((ObjectNode) crdJson.get("metadata")).remove("uid");
      assertThat(admission.admit(crdJson, "v1beta1", machineSet("'replicas':-1")).errors()).hasSize(2);
      assertThat(admission.admit(crdJson, "v1beta1", machineSet("")).errors()).isEmpty();
    }

    @Test
    void aNewResourceVersionOfTheCrdRecompilesTheSchema() {
      JsonNode changed = Serialization.jsonMapper().valueToTree(crd);
      ((ObjectNode) changed.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/replicas"))
          .put("minimum", 2);
      ObjectNode sameRevision = changed.deepCopy();
      ((ObjectNode) changed.get("metadata")).put("resourceVersion", "42");

      assertThat(admission.admit(crd, "v1beta1", machineSet("'replicas':1")).errors()).isEmpty();
      assertThat(admission.admit(sameRevision, "v1beta1", machineSet("'replicas':1")).errors())
          .as("cached per uid and resourceVersion").isEmpty();
      assertThat(admission.admit(changed, "v1beta1", machineSet("'replicas':1")).errors())
          .extracting(FieldError::message)
          .containsExactly("spec.replicas: Invalid value: 1: spec.replicas in body should be greater than or equal to 2");
    }

    @Test
    void aVersionWithoutSchemaAdmitsAnything() {
      ObjectNode anything = json("{'spec':{'whatever':[1,2]}}");
      AdmissionResult result = admission.admit(crd, "v1alpha1", anything);
      assertThat(result.valid()).isTrue();
      assertThat(result.prunedFields()).isEmpty();
      assertThat(anything).isEqualTo(json("{'spec':{'whatever':[1,2]}}"));
    }

    @Test
    void anUnknownVersionIsRejected() {
      assertThatThrownBy(() -> admission.admit(crd, "v9", machineSet("")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("has no version v9");
    }
  }
}
