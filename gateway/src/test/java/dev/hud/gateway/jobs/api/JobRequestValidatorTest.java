package dev.hud.gateway.jobs.api;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hud.common.messages.BuiltInDatasets;
import dev.hud.common.messages.Cell;
import dev.hud.common.problem.Problem;
import dev.hud.common.problem.ProblemException;
import dev.hud.gateway.datasets.TrainableDataset;
import dev.hud.gateway.jobs.JobPlan;
import dev.hud.gateway.jobs.JobsConfig;

/**
 * The job request's rules without a server: the defaults a request gets, how its grid becomes cells, and the checks
 * that depend on each other (JobValidationTest has each field's error through the API).
 */
class JobRequestValidatorTest {

    private static final JobRequest.Grid GRID = grid(List.of(0.02, 0.03), List.of(0.4));

    private final JobRequestValidator validator = new JobRequestValidator(config(100, 2000, 10_000_000L));

    @Test
    void aRequestOfOnlyAGridGetsTheSeedExperimentsDefaults() {
        JobPlan plan = validator.check(request(GRID));

        var normalized = plan.request();
        assertThat(normalized.dataset(), is("wdbc"));
        assertThat(normalized.device(), is("cpu"));
        assertThat(normalized.folds(), is(5));
        assertThat(normalized.repeats(), is(1));
        assertThat(normalized.epochs(), is(55));
        assertThat(normalized.batchSize(), is(5));
        assertThat(normalized.optimizer(), is("sgd"));
        assertThat(normalized.holdoutFraction(), is(0.2));
        assertThat(normalized.seed(), is(42L));
        assertThat(normalized.earlyStopping(), nullValue());
        assertThat(normalized.features().topK(), is(0));
        assertThat(normalized.features().drop(), is(List.of()));
        assertThat(normalized.network().hidden(), is(List.of(16, 16)));
        assertThat(normalized.network().dropout(), is(List.of(0.1, 0.1)));
        // The grid's single-valued axes are the job's values.
        assertThat(normalized.grid().batchSize(), is(List.of(5)));
        assertThat(normalized.grid().epochs(), is(List.of(55)));
        assertThat(normalized.grid().optimizer(), is(List.of("sgd")));

        var search = plan.search();
        assertThat(search.folds(), is(5));
        assertThat(search.earlyStoppingPatience(), nullValue());
        assertThat(Arrays.stream(search.hidden()).boxed().toList(), is(List.of(16, 16)));
        assertThat(plan.cells(), is(List.of(new Cell(0.02, 0.4, 5, 55, "sgd"), new Cell(0.03, 0.4, 5, 55, "sgd"))));
        assertThat("cells x folds x repeats x epochs", plan.fitEpochs(), is(2L * 5 * 1 * 55));
    }

    @Test
    void earlyStoppingGetsItsDefaultsWhenOnlyThePatienceIsGiven() {
        JobPlan plan = validator.check(new JobRequest(null, null, null, GRID, null, null, null, null, null,
                new JobRequest.EarlyStopping(3, null, null), null, null, null, null));
        assertThat(plan.request().earlyStopping(), equalTo(new JobRequest.EarlyStopping(3, 0.0, 0.1)));
        assertThat(plan.search().earlyStoppingPatience(), is(3));
        assertThat(plan.search().earlyStoppingMinDelta(), is(0.0));
        assertThat(plan.search().earlyStoppingValidationFraction(), is(0.1));
    }

    @Test
    void layersWithoutDropoutGetNone() {
        JobPlan plan = validator.check(new JobRequest(null, null, null, GRID, null, null, null, null, null, null,
                null, new JobRequest.Network(List.of(32, 32, 8), null), null, null));
        assertThat(plan.request().network().dropout(), is(List.of(0.0, 0.0, 0.0)));
        assertThat(Arrays.stream(plan.search().dropout()).boxed().toList(), is(List.of(0.0, 0.0, 0.0)));
        // Layers may have the same size (only grid values must differ).
        assertThat(plan.request().network().hidden(), is(List.of(32, 32, 8)));
    }

    @Test
    void theGridIsExpandedInOrderOverEveryAxis() {
        var grid = new JobRequest.Grid(List.of(0.01, 0.02), List.of(0.1, 0.2), List.of(8, 16), List.of(10, 20),
                List.of("sgd", "adam"));
        JobPlan plan = validator.check(request(grid));
        assertThat(plan.cells(), hasSize(32));
        // Momentum varies fastest, then learning rate, batch size, epochs, and the optimizer slowest.
        assertThat(plan.cells().subList(0, 5), contains(new Cell(0.01, 0.1, 8, 10, "sgd"),
                new Cell(0.01, 0.2, 8, 10, "sgd"), new Cell(0.02, 0.1, 8, 10, "sgd"),
                new Cell(0.02, 0.2, 8, 10, "sgd"), new Cell(0.01, 0.1, 16, 10, "sgd")));
        assertThat(plan.cells().get(31), is(new Cell(0.02, 0.2, 16, 20, "adam")));
        // Each cell's epochs count: 16 cells of 10 and 16 of 20, over 5 folds.
        assertThat(plan.fitEpochs(), is(5L * 16 * (10 + 20)));
    }

