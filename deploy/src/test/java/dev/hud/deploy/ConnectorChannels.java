package dev.hud.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.rabbitmq.client.Channel;

/**
 * What a service's smallrye-rabbitmq channels do on the broker, read from the application.properties the service runs
 * with: the declarations the connector (4.33) makes when a channel starts, in its order and with its defaults
 * (exchanges durable topics; queues durable, shared, not auto-deleted; bound with {@code #}; the dead-letter exchange
 * and queue with {@code auto-bind-dlq}), then where an outgoing channel publishes and an incoming one consumes.
 * A channel key this replay does not know fails it, so that a new setting cannot slip past the broker users' test.
 */
final class ConnectorChannels {

    /** Keys that say nothing about the broker's resources or rights. */
    private static final Set<String> IGNORED = Set.of("connector", "publish-confirms", "auto-acknowledgement",
            "max-outstanding-messages", "failure-strategy");
    private static final Set<String> KNOWN = Set.of("exchange.name", "exchange.type", "exchange.durable",
            "exchange.auto-delete", "exchange.declare", "queue.name", "queue.durable", "queue.exclusive",
            "queue.auto-delete", "queue.declare", "queue.x-queue-type", "queue.x-delivery-limit", "routing-keys",
            "auto-bind-dlq", "dlx.declare", "dead-letter-exchange", "dead-letter-exchange-type",
            "dead-letter-queue-name", "dead-letter-routing-key");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)(?::([^}]*))?}");

    /** One step on a channel of the broker. */
    interface Step {
        void on(Channel channel) throws IOException;
    }

    /**
     * One channel of the service.
     *
     * @param declarations what the connector declares and binds when it starts
     * @param exchange where an outgoing channel publishes
     * @param queue where an incoming channel consumes from; null for an outgoing one
     */
    record ConnectorChannel(String name, boolean incoming, List<Step> declarations, String exchange, String queue) {
    }

    private ConnectorChannels() {
    }

    /**
     * The channels of a module's application.properties (its default profile).
     *
     * @param values the values of placeholders the runtime gives ({@code quarkus.uuid}, a trainer's device kind)
     */
    static List<ConnectorChannel> of(Path properties, Map<String, String> values) throws IOException {
        var file = new Properties();
        try (Reader reader = Files.newBufferedReader(properties)) {
            file.load(reader);
        }
        Map<String, Map<String, String>> settings = new TreeMap<>();
        for (String key : file.stringPropertyNames()) {
            Matcher channel = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.(.+)").matcher(key);
            if (channel.matches()) {
                settings.computeIfAbsent(channel.group(1) + " " + channel.group(2), name -> new LinkedHashMap<>())
                        .put(channel.group(3), resolve(file.getProperty(key), file, values));
            }
        }
        var channels = new ArrayList<ConnectorChannel>();
        settings.forEach((name, keys) -> {
            if ("smallrye-rabbitmq".equals(keys.get("connector"))) {
                channels.add(channel(name.substring(name.indexOf(' ') + 1), name.startsWith("incoming"), keys));
            }
        });
        return channels;
    }

    private static ConnectorChannel channel(String name, boolean incoming, Map<String, String> keys) {
        for (String key : keys.keySet()) {
            if (!IGNORED.contains(key) && !KNOWN.contains(key)) {
                throw new IllegalStateException(name + "." + key + " is not replayed: teach ConnectorChannels it");
            }
        }
        var steps = new ArrayList<Step>();
        String exchange = keys.getOrDefault("exchange.name", name);
        if (bool(keys, "exchange.declare", true)) {
            String type = keys.getOrDefault("exchange.type", "topic");
            boolean durable = bool(keys, "exchange.durable", true);
            boolean autoDelete = bool(keys, "exchange.auto-delete", false);
            steps.add(channel -> channel.exchangeDeclare(exchange, type, durable, autoDelete, Map.of()));
        }
        if (!incoming) {
            return new ConnectorChannel(name, false, steps, exchange, null);
        }
        String queue = keys.getOrDefault("queue.name", name);
        var arguments = new LinkedHashMap<String, Object>();
        if (bool(keys, "auto-bind-dlq", false)) {
            String deadExchange = keys.getOrDefault("dead-letter-exchange", "DLX");
            String deadKey = keys.getOrDefault("dead-letter-routing-key", queue);
            String deadQueue = keys.getOrDefault("dead-letter-queue-name", queue + ".dlq");
            if (bool(keys, "dlx.declare", false)) {
                String type = keys.getOrDefault("dead-letter-exchange-type", "direct");
                steps.add(channel -> channel.exchangeDeclare(deadExchange, type, true, false, Map.of()));
            }
            steps.add(channel -> channel.queueDeclare(deadQueue, true, false, false, Map.of()));
            steps.add(channel -> channel.queueBind(deadQueue, deadExchange, deadKey));
            arguments.put("x-dead-letter-exchange", deadExchange);
            arguments.put("x-dead-letter-routing-key", deadKey);
        }
        if (keys.containsKey("queue.x-delivery-limit")) {
            arguments.put("x-delivery-limit", Long.valueOf(keys.get("queue.x-delivery-limit")));
        }
        if (keys.containsKey("queue.x-queue-type")) {
            arguments.put("x-queue-type", keys.get("queue.x-queue-type"));
        }
        if (bool(keys, "queue.declare", true)) {
            boolean durable = bool(keys, "queue.durable", true);
            boolean exclusive = bool(keys, "queue.exclusive", false);
            boolean autoDelete = bool(keys, "queue.auto-delete", false);
            steps.add(channel -> channel.queueDeclare(queue, durable, exclusive, autoDelete, arguments));
        }
        for (String key : keys.getOrDefault("routing-keys", "#").split(",")) {
            steps.add(channel -> channel.queueBind(queue, exchange, key.trim()));
        }
        return new ConnectorChannel(name, true, steps, exchange, queue);
    }

    private static boolean bool(Map<String, String> keys, String key, boolean otherwise) {
        return keys.containsKey(key) ? Boolean.parseBoolean(keys.get(key)) : otherwise;
    }

    /** A value with its ${key} and ${key:default} placeholders replaced, from the file or the runtime's values. */
    private static String resolve(String value, Properties file, Map<String, String> values) {
        Matcher placeholder = PLACEHOLDER.matcher(value);
        var resolved = new StringBuilder();
        while (placeholder.find()) {
            String key = placeholder.group(1);
            String replacement = values.containsKey(key) ? values.get(key)
                    : file.getProperty(key, placeholder.group(2));
            if (replacement == null) {
                throw new IllegalStateException("no value for ${" + key + "} in " + value);
            }
            placeholder.appendReplacement(resolved, Matcher.quoteReplacement(resolve(replacement, file, values)));
        }
        placeholder.appendTail(resolved);
        return resolved.toString();
    }
}
