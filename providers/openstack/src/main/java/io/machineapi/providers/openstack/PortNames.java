package io.machineapi.providers.openstack;

import io.machineapi.providers.openstack.OpenstackProviderSpec.NetworkParam;
import io.machineapi.providers.openstack.OpenstackProviderSpec.PortOpts;
import java.util.ArrayList;
import java.util.List;

/**
 * The names of a Machine's ports, computed from the spec alone (no cloud call), in the server's network order:
 * {@code <machine>-<index>} for each port of {@code networks} (one per network given by uuid or filter, else one per
 * subnet), then {@code <machine>-<nameSuffix>} (or {@code -<index>}) for each of {@code ports}. Create gets or
 * creates ports by these names; delete finds leftovers by them.
 */
final class PortNames {
  private PortNames() {}

  static List<String> of(OpenstackProviderSpec spec, String machine) {
    List<String> names = new ArrayList<>();
    for (NetworkParam n : spec.networksOrEmpty()) {
      if (OpenstackProviderSpec.set(n.uuid()) || n.filter() != null) {
        names.add(machine + "-" + names.size());
      } else {
        for (int j = 0; j < n.subnetsOrEmpty().size(); j++) {
          names.add(machine + "-" + names.size());
        }
      }
    }
    for (PortOpts p : spec.portsOrEmpty()) {
      names.add(machine + "-" + (OpenstackProviderSpec.set(p.nameSuffix()) ? p.nameSuffix() : names.size()));
    }
    return names;
  }
}
