package dev.hud.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A custom resource checked against its CustomResourceDefinition's {@code openAPIV3Schema} as the API server checks a
 * structural schema: types ({@code integer}, {@code number}, {@code string}, {@code boolean}, {@code object},
 * {@code array}), {@code required}, {@code enum}, {@code pattern}, lengths, bounds, {@code anyOf},
 * {@code x-kubernetes-int-or-string}, {@code nullable}, and unknown fields refused (the API server would prune them, or
 * refuse them under strict field validation) unless {@code additionalProperties} or
 * {@code x-kubernetes-preserve-unknown-fields} lets them in. Not checked: CEL rules ({@code x-kubernetes-validations}),
 * {@code format}, and {@code metadata} beyond having a name (the API server's own).
 *
 * <p>
 * The CRDs are the operators' published ones, in {@code src/test/resources/crds} (see its README).
 */
final class CrdSchema {

    private static final Map<String, JsonNode> SCHEMAS = new HashMap<>();

    private final JsonNode schema;

    CrdSchema(JsonNode schema) {
        this.schema = schema;
    }

    /** The schema of apiVersion/kind in the stored CRDs; throws when none is stored. */
    static synchronized CrdSchema of(String apiVersion, String kind) throws IOException {
        String key = apiVersion + "/" + kind;
        if (SCHEMAS.isEmpty()) {
            for (String file : List.of("postgresql.cnpg.io_clusters.yaml", "postgresql.cnpg.io_databases.yaml",
                    "postgresql.cnpg.io_scheduledbackups.yaml", "barmancloud.cnpg.io_objectstores.yaml",
                    "rabbitmq.com_rabbitmqclusters.yaml", "rabbitmq.com_users.yaml", "rabbitmq.com_permissions.yaml")) {
                try (InputStream in = CrdSchema.class.getResourceAsStream("/crds/" + file)) {
                    if (in == null) {
                        throw new IOException("crds/" + file + " is missing");
                    }
                    JsonNode crd = Chart.YAML.readTree(in);
                    String group = crd.at("/spec/group").asText();
                    for (JsonNode version : crd.at("/spec/versions")) {
                        SCHEMAS.put(group + "/" + version.path("name").asText() + "/" + crd.at("/spec/names/kind")
                                .asText(), version.at("/schema/openAPIV3Schema"));
                    }
                }
            }
        }
        JsonNode found = SCHEMAS.get(key);
        if (found == null) {
            throw new IllegalArgumentException("no CRD stored for " + key + ": " + SCHEMAS.keySet());
        }
        return new CrdSchema(found);
    }

    /** What the API server would refuse in the object, each as "path: reason"; empty: accepted. */
    List<String> violations(JsonNode object) {
        var found = new ArrayList<String>();
        if (!object.at("/metadata/name").isTextual()) {
            found.add(".metadata.name: missing");
        }
        check(object, schema, "", found);
        return found;
    }

    private static void check(JsonNode value, JsonNode schema, String path, List<String> found) {
        if (value.isNull()) {
            if (!schema.path("nullable").asBoolean(false)) {
                found.add(path + ": null");
            }
            return;
        }
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (!value.isIntegralNumber() && !value.isTextual()) {
                found.add(path + ": " + kind(value) + ", not an integer or a string");
                return;
            }
        } else if (schema.has("type") && !hasType(value, schema.path("type").asText())) {
            found.add(path + ": " + kind(value) + ", not " + schema.path("type").asText());
            return;
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode allowed : schema.path("enum")) {
                listed |= allowed.equals(value);
            }
            if (!listed) {
                found.add(path + ": " + value + " is not one of " + schema.path("enum"));
            }
        }
        if (value.isTextual()) {
            String text = value.asText();
            if (schema.has("pattern") && !Pattern.compile(schema.path("pattern").asText()).matcher(text).find()) {
                found.add(path + ": \"" + text + "\" does not match " + schema.path("pattern").asText());
            }
            if (schema.has("maxLength") && text.length() > schema.path("maxLength").asInt()) {
                found.add(path + ": longer than " + schema.path("maxLength").asInt());
            }
            if (schema.has("minLength") && text.length() < schema.path("minLength").asInt()) {
                found.add(path + ": shorter than " + schema.path("minLength").asInt());
            }
        }
        if (value.isNumber()) {
            if (schema.has("maximum") && value.asDouble() > schema.path("maximum").asDouble()) {
                found.add(path + ": more than " + schema.path("maximum"));
            }
            if (schema.has("minimum") && value.asDouble() < schema.path("minimum").asDouble()) {
                found.add(path + ": less than " + schema.path("minimum"));
            }
        }
        if (schema.has("anyOf")) {
            boolean any = false;
            for (JsonNode branch : schema.path("anyOf")) {
                var inBranch = new ArrayList<String>();
                check(value, branch, path, inBranch);
                any |= inBranch.isEmpty();
            }
            if (!any) {
                found.add(path + ": matches none of anyOf");
            }
        }
        if (value.isArray()) {
            if (schema.has("maxItems") && value.size() > schema.path("maxItems").asInt()) {
                found.add(path + ": more than " + schema.path("maxItems").asInt() + " items");
            }
            if (schema.has("minItems") && value.size() < schema.path("minItems").asInt()) {
                found.add(path + ": fewer than " + schema.path("minItems").asInt() + " items");
            }
            if (schema.has("items")) {
                for (int i = 0; i < value.size(); i++) {
                    check(value.get(i), schema.path("items"), path + "[" + i + "]", found);
                }
            }
        }
        if (value.isObject()) {
            checkObject(value, schema, path, found);
        }
    }

    private static void checkObject(JsonNode value, JsonNode schema, String path, List<String> found) {
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                found.add(path + "." + required.asText() + ": required");
            }
        }
        boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        JsonNode additional = schema.path("additionalProperties");
        var fields = value.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            String at = path + "." + field.getKey();
            JsonNode property = schema.path("properties").path(field.getKey());
            if (path.isEmpty() && field.getKey().equals("metadata")) {
                if (!field.getValue().isObject()) {
                    found.add(at + ": not an object");
                }
            } else if (property.isObject()) {
                check(field.getValue(), property, at, found);
            } else if (additional.isObject()) {
                check(field.getValue(), additional, at, found);
            } else if (!preserve && !additional.asBoolean(false)) {
                found.add(at + ": unknown field");
            }
        }
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> throw new IllegalArgumentException("type " + type);
        };
    }

    private static String kind(JsonNode value) {
        return value.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + " " + value;
    }
}
