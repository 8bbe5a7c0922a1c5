package io.machineapi.controllers.provider;

/** Registered in this module's test META-INF/services so {@link ProviderRegistry#load} has something to find. */
public class ServiceLoadedFakeProvider extends FakeProvider {
  public ServiceLoadedFakeProvider() {
    super("fake", "FakeMachineProviderSpec");
  }
}
