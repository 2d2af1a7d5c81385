package dev.hud.trainer.model;

import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One ND4J custom operation on arrays that stay the same for a whole training call, its native context built once.
 *
 * <p>Why: {@code a.mul(b, c)} or {@code Nd4j.matmul} build a new op object and a new native context on every call
 * (allocations, JNI calls, shape hashing); on HUD's tiny arrays that cost as much as the arithmetic. Built once and
 * run ~4,000 times per fit, the same operations took half the CPU (async-profiler, the seed's 3x3 grid).
 */
final class PreparedOp implements AutoCloseable {

    private final CustomOp op;
    private final OpContext context;

    private PreparedOp(CustomOp op) {
        this.op = op;
        context = Nd4j.getExecutioner().buildContext();
        context.setInputArrays(op.inputArguments());
        context.setOutputArrays(op.outputArguments());
        context.setIArguments(op.iArgs());
        context.setTArguments(op.tArgs());
        context.setBArguments(op.bArgs());
        context.setDArguments(op.dArgs());
    }

    /** out = a x b (either transposed), batched over the leading axis. */
    static PreparedOp product(INDArray a, INDArray b, INDArray out, boolean transposeA, boolean transposeB) {
        return new PreparedOp(
                new Mmul(a, b, out, MMulTranspose.builder().transposeA(transposeA).transposeB(transposeB).build()));
    }

    /** out = a x b element-wise (out may be a). */
    static PreparedOp multiply(INDArray a, INDArray b, INDArray out) {
        return new PreparedOp(new MulOp(a, b, out));
    }

    /** out = a - b element-wise. */
    static PreparedOp subtract(INDArray a, INDArray b, INDArray out) {
        return new PreparedOp(new SubOp(a, b, out));
    }

    /** out = a + b element-wise. */
    static PreparedOp add(INDArray a, INDArray b, INDArray out) {
        return new PreparedOp(new AddOp(a, b, out));
    }

    void run() {
        Nd4j.getExecutioner().exec(op, context);
    }

    /** The same operation with input {@code index} replaced by an array of the same shape (a step's minibatch). */
    void run(int index, INDArray input) {
        context.setInputArray(index, input);
        run();
    }

    @Override
    public void close() throws Exception {
        context.close();
    }
}
