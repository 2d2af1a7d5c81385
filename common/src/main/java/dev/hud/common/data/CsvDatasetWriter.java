package dev.hud.common.data;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes a data set as the CSV {@link CsvDatasetReader} reads back to the same data: the features, then the label
 * column with its class names; numbers in Java's shortest exact form; quotes where a name needs them.
 */
public final class CsvDatasetWriter {

    private CsvDatasetWriter() {
    }

    /** Writes to {@code out} and flushes it; closing it is the caller's. */
    public static void write(Dataset data, Writer out) throws IOException {
        var format = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get();
        var printer = new CSVPrinter(out, format);
        {
            List<String> header = new ArrayList<>(data.featureNames());
            header.add(data.labelName());
            printer.printRecord(header);
            var record = new ArrayList<String>(header.size());
            for (int row = 0; row < data.rows(); row++) {
                record.clear();
                for (double value : data.features()[row]) {
                    record.add(Double.toString(value));
                }
                record.add(data.labels()[row] == 1 ? data.positiveClass() : data.negativeClass());
                printer.printRecord(record);
            }
        }
        printer.flush();
    }
}
