package dev.hud.e2e;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One packaged HUD service ({@code <module>/target/quarkus-app/quarkus-run.jar}) run as a process on 127.0.0.1. */
final class Service implements AutoCloseable {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String module;
    final int port;
    private final Map<String, String> environment;
    private Process process;

    Service(String module, int port, Map<String, String> environment) {
        this.module = module;
        this.port = port;
        this.environment = environment;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Health, metrics and OpenAPI: the management interface, on the port + 1000. */
    int managementPort() {
        return port + 1000;
    }

    Service start() throws IOException, InterruptedException {
        Path jar = ROOT.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: build the modules first (./mvnw verify builds them before e2e)");
        }
        Path log = Path.of("target", module + ".log");
        Files.createDirectories(log.getParent());
        var builder = new ProcessBuilder(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-Xmx384m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        builder.environment().put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
        builder.environment().put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort()));
        process = builder.start();
        long deadline = System.currentTimeMillis() + 90_000;
        while (!ready()) {
            if (!process.isAlive()) {
                throw new IllegalStateException(module + " stopped while starting; see " + log.toAbsolutePath());
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(module + " not ready after 90 s; see " + log.toAbsolutePath());
            }
            Thread.sleep(250);
        }
        return this;
    }

    boolean ready() {
        try {
            var response = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort() + "/q/health/ready"))
                            .timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGTERM, as Kubernetes stops a pod; SIGKILL if it has not stopped after 30 s. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
