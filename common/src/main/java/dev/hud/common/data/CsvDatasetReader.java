package dev.hud.common.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

import dev.hud.common.data.DatasetException.Input;

/**
 * Reads a CSV of numeric features with one named label column of exactly two classes.
 *
 * <p>CSV as RFC 4180 and spreadsheets write it, read with Apache Commons CSV: a header row, cells separated by
 * {@code ,} (or {@code ;} when the header has no comma), quoted cells (with delimiters, quotes and line breaks
 * inside), CRLF or LF, an optional UTF-8 byte-order mark, blank lines skipped. Every problem is reported with the
 * row (1-based, the header is row 1) and the column's name.
 */
public final class CsvDatasetReader {

    /** The breast-cancer data shipped with HUD (see datasets/README.md for its attribution). */
    public static final String BUILT_IN = "wdbc";
    private static final String BUILT_IN_RESOURCE = "/datasets/wdbc.csv";
    private static final String BUILT_IN_LABEL = "diagnosis";
    private static final String BUILT_IN_POSITIVE = "M";
    /** How far ahead the header is read to choose the delimiter: any header HUD accepts fits. */
    private static final int HEADER_LOOKAHEAD = 1 << 16;

    private CsvDatasetReader() {
    }

    /** The built-in breast-cancer data set: label {@code diagnosis}, positive class {@code M}. */
    public static Dataset wdbc() {
        try (InputStream in = CsvDatasetReader.class.getResourceAsStream(BUILT_IN_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(BUILT_IN_RESOURCE + " is missing from hud-common");
            }
            return read(new InputStreamReader(in, StandardCharsets.UTF_8), BUILT_IN_LABEL,
                    Optional.of(BUILT_IN_POSITIVE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Dataset read(Path file, String labelColumn, Optional<String> positiveClass) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, labelColumn, positiveClass);
        } catch (IOException e) {
            throw new DatasetException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * @param positiveClass the label value that means "positive" (1); when empty, the rarer class
     *                      (for a 0/1 label, 1)
     */
    public static Dataset read(Reader source, String labelColumn, Optional<String> positiveClass) throws IOException {
        return read(source, labelColumn, positiveClass, Limits.NONE, MissingValues.REFUSE).data();
    }

    /**
     * Reads a file people bring: bounded in rows and columns, and with missing values refused (each column's count
     * reported) or their rows dropped.
     */
    public static Reading read(Reader source, String labelColumn, Optional<String> positiveClass, Limits limits,
            MissingValues missingValues) throws IOException {
        var text = new BufferedReader(source);
        char delimiter = delimiter(text);
        var format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setHeader().setSkipHeaderRecord(true)
                .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).setAllowMissingColumnNames(true)
                .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW).get();
        try (CSVParser parser = CSVParser.parse(text, format)) {
            List<String> header = parser.getHeaderNames();
            if (header.isEmpty()) {
                throw new DatasetException("the file is empty: no header row");
            }
            if (header.size() > limits.columns()) {
                throw new DatasetException(
                        "the header has " + header.size() + " columns; at most " + limits.columns() + " are taken");
            }
            int labelIndex = header.indexOf(labelColumn);
            if (labelIndex < 0) {
                throw DatasetException.of(Input.LABEL, labelColumn,
                        "no label column '" + labelColumn + "' in the header " + header);
            }
            List<String> featureNames = new ArrayList<>(header);
            featureNames.remove(labelIndex);

            List<double[]> rows = new ArrayList<>();
            List<String> labelValues = new ArrayList<>();
            var missing = new MissingCells(header);
            for (CSVRecord record : parser) {
                long rowNumber = record.getRecordNumber() + 1; // the header is row 1
                if (record.getRecordNumber() > limits.rows()) {
                    throw new DatasetException("the file has more than " + limits.rows() + " data rows, the limit");
                }
                if (record.size() != header.size()) {
                    throw new DatasetException(
                            "row " + rowNumber + " has " + record.size() + " cells, the header has " + header.size(),
                            rowNumber, null);
                }
                double[] features = new double[featureNames.size()];
                boolean complete = true;
                for (int column = 0, feature = 0; column < record.size(); column++) {
                    String cell = record.get(column);
                    if (isMissing(cell)) {
                        missing.add(column, rowNumber);
                        complete = false;
                        feature += column == labelIndex ? 0 : 1;
                    } else if (column != labelIndex) {
                        features[feature++] = number(cell, rowNumber, header.get(column));
                    }
                }
                if (complete) {
                    rows.add(features);
                    labelValues.add(record.get(labelIndex));
                }
            }
            if (missing.any() && missingValues == MissingValues.REFUSE) {
                throw new DatasetException("values are missing in " + missing + ": drop those rows or fill them in",
                        missing.firstRow(), missing.firstColumn());
            }
            if (rows.isEmpty()) {
                throw new DatasetException(missing.any() ? "no row is complete: values are missing in " + missing
                        : "the file has a header but no data rows");
            }
            if (featureNames.isEmpty()) {
                throw new DatasetException("the file has no feature columns besides '" + labelColumn + "'");
            }
            return new Reading(build(featureNames, labelColumn, rows, labelValues, positiveClass), missing.counts(),
                    missing.rows());
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw new DatasetException("the file is not UTF-8 text (save it as \"CSV UTF-8\")");
            }
            throw new DatasetException("the file is not valid CSV: " + e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            // Commons CSV reports a malformed file (an unclosed quote, a duplicate column name) this way.
            throw new DatasetException("the file is not valid CSV: " + e.getMessage());
        }
    }

    /** What a spreadsheet or a statistics package writes for "no value": an empty cell, NA, N/A, NaN or ?. */
    static boolean isMissing(String cell) {
        return cell.isEmpty() || cell.equals("?") || cell.equalsIgnoreCase("NA") || cell.equalsIgnoreCase("N/A")
                || cell.equalsIgnoreCase("NaN");
    }

    /**
     * {@code ;} when the header has semicolons and no commas (spreadsheets in locales whose decimal mark is a comma
     * save CSV so), otherwise {@code ,}. The header is read ahead and put back, without the UTF-8 byte-order mark a
     * spreadsheet may have started the file with (it would hide the first name's quotes).
     */
    private static char delimiter(BufferedReader text) throws IOException {
        text.mark(HEADER_LOOKAHEAD);
        char[] ahead = new char[HEADER_LOOKAHEAD];
        int read = Math.max(0, text.read(ahead));
        text.reset();
        String start = new String(ahead, 0, read);
        if (start.startsWith("\uFEFF")) {
            text.skip(1);
        }
        int end = start.indexOf('\n');
        String header = end < 0 ? start : start.substring(0, end);
        return header.indexOf(';') >= 0 && header.indexOf(',') < 0 ? ';' : ',';
    }

    private static Dataset build(List<String> featureNames, String labelColumn, List<double[]> rows,
            List<String> labelValues, Optional<String> positiveClass) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        labelValues.forEach(value -> counts.merge(value, 1, Integer::sum));
        if (counts.size() == 1) {
            throw DatasetException.of(Input.LABEL, labelColumn, "column '" + labelColumn + "' has one class only ("
                    + counts.keySet() + "): a classifier needs two");
        }
        if (counts.size() > 2) {
            throw DatasetException.of(Input.LABEL, labelColumn, "column '" + labelColumn + "' has " + counts.size()
                    + " classes " + counts.keySet() + ": HUD's classifier is binary");
        }
        List<String> classes = new ArrayList<>(counts.keySet());
        String positive = positiveClass.orElseGet(() -> defaultPositive(classes, counts));
        if (!counts.containsKey(positive)) {
            throw DatasetException.of(Input.POSITIVE_CLASS, labelColumn, "positive class '" + positive
                    + "' does not occur in column '" + labelColumn + "', whose classes are " + classes);
        }
        String negative = classes.get(0).equals(positive) ? classes.get(1) : classes.get(0);
        int[] labels = labelValues.stream().mapToInt(value -> value.equals(positive) ? 1 : 0).toArray();
        return new Dataset(List.copyOf(featureNames), labelColumn, negative, positive,
                rows.toArray(double[][]::new), labels);
    }

    /** "1" for a 0/1 label; otherwise the rarer class, the one a screening test looks for. */
    private static String defaultPositive(List<String> classes, Map<String, Integer> counts) {
        if (classes.containsAll(List.of("0", "1"))) {
            return "1";
        }
        return counts.get(classes.get(0)) <= counts.get(classes.get(1)) ? classes.get(0) : classes.get(1);
    }

    private static double number(String cell, long row, String column) {
        try {
            double value = Double.parseDouble(cell);
            if (!Double.isFinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new DatasetException("row " + row + ", column '" + column + "': '" + shortened(cell)
                    + "' is not a finite number (HUD trains on numeric features: remove the column or encode it)",
                    row, column);
        }
    }

    /** A cell quoted in a message: no longer than a feature name may be. */
    private static String shortened(String cell) {
        return cell.length() <= 64 ? cell : cell.substring(0, 64) + "...";
    }
}
