package io.machineapi.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code machine-api version}. */
@Command(name = "version", mixinStandardHelpOptions = true,
    description = "Print the machine-api version and git commit, and the versions of "
    + "java-operator-sdk, the fabric8 Kubernetes client and Java.")
final class VersionCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    BuildInfo info = BuildInfo.load();
    PrintWriter out = spec.commandLine().getOut();
    out.println("machine-api        " + info.version());
    out.println("git commit         " + info.gitCommit().orElse("unknown"));
    out.println("java-operator-sdk  " + info.josdkVersion());
    out.println("fabric8 client     " + info.fabric8Version());
    out.println("java               " + info.javaVersion());
    out.flush();
    return 0;
  }
}
