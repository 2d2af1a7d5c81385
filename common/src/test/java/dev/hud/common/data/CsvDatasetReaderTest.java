package dev.hud.common.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hud.common.messages.BuiltInDatasets;

class CsvDatasetReaderTest {

    @TempDir
    Path folder;

    @Test
    void theBuiltInBreastCancerData() {
        Dataset data = CsvDatasetReader.wdbc();
        assertEquals(BuiltInDatasets.WDBC_FEATURES, data.featureNames(),
                "what the gateway checks names against");
        assertEquals(569, data.rows());
        assertEquals(212, data.positives());
        assertEquals(30, data.featureCount());
        assertEquals("M", data.positiveClass());
        assertEquals("B", data.negativeClass());
        assertEquals("mean_radius", data.featureNames().get(0));
        assertEquals(17.99, data.features()[0][0]);
        assertEquals(1, data.labels()[0]);
    }

    @Test
    void anyCsvWithANamedLabelColumnAnywhere() throws IOException {
        Dataset data = read("a,outcome,b\n1,yes,2.5\n3,no,4\n5,no,6\n", "outcome", null);
        assertEquals(List.of("a", "b"), data.featureNames());
        assertEquals("yes", data.positiveClass(), "the rarer class is positive by default");
        assertEquals(2.5, data.features()[0][1]);
        assertEquals(1, data.labels()[0]);
        assertEquals(0, data.labels()[1]);

        Dataset zeroOne = read("x,y\n1,0\n2,1\n3,1\n", "y", null);
        assertEquals("1", zeroOne.positiveClass(), "for a 0/1 label, 1 is positive");
        assertEquals("no", read("a,outcome\n1,yes\n2,no\n", "outcome", "no").positiveClass());
    }

    @Test
    void errorsNameTheRowAndColumn() {
        assertMessage("no label column 'diagnosis'", "a,b\n1,2\n", "diagnosis");
        assertMessage("row 3, column 'b': 'oops' is not a finite number", "a,b,diagnosis\n1,2,M\n3,oops,B\n",
                "diagnosis");
        assertMessage("row 2, column 'a': 'Infinity' is not a finite number", "a,diagnosis\nInfinity,M\n2,B\n",
                "diagnosis");
        assertMessage("has one class only ([B])", "a,diagnosis\n1,B\n2,B\n", "diagnosis");
        assertMessage("has 3 classes", "a,diagnosis\n1,B\n2,M\n3,X\n", "diagnosis");
        assertMessage("row 3 has 2 cells, the header has 3", "a,b,diagnosis\n1,2,M\n3,B\n", "diagnosis");
        assertMessage("the file is empty", "", "diagnosis");
        assertMessage("no data rows", "a,diagnosis\n", "diagnosis");
        assertMessage("values are missing in column 'diagnosis' (1, first at row 2)", "a,diagnosis\n1,\n2,B\n3,M\n",
                "diagnosis");
        assertMessage("no feature columns", "diagnosis\nM\nB\n", "diagnosis");
    }

    /** What spreadsheets save: a byte-order mark, CRLF, quoted names and cells, a delimiter inside quotes. */
    @Test
    void csvAsSpreadsheetsWriteIt() throws IOException {
        Dataset data = read("\uFEFF\"cell size\",\"texture, mean\",outcome\r\n\"1.5\",2,\"yes\"\r\n\r\n3,4,no\r\n",
                "outcome", null);
        assertEquals(List.of("cell size", "texture, mean"), data.featureNames());
        assertEquals(2, data.rows(), "the blank line is not a row");
        assertEquals(1.5, data.features()[0][0]);
        assertEquals(4.0, data.features()[1][1]);
    }

    /** Locales whose decimal mark is a comma save CSV with semicolons. */
    @Test
    void semicolonSeparatedCells() throws IOException {
        Dataset data = read("a;b;outcome\n1;2.5;yes\n3;4;no\n5;6;no\n", "outcome", null);
        assertEquals(List.of("a", "b"), data.featureNames());
        assertEquals(2.5, data.features()[0][1]);
        assertEquals("yes", data.positiveClass());
    }

    @Test
    void aQuotedCellMayHoldALineBreakAndTheRowsAreCountedAsRecords() {
        assertMessage("row 3, column 'b': 'x' is not a finite number", "\"a\nsecond line\",b,d\n1,2,M\n3,x,B\n",
                "d");
    }

    @Test
    void malformedFilesAreNamed() {
        assertMessage("values are missing in column 'b' (1, first at row 2)", "a,b,d\n1,,M\n2,3,B\n", "d");
        assertMessage("not valid CSV", "a,b,d\n1,\"2,M\n3,4,B\n", "d");
        assertMessage("not valid CSV", "a,a,d\n1,2,M\n3,4,B\n", "d");
    }

