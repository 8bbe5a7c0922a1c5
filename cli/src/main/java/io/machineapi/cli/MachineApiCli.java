package io.machineapi.cli;

import io.machineapi.controllers.provider.ProviderSelectionException;
import java.io.PrintWriter;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/**
 * The {@code machine-api} command: {@code run} (controllers), {@code sandbox} (local API), {@code autoscaler}
 * (explain and plan) and {@code version}.
 *
 * <p>Exit codes: 0 success; 2 bad input (unknown option, unknown provider, invalid value); 1 anything else
 * (cannot reach the cluster, port in use).
 */
@Command(name = "machine-api",
    mixinStandardHelpOptions = true,
    versionProvider = MachineApiCli.Version.class,
    description = "Kubernetes Machine API (machine.openshift.io/v1beta1 compatible) controllers and tools.",
    subcommands = {RunCommand.class, SandboxCommand.class, AutoscalerCommand.class, VersionCommand.class,
        CommandLine.HelpCommand.class},
    footer = {"", "Examples:",
        "  machine-api sandbox --kubeconfig /tmp/k.yaml &",
        "  kubectl --kubeconfig /tmp/k.yaml get machinesets -A",
        "  machine-api run --kubeconfig /tmp/k.yaml --provider sim"})
public final class MachineApiCli implements Runnable {

  static final int EXIT_BAD_INPUT = CommandLine.ExitCode.USAGE;
  static final int EXIT_FAILURE = CommandLine.ExitCode.SOFTWARE;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // The JDK's HttpURLConnection silently sends a POST again when its connection drops; through the vsphere
    // provider's SOAP client that could start a second clone. Set before any HTTP class is loaded (it is read once);
    // -Dsun.net.http.retryPost=true on the command line overrides it.
    if (System.getProperty("sun.net.http.retryPost") == null) {
      System.setProperty("sun.net.http.retryPost", "false");
    }
    System.exit(commandLine().execute(args));
  }

  /** The configured command line (also used by tests). */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new MachineApiCli());
    cli.setExecutionExceptionHandler(MachineApiCli::handleFailure);
    return cli;
  }

  /** Without a subcommand: show usage and fail, so a typo-free but incomplete call is noticed by scripts. */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: run, sandbox, autoscaler or version");
  }

  private static int handleFailure(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    PrintWriter err = cli.getErr();
    if (e instanceof ProviderSelectionException || e instanceof IllegalArgumentException) {
      err.println("machine-api " + cli.getCommandName() + ": " + e.getMessage());
      err.flush();
      return EXIT_BAD_INPUT;
    }
    err.println("machine-api " + cli.getCommandName() + ": " + describe(e));
    err.flush();
    LoggerFactory.getLogger(MachineApiCli.class).debug("Command failed", e);
    return EXIT_FAILURE;
  }

  /** The message with its causes, which often say what actually went wrong ("Connection refused"). */
  static String describe(Throwable e) {
    StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
        message.append(": ").append(cause.getMessage());
      }
    }
    return message.toString();
  }

  /** {@code --version}: one line; {@code machine-api version} prints the details. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {BuildInfo.load().summary()};
    }
  }
}
