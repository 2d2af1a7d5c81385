package dev.hud.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.ShutdownSignalException;

import dev.hud.deploy.ConnectorChannels.ConnectorChannel;
import dev.hud.deploy.ConnectorChannels.Step;
import dev.hud.sensors.fleet.SampleTopology;

/**
 * Each service's own broker user (issue 16): the in-chart RabbitMQ ({@link LocalBroker}) with the pod's users
 * container ({@link UsersContainer}) beside it, then every service connects with the user and password its rendered
 * environment names, declares what its channels declare ({@link ConnectorChannels}, from its application.properties)
 * and what the gateway's TrainingTopology and the sensors' own {@link SampleTopology} declare (agents and hubs),
 * publishes and consumes its messages, and is refused (ACCESS_REFUSED) everything else. KEDA's user reads the training
 * queue's depth and nothing else. Running the users container again is harmless; a changed password in the Secret
 * replaces the old one.
 */
class RabbitMqUsersTest {

    private static final Map<String, Object> KEDA = Map.of("trainer.cpu.keda.enabled", true,
            "trainer.state.accessMode", "ReadWriteMany");
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final int ACCESS_REFUSED = 403;
    /** SensorsConfig's broker-store-queue and broker-stream-queue defaults: what a hub declares. */
    private static final int STORE_LENGTH = 1_000_000;
    private static final int STREAM_LENGTH = 20_000;

    @TempDir
    Path folder;

    /** A service's broker credentials as its pod gets them. */
    private record Credentials(String user, String password) {
    }

    @Test
    void eachServiceWorksAsItsOwnUserAndIsRefusedTheRest() throws Exception {
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        var manifests = Chart.parse(Chart.template(null, KEDA));
        var secret = secretData(manifests);
        Credentials gateway = credentials(manifests, secret, "Deployment", "hud-gateway");
        Credentials trainer = credentials(manifests, secret, "Deployment", "hud-trainer-cpu");
        Credentials hub = credentials(manifests, secret, "Deployment", "hud-sensors");
        Credentials agent = credentials(manifests, secret, "DaemonSet", "hud-sensors-agent");
        try (var broker = LocalBroker.start(Files.createDirectories(folder.resolve("broker")), true, KEDA);
                var users = new UsersContainer(manifests, broker, secret,
                        Files.createDirectories(folder.resolve("users")))) {
            users.start(broker);
            assertFalse(users.ready(), "ready before the broker has even booted");
            awaitReady(broker, users);
            // Ready means the users are in: no waiting past this point.
            var admin = new Credentials(broker.user(), UsersContainer.decode(secret.get("password")));
            connect(broker, admin).close();

            var topology = new Topology(trainer, gateway, hub, agent);
            topology.declareAndFlow(broker);
            topology.refusals(broker);
            kedaReadsTheDepthOnly(broker, secret, topology);

            // Again, as at the next start of the pod (an upgrade: the broker has data): harmless.
            users.close();
            users.start(broker);
            awaitReady(broker, users);
            try (Connection connection = connect(broker, gateway)) {
                assertEquals(2, depth(connection, "hud.gateway.events"), "queues and messages untouched");
            }
            topology.refusals(broker);

            // A password changed in the Secret (the kubelet updates the mounted file): the new one works, the old not.
            users.changeSecret("gateway-password", "changed-" + UUID.randomUUID());
            users.changeSecret("password", "changed-" + UUID.randomUUID());
            var newGateway = new Credentials(gateway.user(), Files.readString(
                    folder.resolve("users/volume-passwords/gateway-password")));
            var newAdmin = new Credentials(admin.user(), Files.readString(
                    folder.resolve("users/volume-passwords/password")));
            await(broker, users, () -> authenticates(broker, newGateway) && authenticates(broker, newAdmin));
            assertFalse(authenticates(broker, gateway), "the gateway's old password still works");
            assertFalse(authenticates(broker, admin), "the admin's old password still works");
            assertTrue(authenticates(broker, trainer), "the other users keep theirs");
        }
    }

    /** What every service declares, publishes and consumes, each on its own connection as its own user. */
    private final class Topology {
        private final Credentials trainer;
        private final Credentials gateway;
        private final Credentials hub;
        private final Credentials agent;
        private final String trainerId = UUID.randomUUID().toString();
        private final String gatewayId = UUID.randomUUID().toString();
        /** A hub's id as Roles makes it: its node (the pod's host name) and its process. */
        private final String hubId = "hud-sensors-" + UUID.randomUUID() + "-1";

