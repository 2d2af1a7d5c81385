package dev.hud.trainer.worker;

import java.util.UUID;

/** Work messages as the gateway sends them, small enough to train in about a second. */
final class WorkMessages {

    private WorkMessages() {
    }

    static String jobId() {
        return "job-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String search(int folds, int patience) {
        return search(folds, 1, patience);
    }

    static String search(int folds, int repeats, int patience) {
        return """
                {"dataset":"wdbc","folds":%d,"repeats":%d,"holdoutFraction":0.2,"seed":7,"earlyStoppingPatience":%d,
                 "hidden":[8,8],"dropout":[0.1,0.1]}""".formatted(folds, repeats, patience);
    }

    static String cell(double lr, double momentum, int epochs) {
        return """
                {"learningRate":%s,"momentum":%s,"batchSize":5,"epochs":%d,"optimizer":"sgd"}""".formatted(lr, momentum,
                epochs);
    }

    static String trial(String jobId, String trialId, String cell, String search) {
        return """
                {"schema":"hud.training-work/v2","jobId":"%s","kind":"trial","trialId":"%s","cells":[%s],"search":%s}"""
                .formatted(jobId, trialId, cell, search);
    }

    static String refit(String jobId, String cell, int epochs, String search) {
        return """
                {"schema":"hud.training-work/v2","jobId":"%s","kind":"refit","cells":[%s],"refitEpochs":%d,
                "search":%s}"""
                .formatted(jobId, cell, epochs, search);
    }
}
