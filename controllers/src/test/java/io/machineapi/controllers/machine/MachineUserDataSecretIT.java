package io.machineapi.controllers.machine;

import static io.machineapi.controllers.machine.MachineControllerHarness.NS;
import static io.machineapi.controllers.machine.MachineControllerHarness.simMachine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.machineapi.api.machine.v1beta1.Condition;
import io.machineapi.api.machine.v1beta1.MachinePhases;
import io.machineapi.controllers.ControllerSettings;
import io.machineapi.controllers.drain.DrainResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** User data reaches the provider from the named Secret, and its content appears in no log line, Event or status. */
class MachineUserDataSecretIT {
  private static final String USER_DATA = "#cloud-config\npassword: Sup3r-S3cret-UserData-7f3a9\n";
  private static final String NEEDLE = "Sup3r-S3cret-UserData-7f3a9";

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private Logger root;
  private Logger ours;
  private Level oursBefore;

  @BeforeEach
  void captureLogs() {
    root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ours = (Logger) LoggerFactory.getLogger("io.machineapi");
    oursBefore = ours.getLevel();
    ours.setLevel(Level.DEBUG);
    logs.start();
    root.addAppender(logs);
  }

  @AfterEach
  void stopCapture() {
    root.detachAppender(logs);
    ours.setLevel(oursBefore);
  }

  @Test
  void userDataIsHandedToTheProviderAndNeverLoggedOrRecorded() {
    ScriptedSimProvider provider = new ScriptedSimProvider();
    try (MachineControllerHarness h = new MachineControllerHarness(provider, Map.of(), ControllerSettings.defaults(),
        request -> new DrainResult.Complete("none"))) {
      h.create(simMachine("ud-0", v -> v.putObject("userDataSecret").put("name", "worker-user-data")));

      // The Secret does not exist yet: a clear, transient condition; not Failed, nothing created.
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        Condition c = h.condition("ud-0", MachineConditionTypes.SECRETS_RESOLVED);
        assertThat(c).isNotNull();
        assertThat(c.getStatus()).isEqualTo(Condition.FALSE);
        assertThat(c.getReason()).isEqualTo(MachineConditionTypes.REASON_SECRET_NOT_FOUND);
        assertThat(c.getMessage()).contains("worker-user-data");
      });
      assertThat(h.phase("ud-0")).isEqualTo(MachinePhases.PROVISIONING);
      assertThat(provider.creates("ud-0")).isZero();
      assertThat(h.events("ud-0")).anySatisfy(e -> assertThat(e.getReason())
          .isEqualTo(MachineConditionTypes.REASON_SECRET_NOT_FOUND));

      h.client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("worker-user-data")
          .endMetadata().addToData("userData", Base64.getEncoder().encodeToString(
              USER_DATA.getBytes(StandardCharsets.UTF_8))).build()).create();
      await().atMost(Duration.ofSeconds(20)).until(() -> MachinePhases.PROVISIONED.equals(h.phase("ud-0")));

      assertThat(new String(provider.userDataSeen.get("ud-0"), StandardCharsets.UTF_8)).isEqualTo(USER_DATA);
      assertThat(h.condition("ud-0", MachineConditionTypes.SECRETS_RESOLVED).getStatus()).isEqualTo(Condition.TRUE);
      assertThat(Serialization.asJson(h.get("ud-0"))).doesNotContain(NEEDLE);
      for (Event e : h.events("ud-0")) {
        assertThat(e.getMessage()).doesNotContain(NEEDLE);
      }
    }
    assertThat(logs.list).isNotEmpty();
    for (ILoggingEvent event : logs.list) {
      assertThat(event.getFormattedMessage()).doesNotContain(NEEDLE);
      if (event.getThrowableProxy() != null) {
        assertThat(ThrowableProxyUtil.asString(event.getThrowableProxy())).doesNotContain(NEEDLE);
      }
    }
    assertThat(logs.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("worker-user-data"));
  }
}
