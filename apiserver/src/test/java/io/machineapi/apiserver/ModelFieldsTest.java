package io.machineapi.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ModelFieldsTest {

  private static ObjectNode json(String text) {
    return (ObjectNode) Store.parse(text.replace('\'', '"'));
  }

  @Test
  void registryMapsBuiltinKindsToTheirModelClasses() {
    assertThat(ModelFields.modelClass("v1", "ConfigMap")).contains(ConfigMap.class);
    assertThat(ModelFields.modelClass("apps/v1", "Deployment")).contains(Deployment.class);
    assertThat(ModelFields.modelClass("apiextensions.k8s.io/v1", "CustomResourceDefinition"))
        .contains(CustomResourceDefinition.class);
    assertThat(ModelFields.modelClass("example.com/v1", "Widget")).isEmpty();
    assertThat(ModelFields.modelClass("", "ConfigMap")).isEmpty();
  }

  @Test
  void unknownFieldsAtEveryDepthAreRemovedAndNamedAsTheStrictDecoderNamesThem() {
    ObjectNode deployment = json("""
        {'apiVersion':'apps/v1','kind':'Deployment','replica':3,
         'metadata':{'name':'d','labels':{'a':'b'},'colour':'red'},
         'spec':{'replicas':2,'selector':{'matchLabels':{'a':'b'}},
          'template':{'metadata':{'labels':{'a':'b'}},
           'spec':{'foo':1,'containers':[{'name':'c','image':'i','imagePullPolicy':'Always','bar':true,
             'resources':{'limits':{'cpu':'1'}},'ports':[{'containerPort':80,'x':1}],
             'livenessProbe':{'httpGet':{'port':'http','path':'/'}}}]}}}}
        """);
    List<String> removed = ModelFields.prune(deployment, Deployment.class, "");

    assertThat(removed).containsExactly("replica", "metadata.colour", "spec.template.spec.foo",
        "spec.template.spec.containers[0].bar", "spec.template.spec.containers[0].ports[0].x");
    assertThat(deployment.has("replica")).isFalse();
    assertThat(deployment.at("/spec/template/spec/containers/0").has("bar")).isFalse();
    assertThat(deployment.at("/spec/template/spec/containers/0/resources/limits/cpu").asText()).isEqualTo("1");
    assertThat(deployment.at("/spec/template/spec/containers/0/livenessProbe/httpGet/port").asText())
        .isEqualTo("http");
    assertThat(deployment.at("/metadata/labels/a").asText()).isEqualTo("b");
  }

  @Test
  void opaqueValuesAndMapsOfStringsAreNotWalked() {
    ObjectNode configMap = json("""
        {'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c',
          'managedFields':[{'manager':'kubectl','fieldsType':'FieldsV1','fieldsV1':{'f:data':{'f:x':{}}}}]},
         'data':{'anything':'goes'}}
        """);
    assertThat(ModelFields.prune(configMap, ConfigMap.class, "")).isEmpty();
    assertThat(configMap.at("/metadata/managedFields/0/fieldsV1/f:data").isObject()).isTrue();
  }

  @Test
  void fieldsOfAnObjectMetaAreCheckedUnderTheGivenPrefix() {
    ObjectNode metadata = json("{'name':'w','lables':{'a':'b'}}");
    assertThat(ModelFields.prune(metadata, ObjectMeta.class, "metadata")).containsExactly("metadata.lables");
  }

  @Test
  void everyCustomResourceDefinitionOfTheRepositoryIsKnownToTheModel() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(Path.of("..").toRealPath())) {
      files = walk.filter(p -> p.toString().matches(".*\\.ya?ml") && !p.toString().contains("/target/")
          && !p.toString().contains("/.git/")).toList();
    }
    int crds = 0;
    for (Path file : files) {
      for (String document : Files.readString(file).split("(?m)^---\\s*$")) {
        if (!document.contains("kind: CustomResourceDefinition")) {
          continue;
        }
        JsonNode node;
        try {
          node = Serialization.unmarshal(document, JsonNode.class);
        } catch (RuntimeException e) {
          continue;
        }
        if (node instanceof ObjectNode crd && "CustomResourceDefinition".equals(crd.path("kind").asText())) {
          crds++;
          assertThat(ModelFields.prune(crd, CustomResourceDefinition.class, "")).as(file.toString()).isEmpty();
        }
      }
    }
    assertThat(crds).isGreaterThan(2);
  }

  @Test
  void podStatusAndQuantitiesAreKnown() {
    ObjectNode pod = json("""
        {'apiVersion':'v1','kind':'Pod','metadata':{'name':'p'},
         'spec':{'containers':[{'name':'c','image':'i','resources':{'requests':{'memory':'1Gi'}}}],
          'tolerations':[{'key':'k','operator':'Exists','effect':'NoSchedule','tolerationSeconds':5}]},
         'status':{'phase':'Running','conditions':[{'type':'Ready','status':'True','lastTransitionTime':null}]}}
        """);
    assertThat(ModelFields.prune(pod, Pod.class, "")).isEmpty();
  }
}