        Topology(Credentials trainer, Credentials gateway, Credentials hub, Credentials agent) {
            this.trainer = trainer;
            this.gateway = gateway;
            this.hub = hub;
            this.agent = agent;
        }

        List<ConnectorChannel> channels(String module, Map<String, String> runtime) throws IOException {
            return ConnectorChannels.of(Chart.ROOT.resolve(module + "/src/main/resources/application.properties"),
                    runtime);
        }

        void declareAndFlow(LocalBroker broker) throws Exception {
            try (Connection cpu = connect(broker, trainer);
                    Connection gpu = connect(broker, trainer);
                    Connection node = connect(broker, agent);
                    Connection sensors = connect(broker, hub);
                    Connection web = connect(broker, gateway)) {
                // Each makes what is not there yet (RabbitMQ checks a queue's dead-letter rights only when making it):
                // a CPU trainer makes its queue, the gateway the GPU one (no GPU trainer has started yet), then the GPU
                // trainer finds its queue there. One user for both kinds of trainer.
                var cpuChannels = channels("trainer", Map.of("quarkus.uuid", trainerId,
                        "hud.trainer.device-kind", "cpu"));
                declare(trainer, cpu, cpuChannels);
                var gatewayChannels = channels("gateway", Map.of("quarkus.uuid", gatewayId));
                declare(gateway, web, gatewayChannels);
                for (String kind : List.of("cpu", "gpu")) {
                    allowed(gateway, web, "TrainingTopology.ensure(" + kind + ")", c -> trainingTopology(c, kind));
                }
                declare(trainer, gpu, channels("trainer", Map.of("quarkus.uuid", UUID.randomUUID().toString(),
                        "hud.trainer.device-kind", "gpu")));
                // An agent may start before any hub: it makes the exchange alone; a hub then finds it there.
                allowed(agent, node, "SampleTopology.declareExchange", SampleTopology::declareExchange);
                var stream = new String[1];
                allowed(hub, sensors, "SampleTopology.declareHub",
                        c -> stream[0] = SampleTopology.declareHub(c, hubId, STORE_LENGTH, STREAM_LENGTH));
                assertEquals(SampleTopology.STREAM_PREFIX + hubId, stream[0]);

                // Work, cancellations and dead letters from the gateway to the trainers.
                publish(gateway, web, outgoing(gatewayChannels, "training-work"), "cpu", "trial 1");
                publish(gateway, web, outgoing(gatewayChannels, "training-work"), "cpu", "trial 2");
                assertReceived(trainer, cpu, incoming(cpuChannels, "training-work"), "trial 1");
                publish(gateway, web, outgoing(gatewayChannels, "training-control"), "", "cancel");
                assertReceived(trainer, cpu, incoming(cpuChannels, "training-control"), "cancel");
                publish(gateway, web, outgoing(gatewayChannels, "gateway-dead-letters"), "dead", "bad work");
                // Events from the trainers to the gateway: results on the shared queue, everything live.
                publish(trainer, cpu, outgoing(cpuChannels, "training-events"), "training.trial", "result");
                publish(trainer, cpu, outgoing(cpuChannels, "training-events"), "worker.heartbeat", "alive");
                publish(trainer, cpu, outgoing(cpuChannels, "training-dead-letters"), "dead", "malformed");
                publish(gateway, web, outgoing(gatewayChannels, "job-news"), "job.changed", "news");
                assertReceived(gateway, web, incoming(gatewayChannels, "job-events"), "result");
                assertReceived(gateway, web, incoming(gatewayChannels, "heartbeats"), "alive");
                assertReceived(gateway, web, incoming(gatewayChannels, "live-events"), "result");
                assertReceived(gateway, web, incoming(gatewayChannels, "live-events"), "news");
                publish(trainer, cpu, outgoing(cpuChannels, "training-events"), "training.model", "model");
                publish(trainer, cpu, outgoing(cpuChannels, "training-events"), "training.failed", "failed");
                // The gateway's monitor reads depths (passive declarations).
                awaitDepth(broker, web, "hud.training.dead", 2);
                awaitDepth(broker, web, "hud.gateway.events", 2);
                // Samples from an agent to the hubs: each hub's stream and, once, the store; a hub's dead letters.
                publish(agent, node, SampleTopology.EXCHANGE, "", "sample");
                assertReceived(hub, sensors, SampleTopology.STORE, "sample");
                assertReceived(hub, sensors, stream[0], "sample");
                publish(hub, sensors, SampleTopology.DEAD_LETTER_EXCHANGE, "dead", "unreadable");
                awaitDepth(broker, sensors, SampleTopology.DEAD_LETTERS, 1);
            }
        }

