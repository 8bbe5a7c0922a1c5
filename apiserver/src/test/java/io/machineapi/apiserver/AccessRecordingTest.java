package io.machineapi.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessRecordingTest {

  private static final String AGENT = "recorded-client/1.0";

  @TempDir
  Path dir;

  @Test
  void recordsTheRequestsOfOneUserAgentAsAnAuthorizerSeesThem() throws Exception {
    try (EmbeddedApiServer server = EmbeddedApiServer.start(0);
        KubernetesClient recorded = server.client(AGENT);
        KubernetesClient other = server.client()) {
      AccessRecording recording = server.recordAccess("recorded-client/");
      other.configMaps().inNamespace("default").resource(configMap("unrecorded")).create();

      recorded.configMaps().inNamespace("default").resource(configMap("c")).create();
      recorded.configMaps().inNamespace("default").withName("c").get();
      recorded.configMaps().inNamespace("default").withName("c").edit(c -> new ConfigMapBuilder(c)
          .addToData("k", "v").build());
      recorded.configMaps().inNamespace("default").list();
      recorded.configMaps().inNamespace("default").withName("absent").get();
      AtomicInteger events = new AtomicInteger();
      try (Watch watch = recorded.configMaps().inNamespace("default").watch(new CountingWatcher(events))) {
        other.configMaps().inNamespace("default").resource(configMap("seen")).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> events.get() > 0);
      }
      recorded.configMaps().inNamespace("default").withName("c").delete();
      recorded.getKubernetesVersion();

      assertThat(recording.requests()).contains(
          RequestAttributes.resource("create", "", "configmaps", "", "default", ""),
          RequestAttributes.resource("get", "", "configmaps", "", "default", "c"),
          RequestAttributes.resource("patch", "", "configmaps", "", "default", "c"),
          RequestAttributes.resource("list", "", "configmaps", "", "default", ""),
          RequestAttributes.resource("get", "", "configmaps", "", "default", "absent"),
          RequestAttributes.resource("watch", "", "configmaps", "", "default", ""),
          RequestAttributes.resource("delete", "", "configmaps", "", "default", "c"),
          RequestAttributes.nonResource("get", "/version"));
      assertThat(recording.requests()).noneMatch(r -> r.name().equals("unrecorded") || r.name().equals("seen"));
      assertThat(recording.requests()).allMatch(r -> !r.verb().equals("create") || r.name().isEmpty());

      Path file = dir.resolve("recording.jsonl");
      recording.writeTo(file);
      assertThat(AccessRecording.read(file)).isEqualTo(recording.requests());
    }
  }

  private static ConfigMap configMap(String name) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().build();
  }

  private record CountingWatcher(AtomicInteger events) implements Watcher<ConfigMap> {
    @Override
    public void eventReceived(Action action, ConfigMap resource) {
      events.incrementAndGet();
    }

    @Override
    public void onClose(WatcherException cause) {
      // closed by the test
    }
  }
}
