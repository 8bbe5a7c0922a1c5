package io.machineapi.cli;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.metrics.Info;
import java.util.List;

/**
 * What {@code machine-api run} reports about its own process: Micrometer's JVM binders (memory, garbage collection,
 * threads, class loading), processor, uptime and open file descriptors, and {@value #BUILD_INFO} (always 1) labelled
 * with the build's {@code version}, git {@code revision} and the running {@code java_version}.
 */
final class ProcessMetrics {
  static final String BUILD_INFO = "machine_api_build_info";

  private ProcessMetrics() {}

  /**
   * Binds everything to {@code meters}.
   *
   * @return the garbage collection binder: it listens to the JVM until closed
   */
  static JvmGcMetrics bind(PrometheusMeterRegistry meters, BuildInfo build) {
    JvmGcMetrics gc = new JvmGcMetrics();
    List<MeterBinder> binders = List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ClassLoaderMetrics(),
        new ProcessorMetrics(), new UptimeMetrics(), new FileDescriptorMetrics());
    binders.forEach(binder -> binder.bindTo(meters));
    // An info metric: Micrometer's Prometheus naming would drop the _info suffix from a gauge.
    Info.builder().name(BUILD_INFO).help("The running build of machine-api")
        .labelNames("version", "revision", "java_version").register(meters.getPrometheusRegistry())
        .setLabelValues(build.version(), build.gitCommit().orElse("unknown"), build.javaVersion());
    return gc;
  }
}