    @Test
    void theWorkOfAJobIsBoundedAcrossFoldsRepeatsAndEpochs() {
        var small = new JobRequestValidator(config(100, 2000, 1000));
        // 2 cells x 5 folds x 2 repeats x 50 epochs = 1000: just allowed.
        var atLimit = new JobRequest(null, null, null, GRID, 5, 2, 50, null, null, null, null, null, null, null);
        assertThat(small.check(atLimit).fitEpochs(), is(1000L));
        var over = new JobRequest(null, null, null, GRID, 5, 2, 51, null, null, null, null, null, null, null);
        var errors = errors(() -> small.check(over));
        assertThat(errors, hasSize(1));
        assertThat(errors.get(0).field(), is("grid"));
        assertThat(errors.get(0).message(), containsString("1020 epochs"));
        // Only checked once everything else is right: a request with other faults is not also told it is too big.
        var overAndWrong = new JobRequest(null, null, null, GRID, 5, 2, 51, null, "lbfgs", null, null, null, null,
                null);
        assertThat(errors(() -> small.check(overAndWrong)).stream().map(Problem.FieldError::field).toList(),
                is(List.of("optimizer")));
    }

    @Test
    void theGridMayNotHaveMoreCellsThanConfigured() {
        var four = new JobRequestValidator(config(4, 2000, 10_000_000L));
        assertThat(four.check(request(grid(List.of(0.01, 0.02), List.of(0.1, 0.2)))).cells(), hasSize(4));
        var errors = errors(() -> four.check(request(grid(List.of(0.01, 0.02, 0.03), List.of(0.1, 0.2)))));
        assertThat(errors.stream().map(Problem.FieldError::field).toList(), is(List.of("grid")));
        assertThat(errors.get(0).message(), containsString("6 cells; at most 4"));
        // An axis longer than the grid may be is one error for the axis, not one per value.
        var longAxis = errors(() -> four.check(request(grid(List.of(0.01, 0.02, 0.03, 0.04, 0.05), List.of(0.1)))));
        assertThat(longAxis.get(0).field(), is("grid.learningRate"));
        assertThat(longAxis.get(0).message(), containsString("at most 4 values"));
    }

    @Test
    void featuresOfTheBuiltInDataAreKnownAndOthersOnlyBounded() {
        var features = new ArrayList<>(BuiltInDatasets.WDBC_FEATURES);
        // Every feature but one may be dropped; all of them is one error.
        var keepOne = new JobRequest.Features(null, features.subList(1, features.size()));
        assertThat(validator.check(withFeatures("wdbc", keepOne)).search().drop(), hasSize(features.size() - 1));
        var all = errors(() -> validator.check(withFeatures("wdbc", new JobRequest.Features(null, features))));
        assertThat(all.get(0).field(), is("features.drop"));

        // Another data set's names are the trainer's to check: any of at most 64 characters.
        var other = new JobRequestValidator(config(100, 2000, 10_000_000L, List.of("wdbc", "iris")));
        var names = new JobRequest.Features(2, List.of("petal_width", "x".repeat(64)));
        JobPlan plan = other.check(withFeatures("iris", names));
        assertThat(plan.search().drop(), is(names.drop()));
        assertThat(plan.search().topK(), is(2));
        var tooLong = errors(
                () -> other.check(withFeatures("iris", new JobRequest.Features(null, List.of("x".repeat(65))))));
        assertThat(tooLong.get(0).field(), is("features.drop[0]"));
        assertThat(tooLong.get(0).message(), containsString("..."));
        assertThat("a quoted value is cut", tooLong.get(0).message().length(), is(lessThan(200)));
        // The same names are unknown features of wdbc.
        assertThat(errors(() -> validator.check(withFeatures("wdbc", names))).get(0).field(), is("features.drop[0]"));
    }

    @Test
    void aNameIsStrippedAndAtMost120Characters() {
        var named = new JobRequest("  seed grid  ", null, null, GRID, null, null, null, null, null, null, null, null,
                null, null);
        assertThat(validator.check(named).name(), is("seed grid"));
        var longest = new JobRequest(" " + "n".repeat(120) + " ", null, null, GRID, null, null, null, null, null,
                null, null, null, null, null);
        assertThat(validator.check(longest).name(), is("n".repeat(120)));
        var tooLong = new JobRequest("n".repeat(121), null, null, GRID, null, null, null, null, null, null, null,
                null, null, null);
        assertThat(errors(() -> validator.check(tooLong)).get(0).field(), is("name"));
    }

