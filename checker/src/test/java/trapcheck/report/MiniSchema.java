package trapcheck.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Just enough of JSON Schema 2020-12 to check our own documents against our own schemas: type, const,
 * enum, oneOf, required, properties, additionalProperties, items, minItems, minimum, pattern and local $ref.
 */
final class MiniSchema {
    private final JsonNode root;

    MiniSchema(JsonNode root) {
        this.root = root;
    }

    List<String> validate(JsonNode doc) {
        List<String> errors = new ArrayList<>();
        check(root, doc, "$", errors);
        return errors;
    }

    private void check(JsonNode schema, JsonNode v, String at, List<String> errors) {
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                throw new IllegalArgumentException("unsupported $ref " + ref);
            }
            check(root.at(ref.substring(1)), v, at, errors);
        }
        if (schema.has("type")) {
            JsonNode t = schema.get("type");
            boolean ok = false;
            if (t.isArray()) {
                for (JsonNode one : t) {
                    ok |= is(one.asText(), v);
                }
            } else {
                ok = is(t.asText(), v);
            }
            if (!ok) {
                errors.add(at + ": expected type " + t + ", got " + v.getNodeType());
                return;
            }
        }
        if (schema.has("oneOf")) {
            int matching = 0;
            List<String> first = null;
            for (JsonNode option : schema.get("oneOf")) {
                List<String> e = new ArrayList<>();
                check(option, v, at, e);
                matching += e.isEmpty() ? 1 : 0;
                first = first == null ? e : first;
            }
            if (matching != 1) {
                errors.add(at + ": matches " + matching + " of the oneOf options, not 1"
                        + (matching == 0 && first != null ? " (" + String.join("; ", first) + ")" : ""));
                return;
            }
        }
        if (schema.has("enum")) {
            boolean any = false;
            for (JsonNode option : schema.get("enum")) {
                any |= option.equals(v);
            }
            if (!any) {
                errors.add(at + ": expected one of " + schema.get("enum") + ", got " + v);
            }
        }
        if (schema.has("const") && !schema.get("const").equals(v)) {
            errors.add(at + ": expected " + schema.get("const") + ", got " + v);
        }
        if (schema.has("minimum") && v.isNumber() && v.asDouble() < schema.get("minimum").asDouble()) {
            errors.add(at + ": below minimum " + schema.get("minimum"));
        }
        if (schema.has("pattern") && v.isTextual()
                && !Pattern.compile(schema.get("pattern").asText()).matcher(v.asText()).find()) {
            errors.add(at + ": does not match " + schema.get("pattern"));
        }
        if (v.isObject()) {
            if (schema.has("required")) {
                for (JsonNode r : schema.get("required")) {
                    if (!v.has(r.asText())) {
                        errors.add(at + ": missing required '" + r.asText() + "'");
                    }
                }
            }
            JsonNode props = schema.get("properties");
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                if (props != null && props.has(e.getKey())) {
                    check(props.get(e.getKey()), e.getValue(), at + "." + e.getKey(), errors);
                } else if (schema.has("additionalProperties")) {
                    JsonNode ap = schema.get("additionalProperties");
                    if (ap.isBoolean() && !ap.asBoolean()) {
                        errors.add(at + ": unexpected member '" + e.getKey() + "'");
                    } else if (ap.isObject()) {
                        check(ap, e.getValue(), at + "." + e.getKey(), errors);
                    }
                }
            }
        }
        if (v.isArray()) {
            if (schema.has("minItems") && v.size() < schema.get("minItems").asInt()) {
                errors.add(at + ": fewer than " + schema.get("minItems") + " items");
            }
            if (schema.has("items")) {
                for (int i = 0; i < v.size(); i++) {
                    check(schema.get("items"), v.get(i), at + "[" + i + "]", errors);
                }
            }
        }
    }

    private static boolean is(String type, JsonNode v) {
        return switch (type) {
            case "string" -> v.isTextual();
            case "integer" -> v.isIntegralNumber();
            case "number" -> v.isNumber();
            case "boolean" -> v.isBoolean();
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "null" -> v.isNull();
            default -> throw new IllegalArgumentException("unknown type " + type);
        };
    }
}
