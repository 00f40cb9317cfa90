package keyaccount.hub.consolidation.files;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * Streams the records of the outside systems' delimited files (Jackson's CSV reader): one record
 * in memory at a time, lines ending in CRLF or LF, blank lines skipped, text decoded strictly in
 * the file's declared charset so that a wrongly encoded file is refused, not loaded as mojibake.
 */
final class DelimitedFile {
    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .build();
    private static final ObjectReader PIPES = CSV.readerFor(String[].class)
            .with(CsvSchema.emptySchema().withColumnSeparator('|').withoutQuoteChar().withoutEscapeChar());
    private static final ObjectReader COMMAS = CSV.readerFor(String[].class).with(CsvSchema.emptySchema());
    static final Charset GBK = Charset.forName("GBK");

    private DelimitedFile() {}

    /** The file's text cannot be read as the charset it must be in, or is not delimited text. */
    static final class BadText extends RuntimeException {
        BadText(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static Reader gbkPipes(Path file) throws IOException {
        return new Reader(file, GBK, PIPES);
    }

    static Reader utf8Commas(Path file) throws IOException {
        return new Reader(file, StandardCharsets.UTF_8, COMMAS);
    }

    static final class Reader implements AutoCloseable {
        private final BufferedReader text;
        private final MappingIterator<String[]> records;
        private final Charset charset;

        private Reader(Path file, Charset charset, ObjectReader reader) throws IOException {
            this.charset = charset;
            this.text = new BufferedReader(new InputStreamReader(Files.newInputStream(file), charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)),
                    64 * 1024);
            try {
                this.records = reader.readValues(text);
            } catch (CharacterCodingException e) {
                text.close();
                throw new BadText("line 1: not " + charset.name() + " text", e);
            }
        }

        /** The next record's fields, or null at the end. */
        String[] next() {
            try {
                return records.hasNextValue() ? records.nextValue() : null;
            } catch (CharacterCodingException e) {
                throw new BadText("line " + line() + ": not " + charset.name() + " text", e);
            } catch (IOException e) {
                throw new BadText("line " + line() + ": " + e.getMessage(), e);
            }
        }

        /** Line number of the record last returned (1-based). */
        long line() {
            return records.getCurrentLocation().getLineNr();
        }

        @Override
        public void close() throws IOException {
            records.close();
            text.close();
        }
    }
}
