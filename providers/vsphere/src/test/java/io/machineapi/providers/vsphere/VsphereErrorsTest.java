package io.machineapi.providers.vsphere;

import static org.assertj.core.api.Assertions.assertThat;

import com.vmware.vim25.InsufficientMemoryResourcesFault;
import com.vmware.vim25.InvalidLogin;
import com.vmware.vim25.InvalidPowerState;
import com.vmware.vim25.LocalizedMethodFault;
import com.vmware.vim25.NoPermission;
import com.vmware.vim25.NotAuthenticated;
import com.vmware.vim25.RuntimeFault;
import com.vmware.vim25.TaskInProgress;
import io.machineapi.spi.TransientProviderException;
import io.machineapi.spi.TransientProviderException.Reason;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.rmi.RemoteException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class VsphereErrorsTest {

  @Test
  void everyFaultIsTransientWithAReason() {
    assertThat(VsphereErrors.classify(new InvalidLogin(), "login").reason()).isEqualTo(Reason.CREDENTIALS);
    assertThat(VsphereErrors.classify(new NoPermission(), "CloneVM_Task").reason()).isEqualTo(Reason.CREDENTIALS);
    assertThat(VsphereErrors.classify(new TaskInProgress(), "PowerOnVM_Task").reason()).isEqualTo(Reason.CONFLICT);
    assertThat(VsphereErrors.classify(new InvalidPowerState(), "Destroy_Task").reason())
        .isEqualTo(Reason.CONFLICT);
    TransientProviderException capacity = VsphereErrors.classify(new InsufficientMemoryResourcesFault(), "clone");
    assertThat(capacity.reason()).isEqualTo(Reason.INSUFFICIENT_CAPACITY);
    assertThat(capacity.minimumBackoff()).contains(Duration.ofMinutes(2));
    assertThat(VsphereErrors.classify(new RuntimeFault(), "read").reason()).isEqualTo(Reason.OTHER);
    assertThat(VsphereErrors.classify(new NotAuthenticated(), "read").reason())
        .isEqualTo(Reason.CLOUD_UNAVAILABLE);
  }

  @Test
  void transportFailuresAreCloudUnavailable() {
    RemoteException timeout = new RemoteException("Exception caught trying to invoke method RetrievePropertiesEx",
        new SocketTimeoutException("Read timed out"));
    TransientProviderException t = VsphereErrors.classify(timeout, "read VM inventory");
    assertThat(t.reason()).isEqualTo(Reason.CLOUD_UNAVAILABLE);
    assertThat(t.getMessage()).startsWith("vCenter read VM inventory failed: RemoteException");
    assertThat(VsphereErrors.notSent(timeout)).isFalse();
    RemoteException refused = new RemoteException("x",
        new VimClient.NotSentException(new ConnectException("Connection refused")));
    assertThat(VsphereErrors.notSent(refused)).isTrue();
    assertThat(VsphereErrors.classify(refused, "x").reason()).isEqualTo(Reason.CLOUD_UNAVAILABLE);
    assertThat(VsphereErrors.classify(new RemoteException("x", new IOException("reset")), "x").reason())
        .isEqualTo(Reason.CLOUD_UNAVAILABLE);
  }

  @Test
  void sessionExpiryIsRecognisedInTheCauseChain() {
    assertThat(VsphereErrors.notAuthenticated(new RemoteException("wrapped", new NotAuthenticated()))).isTrue();
    assertThat(VsphereErrors.notAuthenticated(new InvalidLogin())).isFalse();
  }

  @Test
  void aFailedTaskShowsVcentersMessage() {
    LocalizedMethodFault error = new LocalizedMethodFault();
    error.setFault(new RuntimeFault());
    error.setLocalizedMessage("Insufficient disk space on datastore 'LocalDS_0'.");
    TransientProviderException t = VsphereErrors.taskFailed("VirtualMachine.clone", "task-42", error);
    assertThat(t.reason()).isEqualTo(Reason.OPERATION_FAILED);
    assertThat(t.getMessage()).isEqualTo("vCenter task task-42 (VirtualMachine.clone) failed: "
        + "Insufficient disk space on datastore 'LocalDS_0'.");
    LocalizedMethodFault capacity = new LocalizedMethodFault();
    capacity.setFault(new InsufficientMemoryResourcesFault());
    assertThat(VsphereErrors.taskFailed("VirtualMachine.powerOn", "task-7", capacity).reason())
        .isEqualTo(Reason.INSUFFICIENT_CAPACITY);
    assertThat(VsphereErrors.taskFailed("x", "task-8", null).getMessage()).endsWith("unknown error");
  }
}
