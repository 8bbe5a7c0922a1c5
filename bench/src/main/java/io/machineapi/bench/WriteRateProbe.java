package io.machineapi.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineSet;
import io.machineapi.apiserver.FieldValidationCost;
import io.machineapi.controllers.PatchTargets;
import io.machineapi.sandbox.Sandbox;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Measures R, the embedded API's write rate for the writes the Machine controller sends: merge patches of a
 * Machine's metadata/spec and of its status, each one request ({@link PatchTargets}, as {@code MachineWriter} sends
 * them), on an API that already holds the N Machines (owned by a MachineSet, so the API's garbage collector does its
 * usual work per write), from as many client threads as the controllers have.
 *
 * <p>It runs on an API of its own with no controllers: in the benchmark's sandbox the controllers would reconcile the
 * probe's Machines and compete with it. The server serves every request on one event-loop thread, so R is a
 * server-bound figure.
 */
final class WriteRateProbe {
  private static final String NS = Sandbox.MACHINE_API_NAMESPACE;

  /** One timed pass: calls per second and the requests the API served for them. */
  record Pass(double rate, Map<String, Long> requests) {}

  /**
   * @param machines N, Machines in the store while the patches run
   * @param creates the N Machine creates while the store filled from 0 to N (for information)
   * @param warmUp the first pass of patches, not counted (for information)
   * @param patches R: one-request patches per second, metadata/spec then status of each Machine ({@link
   *     #writesPerPass})
   * @param readPatches the same patches sent as fabric8's {@code withName(n).patch(...)} (a GET before each
   *     PATCH; the rate counts one write per pair), when asked for
   * @param fieldValidation what the API's {@code fieldValidation} pass costs per patch of the measured pass, timed
   *     on one thread after it on the Machines as then stored and the same patch bodies
   */
  record Result(int machines, int createThreads, int patchThreads, Pass creates, Pass warmUp, Pass patches,
      Optional<Pass> readPatches, FieldValidationCost.Result fieldValidation) {}

  private WriteRateProbe() {}

  /**
   * @param template the MachineSet whose template the probe's Machines copy (the benchmark's own)
   * @param createThreads threads creating the N Machines (the MachineSet controller's creates in flight)
   * @param patchThreads threads sending the patches (the controllers' reconcile threads)
   * @param compareReadPatch whether to measure {@link Result#readPatchRate()} as well
   */
  static Result measure(MachineSet template, int machines, int createThreads, int patchThreads,
      boolean compareReadPatch) throws Exception {
    try (Sandbox api = Sandbox.startApiOnly(0); KubernetesClient client = api.client()) {
      MachineSet set = client.resources(MachineSet.class).inNamespace(NS).resource(template).create();
      Pass creates = run(api, machines, createThreads,
          i -> client.resources(Machine.class).inNamespace(NS).resource(machine(set, i)).create());
      int writes = writesPerPass(machines);
      // A first, unmeasured pass warms up the new server's code paths and its connections.
      Pass warmUp = run(api, writes, patchThreads,
          w -> patch(PatchTargets.of(client, Machine.class, NS, name(machineOf(w, machines))), w, machines, 0));
      Pass patches = run(api, writes, patchThreads,
          w -> patch(PatchTargets.of(client, Machine.class, NS, name(machineOf(w, machines))), w, machines, 1));
      Optional<Pass> readPatches = compareReadPatch
          ? Optional.of(run(api, writes, patchThreads, w -> patch(
              client.resources(Machine.class).inNamespace(NS).withName(name(machineOf(w, machines))), w, machines, 2)))
          : Optional.empty();
      return new Result(machines, createThreads, patchThreads, creates, warmUp, patches, readPatches,
          fieldValidationCost(client, writes, machines));
    }
  }

