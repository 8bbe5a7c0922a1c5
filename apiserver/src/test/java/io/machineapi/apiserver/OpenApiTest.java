package io.machineapi.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenApiTest extends ApiServerTestBase {

  @Test
  void indexListsEveryGroupVersionWithAServerRelativeUrl() {
    JsonNode paths = get("/openapi/v3").body().path("paths");
    assertThat(paths.has("api/v1")).isTrue();
    assertThat(paths.has("apis/apps/v1")).isTrue();
    assertThat(paths.path("apis/example.com/v1").path("serverRelativeURL").asText())
        .startsWith("/openapi/v3/apis/example.com/v1?hash=");
  }

  @Test
  void groupVersionDocumentHasOnePatchOperationPerKindWithGvkAndFieldValidation() {
    String url = get("/openapi/v3").body().path("paths").path("apis/example.com/v1").path("serverRelativeURL")
        .asText();
    JsonNode doc = get(url).body();
    JsonNode item = doc.path("paths").path("/apis/example.com/v1/namespaces/{namespace}/widgets/{name}");
    JsonNode patch = item.path("patch");
    assertThat(patch.path("x-kubernetes-group-version-kind").path("kind").asText()).isEqualTo("Widget");
    assertThat(patch.path("x-kubernetes-group-version-kind").path("group").asText()).isEqualTo("example.com");
    List<String> parameters = new ArrayList<>();
    patch.path("parameters").forEach(p -> parameters.add(p.path("in").asText() + ":" + p.path("name").asText()));
    assertThat(parameters).contains("query:fieldValidation");
    assertThat(patch.path("requestBody").path("content").has("application/merge-patch+json")).isTrue();
    assertThat(patch.path("requestBody").path("content").has("application/strategic-merge-patch+json")).isFalse();
    assertThat(doc.path("paths").has("/apis/example.com/v1/gadgets/{name}")).isTrue();
  }

  @Test
  void crdSchemaIsPublishedUnderComponents() {
    JsonNode schema = get("/openapi/v3/apis/example.com/v1").body().path("components").path("schemas")
        .path("com.example.v1.Widget");
    assertThat(schema.path("properties").path("spec").path("properties").path("replicas").path("minimum").asInt())
        .isZero();
    assertThat(schema.path("x-kubernetes-group-version-kind").get(0).path("kind").asText()).isEqualTo("Widget");
  }

  @Test
  void coreDocumentCoversPodsAndUnknownGroupVersionIs404() {
    JsonNode doc = get("/openapi/v3/api/v1").body();
    assertThat(doc.path("paths").path("/api/v1/namespaces/{namespace}/pods/{name}").path("patch")
        .path("x-kubernetes-group-version-kind").path("kind").asText()).isEqualTo("Pod");
    assertThat(get("/openapi/v3/apis/nothing.example.org/v1").code()).isEqualTo(404);
    assertThat(get("/openapi/v2").code()).isEqualTo(404);
  }
}
