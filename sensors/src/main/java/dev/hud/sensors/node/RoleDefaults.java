package dev.hud.sensors.node;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;

/**
 * What {@code hud.sensors.role=agent} implies, so that one setting makes an agent: no datasource (nothing connects,
 * no migration, no database health check) and no HTTP port (health and metrics stay on the management port). Above
 * application.properties (250), below the environment (300): an operator can still override each key.
 */
public class RoleDefaults implements ConfigSourceFactory {

    static final int ORDINAL = 275;
    static final Map<String, String> AGENT = Map.of(
            "quarkus.datasource.active", "false",
            "hud.database.migrate-at-start", "false",
            "quarkus.http.host-enabled", "false");

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue role = context.getValue("hud.sensors.role");
        boolean agent = role != null && role.getValue() != null
                && Role.AGENT.name().equals(role.getValue().strip().toUpperCase(Locale.ROOT));
        return agent ? List.of(new MapBackedConfigSource("hud.sensors.role=agent", AGENT, ORDINAL) {
        }) : List.of();
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }
}
