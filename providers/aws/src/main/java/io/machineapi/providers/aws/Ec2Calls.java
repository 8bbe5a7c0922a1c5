package io.machineapi.providers.aws;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.machineapi.spi.ProviderException;
import io.machineapi.spi.TransientProviderException;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The one owner of retries for EC2 calls (the SDK's own are off): a client-side rate limiter, retry with
 * exponential backoff and jitter on throttling / 5xx / network errors within a small budget (3 attempts, about
 * 1 s in all), and a circuit breaker that stops calling a failing endpoint for 30 s. After that the failure goes to
 * the controller as transient, which requeues with its own backoff — no thread waits long.
 */
final class Ec2Calls {
  private final RateLimiter limiter;
  private final Retry retry;
  private final CircuitBreaker breaker;

  Ec2Calls(String name, int requestsPerSecond, Duration baseBackoff) {
    limiter = RateLimiter.of(name, RateLimiterConfig.custom().limitForPeriod(requestsPerSecond)
        .limitRefreshPeriod(Duration.ofSeconds(1)).timeoutDuration(Duration.ofSeconds(2)).build());
    retry = Retry.of(name, RetryConfig.custom().maxAttempts(3)
        .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(baseBackoff, 2.0, 0.5))
        .retryOnException(Ec2Errors::retryable).build());
    breaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom().slidingWindowSize(20).minimumNumberOfCalls(10)
        .failureRateThreshold(80).waitDurationInOpenState(Duration.ofSeconds(30))
        .recordException(Ec2Errors::retryable).build());
  }

  /** Runs {@code call}; an SDK failure is classified, with {@code launching} telling whether a 4xx is the spec's. */
  <T> T run(Supplier<T> call, boolean launching) throws ProviderException {
    Supplier<T> limited = RateLimiter.decorateSupplier(limiter, call);
    Supplier<T> guarded = CircuitBreaker.decorateSupplier(breaker, limited);
    try {
      return Retry.decorateSupplier(retry, guarded).get();
    } catch (SdkException e) {
      throw Ec2Errors.classify(e, launching);
    } catch (CallNotPermittedException e) {
      throw new TransientProviderException(TransientProviderException.Reason.CLOUD_UNAVAILABLE,
          "EC2 calls paused for 30 s after repeated failures (circuit open)", e);
    } catch (RequestNotPermitted e) {
      throw new TransientProviderException(TransientProviderException.Reason.THROTTLED,
          "client-side EC2 rate limit reached", e);
    }
  }
}
