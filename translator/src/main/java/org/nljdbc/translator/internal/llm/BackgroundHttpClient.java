package org.nljdbc.translator.internal.llm;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An {@link HttpClient} built on a daemon thread as soon as it is made, and used through this one once built: building
 * one loads the default TLS context (parsing every certificate of the trust store), a few hundred milliseconds of a
 * cold JVM that the connection which made it should not wait for. The first call waits for the build if it is still
 * running; a failed build fails every call as building it there would have.
 */
final class BackgroundHttpClient extends HttpClient {
    private final CompletableFuture<HttpClient> built;

    BackgroundHttpClient(Supplier<HttpClient> build) {
        this.built = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                built.complete(build.get());
            } catch (RuntimeException | Error e) {
                built.completeExceptionally(e);
            }
        }, "nljdbc-http-client");
        t.setDaemon(true);
        t.start();
    }

    private HttpClient client() {
        try {
            return built.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return client().cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return client().connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return client().followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return client().proxy();
    }

    @Override
    public SSLContext sslContext() {
        return client().sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return client().sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return client().authenticator();
    }

    @Override
    public Version version() {
        return client().version();
    }

    @Override
    public Optional<Executor> executor() {
        return client().executor();
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> responseBodyHandler)
            throws IOException, InterruptedException {
        return client().send(request, responseBodyHandler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
                                                            HttpResponse.BodyHandler<T> responseBodyHandler) {
        return client().sendAsync(request, responseBodyHandler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
                                                            HttpResponse.BodyHandler<T> responseBodyHandler,
                                                            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return client().sendAsync(request, responseBodyHandler, pushPromiseHandler);
    }

    @Override
    public java.net.http.WebSocket.Builder newWebSocketBuilder() {
        return client().newWebSocketBuilder();
    }
}
