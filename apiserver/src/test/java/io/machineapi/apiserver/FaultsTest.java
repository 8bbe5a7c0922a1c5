package io.machineapi.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FaultsTest extends ApiServerTestBase {

  @AfterEach
  void clear() {
    server.faults().clear();
  }

  private static void namespace(String name) {
    client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
        .withName(name).endMetadata().build()).create();
  }

  @Test
  void aMatchingRequestGetsTheStatusAndIsNotProcessed() {
    namespace("faults-a");
    Faults.Rule rule = server.faults().fail("POST", "/namespaces/faults-a/configmaps", 500, "InternalError",
        "injected");
    Answer refused = send("POST", "/api/v1/namespaces/faults-a/configmaps", "application/json",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"}}");
    assertThat(refused.code()).isEqualTo(500);
    assertThat(refused.body().path("kind").asText()).isEqualTo("Status");
    assertThat(refused.body().path("reason").asText()).isEqualTo("InternalError");
    assertThat(refused.body().path("message").asText()).isEqualTo("injected");
    assertThat(client.configMaps().inNamespace("faults-a").list().getItems()).isEmpty();
    assertThat(rule.hits()).hasValue(1);

    server.faults().remove(rule);
    Answer accepted = send("POST", "/api/v1/namespaces/faults-a/configmaps", "application/json",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"}}");
    assertThat(accepted.code()).isEqualTo(201);
  }

  @Test
  void otherMethodsAndPathsAreServedAsUsual() {
    namespace("faults-b");
    server.faults().fail("PATCH", "/configmaps/.+/status", 500, "InternalError", "injected");
    assertThat(send("POST", "/api/v1/namespaces/faults-b/configmaps", "application/json",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"}}").code()).isEqualTo(201);
    assertThat(get("/api/v1/namespaces/faults-b/configmaps/c").code()).isEqualTo(200);
  }
}
