package io.machineapi.apiserver;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import java.lang.reflect.Field;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs the end of a watch off the server's event loop. fabric8's CRUD watch listener, when its WebSocket closes or
 * fails, waits up to a minute for its own send thread to finish, and it does so on the one Vert.x event loop that
 * serves every request; a send still queued then needs that same loop, so the whole API stalled for up to 60 s
 * whenever a client went away with events pending (a controller process stopped or killed). Here the close and
 * failure callbacks run on a thread of their own; everything else is passed through unchanged. The watch first leaves
 * the dispatcher's set of open watches, on the event loop: otherwise a write served meanwhile would hand its event
 * to the listener's executor, already shut down, and answer 500.
 */
final class WatchCloseOffEventLoop extends WebSocketListener {

  /** One thread per watch being closed at once; idle threads end after a minute. */
  private static final ExecutorService CLOSERS = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "apiserver-watch-close");
    thread.setDaemon(true);
    return thread;
  });

  private final WebSocketListener delegate;
  private final Set<?> openWatches;

  private WatchCloseOffEventLoop(WebSocketListener delegate, Set<?> openWatches) {
    this.delegate = delegate;
    this.openWatches = openWatches;
  }

  /**
   * The set of open watches of {@code crud}, to which it sends every event (private in fabric8's dispatcher; read
   * once at start, so a fabric8 that renamed it fails at once).
   */
  static Set<?> openWatchesOf(KubernetesCrudDispatcher crud) {
    try {
      Field field = KubernetesCrudDispatcher.class.getDeclaredField("watchEventListeners");
      field.setAccessible(true);
      return (Set<?>) field.get(crud);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("this fabric8 mock server keeps its open watches elsewhere: " + e, e);
    }
  }

  /** {@code response} with its WebSocket listener, if any, wrapped; {@code openWatches} from {@link #openWatchesOf}. */
  static MockResponse wrap(MockResponse response, Set<?> openWatches) {
    WebSocketListener listener = response.getWebSocketListener();
    if (listener != null && !(listener instanceof WatchCloseOffEventLoop)) {
      response.withWebSocketUpgrade(new WatchCloseOffEventLoop(listener, openWatches));
    }
    return response;
  }

  @Override
  public void onBeforeAccept(WebSocket webSocket, Response response) {
    delegate.onBeforeAccept(webSocket, response);
  }

  @Override
  public void onOpen(WebSocket webSocket, Response response) {
    delegate.onOpen(webSocket, response);
  }

  @Override
  public void onMessage(WebSocket webSocket, String text) {
    delegate.onMessage(webSocket, text);
  }

  @Override
  public void onMessage(WebSocket webSocket, ByteString bytes) {
    delegate.onMessage(webSocket, bytes);
  }

  @Override
  public void onMessage(WebSocket webSocket, byte[] bytes) {
    delegate.onMessage(webSocket, bytes);
  }

  @Override
  public void onClosing(WebSocket webSocket, int code, String reason) {
    delegate.onClosing(webSocket, code, reason);
  }

  @Override
  public void onClosed(WebSocket webSocket, int code, String reason) {
    openWatches.remove(delegate);
    CLOSERS.execute(() -> delegate.onClosed(webSocket, code, reason));
  }

  @Override
  public void onFailure(WebSocket webSocket, Throwable failure, Response response) {
    openWatches.remove(delegate);
    CLOSERS.execute(() -> delegate.onFailure(webSocket, failure, response));
  }
}
