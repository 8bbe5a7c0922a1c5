package io.machineapi.cli;

import io.machineapi.spi.MachineProvider;
import java.util.Iterator;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * The names of the providers in this build ({@link MachineProvider} services on the class path), sorted: what
 * {@code run --help} lists for {@code --provider}, so the help never names a provider the jar does not have.
 */
final class ProviderNames implements Iterable<String> {

  @Override
  public Iterator<String> iterator() {
    TreeSet<String> names = new TreeSet<>();
    for (MachineProvider<?> provider : ServiceLoader.load(MachineProvider.class)) {
      names.add(provider.name());
      provider.close();
    }
    return names.iterator();
  }
}
