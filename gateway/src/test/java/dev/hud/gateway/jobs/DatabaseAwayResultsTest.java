package dev.hud.gateway.jobs;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.hud.common.messages.TrainingWork;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Trainers' results that arrive while PostgreSQL is away: the gateway retries each with back-off, returns it to the
 * queue when the database stays away, and applies it once the database is back; once, and without dead-lettering it.
 * The gateway runs on a database server of its own ({@link PrivatePostgres}) that the test stops and starts.
 */
@QuarkusTest
@TestProfile(PrivatePostgres.Profile.class)
class DatabaseAwayResultsTest {

    private static final String TWO_CELLS = """
            {"grid": {"learningRate": [0.02, 0.03], "momentum": [0.4]}, "folds": 2, "epochs": 10}""";

    @RegisterExtension
    static final TrainerDouble trainer = new TrainerDouble();

    @ConfigProperty(name = PrivatePostgres.DIRECTORY_KEY)
    String database;

    /** What the events consumer and its retries log: how the test learns that it retried, or gave up and requeued. */
    private final List<String> consumerLog = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            consumerLog.add(record.getMessage() + " " + Arrays.toString(record.getParameters()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        Logger.getLogger("dev.hud.gateway.jobs.messaging").addHandler(capture);
    }

    @AfterEach
    void databaseBack() throws Exception {
        Logger.getLogger("dev.hud.gateway.jobs.messaging").removeHandler(capture);
        if (!PrivatePostgres.running(database)) {
            PrivatePostgres.startServer(database); // a test failed while it was away
        }
    }

    @Test
    void resultsArrivingWhileTheDatabaseIsAwayForLongAreRequeuedAndAppliedOnceItIsBack() throws Exception {
        // Away longer than the consumer's retries: it gives the event back to the queue (and takes it again).
        resultWhileAway("returned to the queue", Duration.ofSeconds(90));
    }

    @Test
    void resultsArrivingWhileTheDatabaseIsBrieflyAwayAreRetriedAndApplied() throws Exception {
        resultWhileAway("(attempt", Duration.ofSeconds(30));
    }

    /**
     * One of two trials reports while the database is stopped; the database comes back once the consumer logged
     * {@code logged}; the result is then applied once.
     */
    private void resultWhileAway(String logged, Duration within) throws Exception {
        String token = Api.newUser();
        String id = Api.submitted(token, TWO_CELLS);
        List<TrainingWork> work = sorted(trainer.take(id, 2, Duration.ofSeconds(10)));
        String deadLetters = trainer.listen("hud.training.dlx");

        PrivatePostgres.stopServer(database);
        trainer.trialDone(work.get(0), 0.93, 5);
        Awaitility.await().atMost(within).alias("the consumer logged " + logged)
                .until(() -> consumerLog.stream().anyMatch(line -> line.contains(logged)));
        PrivatePostgres.startServer(database);

        Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> (int) Api.job(token, id).statusCode(200).extract().path("trialsSucceeded") == 1);
        assertAppliedOnce(token, id, work, deadLetters);
    }

    /** The trial succeeded with the reported accuracy, its sibling still waits, and nothing was dead-lettered. */
    private void assertAppliedOnce(String token, String id, List<TrainingWork> work, String deadLetters)
            throws Exception {
        Api.job(token, id).statusCode(200)
                .body("status", equalTo("running"))
                .body("trialsSucceeded", equalTo(1))
                .body("trialsFailed", equalTo(0))
                .body("trialResults[0].status", equalTo("succeeded"))
                .body("trialResults[0].meanAccuracy", Api.near(0.93))
                .body("trialResults[0].attempts", equalTo(1))
                .body("trialResults[1].status", equalTo("queued"));
        var letter = trainer.next(deadLetters, Duration.ofSeconds(2));
        assertThat("dead-lettered: " + (letter == null ? "" : TrainerDouble.text(letter)),
                letter == null || !TrainerDouble.text(letter).contains(id), equalTo(true));
        given(token).get("/api/monitor/failures").then().statusCode(200)
                .body("jobId", not(Matchers.hasItem(id)));

        // The gateway works on as before: the last result completes the trials and asks for the refit.
        trainer.trialDone(work.get(1), 0.91, 5);
        List<TrainingWork> refit = trainer.take(id, 1, Duration.ofSeconds(20));
        assertThat(refit, hasSize(1));
        assertThat(refit.get(0).kind(), equalTo(TrainingWork.REFIT));
        Api.job(token, id).body("best.trial", equalTo(0)).body("error", nullValue());
    }

    private static io.restassured.specification.RequestSpecification given(String token) {
        return io.restassured.RestAssured.given().auth().oauth2(token).when();
    }

    private static List<TrainingWork> sorted(List<TrainingWork> work) {
        var copy = new ArrayList<>(work);
        copy.sort(Comparator.comparing(TrainingWork::trialId));
        return copy;
    }
}
