package io.machineapi.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The store's lock can be let go for a wait (an admission webhook call) and is held again afterwards. */
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
}
