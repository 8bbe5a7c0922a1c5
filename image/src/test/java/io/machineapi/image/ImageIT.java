package io.machineapi.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.machineapi.testkit.PeerAssumptions;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image this module's build wrote ({@code target/machine-api-image.tar}), taken apart as a container runtime
 * would: the archive's index or manifest names the configuration and the layers, the layers are unpacked in order
 * into one directory, and the configured entrypoint runs there under {@code chroot} as the configured user, with
 * the configured environment, a fresh /proc and the host's /dev (which a runtime provides too).
 *
 * <p>Running needs root (chroot, mount): without it the running tests fail under {@code CI=true} and are skipped
 * loudly otherwise; the configuration test runs anyway.
 */
class ImageIT {

  private static final Path TAR = Path.of(System.getProperty("image.tar", "target/machine-api-image.tar"));
  private static final String VERSION = System.getProperty("image.version", "unknown");
  private static final long TIMEOUT_SECONDS = 120;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Runs in a new mount and PID namespace (so the mounts vanish with it): mounts /proc and /dev into the root file
   * system, then becomes the image's user inside it. Arguments: root, user, command...
   */
  private static final String ENTER = "set -e; root=$1; user=$2; shift 2; "
      + "%1$s -t proc proc \"$root/proc\"; %1$s --bind /dev \"$root/dev\"; "
      + "exec %2$s --userspec=\"$user\" \"$root\" \"$@\"";

  @TempDir
  static Path work;

  private static Path rootfs;
  private static JsonNode config;

  @BeforeAll
  static void unpack() throws Exception {
    assertThat(TAR).as("the image written by this module's package phase").isRegularFile();
    Path archive = Files.createDirectories(work.resolve("archive"));
    tar("-xf", TAR.toString(), "-C", archive.toString());

    Image image = Image.read(archive);
    rootfs = Files.createDirectories(work.resolve("rootfs"));
    for (Path layer : image.layers()) {
      tar("-xf", layer.toString(), "-C", rootfs.toString());  // GNU tar finds the compression itself
      try (Stream<Path> files = Files.walk(rootfs)) {
        assertThat(files.filter(f -> f.getFileName().toString().startsWith(".wh.")))
            .as("whiteouts in layer %s, which this test does not apply", layer.getFileName()).isEmpty();
      }
    }
    config = image.config().path("config");
  }

  @Test
  void configRunsTheOperatorJarAsTheNonRootUser() throws IOException {
    String user = config.path("User").asText();
    assertThat(user).isEqualTo("65532:65532");
    assertThat(user.split(":")[0]).isNotIn("", "0", "root");
    assertThat(Files.readAllLines(rootfs.resolve("etc/passwd")))
        .contains("nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin");
    assertThat(Files.readAllLines(rootfs.resolve("etc/group"))).contains("nonroot:x:65532:");

    List<String> entrypoint = strings(config.path("Entrypoint"));
    assertThat(entrypoint).startsWith("/opt/java/bin/java").endsWith("-jar", "/app/machine-api.jar")
        .contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError");
    Path java = inRootfs(entrypoint.get(0));
    assertThat(java).isRegularFile();
    assertThat(Files.getPosixFilePermissions(java)).as("executable by any user")
        .contains(PosixFilePermission.OTHERS_EXECUTE);
    assertThat(inRootfs("/app/machine-api.jar")).isRegularFile();
    assertThat(strings(config.path("Cmd"))).containsExactly("run");
    assertThat(environment()).containsEntry("JAVA_HOME", "/opt/java").containsEntry("LANG", "C.UTF-8");
    assertThat(config.path("WorkingDir").asText()).isEqualTo("/app");
    assertThat(config.path("Labels").path("org.opencontainers.image.version").asText()).isEqualTo(VERSION);
    assertThat(Files.getPosixFilePermissions(inRootfs("/tmp"))).as("/tmp writable by the user")
        .contains(PosixFilePermission.OTHERS_WRITE);
  }

  @Test
  void versionRunsInTheImageAsItsUser() throws Exception {
    String output = runEntrypoint("version");

    assertThat(output).contains("machine-api        " + VERSION)
        .containsPattern("(?m)^java +" + Runtime.version().feature() + "\\b")
        .contains("jvm for vsphere    java.lang open: yes, HTTP POST retry: off");
  }

  @Test
  void runHelpRunsInTheImageAsItsUser() throws Exception {
    String output = runEntrypoint("run", "--help");

    assertThat(output).contains("Usage: machine-api run", "--kubeconfig", "--metrics-port");
    // Every provider of the jar loads in the image's runtime (vsphere needs java.rmi).
    assertThat(output).containsPattern("Provider\\(s\\) to enable: aws, openstack, sim, vsphere\\b");
  }