        /** Other services' queues and exchanges, the default exchange, the admin's rights: ACCESS_REFUSED. */
        void refusals(LocalBroker broker) throws Exception {
            try (Connection web = connect(broker, gateway);
                    Connection cpu = connect(broker, trainer);
                    Connection sensors = connect(broker, hub);
                    Connection node = connect(broker, agent)) {
                for (var user : Map.of(gateway, web, trainer, cpu, hub, sensors, agent, node).entrySet()) {
                    String name = user.getKey().user();
                    Connection connection = user.getValue();
                    refused(name, connection, "declare an unrelated queue",
                            c -> c.queueDeclare("unrelated", true, false, false, Map.of()));
                    refused(name, connection, "declare an unrelated exchange",
                            c -> c.exchangeDeclare("unrelated", "topic", true));
                    refused(name, connection, "publish to a queue straight (the default exchange)",
                            c -> c.basicPublish("", "hud.training.cpu", null, bytes("forged")));
                    refused(name, connection, "consume dead letters", c -> c.basicGet("hud.training.dead", false));
                }
                for (var user : Map.of(gateway, web, trainer, cpu).entrySet()) {
                    sensorsRefused(user.getKey().user(), user.getValue());
                }
                refused(trainer.user(), cpu, "publish work", c -> c.basicPublish("hud.training", "cpu", null,
                        bytes("forged")));
                refused(trainer.user(), cpu, "publish cancellations", c -> c.basicPublish("hud.control", "", null,
                        bytes("forged")));
                refused(trainer.user(), cpu, "consume the gateway's results",
                        c -> c.basicGet("hud.gateway.events", false));
                refused(trainer.user(), cpu, "delete the gateway's results", c -> c.queueDelete("hud.gateway.events"));
                refused(trainer.user(), cpu, "declare a gateway replica's queue",
                        c -> c.queueDeclare("hud.gateway.live.x", false, true, true, Map.of()));
                refused(hub.user(), sensors, "consume work", c -> c.basicGet("hud.training.cpu", false));
                refused(hub.user(), sensors, "publish events", c -> c.basicPublish("hud.events", "training.trial",
                        null, bytes("forged")));
                refused(hub.user(), sensors, "publish work", c -> c.basicPublish("hud.training", "cpu", null,
                        bytes("forged")));
                refused(hub.user(), sensors, "delete the work exchange", c -> c.exchangeDelete("hud.training"));
                refused(hub.user(), sensors, "publish samples (only agents sample)",
                        c -> c.basicPublish(SampleTopology.EXCHANGE, "", null, bytes("forged")));
                refused(hub.user(), sensors, "consume the dead letters",
                        c -> c.basicGet(SampleTopology.DEAD_LETTERS, false));
                // An agent, the pod that mounts its node's files, publishes samples and nothing else.
                refused(agent.user(), node, "consume the samples to store",
                        c -> c.basicGet(SampleTopology.STORE, false));
                refused(agent.user(), node, "declare the store queue", c -> c.queueDeclare(SampleTopology.STORE,
                        true, false, false, Map.of("x-queue-type", "quorum", "x-max-length", STORE_LENGTH,
                                "x-overflow", "drop-head")));
                refused(agent.user(), node, "declare a stream queue",
                        c -> c.queueDeclare(SampleTopology.STREAM_PREFIX + "x", false, true, true, Map.of()));
                refused(agent.user(), node, "publish dead letters",
                        c -> c.basicPublish(SampleTopology.DEAD_LETTER_EXCHANGE, "dead", null, bytes("forged")));
                refused(agent.user(), node, "declare the dead-letter exchange",
                        c -> c.exchangeDeclare(SampleTopology.DEAD_LETTER_EXCHANGE, "fanout", true));
                refused(agent.user(), node, "publish events", c -> c.basicPublish("hud.events", "worker.heartbeat",
                        null, bytes("forged")));
                refused(agent.user(), node, "publish work", c -> c.basicPublish("hud.training", "cpu", null,
                        bytes("forged")));
                refused(agent.user(), node, "consume work", c -> c.basicGet("hud.training.cpu", false));
            }
        }

