package io.machineapi.apiserver;

import java.nio.file.Files;
import java.nio.file.Path;

/** Starts a server with the test CRDs and writes its kubeconfig to the given file (manual kubectl sessions). */
final class DevServer {

  private DevServer() {
  }

  public static void main(String[] args) throws Exception {
    EmbeddedApiServer server = EmbeddedApiServer.start(0);
    server.installCrds(TestCrds.all());
    Files.writeString(Path.of(args[0]), server.kubeconfigYaml());
    System.out.println("serving " + server.url());
    Thread.currentThread().join();
  }
}