  /** Times the fieldValidation pass on the measured pass's patches (see {@link Result#fieldValidation()}). */
  private static FieldValidationCost.Result fieldValidationCost(KubernetesClient client, int writes, int machines) {
    JsonNode crd = Serialization.jsonMapper().valueToTree(client.apiextensions().v1().customResourceDefinitions()
        .withName("machines.machine.openshift.io").get());
    Map<String, ObjectNode> stored = new java.util.HashMap<>();
    for (Machine machine : client.resources(Machine.class).inNamespace(NS).list().getItems()) {
      stored.put(machine.getMetadata().getName(), Serialization.jsonMapper().valueToTree(machine));
    }
    List<ObjectNode> objects = new ArrayList<>(writes);
    List<byte[]> bodies = new ArrayList<>(writes);
    for (int w = 0; w < writes; w++) {
      objects.add(stored.get(name(machineOf(w, machines))));
      bodies.add(body(w, machines, 1).getBytes(StandardCharsets.UTF_8));
    }
    return FieldValidationCost.measure(crd, "v1beta1", objects, bodies, 5);
  }

  /** Calls {@code write} for 0..count-1 spread over {@code threads} threads. */
  private static Pass run(Sandbox api, int count, int threads, IntConsumer write) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      api.requestStats().reset();
      long start = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int i = thread; i < count; i += threads) {
            write.accept(i);
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      return new Pass(count / ((System.nanoTime() - start) / 1e9), api.requestStats().snapshot());
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Two patches per Machine, at least {@value #MIN_WRITES_PER_PASS}: with few Machines, a pass of 2·N would be too
   * short to measure (each Machine is then patched more than once).
   */
  static int writesPerPass(int machines) {
    return Math.max(2 * machines, MIN_WRITES_PER_PASS);
  }

  private static final int MIN_WRITES_PER_PASS = 4000;

  private static int machineOf(int write, int machines) {
    return write / 2 % machines;
  }

  private static String name(int i) {
    return "probe-" + i;
  }

  private static Machine machine(MachineSet set, int i) {
    Machine machine = new Machine();
    machine.setMetadata(new ObjectMetaBuilder().withName(name(i)).withNamespace(NS)
        .withLabels(set.getSpec().getTemplate().getMetadata().getLabels())
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(set.getApiVersion()).withKind(set.getKind())
            .withName(set.getMetadata().getName()).withUid(set.getMetadata().getUid()).withController(true)
            .withBlockOwnerDeletion(true).build())
        .build());
    machine.setSpec(set.getSpec().getTemplate().getSpec());
    return machine;
  }

  /**
   * Even writes: the metadata/spec patch the Machine controller sends once the cloud reports an instance (instance
   * labels, state annotation, providerID). Odd writes: a status patch like the controller's (phase, lastUpdated,
   * conditions, addresses, providerStatus). Values depend on {@code write} and {@code pass}, so every patch changes
   * the object.
   */
  private static void patch(Resource<Machine> target, int write, int machines, int pass) {
    if (write % 2 == 0) {
      target.patch(PatchContext.of(PatchType.JSON_MERGE), body(write, machines, pass));
    } else {
      target.subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), body(write, machines, pass));
    }
  }

  /** The body of {@link #patch}. */
  private static String body(int write, int machines, int pass) {
    int machine = machineOf(write, machines);
    String state = List.of("pending", "running", "stopping").get(pass % 3);
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    if (write % 2 == 0) {
      ObjectNode metadata = patch.putObject("metadata");
      metadata.putObject("labels").put("machine.openshift.io/instance-type", "sim.large")
          .put("machine.openshift.io/region", "sim-region-1").put("machine.openshift.io/zone", "sim-region-1a");
      metadata.putObject("annotations").put("machine.openshift.io/instance-state", state);
      patch.putObject("spec").put("providerID", "sim:///sim-region-1a/i-" + pass + "-" + write);
    } else {
      String now = Instant.now().toString();
      ObjectNode status = patch.putObject("status");
      status.put("phase", List.of("Provisioning", "Provisioned", "Running").get(pass % 3)).put("lastUpdated", now);
      ArrayNode conditions = status.putArray("conditions");
      for (String type : List.of("Drainable", "InstanceExists", "Terminable")) {
        conditions.addObject().put("type", type).put("status", "True").put("lastTransitionTime", now);
      }
      ArrayNode addresses = status.putArray("addresses");
      addresses.addObject().put("type", "InternalIP").put("address", "10.0." + machine / 250 + "." + machine % 250);
      addresses.addObject().put("type", "InternalDNSName").put("address", name(machine));
      status.putObject("providerStatus").put("instanceId", "i-" + pass + "-" + write).put("instanceState", state);
    }
    return patch.toString();
  }
}