        /** The sensors' names are the sensors' own: another service may not touch them. */
        private void sensorsRefused(String user, Connection connection) throws Exception {
            refused(user, connection, "delete the samples exchange",
                    c -> c.exchangeDelete(SampleTopology.EXCHANGE));
            refused(user, connection, "publish samples",
                    c -> c.basicPublish(SampleTopology.EXCHANGE, "", null, bytes("forged")));
            refused(user, connection, "consume the samples to store", c -> c.basicGet(SampleTopology.STORE, false));
            refused(user, connection, "declare a hub's stream queue",
                    c -> c.queueDeclare(SampleTopology.STREAM_PREFIX + "x", false, true, true, Map.of()));
            refused(user, connection, "publish the sensors' dead letters",
                    c -> c.basicPublish(SampleTopology.DEAD_LETTER_EXCHANGE, "dead", null, bytes("forged")));
            refused(user, connection, "consume the sensors' dead letters",
                    c -> c.basicGet(SampleTopology.DEAD_LETTERS, false));
        }
    }

    private void kedaReadsTheDepthOnly(LocalBroker broker, Map<String, String> secret, Topology topology)
            throws Exception {
        // The URL the chart gives KEDA, to the Service's port: here the test broker's.
        URI url = URI.create(UsersContainer.decode(secret.get("amqp-url")));
        assertEquals("hud-keda:" + UsersContainer.decode(secret.get("keda-password")), url.getUserInfo());
        var factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(broker.port());
        factory.setUsername(url.getUserInfo().substring(0, url.getUserInfo().indexOf(':')));
        factory.setPassword(url.getUserInfo().substring(url.getUserInfo().indexOf(':') + 1));
        // As KEDA's Go client (amqp091-go) reads it: a path of "/" alone is the default vhost, "/"; the Java client
        // would take it as the vhost "".
        factory.setVirtualHost(url.getPath().length() > 1 ? url.getPath().substring(1) : "/");
        try (Connection keda = factory.newConnection()) {
            Channel channel = keda.createChannel();
            assertEquals(1, channel.queueDeclarePassive("hud.training.cpu").getMessageCount(),
                    "the depth KEDA scales on");
            channel.close();
            String user = "hud-keda";
            refused(user, keda, "consume work", c -> c.basicGet("hud.training.cpu", false));
            refused(user, keda, "purge work", c -> c.queuePurge("hud.training.cpu"));
            refused(user, keda, "delete work", c -> c.queueDelete("hud.training.cpu"));
            refused(user, keda, "declare a queue", c -> c.queueDeclare("unrelated", true, false, false, Map.of()));
            refused(user, keda, "publish work", c -> c.basicPublish("hud.training", "cpu", null, bytes("x")));
            refused(user, keda, "publish to a queue straight", c -> c.basicPublish("", "hud.training.cpu", null,
                    bytes("x")));
        }
    }

    /**
     * As TrainingTopology.ensure in the gateway, which cannot be built here (it reads the gateway's Quarkus
     * configuration): the trainers' queue of a kind with the trainers' arguments, and the dead letters'.
     */
    private static void trainingTopology(Channel channel, String kind) throws IOException {
        channel.exchangeDeclare("hud.training", "direct", true);
        channel.exchangeDeclare("hud.training.dlx", "fanout", true);
        channel.queueDeclare("hud.training.dead", true, false, false, Map.of());
        channel.queueBind("hud.training.dead", "hud.training.dlx", "dead");
        channel.queueDeclare("hud.training." + kind, true, false, false, Map.of("x-queue-type", "quorum",
                "x-delivery-limit", 5, "x-dead-letter-exchange", "hud.training.dlx", "x-dead-letter-routing-key",
                "dead"));
        channel.queueBind("hud.training." + kind, "hud.training", kind);
    }

