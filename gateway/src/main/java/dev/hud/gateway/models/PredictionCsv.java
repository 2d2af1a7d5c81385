package dev.hud.gateway.models;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

import dev.hud.common.problem.Problem;
import dev.hud.common.problem.Problem.FieldError;
import dev.hud.common.problem.ProblemException;

/**
 * Rows to predict as a CSV file, and the file answered: a header naming (at least) the model's features, in any
 * order, other columns (the label, an id) kept but not used; cells separated by {@code ,} (or {@code ;} when the header
 * has no comma), quoted as RFC 4180 and spreadsheets write them, CRLF or LF, an optional UTF-8 byte-order mark. Rows
 * are numbered as a spreadsheet shows them: the header is row 1. Every problem found (up to {@value #MAX_ERRORS}) is
 * reported at once, each naming its row and column.
 */
final class PredictionCsv {

    static final String MEDIA_TYPE = "text/csv";
    /** The columns appended to each row of the answer. */
    static final List<String> APPENDED = List.of("predicted_class", "probability");

    private static final int MAX_ERRORS = 50;

    /** The file as read: its header and rows as they were, and each row's feature values in the model's order. */
    record Rows(List<String> header, List<CSVRecord> records, List<double[]> values) {
    }

    private PredictionCsv() {
    }

    /**
     * @param maxRows the most data rows taken (the trainer's limit per request); more is a 413
     */
    static Rows read(String text, List<String> features, int maxRows) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        int end = body.indexOf('\n');
        String first = end < 0 ? body : body.substring(0, end);
        char delimiter = first.indexOf(';') >= 0 && first.indexOf(',') < 0 ? ';' : ',';
        var format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setHeader().setSkipHeaderRecord(true)
                .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).setAllowMissingColumnNames(true)
                .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW).get();
        try (CSVParser parser = CSVParser.parse(new StringReader(body), format)) {
            List<String> header = parser.getHeaderNames();
            if (header.isEmpty()) {
                throw invalid("the file is empty: it needs a header row naming the model's features " + features,
                        List.of(new FieldError("header", "missing")));
            }
            List<String> missing = features.stream().filter(feature -> !header.contains(feature)).toList();
            if (!missing.isEmpty()) {
                throw invalid("the header lacks the model's feature" + (missing.size() == 1 ? " " : "s ")
                        + String.join(", ", missing.stream().map(name -> "'" + name + "'").toList())
                        + " (row 1: " + header + ")",
                        missing.stream().map(name -> new FieldError("header", "missing feature '" + name + "'"))
                                .toList());
            }
            int[] columns = features.stream().mapToInt(header::indexOf).toArray();
            var records = new ArrayList<CSVRecord>();
            var values = new ArrayList<double[]>();
            var errors = new ArrayList<FieldError>();
            for (CSVRecord record : parser) {
                long row = record.getRecordNumber() + 1;
                if (records.size() == maxRows) {
                    throw new ProblemException(Problem.of(413, "Content Too Large",
                            "at most " + maxRows + " rows per file (the header aside): row " + row
                                    + " is one too many"));
                }
                if (record.size() != header.size()) {
                    errors.add(new FieldError("row " + row,
                            "has " + record.size() + " cells, the header has " + header.size()));
                } else {
                    double[] numbers = new double[columns.length];
                    for (int f = 0; f < columns.length; f++) {
                        numbers[f] = number(record.get(columns[f]), row, features.get(f), errors);
                    }
                    values.add(numbers);
                }
                records.add(record);
                if (errors.size() >= MAX_ERRORS) {
                    break;
                }
            }
            if (!errors.isEmpty()) {
                throw invalid(errors.get(0).field() + ": " + errors.get(0).message()
                        + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""), errors);
            }
            if (records.isEmpty()) {
                throw invalid("the file has a header but no rows to predict",
                        List.of(new FieldError("row 2", "missing")));
            }
            return new Rows(header, records, values);
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            // Commons CSV reports a malformed file (an unclosed quote, a duplicate column name) this way.
            throw invalid("the file is not valid CSV: " + e.getMessage(), List.of(new FieldError("file", "not CSV")));
        }
    }

    /** The rows as they came, each with its predicted class and the probability of the positive class appended. */
    static String write(Rows rows, List<String> classes, List<Double> probabilities) {
        var out = new StringWriter();
        var header = new ArrayList<>(rows.header());
        header.addAll(APPENDED);
        try (var csv = new CSVPrinter(out,
                CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get())) {
            for (int r = 0; r < rows.records().size(); r++) {
                var cells = new ArrayList<Object>(rows.records().get(r).toList());
                cells.add(classes.get(r));
                cells.add(probabilities.get(r));
                csv.printRecord(cells);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static double number(String cell, long row, String column, List<FieldError> errors) {
        try {
            double value = Double.parseDouble(cell);
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError("row " + row + ", column '" + column + "'",
                cell.isEmpty() ? "is empty: every feature needs a number" : "'" + cell + "' is not a finite number"));
        return 0;
    }

    private static ProblemException invalid(String detail, List<FieldError> errors) {
        return new ProblemException(Problem.invalid(detail, errors));
    }
}
