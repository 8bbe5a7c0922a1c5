package io.machineapi.controllers.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import org.junit.jupiter.api.Test;

class MaxUnhealthyTest {

  @Test
  void percentagesRoundDown() {
    assertThat(MaxUnhealthy.resolve(new IntOrString("40%"), 5)).hasValue(2);
    assertThat(MaxUnhealthy.resolve(new IntOrString("60%"), 7)).hasValue(4);
    assertThat(MaxUnhealthy.resolve(new IntOrString("100%"), 3)).hasValue(3);
    assertThat(MaxUnhealthy.resolve(new IntOrString("0%"), 9)).hasValue(0);
  }

  @Test
  void integersAndIntegerStringsAreTakenAsIs() {
    assertThat(MaxUnhealthy.resolve(new IntOrString(2), 5)).hasValue(2);
    assertThat(MaxUnhealthy.resolve(new IntOrString("3"), 5)).hasValue(3);
    assertThat(MaxUnhealthy.resolve(new IntOrString(-1), 5)).hasValue(0);
  }

  @Test
  void unsetMeansAllAndGarbageMeansNone() {
    assertThat(MaxUnhealthy.resolve(null, 7)).hasValue(7);
    assertThat(MaxUnhealthy.resolve(new IntOrString("abc%"), 7)).isEmpty();
  }
}
