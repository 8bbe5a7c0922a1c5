package io.machineapi.providers.aws;

import io.machineapi.spi.RequestCounts;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Counts every EC2 HTTP request sent (each attempt, so retries count), by operation name. */
public final class RequestCounter extends RequestCounts implements ExecutionInterceptor {

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    String op = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    increment(op == null ? "unknown" : op);
  }
}
