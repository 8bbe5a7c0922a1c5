package io.machineapi.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The store's lock can be let go for a wait (an admission webhook call); each API group's change count moves only
 * with writes of that group.
 */
class StoreTest {

  private final Store store = new Store(new IndexedCrudDispatcher());

  @Test
  void unlockedLetsAnotherThreadTakeTheLockWhileWaiting() {
    int taken = store.locked(() -> store.locked(() -> store.unlocked(() -> {
      try {
        return CompletableFuture.supplyAsync(() -> store.locked(() -> 7)).get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError("the lock stayed held during unlocked()", e);
      }
    })));
    assertThat(taken).isEqualTo(7);
  }

  @Test
  void unlockedWithoutTheLockJustRuns() {
    assertThat(store.unlocked(() -> "ran")).isEqualTo("ran");
  }

  @Test
  void changesOfAGroupCountOnlyThatGroupsWrites() {
    long before = store.changesOf("admissionregistration.k8s.io");
    store.create("/api/v1/namespaces/default/configmaps", Store.parse(
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\",\"namespace\":\"default\"}}"));
    assertThat(store.changesOf("admissionregistration.k8s.io")).isEqualTo(before);

    String path = "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations";
    store.create(path, Store.parse("{\"apiVersion\":\"admissionregistration.k8s.io/v1\","
        + "\"kind\":\"ValidatingWebhookConfiguration\",\"metadata\":{\"name\":\"v\"}}"));
    long created = store.changesOf("admissionregistration.k8s.io");
    assertThat(created).isGreaterThan(before);
    store.delete(path + "/v");
    assertThat(store.changesOf("admissionregistration.k8s.io")).isGreaterThan(created);
  }
}