    @Test
    void missingValuesInsideAListAreNamedByTheirIndex() {
        var errors = errors(() -> validator.check(request(grid(Arrays.asList(0.02, null), List.of(0.4)))));
        assertThat(errors.get(0).field(), is("grid.learningRate[1]"));
        assertThat(errors.get(0).message(), is("a number above 0 and at most 10"));
    }

    @Test
    void tooManyLayersIsOneError() {
        List<Integer> nine = Collections.nCopies(9, 4);
        var errors = errors(() -> validator.check(new JobRequest(null, null, null, GRID, null, null, null, null, null,
                null, null, new JobRequest.Network(nine, null), null, null)));
        assertThat(errors.stream().map(Problem.FieldError::field).distinct().toList(), is(List.of("network.hidden")));
        assertThat(errors, hasSize(1));
    }

    @Test
    void noBodyIsAnErrorOfTheBody() {
        assertThat(errors(() -> validator.check(null)).get(0).field(), is("body"));
    }

    /** An upload goes to the trainers as its cleaned file's hash, with its label and positive class. */
    @Test
    void anUploadedDataSetIsSentAsItsHashWithItsLabelAndNamedByItsId() {
        var upload = new TrainableDataset("d-1", "sha256:" + "ab".repeat(32), "class", "sick",
                List.of("size", "texture", "noise"));
        JobPlan plan = validator.check(withFeatures("d-1", new JobRequest.Features(0, List.of("noise"))), upload);
        assertThat(plan.dataset(), is("d-1"));
        assertThat(plan.request().dataset(), is("d-1"));
        assertThat(plan.search().dataset(), is("sha256:" + "ab".repeat(32)));
        assertThat(plan.search().label(), is("class"));
        assertThat(plan.search().positiveClass(), is("sick"));
        assertThat(plan.search().drop(), is(List.of("noise")));

        // Its own feature names are the ones a job may drop, and not all of them.
        var unknown = errors(() -> validator.check(withFeatures("d-1", new JobRequest.Features(0,
                List.of("cell size"))), upload));
        assertThat(unknown.get(0).field(), is("features.drop[0]"));
        assertThat(unknown.get(0).message(), containsString("a feature of d-1"));
        var all = errors(() -> validator.check(withFeatures("d-1", new JobRequest.Features(0,
                List.of("size", "texture", "noise"))), upload));
        assertThat(all.get(0).message(), containsString("at most 2 values"));
    }

    /** Without a resolved data set (the scheduled retrain): the built-in one or a file the operator placed. */
    @Test
    void aNamedDataSetIsTheBuiltInOneOrAConfiguredFile() {
        var placed = new JobRequestValidator(config(100, 2000, 10_000_000L, List.of("wdbc", "iris2")));
        JobPlan plan = placed.check(withFeatures("iris2", null));
        assertThat(plan.search().dataset(), is("iris2"));
        assertThat(plan.search().label(), nullValue());
        assertThat(placed.check(request(GRID)).search().dataset(), is(BuiltInDatasets.WDBC));
        var refused = errors(() -> placed.check(withFeatures("d-1", null)));
        assertThat(refused.get(0).field(), is("dataset"));
        assertThat(refused.get(0).message(), is("one of [wdbc, iris2]"));
    }

    private static List<Problem.FieldError> errors(Runnable check) {
        var problem = assertThrows(ProblemException.class, check::run).problem();
        assertThat(problem.status(), is(400));
        return problem.errors();
    }

    private static JobRequest request(JobRequest.Grid grid) {
        return new JobRequest(null, null, null, grid, null, null, null, null, null, null, null, null, null, null);
    }

    private static JobRequest withFeatures(String dataset, JobRequest.Features features) {
        return new JobRequest(null, dataset, null, GRID, null, null, null, null, null, null, features, null, null,
                null);
    }

    private static JobRequest.Grid grid(List<Double> rates, List<Double> momenta) {
        return new JobRequest.Grid(rates, momenta, null, null, null);
    }

    private static JobsConfig config(int maxCells, int maxEpochs, long maxFitEpochs) {
        return config(maxCells, maxEpochs, maxFitEpochs, List.of("wdbc"));
    }

    /** The configuration as application.properties gives it, with the limits a test sets. */
    private static JobsConfig config(int maxCells, int maxEpochs, long maxFitEpochs, List<String> datasets) {
        return new JobsConfig() {
            public int maxCells() {
                return maxCells;
            }

            public int maxEpochs() {
                return maxEpochs;
            }

            public Map<String, String> queueKinds() {
                return Map.of("cpu", "cpu", "gpu", "gpu");
            }

            public List<String> datasets() {
                return datasets;
            }

            public Duration confirmTimeout() {
                return Duration.ofSeconds(5);
            }

            public int pageSize() {
                return 20;
            }

            public int maxPageSize() {
                return 200;
            }

            public long maxFitEpochs() {
                return maxFitEpochs;
            }

            public int maxStreamsPerUser() {
                return 20;
            }

            public boolean warmUp() {
                return false;
            }
        };
    }
}
