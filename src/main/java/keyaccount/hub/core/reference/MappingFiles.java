package keyaccount.hub.core.reference;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import keyaccount.hub.config.HubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reference data in the {@code mappings/} folder (SLA tables, grade rules, code tables). Files are
 * read when first used and read again when they change on disk, so an operator edits a table
 * without a rebuild or a restart. A file that no longer parses keeps its last good content and
 * is logged.
 */
@Component
public class MappingFiles {
    private static final Logger log = LoggerFactory.getLogger(MappingFiles.class);

    private final Path dir;
    private final CsvMapper csv = new CsvMapper();
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    private final Map<String, Cached<?>> cache = new ConcurrentHashMap<>();

    private record Cached<T>(FileTime modified, T value) {}

    @org.springframework.beans.factory.annotation.Autowired
    public MappingFiles(HubProperties props) {
        this(props.mappingsDir());
    }

    public MappingFiles(Path dir) {
        this.dir = dir;
    }

    public Path path(String relative) {
        return dir.resolve(relative);
    }

    /** Rows of a CSV file with a header line, as column → value maps (blank lines and # lines skipped). */
    public List<Map<String, String>> csvRows(String relative) {
        return load(relative, "csv", path -> {
            CsvSchema schema = CsvSchema.emptySchema().withHeader();
            try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                MappingIterator<Map<String, String>> it = csv.readerFor(Map.class).with(schema)
                        .with(CsvParser.Feature.ALLOW_COMMENTS).with(CsvParser.Feature.SKIP_EMPTY_LINES)
                        .with(CsvParser.Feature.TRIM_SPACES).readValues(r);
                return it.readAll();
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + path + ": " + e.getMessage(), e);
            }
        });
    }

    /** A YAML file bound to a type. */
    public <T> T yaml(String relative, Class<T> type) {
        return load(relative, "yaml:" + type.getName(), path -> {
            try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                return yaml.readValue(r, type);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + path + ": " + e.getMessage(), e);
            }
        });
    }

    /** A value derived from a file (e.g. an index built from its rows), rebuilt when the file changes. */
    @SuppressWarnings("unchecked")
    public <T> T derived(String relative, String purpose, Function<Path, T> builder) {
        return load(relative, purpose, builder);
    }

    @SuppressWarnings("unchecked")
    private <T> T load(String relative, String purpose, Function<Path, T> reader) {
        Path path = path(relative);
        String key = purpose + "@" + relative;
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(path);
        } catch (IOException e) {
            Cached<?> last = cache.get(key);
            if (last != null) {
                log.error("mapping file {} is gone; keeping its last content", path);
                return (T) last.value();
            }
            throw new IllegalStateException("mapping file missing: " + path, e);
        }
        Cached<?> cached = cache.get(key);
        if (cached != null && cached.modified().equals(modified)) {
            return (T) cached.value();
        }
        try {
            T value = reader.apply(path);
            cache.put(key, new Cached<>(modified, value));
            if (cached != null) {
                log.info("mapping file {} changed; reloaded", path);
            }
            return value;
        } catch (RuntimeException e) {
            if (cached != null) {
                log.error("mapping file {} no longer parses; keeping its last good content: {}", path, e.getMessage());
                return (T) cached.value();
            }
            throw e;
        }
    }
}