    @Test
    void theFaultsPlaceIsGivenApartForTheProblemBody() {
        var cell = assertThrows(DatasetException.class, () -> read("a,color,d\n1,2,M\n3,red,B\n", "d", null));
        assertEquals("row 3, column 'color'", cell.location());
        assertTrue(cell.getMessage().contains("HUD trains on numeric features"), cell.getMessage());
        assertEquals("row 3", assertThrows(DatasetException.class, () -> read("a,d\n1,M\n2,B,7\n", "d", null))
                .location());
        assertEquals("column 'd'", assertThrows(DatasetException.class, () -> read("a,d\n1,M\n2,M\n", "d", null))
                .location());
        assertEquals("file", assertThrows(DatasetException.class, () -> read("", "d", null)).location());
    }

    /** Refused, each column's count and first row named; or those rows dropped and counted, as the user chooses. */
    @Test
    void missingValuesAreCountedPerColumnThenRefusedOrTheirRowsDropped() throws IOException {
        String csv = "a,b,d\n1,,M\n2,NA,B\n?,5,B\n4,6,M\n7,8,B\n9,N/A,M\n";
        var refused = assertThrows(DatasetException.class, () -> reading(csv, MissingValues.REFUSE, Limits.NONE));
        assertEquals("values are missing in column 'a' (1, first at row 4), column 'b' (3, first at row 2):"
                + " drop those rows or fill them in", refused.getMessage());
        assertEquals("row 2, column 'b'", refused.location());

        Reading dropped = reading(csv, MissingValues.DROP_ROWS, Limits.NONE);
        assertEquals(2, dropped.data().rows());
        assertEquals(4, dropped.droppedRows());
        assertEquals(Map.of("a", 1, "b", 3), dropped.missing());
        assertEquals(List.of("a", "b"), List.copyOf(dropped.missing().keySet()), "in the header's order");
        assertEquals(6.0, dropped.data().features()[0][1]);

        var none = assertThrows(DatasetException.class,
                () -> reading("a,d\n,M\n,B\n", MissingValues.DROP_ROWS, Limits.NONE));
        assertTrue(none.getMessage().startsWith("no row is complete"), none.getMessage());
    }

    @Test
    void rowsAndColumnsBeyondTheLimitsAreRefused() throws IOException {
        String csv = "a,b,d\n1,2,M\n3,4,B\n5,6,B\n";
        assertEquals(3, reading(csv, MissingValues.REFUSE, new Limits(3, 3)).data().rows(), "at the limits");
        var rows = assertThrows(DatasetException.class, () -> reading(csv, MissingValues.REFUSE, new Limits(2, 3)));
        assertEquals("the file has more than 2 data rows, the limit", rows.getMessage());
        var columns = assertThrows(DatasetException.class,
                () -> reading(csv, MissingValues.REFUSE, new Limits(3, 2)));
        assertEquals("the header has 3 columns; at most 2 are taken", columns.getMessage());
    }

    /** What the gateway stores for the trainers reads back to the same data, quoted names and all. */
    @Test
    void theWriterWritesWhatTheReaderReadsBack() throws IOException {
        Dataset data = read("\"size, mean\",\"say \"\"hi\"\"\",outcome\n0.1,1e-7,yes\n2,3,no\n4,5,no\n", "outcome",
                null);
        var out = new StringWriter();
        CsvDatasetWriter.write(data, out);
        Dataset back = CsvDatasetReader.read(new StringReader(out.toString()), "outcome", Optional.of("yes"));
        assertEquals(data.featureNames(), back.featureNames());
        assertArrayEquals(data.features(), back.features());
        assertArrayEquals(data.labels(), back.labels());
        assertEquals(data.negativeClass(), back.negativeClass());
        Dataset wdbc = CsvDatasetReader.wdbc();
        out = new StringWriter();
        CsvDatasetWriter.write(wdbc, out);
        assertArrayEquals(wdbc.features(), CsvDatasetReader.read(new StringReader(out.toString()), "diagnosis",
                Optional.of("M")).features());
    }

    private Reading reading(String csv, MissingValues missing, Limits limits) throws IOException {
        return CsvDatasetReader.read(new StringReader(csv), "d", Optional.empty(), limits, missing);
    }

    @Test
    void aPositiveClassThatDoesNotOccur() {
        var error = assertThrows(DatasetException.class, () -> read("a,d\n1,M\n2,B\n", "d", "X"));
        assertTrue(error.getMessage().contains("positive class 'X' does not occur"), error.getMessage());
    }

    private void assertMessage(String expected, String csv, String label) {
        var error = assertThrows(DatasetException.class, () -> read(csv, label, null));
        assertTrue(error.getMessage().contains(expected), "message: " + error.getMessage());
    }

    private Dataset read(String csv, String label, String positive) throws IOException {
        Path file = Files.writeString(folder.resolve("data.csv"), csv);
        return CsvDatasetReader.read(file, label, Optional.ofNullable(positive));
    }
}
