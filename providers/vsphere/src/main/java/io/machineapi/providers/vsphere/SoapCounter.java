package io.machineapi.providers.vsphere;

import io.machineapi.spi.RequestCounts;

/**
 * Counts the SOAP requests this provider sends to vCenter, by method name ({@code RetrievePropertiesEx},
 * {@code CloneVM_Task}, {@code Login}, …), for tests and the benchmark. Every request that leaves the process is
 * counted, including the ones a session re-establishment costs; nothing is hidden in the client.
 */
public final class SoapCounter extends RequestCounts {}
