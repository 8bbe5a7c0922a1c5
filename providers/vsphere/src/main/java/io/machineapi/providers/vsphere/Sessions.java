package io.machineapi.providers.vsphere;

import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.ServiceContent;
import com.vmware.vim25.VimPortType;
import com.vmware.vim25.mo.ServiceInstance;
import io.machineapi.spi.ProviderException;
import io.machineapi.spi.TransientProviderException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logged-in vCenter session per server, user and password hash, shared by every thread. A session vCenter no
 * longer knows ({@code NotAuthenticated}: expired or terminated) is replaced by one new login, shared by the threads
 * that saw it fail, and the call is repeated when that is safe: a read, or a request that never left this process.
 * A task-starting call answered {@code NotAuthenticated} is not repeated here; the next pass looks at vCenter's state
 * again before starting anything.
 */
final class Sessions implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
  static final ManagedObjectReference SERVICE_INSTANCE = mor("ServiceInstance", "ServiceInstance");

  private final VsphereSettings settings;
  private final SoapCounter counter;
  private final Map<String, Holder> sessions = new ConcurrentHashMap<>();

  Sessions(VsphereSettings settings, SoapCounter counter) {
    this.settings = settings;
    this.counter = counter;
  }

  /** A SOAP conversation with a logged-in session. */
  interface Call<T> {
    T call(Session session) throws Exception;
  }

  /** A logged-in session: its stub, its service content and the per-session objects (container views) it made. */
  static final class Session {
    final VimPortType vim;
    final ServiceContent content;
    final Map<String, ManagedObjectReference> views = new ConcurrentHashMap<>();

    Session(VimPortType vim, ServiceContent content) {
      this.vim = vim;
      this.content = content;
    }
  }

  static ManagedObjectReference mor(String type, String value) {
    ManagedObjectReference m = new ManagedObjectReference();
    m.setType(type);
    m.setVal(value);
    return m;
  }

  /** Runs a read (safe to repeat after a new login). */
  <T> T read(Credentials credentials, String what, Call<T> call) throws ProviderException {
    return run(credentials, what, call, true);
  }

  /** Runs a call that changes vCenter (starts a task): repeated only when its request was never sent. */
  <T> T write(Credentials credentials, String what, Call<T> call) throws ProviderException {
    return run(credentials, what, call, false);
  }

  private <T> T run(Credentials credentials, String what, Call<T> call, boolean repeatable)
      throws ProviderException {
    Holder holder = sessions.computeIfAbsent(credentials.key(), k -> new Holder(credentials));
    Session session = holder.get(what);
    try {
      return call.call(session);
    } catch (ProviderException e) {
      throw e;
    } catch (Exception e) {
      boolean expired = VsphereErrors.notAuthenticated(e);
      if (expired) {
        holder.invalidate(session);
      }
      if (!(expired && repeatable) && !VsphereErrors.notSent(e)) {
        throw VsphereErrors.classify(e, what);
      }
      if (expired) {
        LOG.info("vCenter session of {} expired; logging in again", credentials);
      }
      try {
        return call.call(holder.get(what));
      } catch (ProviderException again) {
        throw again;
      } catch (Exception again) {
        if (VsphereErrors.notAuthenticated(again)) {
          holder.invalidate(holder.current());
        }
        throw VsphereErrors.classify(again, what);
      }
    }
  }

  @Override
  public void close() {
    sessions.values().forEach(Holder::logout);
    sessions.clear();
  }

  /** The session of one credential, logged in on first use and again after {@link #invalidate}. */
  private final class Holder {
    private final Credentials credentials;
    private Session session;

    Holder(Credentials credentials) {
      this.credentials = credentials;
    }

    synchronized Session current() {
      return session;
    }

    synchronized Session get(String what) throws TransientProviderException {
      if (session == null) {
        session = login(what);
      }
      return session;
    }

    synchronized void invalidate(Session failed) {
      if (session == failed) {
        session = null;
      }
    }

    private Session login(String what) throws TransientProviderException {
      String url = "https://" + credentials.server() + ":" + settings.port() + "/sdk";
      try {
        VimClient client = new VimClient(url, settings.insecure(), settings.connectTimeout(), settings.readTimeout(),
            counter);
        client.setVimNameSpace(ServiceInstance.VIM25_NAMESPACE);
        VimPortType vim = new VimPortType(client);
        ServiceContent content = vim.retrieveServiceContent(SERVICE_INSTANCE);
        client.setSoapActionOnApiVersion(content.getAbout().getApiVersion());
        vim.login(content.getSessionManager(), credentials.username(), credentials.password(), null);
        LOG.info("logged in to vCenter {} ({} {}) as {}", url, content.getAbout().getFullName(),
            content.getAbout().getApiVersion(), credentials.username());
        return new Session(vim, content);
      } catch (Exception e) {
        throw VsphereErrors.classify(e, "login for " + what);
      }
    }

    synchronized void logout() {
      if (session != null) {
        try {
          session.vim.logout(session.content.getSessionManager());
        } catch (Exception e) {
          LOG.debug("vCenter logout of {} failed: {}", credentials, VsphereErrors.describe(e));
        }
        session = null;
      }
    }
  }
}