    /** The rendered README section's rabbitmqctl lines are the chart's table (KEDA's user included). */
    @Test
    void theReadmesCommandsForAnExternalBrokerAreTheChartsTable() throws Exception {
        String table = LocalBroker.find(Chart.parse(Chart.template(null, KEDA)), "ConfigMap", "hud-rabbitmq")
                .at("/data/users").asText();
        var expected = new ArrayList<String>();
        for (String line : table.strip().split("\n")) {
            String[] fields = line.strip().split(" ");
            if (!fields[2].equals("administrator")) {
                expected.add(String.format("rabbitmqctl set_permissions -p \"$VHOST\" %s '%s' '%s' '%s'", fields[0],
                        fields[3], fields[4], fields[5]));
            }
        }
        var documented = new ArrayList<String>();
        for (String line : Files.readAllLines(Chart.ROOT.resolve("helm/README.md"))) {
            if (line.startsWith("rabbitmqctl set_permissions")) {
                documented.add(line);
            }
        }
        assertEquals(expected, documented);
    }

    /** No service connects as the admin or as another service; each password is a key of its own. */
    @Test
    void everyServiceHasAUserOfItsOwn() throws Exception {
        var manifests = Chart.render(Chart.CHART.resolve("ci/gpu-values.yaml"));
        String admin = LocalBroker.env(LocalBroker.find(manifests, "StatefulSet", "hud-rabbitmq")
                .at("/spec/template/spec/containers/0"), "RABBITMQ_DEFAULT_USER");
        var users = new LinkedHashMap<String, String>();
        var keys = new LinkedHashMap<String, String>();
        for (var workload : List.of(List.of("Deployment", "hud-gateway"), List.of("Deployment", "hud-trainer-cpu"),
                List.of("Deployment", "hud-trainer-gpu"), List.of("Deployment", "hud-sensors"),
                List.of("DaemonSet", "hud-sensors-agent"))) {
            JsonNode container = LocalBroker.find(manifests, workload.get(0), workload.get(1))
                    .at("/spec/template/spec/containers/0");
            users.put(workload.get(1), LocalBroker.env(container, "RABBITMQ_USERNAME"));
            keys.put(workload.get(1), passwordRef(container).path("key").asText());
        }
        assertEquals(Map.of("hud-gateway", "hud-gateway", "hud-trainer-cpu", "hud-trainer", "hud-trainer-gpu",
                "hud-trainer", "hud-sensors", "hud-sensors", "hud-sensors-agent", "hud-sensors-agent"), users);
        assertEquals(Map.of("hud-gateway", "gateway-password", "hud-trainer-cpu", "trainer-password",
                "hud-trainer-gpu", "trainer-password", "hud-sensors", "sensors-password", "hud-sensors-agent",
                "sensors-agent-password"), keys);
        assertFalse(users.containsValue(admin), "a service connects as the admin");
        var secret = secretData(manifests);
        for (String key : keys.values()) {
            assertTrue(secret.containsKey(key), "the chart's rabbitmq Secret has no " + key);
        }
    }

    private static void declare(Credentials user, Connection connection, List<ConnectorChannel> channels)
            throws Exception {
        for (ConnectorChannel channel : channels) {
            for (Step step : channel.declarations()) {
                allowed(user, connection, channel.name(), step);
            }
        }
    }

    private static void allowed(Credentials user, Connection connection, String what, Step step) throws Exception {
        Channel channel = connection.createChannel();
        try {
            step.on(channel);
        } catch (IOException | ShutdownSignalException e) {
            // A refused publish surfaces when its confirmation is awaited: the channel closed.
            fail(user.user() + " could not " + what + ": " + reason(e));
        } finally {
            channel.abort();
        }
    }

    private static void refused(String user, Connection connection, String what, Step step) throws Exception {
        Channel channel = connection.createChannel();
        try {
            step.on(channel);
            // A synchronous round trip: a refused publish closes the channel only after it.
            channel.queueDeclarePassive("hud.training.cpu");
            fail(user + " may " + what);
        } catch (IOException | ShutdownSignalException e) {
            assertEquals(ACCESS_REFUSED, replyCode(e), user + " " + what + ": " + reason(e));
        } finally {
            channel.abort();
        }
    }

    private static ConnectorChannel outgoing(List<ConnectorChannel> channels, String name) {
        return channels.stream().filter(c -> !c.incoming() && c.name().equals(name)).findFirst().orElseThrow();
    }

    private static ConnectorChannel incoming(List<ConnectorChannel> channels, String name) {
        return channels.stream().filter(c -> c.incoming() && c.name().equals(name)).findFirst().orElseThrow();
    }

    private static void publish(Credentials user, Connection connection, ConnectorChannel to, String key,
            String body) throws Exception {
        publish(user, connection, to.exchange(), key, body);
    }

