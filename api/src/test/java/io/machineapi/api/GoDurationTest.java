package io.machineapi.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

  @ParameterizedTest
  @CsvSource({"0, 0", "300s, 300000", "5m, 300000", "1h30m, 5400000", "1.5m, 90000", "250ms, 250", "2h0m1s, 7201000",
      "1500us, 1", "1500µs, 1"})
  void parsesGoDurations(String text, long millis) {
    assertThat(GoDuration.parse(text).toMillis()).isEqualTo(millis);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "10 m", "abc", "-5m", "1d", "m"})
  void refusesWhatGoRefuses(String text) {
    assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(text);
  }

  @ParameterizedTest
  @CsvSource({"1ns, 1", "3us, 3000"})
  void keepsSubMillisecondPrecision(String text, long nanos) {
    assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
  }
}
