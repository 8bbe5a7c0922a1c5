package io.machineapi.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.kubernetes.client.proto.IntStr;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Resource;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Authorization;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProtobufBodiesTest extends ApiServerTestBase {

  /** Kubernetes' protobuf envelope around {@code message}, as client-go writes it. */
  static byte[] envelope(String apiVersion, String kind, Message message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {'k', '8', 's', 0});
    out.writeBytes(Runtime.Unknown.newBuilder()
        .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
        .setRaw(message.toByteString()).setContentType("").build().toByteArray());
    return out.toByteArray();
  }

  /** ObjectMeta as client-go encodes it: value fields always present, zero creationTimestamp included. */
  private static Meta.ObjectMeta.Builder meta(String name) {
    return Meta.ObjectMeta.newBuilder().setName(name).setGenerateName("").setNamespace("").setUid("")
        .setResourceVersion("").setGeneration(0).setCreationTimestamp(Meta.Time.newBuilder());
  }

  @Test
  void secretDecodesToItsJsonFormWithBase64DataAndNoZeroMetadata() {
    byte[] body = envelope("v1", "Secret", V1.Secret.newBuilder().setMetadata(meta("s").putLabels("team", "a"))
        .putData("a", ByteString.copyFromUtf8("b")).putData("empty", ByteString.EMPTY).setType("Opaque").build());

    JsonNode json = ProtobufBodies.decode(body);

    assertThat(json.toString()).isEqualTo("{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"s\","
        + "\"generation\":0,\"labels\":{\"team\":\"a\"}},\"data\":{\"a\":\"Yg==\",\"empty\":\"\"},\"type\":\"Opaque\"}");
  }

  @Test
  void timeQuantityIntOrStringAndRawExtensionGetTheirKubernetesJsonForms() {
    V1Apps.Deployment deployment = V1Apps.Deployment.newBuilder()
        .setMetadata(meta("d").setCreationTimestamp(Meta.Time.newBuilder().setSeconds(1_700_000_000L)))
        .setSpec(V1Apps.DeploymentSpec.newBuilder().setReplicas(0)
            .setStrategy(V1Apps.DeploymentStrategy.newBuilder().setRollingUpdate(
                V1Apps.RollingUpdateDeployment.newBuilder()
                    .setMaxSurge(IntStr.IntOrString.newBuilder().setType(1).setStrVal("25%"))
                    .setMaxUnavailable(IntStr.IntOrString.newBuilder().setType(0).setIntVal(1))))
            .setTemplate(V1.PodTemplateSpec.newBuilder().setSpec(V1.PodSpec.newBuilder().addContainers(
                V1.Container.newBuilder().setName("c").setImage("i").setResources(V1.ResourceRequirements.newBuilder()
                    .putLimits("memory", Resource.Quantity.newBuilder().setString("1Gi").build()))))))
        .build();

    JsonNode json = ProtobufBodies.decode(envelope("apps/v1", "Deployment", deployment));

    assertThat(json.at("/metadata/creationTimestamp").asText()).isEqualTo("2023-11-14T22:13:20Z");
    assertThat(json.at("/spec/replicas").isInt()).as("a pointer set to 0 keeps its 0").isTrue();
    assertThat(json.at("/spec/strategy/rollingUpdate/maxSurge").asText()).isEqualTo("25%");
    assertThat(json.at("/spec/strategy/rollingUpdate/maxUnavailable").isInt()).isTrue();
    assertThat(json.at("/spec/template/spec/containers/0/resources/limits/memory").asText()).isEqualTo("1Gi");

    V1.List list = V1.List.newBuilder().addItems(Runtime.RawExtension.newBuilder()
        .setRaw(ByteString.copyFromUtf8("{\"kind\":\"ConfigMap\"}"))).build();
    assertThat(ProtobufBodies.decode(envelope("v1", "List", list)).at("/items/0/kind").asText())
        .isEqualTo("ConfigMap");
    assertThat(ProtobufBodies.goDuration(3_600_000_000_000L)).isEqualTo("1h0m0s");
    assertThat(ProtobufBodies.goDuration(90_500_000_000L)).isEqualTo("1m30.5s");
  }

  @Test
  void kindWithoutMessageIsUnsupportedMediaTypeAndGarbageIsBadRequest() {
    assertThatThrownBy(() -> ProtobufBodies.decode(envelope("example.com/v1", "Widget",
        V1.ConfigMap.getDefaultInstance()))).isInstanceOfSatisfying(ApiException.class,
            e -> assertThat(e.status().getCode()).isEqualTo(415));
    assertThatThrownBy(() -> ProtobufBodies.decode("{}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().getCode()).isEqualTo(400));
  }

  @Test
  void selfSubjectAccessReviewPostedAsProtobufIsAnsweredWithItsSpec() throws Exception {
    V1Authorization.SelfSubjectAccessReview review = V1Authorization.SelfSubjectAccessReview.newBuilder()
        .setMetadata(meta("")).setSpec(V1Authorization.SelfSubjectAccessReviewSpec.newBuilder()
            .setResourceAttributes(V1Authorization.ResourceAttributes.newBuilder().setVerb("update")
                .setGroup("coordination.k8s.io").setResource("leases").setNamespace("default")))
        .build();

    HttpResponse<String> response = post("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
        envelope("authorization.k8s.io/v1", "SelfSubjectAccessReview", review));

    assertThat(response.statusCode()).isEqualTo(201);
    JsonNode answer = Store.parse(response.body());
    assertThat(answer.at("/spec/resourceAttributes/verb").asText()).isEqualTo("update");
    assertThat(answer.at("/spec/resourceAttributes/resource").asText()).isEqualTo("leases");
    assertThat(answer.at("/status/allowed").asBoolean()).isTrue();
  }

  private static HttpResponse<String> post(String path, byte[] body) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url() + path))
        .header("Content-Type", ProtobufBodies.MEDIA_TYPE)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
