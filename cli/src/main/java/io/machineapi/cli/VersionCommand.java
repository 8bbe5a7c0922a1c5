package io.machineapi.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code machine-api version}. */
@Command(name = "version", mixinStandardHelpOptions = true,
    description = "Print the machine-api version and git commit, and the versions of "
    + "java-operator-sdk, the fabric8 Kubernetes client and Java, and whether the JVM is set up as the vsphere "
    + "provider needs it (java.lang open to it, HTTP POST retry off; both come with the jar).")
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
    out.println("jvm for vsphere    java.lang open: " + (javaLangOpen() ? "yes" : "no (add --add-opens "
        + "java.base/java.lang=ALL-UNNAMED)") + ", HTTP POST retry: "
        + ("false".equals(System.getProperty("sun.net.http.retryPost")) ? "off" : "on"));
    out.flush();
    return 0;
  }

  /** Whether java.lang is open to this class's module: the jar's manifest opens it to every unnamed module. */
  static boolean javaLangOpen() {
    return Object.class.getModule().isOpen("java.lang", VersionCommand.class.getModule());
  }
}
