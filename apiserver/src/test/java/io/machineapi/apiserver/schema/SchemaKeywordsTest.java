package io.machineapi.apiserver.schema;

import static io.machineapi.apiserver.schema.CrdSchemaAdmissionTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every schema keyword and extension against a small inline CRD, checking kube-apiserver's wording. */
class SchemaKeywordsTest {

  private static final JsonNode CRD = json("""
      {'apiVersion':'apiextensions.k8s.io/v1','kind':'CustomResourceDefinition',
      'metadata':{'name':'widgets.example.com'},
      'spec':{'group':'example.com','versions':[{'name':'v1','schema':{'openAPIV3Schema':
       {'type':'object','properties':{'spec':{'type':'object','properties':{
        'ratio':{'type':'number','minimum':0,'exclusiveMinimum':true,'maximum':1.5,'exclusiveMaximum':true},
        'count':{'type':'integer','maximum':10,'multipleOf':2},
        'big':{'type':'number','maximum':1000000},
        'tags':{'type':'array','minItems':1,'uniqueItems':true,'items':{'type':'string'}},
        'labels':{'type':'object','minProperties':1,'maxProperties':2,'additionalProperties':{'type':'string'}},
        'mode':{'type':'string','nullable':true,'enum':['A','B']},
        'level':{'type':'integer','enum':[1,2]},
        'choice':{'oneOf':[{'type':'string'},{'type':'integer','minimum':5}]},
        'both':{'type':'integer','allOf':[{'minimum':1},{'maximum':5}]},
        'neither':{'type':'string','not':{'pattern':'^forbidden$'}},
        'untyped':{'type':'array'},
        'opaque':{'type':'object','additionalProperties':{'type':'object','x-kubernetes-preserve-unknown-fields':true}},
        'refs':{'type':'array','items':{'type':'object','x-kubernetes-embedded-resource':true,
            'properties':{'spec':{'type':'object','properties':{'size':{'type':'integer'}}}}}}
       }}}}}}]}}""");

  private final CrdSchemaAdmission admission = new CrdSchemaAdmission();

  private List<String> errorsOf(String specFields) {
    return admission.admit(CRD, "v1", widget(specFields)).errors().stream().map(FieldError::message).toList();
  }

  private static ObjectNode widget(String specFields) {
    return json("{'apiVersion':'example.com/v1','kind':'Widget','metadata':{'name':'w'},'spec':{" + specFields + "}}");
  }

  @Test
  void exclusiveBoundsAndFloatBounds() {
    assertThat(errorsOf("'ratio':0")).containsExactly(
        "spec.ratio: Invalid value: 0: spec.ratio in body should be greater than 0");
    assertThat(errorsOf("'ratio':1.5")).containsExactly(
        "spec.ratio: Invalid value: 1.5: spec.ratio in body should be less than 1.5");
    assertThat(errorsOf("'big':2000000.5")).containsExactly(
        "spec.big: Invalid value: 2.0000005e+06: spec.big in body should be less than or equal to 1e+06");
    assertThat(errorsOf("'ratio':0.5")).isEmpty();
  }

  @Test
  void maximumAndMultipleOfOfIntegers() {
    // kube-openapi's number validator reports multipleOf, then minimum, then maximum
    assertThat(errorsOf("'count':13")).containsExactly(
        "spec.count: Invalid value: 13: spec.count in body should be a multiple of 2",
        "spec.count: Invalid value: 13: spec.count in body should be less than or equal to 10");
  }

  @Test
  void arrayAndObjectSizes() {
    assertThat(errorsOf("'tags':[]")).containsExactly(
        "spec.tags: Invalid value: 0: spec.tags in body should have at least 1 items");
    assertThat(errorsOf("'tags':['a','a']")).containsExactly(
        "spec.tags: Invalid value: \"\": spec.tags in body shouldn't contain duplicates");
    assertThat(errorsOf("'labels':{}")).containsExactly(
        "spec.labels: Invalid value: 0: spec.labels in body should have at least 1 properties");
    // too many properties: kube-openapi does not validate the values then
    assertThat(errorsOf("'labels':{'a':'1','b':'2','c':3}")).containsExactly(
        "spec.labels: Too many: 3: must have at most 2 items");
  }

  @Test
  void enumsOfNullableAndNonStringValues() {
    assertThat(errorsOf("'mode':null")).isEmpty();
    assertThat(errorsOf("'mode':'C'")).containsExactly(
        "spec.mode: Unsupported value: \"C\": supported values: \"A\", \"B\"");
    assertThat(errorsOf("'level':3")).containsExactly(
        "spec.level: Unsupported value: 3: supported values: \"1\", \"2\"");
  }

  @Test
  void oneOfReportsTheCountAndTheClosestBranch() {
    assertThat(errorsOf("'choice':'x'")).isEmpty();
    assertThat(errorsOf("'choice':7")).isEmpty();
    assertThat(errorsOf("'choice':3")).containsExactly(
        "<nil>: Invalid value: \"\": \"spec.choice\" must validate one and only one schema (oneOf). Found none valid",
        "spec.choice: Invalid value: 3: spec.choice in body should be greater than or equal to 5");
  }

  @Test
  void allOfReportsEveryBranchThenTheComposite() {
    assertThat(errorsOf("'both':3")).isEmpty();
    assertThat(errorsOf("'both':7")).containsExactly(
        "spec.both: Invalid value: 7: spec.both in body should be less than or equal to 5",
        "<nil>: Invalid value: \"\": \"spec.both\" must validate all the schemas (allOf)");
  }

  @Test
  void notRejectsAMatchingValue() {
    assertThat(errorsOf("'neither':'fine'")).isEmpty();
    assertThat(errorsOf("'neither':'forbidden'")).containsExactly(
        "<nil>: Invalid value: \"\": \"spec.neither\" must not validate the schema (not)");
  }

  @Test
  void listsWithoutItemSchemaLoseTheFieldsOfTheirObjects() {
    ObjectNode widget = widget("'untyped':[{'a':1},'kept',[1]]");
    AdmissionResult result = admission.admit(CRD, "v1", widget);
    assertThat(widget.at("/spec/untyped")).isEqualTo(json("{'x':[{},'kept',[1]]}").get("x"));
    assertThat(result.prunedFields()).containsExactly("spec.untyped[0].a");
  }

  @Test
  void additionalPropertiesSchemasPruneAndPreserveByTheirOwnRules() {
    ObjectNode widget = widget("'opaque':{'one':{'anything':{'goes':true}},'two':{}}");
    AdmissionResult result = admission.admit(CRD, "v1", widget);
    assertThat(result.prunedFields()).isEmpty();
    assertThat(widget.at("/spec/opaque/one/anything/goes").asBoolean()).isTrue();
  }

  @Test
  void embeddedResourcesInListsArePrunedAndCheckedByIndex() {
    ObjectNode widget = widget("""
        'refs':[{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'a','x':1},'spec':{'size':1,'junk':2}},
            {'kind':'ConfigMap'}]""");
    AdmissionResult result = admission.admit(CRD, "v1", widget);
    assertThat(result.prunedFields()).containsExactly("spec.refs[0].spec.junk");
    assertThat(widget.at("/spec/refs/0/metadata")).isEqualTo(json("{'name':'a','x':1}"));
    assertThat(result.errors()).extracting(FieldError::message)
        .containsExactly("spec.refs[1].apiVersion: Required value: must not be empty");
  }
}
