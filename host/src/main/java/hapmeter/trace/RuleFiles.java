package hapmeter.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import hapmeter.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Reads the JSON rule files; every problem is an IllegalArgumentException naming the file and the field. */
public final class RuleFiles {
    private RuleFiles() {
    }

    public static <T> T read(Path file, Class<T> type) {
        try {
            return Json.MAPPER.readValue(file.toFile(), type);
        } catch (UnrecognizedPropertyException e) {
            throw invalid(file, path(e), "unknown field");
        } catch (MismatchedInputException e) {
            throw invalid(file, path(e), "wrong type (" + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read rules file " + file + ": " + e);
        }
    }

    public static IllegalArgumentException invalid(Path file, String field, String problem) {
        return new IllegalArgumentException(file + ": field '" + field + "': " + problem);
    }

    public static String requireText(Path file, String field, String value) {
        if (value == null) {
            throw invalid(file, field, "missing");
        }
        if (value.isBlank()) {
            throw invalid(file, field, "must not be blank");
        }
        return value;
    }

    /** A list of non-blank strings; {@code null} is "missing" when required, else the empty list. */
    public static List<String> strings(Path file, String field, List<String> value, boolean required) {
        if (value == null) {
            if (required) {
                throw invalid(file, field, "missing");
            }
            return List.of();
        }
        for (int i = 0; i < value.size(); i++) {
            requireText(file, field + "[" + i + "]", value.get(i));
        }
        return List.copyOf(value);
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(r.getFieldName());
            } else {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
