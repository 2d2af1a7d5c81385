package dev.hud.gateway.jobs;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hud.common.messages.Cell;

/**
 * Statuses as the schema's CHECK constraints, the API and the web app know them (lower-case labels), and a cell as the
 * columns trials and models store.
 */
class StatusLabelsTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void jobStatusesAreReadOnlyByTheirExactLabels() {
        assertThat(JobStatus.labels(),
                is(List.of("queued", "running", "refitting", "succeeded", "failed", "cancelled")));
        for (JobStatus status : JobStatus.values()) {
            assertThat(JobStatus.of(status.label()), is(Optional.of(status)));
            assertThat(status.toString(), is(status.label()));
        }
        assertThat(JobStatus.of("QUEUED"), is(Optional.empty()));
        assertThat(JobStatus.of("Running"), is(Optional.empty()));
        assertThat(JobStatus.of(""), is(Optional.empty()));
        assertThat(JobStatus.of(null), is(Optional.empty()));
    }

    @Test
    void onlyQueuedRunningAndRefittingJobsAreActive() {
        assertThat(JobStatus.ACTIVE, is(List.of(JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.REFITTING)));
        assertThat(JobStatus.QUEUED.finished(), is(false));
        assertThat(JobStatus.RUNNING.finished(), is(false));
        assertThat(JobStatus.REFITTING.finished(), is(false));
        assertThat(JobStatus.SUCCEEDED.finished(), is(true));
        assertThat(JobStatus.FAILED.finished(), is(true));
        assertThat(JobStatus.CANCELLED.finished(), is(true));
    }

    @Test
    void statusColumnsHoldTheLabelsAndRefuseUnknownOnes() {
        var jobs = new JobStatus.Column();
        for (JobStatus status : JobStatus.values()) {
            assertThat(jobs.convertToDatabaseColumn(status), is(status.label()));
            assertThat(jobs.convertToEntityAttribute(status.label()), is(status));
        }
        var trials = new TrialStatus.Column();
        for (TrialStatus status : TrialStatus.values()) {
            assertThat(trials.convertToDatabaseColumn(status), is(status.name().toLowerCase()));
            assertThat(trials.convertToEntityAttribute(status.label()), is(status));
        }
        assertThat(jobs.convertToDatabaseColumn(null), nullValue());
        assertThat(jobs.convertToEntityAttribute(null), nullValue());
        // A label this release does not know is an error, never silently another status.
        var unknown = assertThrows(IllegalStateException.class, () -> trials.convertToEntityAttribute("paused"));
        assertThat(unknown.getMessage(), containsString("TrialStatus 'paused'"));
        assertThrows(IllegalStateException.class, () -> jobs.convertToEntityAttribute("SUCCEEDED"));
    }

    @Test
    void statusesAreWrittenAsTheirLabelsInJson() throws Exception {
        assertThat(json.writeValueAsString(List.of(JobStatus.REFITTING, JobStatus.CANCELLED)),
                is("[\"refitting\",\"cancelled\"]"));
        assertThat(json.writeValueAsString(TrialStatus.SUCCEEDED), is("\"succeeded\""));
    }

    @Test
    void aCellSurvivesItsColumns() {
        var cell = new Cell(0.025, 0.45, 16, 120, "nesterov");
        CellColumns columns = CellColumns.of(cell);
        assertThat(columns.learningRate, is(0.025));
        assertThat(columns.momentum, is(0.45));
        assertThat(columns.batchSize, is(16));
        assertThat(columns.epochs, is(120));
        assertThat(columns.optimizer, is("nesterov"));
        assertThat(columns.cell(), is(cell));
    }
}
