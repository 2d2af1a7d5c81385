package dev.hud.e2e.system;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The bad requests fired at an operation: broken and mistyped JSON, unknown fields, huge bodies,
 * the wrong content type, path traversal and nonsense in path and query parameters. Each names
 * the field a good answer must name, when there is one.
 */
final class BadInput {

    /** One request to try. {@code field}: what the problem must name, or null. */
    record Case(String variant, String method, String path, String contentType, byte[] body, String field) {
    }

    /** One operation of an OpenAPI document (or one written down by hand for routes it does not list). */
    record Operation(String method, String path, List<String> pathParameters, List<String> queryParameters,
            String bodyType,
            JsonNode bodySchema) {
    }

    static final List<String> PATH_VALUES = List.of("00000000-0000-0000-0000-000000000000",
            "..%2F..%2F..%2Fetc%2Fpasswd",
            "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..", "%00", "1'%20OR%20'1'='1", "%F0%9F%92%A5", "x".repeat(3000));
    static final List<String> QUERY_VALUES = List.of("-1", "abc", "99999999999999999999999", "", "%00",
            "..%2F..%2Fetc%2Fpasswd",
            "y".repeat(3000));
    /** Over the services' 10 MB body limit. */
    static final int HUGE = 11 << 20;

    private BadInput() {
    }

    /**
     * Every case for {@code operation}, with its path parameters filled with {@code valid} unless they are what is
     * tried.
     */
    static List<Case> cases(Operation operation, String valid, JsonNode schemas) {
        var cases = new ArrayList<Case>();
        String path = fill(operation, null, null, valid);
        for (String parameter : operation.pathParameters()) {
            for (String value : PATH_VALUES) {
                cases.add(new Case("path " + parameter + "=" + abbreviate(value), operation.method(),
                        fill(operation, parameter, value, valid),
                        operation.bodyType(), body(operation), null));
            }
        }
        for (String parameter : operation.queryParameters()) {
            for (String value : QUERY_VALUES) {
                cases.add(new Case("query " + parameter + "=" + abbreviate(value), operation.method(),
                        path + (path.contains("?") ? "&" : "?") + parameter + "=" + value, operation.bodyType(),
                        body(operation), null));
            }
        }
        if (operation.bodyType() == null) {
            return cases;
        }
        boolean json = operation.bodyType().contains("json");
        String type = operation.bodyType();
        cases.add(new Case("no body", operation.method(), path, type, new byte[0], null));
        cases.add(new Case("huge body", operation.method(), path, type, huge(json), null));
        cases.add(new Case("wrong content type", operation.method(), path, json ? "text/plain" : "application/xml",
                bytes("<a/>"), null));
        if (!json) {
            cases.add(new Case("not an image", operation.method(), path, type, bytes("not the declared type"), null));
            return cases;
        }
        cases.add(new Case("malformed JSON", operation.method(), path, type, bytes("{\"a\": [1, 2"), null));
        cases.add(new Case("JSON null", operation.method(), path, type, bytes("null"), null));
        cases.add(new Case("JSON array", operation.method(), path, type, bytes("[1, 2, 3]"), null));
        cases.add(new Case("JSON string", operation.method(), path, type, bytes("\"text\""), null));
        cases.add(new Case("nested 5000 deep", operation.method(), path, type,
                bytes("[".repeat(5000) + "]".repeat(5000)), null));
        cases.add(new Case("unknown field", operation.method(), path, type, bytes("{\"surelyUnknownField\": 1}"),
                "surelyUnknownField"));
        for (Map.Entry<String, String> property : properties(operation.bodySchema(), schemas).entrySet()) {
            cases.add(new Case("wrong type of " + property.getKey(), operation.method(), path, type,
                    bytes("{\"" + property.getKey() + "\": " + wrongValue(property.getValue()) + "}"),
                    property.getKey()));
        }
        return cases;
    }

    /** Each property of a body's schema and its JSON type ({@code $ref}s followed once). */
    static Map<String, String> properties(JsonNode schema, JsonNode schemas) {
        var properties = new LinkedHashMap<String, String>();
        JsonNode resolved = resolve(schema, schemas);
        if (resolved == null) {
            return properties;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = resolved.path("properties").fields(); fields.hasNext();) {
            var field = fields.next();
            JsonNode property = resolve(field.getValue(), schemas);
            properties.put(field.getKey(), property == null ? "object" : property.path("type").asText("object"));
        }
        return properties;
    }

    private static JsonNode resolve(JsonNode schema, JsonNode schemas) {
        if (schema == null || schema.isMissingNode()) {
            return null;
        }
        String ref = schema.path("$ref").asText(null);
        return ref == null ? schema : schemas.path(ref.substring(ref.lastIndexOf('/') + 1));
    }

    /** A value of another JSON type than {@code type}. */
    static String wrongValue(String type) {
        return switch (type) {
            case "string" -> "{\"not\": \"a string\"}";
            case "integer", "number" -> "\"not a number\"";
            case "boolean" -> "\"maybe\"";
            case "array" -> "{\"not\": \"an array\"}";
            default -> "\"not an object\"";
        };
    }

    private static String fill(Operation operation, String tried, String value, String valid) {
        String path = operation.path();
        for (String parameter : operation.pathParameters()) {
            path = path.replace("{" + parameter + "}", parameter.equals(tried) ? value : valid);
        }
        return path;
    }

    /** A harmless body for the cases that try something else. */
    private static byte[] body(Operation operation) {
        return operation.bodyType() == null ? null : bytes(operation.bodyType().contains("json") ? "{}" : "x");
    }

    private static byte[] huge(boolean json) {
        byte[] body = new byte[HUGE];
        Arrays.fill(body, (byte) 'a');
        if (json) {
            byte[] start = bytes("{\"name\": \"");
            System.arraycopy(start, 0, body, 0, start.length);
            body[body.length - 2] = '"';
            body[body.length - 1] = '}';
        }
        return body;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 12) + "...(" + value.length() + " chars)" : value;
    }
}