  @Test
  void theRuntimeSpeaksTlsServesHttpAndReadsOperatingSystemMetrics() throws Exception {
    requireRoot();
    Path probe = Files.createDirectories(rootfs.resolve("probe"));
    Path classes = Path.of(RuntimeProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path probeClasses = Files.createDirectories(probe.resolve("io/machineapi/image"));
    Files.copy(classes.resolve("io/machineapi/image/RuntimeProbe.class"),
        probeClasses.resolve("RuntimeProbe.class"));
    Path keyStore = probe.resolve("tls.p12");
    command(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
        "-alias", "probe", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
        "-dname", "CN=machine-api image probe", "-ext", "san=ip:127.0.0.1", "-storetype", "PKCS12",
        "-keystore", keyStore.toString(), "-storepass", "probe-only"), Map.of("PATH", "/usr/bin:/bin"));
    Files.setPosixFilePermissions(keyStore, PosixFilePermissions.fromString("rw-r--r--"));

    String java = strings(config.path("Entrypoint")).get(0);
    String output = runInImage(List.of(java, "-cp", "/probe", RuntimeProbe.class.getName(), "/probe/tls.p12",
        "probe-only"));

    assertThat(output).contains("https 200 ok TLSv1.3");
    assertThat(output).containsPattern("(?m)^cacerts [1-9][0-9]+$");
    assertThat(output).containsPattern("(?m)^memory [1-9][0-9]*$");
  }

  /** The image's entrypoint with these arguments in place of its default command. */
  private static String runEntrypoint(String... args) throws Exception {
    requireRoot();
    List<String> command = new ArrayList<>(strings(config.path("Entrypoint")));
    command.addAll(List.of(args));
    return runInImage(command);
  }

  private static String runInImage(List<String> command) throws Exception {
    Files.createDirectories(rootfs.resolve("proc"));
    Files.createDirectories(rootfs.resolve("dev"));
    String enter = String.format(ENTER, tool("mount"), tool("chroot"));
    List<String> line = new ArrayList<>(List.of(tool("unshare"), "--mount", "--pid", "--fork", "--kill-child",
        "/bin/sh", "-c", enter, "enter", rootfs.toString(), config.path("User").asText()));
    line.addAll(command);
    return command(line, environment());
  }

  /** Runs a host command with exactly this environment; its output (stdout and stderr) when it exits 0. */
  private static String command(List<String> line, Map<String, String> environment) throws Exception {
    Path output = Files.createTempFile(work, "output", ".txt");
    ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(output.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().clear();
    builder.environment().putAll(environment);
    Process process = builder.start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      fail("%s did not finish within %d s; output:%n%s", line, TIMEOUT_SECONDS, Files.readString(output));
    }
    String printed = Files.readString(output, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("exit status of %s; output:%n%s", line, printed).isZero();
    return printed;
  }

  private static void tar(String... args) throws Exception {
    List<String> line = new ArrayList<>(List.of(tool("tar"), "--warning=no-unknown-keyword"));
    line.addAll(List.of(args));
    command(line, Map.of("PATH", "/usr/bin:/bin"));
  }

  private static void requireRoot() throws IOException {
    PeerAssumptions.requireHost(System.getProperty("os.name").equals("Linux")
        && ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0,
        "Running the image under chroot needs Linux and root: run the tests as root (CI does).");
  }

  /** A host tool by absolute path: the commands run with the image's environment, whose PATH is the image's. */
  private static String tool(String name) {
    List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
    dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
    Optional<Path> found = dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, name))
        .filter(Files::isExecutable).findFirst();
    PeerAssumptions.requireHost(found.isPresent(), "The image test needs " + name + " (Debian: util-linux, "
        + "coreutils, mount, tar).");
    return found.orElseThrow().toString();
  }

  private static Map<String, String> environment() {
    Map<String, String> environment = new LinkedHashMap<>();
    for (String entry : strings(config.path("Env"))) {
      int equals = entry.indexOf('=');
      environment.put(entry.substring(0, equals), entry.substring(equals + 1));
    }
    return environment;
  }

  private static Path inRootfs(String absolute) {
    return rootfs.resolve(absolute.substring(1));
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  /**
   * An image archive in either layout: OCI (oci-layout, index.json, blobs/sha256/...) or docker save
   * (manifest.json naming the config file and the layer files).
   */
  private record Image(JsonNode config, List<Path> layers) {

    static Image read(Path archive) throws IOException {
      Path index = archive.resolve("index.json");
      if (Files.exists(index)) {
        JsonNode manifests = JSON.readTree(index.toFile()).path("manifests");
        assertThat(manifests.size()).as("images in the archive").isEqualTo(1);
        JsonNode manifest = JSON.readTree(blob(archive, manifests.get(0).path("digest").asText()).toFile());
        List<Path> layers = new ArrayList<>();
        manifest.path("layers").forEach(layer -> layers.add(blob(archive, layer.path("digest").asText())));
        return new Image(JSON.readTree(blob(archive, manifest.path("config").path("digest").asText()).toFile()),
            layers);
      }
      JsonNode manifests = JSON.readTree(archive.resolve("manifest.json").toFile());
      assertThat(manifests.size()).as("images in the archive").isEqualTo(1);
      JsonNode manifest = manifests.get(0);
      List<Path> layers = new ArrayList<>();
      manifest.path("Layers").forEach(layer -> layers.add(archive.resolve(layer.asText())));
      return new Image(JSON.readTree(archive.resolve(manifest.path("Config").asText()).toFile()), layers);
    }

    private static Path blob(Path archive, String digest) {
      String[] parts = digest.split(":", 2);
      return archive.resolve("blobs").resolve(parts[0]).resolve(parts[1]);
    }
  }
}
