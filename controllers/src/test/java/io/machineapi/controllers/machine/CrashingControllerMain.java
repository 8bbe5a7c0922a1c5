package io.machineapi.controllers.machine;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.javaoperatorsdk.operator.Operator;
import io.machineapi.controllers.ControllerSettings;
import io.machineapi.controllers.drain.DrainResult;
import io.machineapi.controllers.events.EventRecorder;
import io.machineapi.controllers.provider.ProviderRegistry;
import io.machineapi.providers.sim.SimMachineProvider;
import io.machineapi.providers.sim.SimMachineProviderSpec;
import io.machineapi.spi.DescribeRequest;
import io.machineapi.spi.DescribeResult;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.MachineContext;
import io.machineapi.spi.MachineProvider;
import io.machineapi.spi.ProviderEnvironment;
import io.machineapi.spi.ProviderException;
import io.machineapi.spi.ProviderResult;
import io.machineapi.spi.TransientProviderException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Machine controller process for {@link MachineCrashSafetyIT}: the sim provider with a state file, against the
 * API at {@code args[0]}. With {@code args[2] = halt} the JVM halts ({@link Runtime#halt}: no shutdown hooks, no
 * finally blocks, nothing the controller could catch) the moment the provider's create returns, i.e. after the
 * instance exists in the cloud and before its identity reaches the Machine.
 */
public final class CrashingControllerMain {
  static final int HALT_STATUS = 77;

  public static void main(String[] args) throws Exception {
    String apiUrl = args[0];
    String stateFile = args[1];
    boolean halt = args.length > 2 && "halt".equals(args[2]);
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl(apiUrl).withOauthToken("embedded")
        .withNamespace("default").withHttp2Disable(true).withRequestRetryBackoffLimit(0).build();
    KubernetesClient client = new KubernetesClientBuilder().withHttpClientFactory(new JdkHttpClientFactory())
        .withConfig(config).build();
    ProviderRegistry providers = ProviderRegistry.of(List.of(new HaltAfterCreate(halt)), Set.of("sim"),
        new ProviderEnvironment(Map.of("sim.stateFile", stateFile), Clock.systemUTC(), Optional.empty()));
    Operator operator = new Operator(o -> o.withKubernetesClient(client)
        .withUseSSAToPatchPrimaryResource(false)
        .withSSABasedCreateUpdateMatchForDependentResources(false));
    operator.register(new MachineReconciler(client, providers, new EventRecorder(client, Clock.systemUTC()),
        Clock.systemUTC(), ControllerSettings.defaults(), request -> new DrainResult.Complete("none"),
        MachineControllerHarness.FAST));
    operator.start();
    Thread.currentThread().join();
  }

  /** The sim provider, optionally halting the JVM right after a create returned. */
  static final class HaltAfterCreate implements MachineProvider<SimMachineProviderSpec> {
    private final SimMachineProvider sim = new SimMachineProvider();
    private final boolean halt;

    HaltAfterCreate(boolean halt) {
      this.halt = halt;
    }

    @Override
    public String name() {
      return sim.name();
    }

    @Override
    public Set<String> providerSpecKinds() {
      return sim.providerSpecKinds();
    }

    @Override
    public void init(ProviderEnvironment environment) {
      sim.init(environment);
    }

    @Override
    public SimMachineProviderSpec decode(com.fasterxml.jackson.databind.JsonNode value)
        throws InvalidConfigurationException {
      return sim.decode(value);
    }

    @Override
    public ProviderResult create(MachineContext machine, SimMachineProviderSpec spec) throws ProviderException {
      ProviderResult result = sim.create(machine, spec);
      if (halt) {
        Runtime.getRuntime().halt(HALT_STATUS);
      }
      return result;
    }

    @Override
    public DescribeResult describe(List<DescribeRequest<SimMachineProviderSpec>> machines)
        throws TransientProviderException {
      return sim.describe(machines);
    }

    @Override
    public ProviderResult delete(MachineContext machine, SimMachineProviderSpec spec) throws ProviderException {
      return sim.delete(machine, spec);
    }
  }
}