    private static void publish(Credentials user, Connection connection, String exchange, String key, String body)
            throws Exception {
        allowed(user, connection, "publish to " + exchange, c -> {
            c.confirmSelect();
            c.basicPublish(exchange, key, null, bytes(body));
            try {
                c.waitForConfirmsOrDie(WAIT.toMillis());
            } catch (InterruptedException | TimeoutException e) {
                throw new IOException(e);
            }
        });
    }

    private static void assertReceived(Credentials user, Connection connection, ConnectorChannel from,
            String body) throws Exception {
        assertReceived(user, connection, from.queue(), body);
    }

    private static void assertReceived(Credentials user, Connection connection, String queue, String body)
            throws Exception {
        Channel channel = connection.createChannel();
        try {
            GetResponse received = Awaitility.await().atMost(WAIT)
                    .until(() -> channel.basicGet(queue, true), Objects::nonNull);
            assertEquals(body, new String(received.getBody(), StandardCharsets.UTF_8), user.user() + " " + queue);
        } finally {
            channel.abort();
        }
    }

    private static long depth(Connection connection, String queue) throws IOException {
        Channel channel = connection.createChannel();
        try {
            return channel.queueDeclarePassive(queue).getMessageCount();
        } finally {
            channel.abort();
        }
    }

    private static void awaitDepth(LocalBroker broker, Connection connection, String queue, long messages) {
        broker.awaitUntil(() -> {
            try {
                return depth(connection, queue) == messages;
            } catch (IOException e) {
                return false;
            }
        });
    }

    private static void awaitReady(LocalBroker broker, UsersContainer users) {
        await(broker, users, () -> {
            try {
                return users.ready();
            } catch (Exception e) {
                return false;
            }
        });
    }

    private static void await(LocalBroker broker, UsersContainer users, Callable<Boolean> condition) {
        Awaitility.await().atMost(WAIT).failFast("the broker stopped", () -> !broker.process().isAlive())
                .until(() -> {
                    if (!users.process().isAlive()) {
                        throw new AssertionError("the users container stopped: " + output(users));
                    }
                    return condition.call();
                });
    }

    private static String output(UsersContainer users) {
        try {
            return users.output();
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static Connection connect(LocalBroker broker, Credentials credentials) throws Exception {
        var factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(broker.port());
        factory.setUsername(credentials.user());
        factory.setPassword(credentials.password());
        return factory.newConnection();
    }

    private static boolean authenticates(LocalBroker broker, Credentials credentials) throws Exception {
        try (Connection ignored = connect(broker, credentials)) {
            return true;
        } catch (AuthenticationFailureException e) {
            return false;
        }
    }

    /** The chart's rabbitmq Secret: key to base64 value. */
    private static Map<String, String> secretData(List<Chart.Manifest> manifests) {
        var data = new LinkedHashMap<String, String>();
        LocalBroker.find(manifests, "Secret", "hud-rabbitmq").at("/data").fields()
                .forEachRemaining(field -> data.put(field.getKey(), field.getValue().asText()));
        return data;
    }

    /** A service's user and password as its pod gets them: RABBITMQ_USERNAME, and its Secret's key. */
    private static Credentials credentials(List<Chart.Manifest> manifests, Map<String, String> secret, String kind,
            String name) {
        JsonNode container = LocalBroker.find(manifests, kind, name).at("/spec/template/spec/containers/0");
        JsonNode ref = passwordRef(container);
        assertEquals("hud-rabbitmq", ref.path("name").asText(), name);
        String password = secret.get(ref.path("key").asText());
        assertTrue(password != null, name + ": the Secret has no " + ref);
        return new Credentials(LocalBroker.env(container, "RABBITMQ_USERNAME"), UsersContainer.decode(password));
    }

    private static JsonNode passwordRef(JsonNode container) {
        for (JsonNode variable : container.path("env")) {
            if (variable.path("name").asText().equals("RABBITMQ_PASSWORD")) {
                return variable.at("/valueFrom/secretKeyRef");
            }
        }
        throw new AssertionError("no RABBITMQ_PASSWORD");
    }

    private static int replyCode(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ShutdownSignalException signal
                    && signal.getReason() instanceof com.rabbitmq.client.AMQP.Channel.Close close) {
                return close.getReplyCode();
            }
        }
        return -1;
    }

    private static String reason(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ShutdownSignalException signal) {
                return signal.getMessage();
            }
        }
        return e.toString();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
