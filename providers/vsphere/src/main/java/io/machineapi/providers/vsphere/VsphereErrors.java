package io.machineapi.providers.vsphere;

import com.vmware.vim25.InsufficientResourcesFault;
import com.vmware.vim25.InvalidLogin;
import com.vmware.vim25.InvalidPowerState;
import com.vmware.vim25.InvalidState;
import com.vmware.vim25.LocalizedMethodFault;
import com.vmware.vim25.MethodFault;
import com.vmware.vim25.NoPermission;
import com.vmware.vim25.NotAuthenticated;
import com.vmware.vim25.TaskInProgress;
import io.machineapi.spi.TransientProviderException;
import io.machineapi.spi.TransientProviderException.Reason;
import java.io.IOException;
import java.rmi.RemoteException;
import java.time.Duration;

/**
 * Classifies what vCenter (or the way to it) answered. Every fault is transient: the permanent errors of this
 * provider are spec problems found by its own lookups (template, folder, datastore, pool or network not found or
 * ambiguous, hardware version, disk shrink), never a vCenter fault.
 */
final class VsphereErrors {
  private static final Duration CAPACITY_BACKOFF = Duration.ofMinutes(2);

  private VsphereErrors() {}

  /** The transient failure for a failed SOAP call {@code what} (e.g. {@code CloneVM_Task}). */
  static TransientProviderException classify(Throwable e, String what) {
    if (e instanceof TransientProviderException t) {
      return t;
    }
    Reason reason = reason(e);
    return new TransientProviderException(reason, "vCenter " + what + " failed: " + describe(e),
        reason == Reason.INSUFFICIENT_CAPACITY ? CAPACITY_BACKOFF : null, e);
  }

  static Reason reason(Throwable e) {
    if (e instanceof NotAuthenticated) {
      // A session vCenter ended (a NoPermission subtype, but not about the credentials): the next call logs in.
      return Reason.CLOUD_UNAVAILABLE;
    }
    if (e instanceof InvalidLogin || e instanceof NoPermission) {
      return Reason.CREDENTIALS;
    }
    if (e instanceof InsufficientResourcesFault) {
      return Reason.INSUFFICIENT_CAPACITY;
    }
    if (e instanceof TaskInProgress || e instanceof InvalidPowerState || e instanceof InvalidState) {
      return Reason.CONFLICT;
    }
    // vCenter's faults are RemoteExceptions and so IOExceptions: only a transport failure (timeout, refused or
    // dropped connection, TLS) in the cause chain means vCenter was not reached or did not answer.
    for (Throwable c = e; c != null && c != c.getCause(); c = c.getCause()) {
      if (c instanceof MethodFault) {
        return Reason.OTHER;
      }
      if (c instanceof IOException && !(c instanceof RemoteException)) {
        return Reason.CLOUD_UNAVAILABLE;
      }
    }
    return Reason.OTHER;
  }

  /** The failure of a vCenter task: the fault's own message is shown, reason by the fault's type. */
  static TransientProviderException taskFailed(String task, String taskRef, LocalizedMethodFault error) {
    MethodFault fault = error == null ? null : error.getFault();
    String message = error == null ? null : error.getLocalizedMessage();
    if (message == null || message.isBlank()) {
      message = fault == null ? "unknown error" : fault.getClass().getSimpleName();
    }
    Reason reason = fault instanceof InsufficientResourcesFault ? Reason.INSUFFICIENT_CAPACITY
        : Reason.OPERATION_FAILED;
    return new TransientProviderException(reason, "vCenter task " + taskRef + " (" + task + ") failed: " + message,
        reason == Reason.INSUFFICIENT_CAPACITY ? CAPACITY_BACKOFF : null, null);
  }

  /** The fault's type and message, e.g. {@code InvalidLogin: Cannot complete login …}. */
  static String describe(Throwable e) {
    String type = e.getClass().getSimpleName();
    String message = e.getMessage();
    if (e instanceof MethodFault fault && fault.getFaultCause() != null) {
      message = fault.getFaultCause().getLocalizedMessage();
    }
    if (message == null || message.isBlank()) {
      Throwable cause = e.getCause();
      return cause == null || cause == e ? type : type + " (" + describe(cause) + ")";
    }
    return type + ": " + message;
  }

  /** Whether vCenter said the session is not (or no longer) logged in. */
  static boolean notAuthenticated(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof NotAuthenticated) {
        return true;
      }
    }
    return false;
  }

  /** Whether the request never left this process (safe to repeat whatever it was). */
  static boolean notSent(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof VimClient.NotSentException) {
        return true;
      }
    }
    return false;
  }
}
