package io.machineapi.sandbox;

import io.machineapi.controllers.ControllerSettings;
import io.machineapi.sandbox.nodes.NodeEmulatorSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What {@link Sandbox#start(SandboxOptions)} runs: the API port, the simulated cloud's behaviour, the node emulator's
 * timing and whether to apply the demo. Defaults in {@link #defaults()}.
 *
 * @param port the API port on 127.0.0.1, 0 for a free one
 * @param bootSeconds the sim instances' boot latency (seconds)
 * @param bootJitterSeconds random extra boot time in [0, jitter] (seconds)
 * @param createFailureRate probability 0..1 that a launch fails transiently
 * @param throttleRate probability 0..1 that a cloud call is throttled
 * @param seed seed of the simulated cloud's randomness, empty for a random one
 * @param nodes the node emulator's timing
 * @param demo whether to apply the demo MachineSet {@value DemoCluster#MACHINE_SET} and its Secret
 * @param providerConfig further provider settings, {@code sim.KEY=VALUE} as {@code --provider-config} takes them
 *     (e.g. {@code sim.capacity.sim.xlarge=10}); they win over the fields above
 * @param controllers whether the sandbox runs the controllers and the autoscaler itself; without them it is the
 *     shape of a real cluster for {@code machine-api run} processes started against it ({@code --no-controllers})
 * @param providers cloud providers enabled beside sim by name ({@code openstack}; {@code aws} is enabled by its
 *     endpoint, {@code aws.endpoint} in {@code providerConfig})
 */
public record SandboxOptions(int port, double bootSeconds, double bootJitterSeconds, double createFailureRate,
    double throttleRate, OptionalLong seed, NodeEmulatorSettings nodes, boolean demo,
    Map<String, String> providerConfig, boolean controllers, Set<String> providers) {

  public SandboxOptions {
    Objects.requireNonNull(seed, "seed");
    Objects.requireNonNull(nodes, "nodes");
    providerConfig = Map.copyOf(providerConfig);
    providers = Set.copyOf(providers);
  }

  /** A free port, boot 3 s + up to 1 s jitter, no failures, Nodes joining 2 s after provisioning, the demo. */
  public static SandboxOptions defaults() {
    return new SandboxOptions(0, 3, 1, 0, 0, OptionalLong.empty(), NodeEmulatorSettings.DEFAULTS, true, Map.of(),
        true, Set.of());
  }

  public SandboxOptions withPort(int newPort) {
    return new SandboxOptions(newPort, bootSeconds, bootJitterSeconds, createFailureRate, throttleRate, seed, nodes,
        demo, providerConfig, controllers, providers);
  }

  public SandboxOptions withDemo(boolean applyDemo) {
    return new SandboxOptions(port, bootSeconds, bootJitterSeconds, createFailureRate, throttleRate, seed, nodes,
        applyDemo, providerConfig, controllers, providers);
  }

  public SandboxOptions withNodes(NodeEmulatorSettings settings) {
    return new SandboxOptions(port, bootSeconds, bootJitterSeconds, createFailureRate, throttleRate, seed, settings,
        demo, providerConfig, controllers, providers);
  }

  /** These options with further provider settings ({@code sim.KEY=VALUE}). */
  public SandboxOptions withProviderConfig(Map<String, String> config) {
    return new SandboxOptions(port, bootSeconds, bootJitterSeconds, createFailureRate, throttleRate, seed, nodes,
        demo, config, controllers, providers);
  }

  /** These options with or without the sandbox's own controllers and autoscaler. */
  public SandboxOptions withControllers(boolean run) {
    return new SandboxOptions(port, bootSeconds, bootJitterSeconds, createFailureRate, throttleRate, seed, nodes,
        demo, providerConfig, run, providers);
  }

  /** These options with the cloud providers {@code names} enabled beside sim (e.g. {@code openstack}). */
  public SandboxOptions withProviders(Set<String> names) {
    return new SandboxOptions(port, bootSeconds, bootJitterSeconds, createFailureRate, throttleRate, seed, nodes,
        demo, providerConfig, controllers, names);
  }

  /** Controller settings of the sandbox: the operator defaults (e.g. 100 Machine creates in flight per set). */
  public ControllerSettings controllerSettings() {
    return ControllerSettings.defaults();
  }

  /** The sim provider's configuration, keys with the {@code sim.} prefix as {@code --provider-config} takes them. */
  Map<String, String> providerConfiguration() {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("sim.bootSeconds", Double.toString(bootSeconds));
    config.put("sim.bootJitterSeconds", Double.toString(bootJitterSeconds));
    config.put("sim.createFailureRate", Double.toString(createFailureRate));
    config.put("sim.throttleRate", Double.toString(throttleRate));
    seed.ifPresent(s -> config.put("sim.seed", Long.toString(s)));
    config.putAll(providerConfig);
    return config;
  }
}
