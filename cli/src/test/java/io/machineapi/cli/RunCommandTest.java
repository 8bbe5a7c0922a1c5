package io.machineapi.cli;

import io.machineapi.controllers.admission.https.WebhookSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.machineapi.sandbox.LeaderElection;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RunCommandTest {

  private static RunCommand parse(String... args) {
    RunCommand run = new RunCommand();
    new CommandLine(run).parseArgs(args);
    return run;
  }

  @Test
  void leaderElectionIsOnByDefaultWithControllerRuntimesTimings(@TempDir Path dir) {
    RunCommand run = parse();
    ControllerRuntime.Options options = run.options();

    assertThat(options.healthPort()).isEqualTo(9440);
    assertThat(options.metricsPort()).isEqualTo(8081);
    LeaderElection.Settings election = run.leaderElection(null, dir.resolve("absent"));
    assertThat(election.namespace()).isEqualTo("openshift-machine-api");
    assertThat(election.leaseName()).isEqualTo("machine-api-controllers");
    assertThat(election.leaseDuration()).isEqualTo(Duration.ofSeconds(15));
    assertThat(election.renewDeadline()).isEqualTo(Duration.ofSeconds(10));
    assertThat(election.retryPeriod()).isEqualTo(Duration.ofSeconds(2));
    assertThat(election.exitOnLoss()).as("a process that loses the Lease exits").isTrue();
    assertThat(election.identity()).contains("_");
  }

  @Test
  void webhooksServeOn9443FromTheCertDirOfControllerRuntimeOperatorsWithoutClusterIdByDefault(@TempDir Path dir) {
    WebhookSettings webhooks = parse().webhooks("ops", dir.resolve("absent"));

    assertThat(webhooks.port()).isEqualTo(9443);
    assertThat(webhooks.certDir()).isEqualTo(Path.of("/tmp/k8s-webhook-server/serving-certs"));
    assertThat(webhooks.configuration()).isEqualTo("machine-api");
    assertThat(webhooks.clusterId()).isEmpty();
    assertThat(webhooks.dnsNames()).containsExactly("machine-api-webhook", "machine-api-webhook.ops",
        "machine-api-webhook.ops.svc", "machine-api-webhook.ops.svc.cluster.local");
  }

  @Test
  void webhookFlags(@TempDir Path dir) {
    WebhookSettings webhooks = parse("--webhook-port", "8443", "--webhook-cert-dir", "/certs",
        "--webhook-service", "hooks", "--webhook-configuration", "mapi", "--cluster-id", "infra-7x")
        .webhooks(null, dir.resolve("absent"));

    assertThat(webhooks.port()).isEqualTo(8443);
    assertThat(webhooks.certDir()).isEqualTo(Path.of("/certs"));
    assertThat(webhooks.configuration()).isEqualTo("mapi");
    assertThat(webhooks.clusterId()).contains("infra-7x");
    assertThat(webhooks.dnsNames()).contains("hooks.openshift-machine-api.svc");
    assertThat(parse("--webhook-port=0").webhooks(null, dir.resolve("absent"))).isNull();
    assertThat(parse("--webhook-port=0").options().webhooks()).isNull();
    assertThatThrownBy(() -> parse("--webhook-port=70000").options()).hasMessageContaining("--webhook-port");
  }

  @Test
  void leaderElectTakesAnOptionalBoolean() {
    assertThat(parse("--leader-elect=false").options().leaderElection()).isNull();
    assertThat(parse("--leader-elect", "false").options().leaderElection()).isNull();
    assertThat(parse("--leader-elect").options().leaderElection()).isNotNull();
    assertThat(parse("--leader-elect=true").options().leaderElection()).isNotNull();
  }

  @Test
  void theLeaseSettingsAreTakenFromTheFlags() {
    LeaderElection.Settings election = parse("--leader-election-namespace", "ops", "--leader-election-id", "mapi",
        "--leader-elect-lease-duration", "1m", "--leader-elect-renew-deadline", "40s",
        "--leader-elect-retry-period", "500ms").options().leaderElection();

    assertThat(election.namespace()).isEqualTo("ops");
    assertThat(election.leaseName()).isEqualTo("mapi");
    assertThat(election.leaseDuration()).isEqualTo(Duration.ofMinutes(1));
    assertThat(election.renewDeadline()).isEqualTo(Duration.ofSeconds(40));
    assertThat(election.retryPeriod()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void theLeaseNamespaceDefaultsToThePodsNamespace(@TempDir Path dir) throws Exception {
    Path serviceAccount = Files.writeString(dir.resolve("namespace"), "from-service-account\n");

    assertThat(RunCommand.defaultLeaseNamespace("from-env", serviceAccount)).isEqualTo("from-env");
    assertThat(RunCommand.defaultLeaseNamespace(null, serviceAccount)).isEqualTo("from-service-account");
    assertThat(RunCommand.defaultLeaseNamespace(" ", dir.resolve("absent"))).isEqualTo("openshift-machine-api");
  }

  @Test
  void twoProcessesNeverShareAnIdentity() {
    String a = LeaderElection.newIdentity();
    String b = LeaderElection.newIdentity();

    assertThat(a).isNotEqualTo(b);
    assertThat(a.substring(0, a.lastIndexOf('_'))).as("host part").isEqualTo(b.substring(0, b.lastIndexOf('_')))
        .isNotBlank();
  }

  @Test
  void inconsistentTimingsAreBadInputNamingTheFlags() {
    assertThatThrownBy(() -> parse("--leader-elect-renew-deadline", "15s").options())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--leader-elect-renew-deadline (15s) must be shorter than --leader-elect-lease-duration (15s)");
    assertThatThrownBy(() -> parse("--leader-elect-retry-period", "10s").options())
        .hasMessage("--leader-elect-retry-period (10s) must be shorter than --leader-elect-renew-deadline (10s)");
    assertThatThrownBy(() -> parse("--leader-elect-lease-duration", "0").options())
        .hasMessage("--leader-elect-lease-duration must be positive, got 0");
    assertThatThrownBy(() -> parse("--leader-elect-retry-period", "soon").options())
        .hasMessageStartingWith("--leader-elect-retry-period: ");
    assertThatThrownBy(() -> parse("--health-port", "70000").options())
        .hasMessage("--health-port must be 0..65535, got 70000");
    assertThat(parse("--leader-elect=false", "--leader-elect-renew-deadline", "1h").options().leaderElection())
        .as("timings of an election that does not take place are not checked").isNull();
  }

  @Test
  void theCommandLineReportsBadTimingsAsBadInput() {
    StringWriter err = new StringWriter();
    CommandLine cli = MachineApiCli.commandLine();
    cli.setErr(new PrintWriter(err, true));

    assertThat(cli.execute("run", "--leader-elect-retry-period", "12s")).isEqualTo(MachineApiCli.EXIT_BAD_INPUT);
    assertThat(err.toString()).contains("machine-api run: --leader-elect-retry-period (12s) must be shorter than "
        + "--leader-elect-renew-deadline (10s)");
  }
}
