package io.machineapi.providers.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SimAddressPoolTest {

  @Test
  void handsOutEveryHostAddressOfTheSlash16OnceThenRunsOut() {
    SimAddressPool pool = new SimAddressPool();

    String first = pool.allocate().orElseThrow();
    String last = null;
    for (int i = 2; i <= SimAddressPool.CAPACITY; i++) {
      last = pool.allocate().orElseThrow();
    }

    assertThat(first).isEqualTo("10.0.0.1");
    assertThat(last).isEqualTo("10.0.255.254");
    assertThat(pool.allocate()).isEmpty();

    pool.release("10.0.1.0");
    assertThat(pool.allocate()).contains("10.0.1.0");
  }
}
