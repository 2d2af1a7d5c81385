package dev.hud.gateway.datasets;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hud.common.data.CsvDatasetReader;
import dev.hud.common.messages.BuiltInDatasets;
import dev.hud.common.problem.Problem;
import dev.hud.common.problem.ProblemException;
import dev.hud.gateway.jobs.JobsConfig;
import dev.hud.gateway.jobs.api.JobRequestValidator;
import dev.hud.gateway.users.User;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;

/**
 * Which data sets a person may see and train on: the built-in WDBC and the files an operator placed (everyone's),
 * their own uploads, and those others shared; admins see all. Answers "not found" for one they may not see.
 */
@ApplicationScoped
public class DatasetCatalog {

    private final JobsConfig jobs;
    private final DatasetsConfig config;
    private volatile DatasetProfile wdbcProfile;

    DatasetCatalog(JobsConfig jobs, DatasetsConfig config) {
        this.jobs = jobs;
        this.config = config;
    }

    /** What {@code who} may use, the built-in one first, then their own and shared ones, newest first. */
    public List<DatasetView> visible(String who, boolean admin) {
        var views = new ArrayList<DatasetView>();
        views.add(wdbcView());
        long me = userId(who);
        var stored = admin ? UploadedDataset.<UploadedDataset>listAll(Sort.descending("createdAt"))
                : UploadedDataset.<UploadedDataset>list("ownerId = ?1 or shared = true", Sort.descending("createdAt"),
                        me);
        var owners = owners(stored);
        stored.stream().sorted((a, b) -> Boolean.compare(!a.ownerId.equals(me), !b.ownerId.equals(me)))
                .forEach(dataset -> views.add(view(dataset, owners.get(dataset.ownerId))));
        return views;
    }

    public DatasetView view(String id, String who, boolean admin) {
        if (BuiltInDatasets.WDBC.equals(id)) {
            return wdbcView();
        }
        UploadedDataset dataset = find(id, userId(who), admin);
        return view(dataset, User.<User>findByIdOptional(dataset.ownerId).map(user -> user.username).orElse(null));
    }

    public DatasetProfile profile(String id, String who, boolean admin) {
        if (BuiltInDatasets.WDBC.equals(id)) {
            return wdbcProfile();
        }
        return find(id, userId(who), admin).profile;
    }

    /**
     * The data set a job request names, if {@code who} may train on it; a 400 naming {@code dataset} otherwise (an id
     * they may not see is as unknown as one that does not exist).
     */
    public TrainableDataset trainable(String id, String who, boolean admin) {
        if (id == null || BuiltInDatasets.WDBC.equals(id)) {
            return TrainableDataset.WDBC;
        }
        if (jobs.datasets().contains(id)) {
            return TrainableDataset.placed(id);
        }
        UploadedDataset dataset = QuarkusTransaction.joiningExisting()
                .call(() -> UploadedDataset.<UploadedDataset>findById(id));
        if (dataset == null || !mayUse(dataset, userId(who), admin)) {
            throw ProblemException.invalid("dataset", "no data set '" + shortened(id) + "' you may use: 'wdbc', "
                    + "one you uploaded or one shared with you (GET /api/datasets)");
        }
        return TrainableDataset.of(dataset);
    }

    /** The data set itself for its owner or an admin (to share or delete it): 403 for others who may see it. */
    UploadedDataset owned(String id, String who, boolean admin) {
        if (BuiltInDatasets.WDBC.equals(id)) {
            throw new ProblemException(Problem.of(403, "Forbidden", "the built-in data set cannot be changed"));
        }
        long me = userId(who);
        UploadedDataset dataset = find(id, me, admin);
        if (!admin && !dataset.ownerId.equals(me)) {
            throw new ProblemException(
                    Problem.of(403, "Forbidden", "only its owner or an admin changes data set " + id));
        }
        return dataset;
    }

    private UploadedDataset find(String id, long me, boolean admin) {
        UploadedDataset dataset = UploadedDataset.findById(id);
        if (dataset == null || !mayUse(dataset, me, admin)) {
            throw ProblemException.notFound("no data set " + shortened(id));
        }
        return dataset;
    }

    private static boolean mayUse(UploadedDataset dataset, long me, boolean admin) {
        return admin || dataset.shared || dataset.ownerId.equals(me);
    }

    /** The caller's user id, looked up once per request; -1 for a name no user has (it owns nothing). */
    private static long userId(String who) {
        return User.findByUsername(who).map(user -> user.id).orElse(-1L);
    }

    DatasetView view(UploadedDataset dataset, String owner) {
        return new DatasetView(dataset.id, dataset.name, owner, dataset.shared, false, dataset.label,
                dataset.positiveClass, dataset.negativeClass, dataset.features, dataset.rows, dataset.positives,
                dataset.droppedRows, dataset.missing, dataset.bytes, dataset.createdAt);
    }

    private DatasetView wdbcView() {
        DatasetProfile profile = wdbcProfile();
        var positive = profile.classes().stream().filter(DatasetProfile.ClassCount::positive).findFirst()
                .orElseThrow();
        var negative = profile.classes().stream().filter(c -> !c.positive()).findFirst().orElseThrow();
        return new DatasetView(BuiltInDatasets.WDBC, "Wisconsin Diagnostic Breast Cancer (UCI)", null, true, true,
                "diagnosis", positive.name(), negative.name(), BuiltInDatasets.WDBC_FEATURES, profile.rows(),
                positive.count(), 0, Map.of(), null, null);
    }

    /** Computed once, when first asked for: the data never changes. */
    private DatasetProfile wdbcProfile() {
        DatasetProfile profile = wdbcProfile;
        if (profile == null) {
            profile = DatasetProfile.of(CsvDatasetReader.wdbc(), JobRequestValidator.DEFAULT_HOLDOUT,
                    JobRequestValidator.DEFAULT_SEED,
                    config.histogramBins());
            wdbcProfile = profile;
        }
        return profile;
    }

    /** The names of the listed data sets' owners only, in one query. */
    private static Map<Long, String> owners(List<UploadedDataset> datasets) {
        var owners = new HashMap<Long, String>();
        var ids = datasets.stream().map(dataset -> dataset.ownerId).distinct().toList();
        if (!ids.isEmpty()) {
            User.<User>list("id in ?1", ids).forEach(user -> owners.put(user.id, user.username));
        }
        return owners;
    }

    private static String shortened(String id) {
        return id.length() <= 64 ? id : id.substring(0, 64) + "...";
    }
}
