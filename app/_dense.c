/*
 * app._dense: every dense quantity of /api/v1/analyze in one compiled pass.
 *
 * The numpy composition in app/analysis.py is the reference; this computes the same
 * numbers, in the same order of operations, for B rows of C classes at once, so that a
 * small request costs one call instead of a hundred small numpy calls (SPEC §5: the
 * API's overhead stays near the framework's floor). tests/test_dense_kernel.py compares
 * the two over hypothesis-drawn inputs.
 *
 * Arrays are C-contiguous float64 buffers allocated by the caller. Per row b:
 *   z = (o − max o)/T, ŷ = exp z / Σ exp z, log ŷ = z − log1p(Σ_{k ≠ argmax} exp z_k)
 *   J_ij = (ŷ_i δ_ij − ŷ_i ŷ_j)/T
 *   L_b = −Σ_{y_k > 0} y_k log ŷ_k            (0·log 0 = 0)
 *   ∂L/∂ŷ_k = scale·(−y_k/ŷ_k), 0 where y_k = 0
 *   ∂L/∂o_j = scale·(ŷ_j Σy − y_j)/T
 *   M_kj = scale·(y_k ŷ_j − δ_kj y_k)/T
 *   H_b = −Σ_{ŷ_k > 0} ŷ_k log ŷ_k
 * and two checks over all rows: max |Σ_k (∂L/∂ŷ_k) J_kj − ∂L/∂o_j| (NaN when some
 * ∂L/∂ŷ_k is −∞), and max |central difference of L_b in o_j − ∂L/∂o_j|, the loss
 * evaluated afresh at o ± h e_j with h = rel_step·max(T, |o_j|). It also says whether
 * every number it wrote is finite, so that the caller need not screen them again.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdlib.h>

/* The first index of the largest entry. */
static Py_ssize_t argmax(const double *row, Py_ssize_t classes)
{
    Py_ssize_t top = 0;
    for (Py_ssize_t k = 1; k < classes; k++)
        if (row[k] > row[top])
            top = k;
    return top;
}

/* log Σ exp((row_k − max row)/T) and the shifted row, written to z. As numerics.py:
 * the largest term is exp 0 = 1, and log1p of the others' sum keeps them when they are
 * below float64's resolution at 1. */
static double shifted_log_sum_exp(const double *row, Py_ssize_t classes, double temperature,
                                  double *z)
{
    const Py_ssize_t top = argmax(row, classes);
    double others = 0.0;
    for (Py_ssize_t k = 0; k < classes; k++) {
        z[k] = row[k] - row[top];
        if (temperature != 1.0)
            z[k] /= temperature;
        if (k != top)
            others += exp(z[k]);
    }
    return log1p(others);
}

/* −Σ_{y_k > 0} y_k (z_k − lse): the cross-entropy of a shifted row. */
static double cross_entropy(const double *z, double lse, const double *target, Py_ssize_t classes)
{
    double sum = 0.0;
    for (Py_ssize_t k = 0; k < classes; k++)
        if (target[k] > 0.0)
            sum += target[k] * (z[k] - lse);
    return -sum;
}

typedef struct {
    const double *logits, *target;
    double *probs, *log_probs, *jacobian, *grad_probs, *grad_logits, *contributions;
    double *losses, *entropy, *label_sum;
    Py_ssize_t rows, classes;
    double temperature, scale, rel_step;
} Dense;

/* One row, b; `moved` and `z` are scratch rows of C doubles. Updates the two check maxima. */
static void dense_row(const Dense *d, Py_ssize_t b, double *moved, double *z, double *chain_err,
                     double *fd_err)
{
    const Py_ssize_t C = d->classes;
    const double T = d->temperature, scale = d->scale;
    const double *o = d->logits + b * C, *y = d->target + b * C;
    double *p = d->probs + b * C, *lp = d->log_probs + b * C;
    double *J = d->jacobian + b * C * C, *M = d->contributions + b * C * C;
    double *gp = d->grad_probs + b * C, *gl = d->grad_logits + b * C;

    /* Forward: exp of the shifted row, once. */
    const Py_ssize_t top = argmax(o, C);
    double total = 0.0, others = 0.0;
    for (Py_ssize_t k = 0; k < C; k++) {
        lp[k] = o[k] - o[top];
        if (T != 1.0)
            lp[k] /= T;
        p[k] = exp(lp[k]);
        total += p[k];
        if (k != top)
            others += p[k];
    }
    const double log_total = log1p(others);
    double y_sum = 0.0, loss = 0.0, entropy = 0.0;
    for (Py_ssize_t k = 0; k < C; k++) {
        p[k] /= total;
        lp[k] -= log_total;
        y_sum += y[k];
        if (y[k] > 0.0)
            loss += y[k] * lp[k];
        if (p[k] > 0.0)
            entropy += p[k] * lp[k];
    }
    d->losses[b] = -loss;
    d->entropy[b] = -entropy;
    d->label_sum[b] = y_sum;

    /* Gradients and the C×C matrices. */
    int grad_probs_finite = 1;
    for (Py_ssize_t k = 0; k < C; k++) {
        gp[k] = y[k] > 0.0 ? (0.0 - y[k]) / p[k] : 0.0;
        if (scale != 1.0)
            gp[k] *= scale;
        if (!isfinite(gp[k]))
            grad_probs_finite = 0;
        double g = p[k] * y_sum - y[k];
        if (T != 1.0)
            g /= T;
        gl[k] = scale != 1.0 ? scale * g : g;
    }
    for (Py_ssize_t i = 0; i < C; i++) {
        for (Py_ssize_t j = 0; j < C; j++) {
            double jac = -p[i] * p[j];
            double con = y[i] * p[j];
            if (i == j) {
                jac += p[i];
                con -= y[i];
            }
            if (T != 1.0) {
                jac /= T;
                con /= T;
            }
            J[i * C + j] = jac;
            M[i * C + j] = scale != 1.0 ? scale * con : con;
        }
    }

    /* The chain rule through ŷ, literally: Σ_k (∂L/∂ŷ_k) J_kj. */
    if (!grad_probs_finite) {
        *chain_err = NAN;
    } else if (!isnan(*chain_err)) {
        for (Py_ssize_t j = 0; j < C; j++) {
            double chained = 0.0;
            for (Py_ssize_t k = 0; k < C; k++)
                chained += gp[k] * J[k * C + j];
            double err = fabs(chained - gl[j]);
            if (err > *chain_err || isnan(err))
                *chain_err = err;
        }
    }

    /* Central differences of the loss, evaluated afresh at o ± h e_j. */
    for (Py_ssize_t k = 0; k < C; k++)
        moved[k] = o[k];
    for (Py_ssize_t j = 0; j < C; j++) {
        const double step = d->rel_step * fmax(fabs(o[j]), T);
        const double up = o[j] + step, down = o[j] - step;
        moved[j] = up;
        double lse = shifted_log_sum_exp(moved, C, T, z);
        const double loss_up = cross_entropy(z, lse, y, C);
        moved[j] = down;
        lse = shifted_log_sum_exp(moved, C, T, z);
        const double loss_down = cross_entropy(z, lse, y, C);
        moved[j] = o[j];
        double numeric = (loss_up - loss_down) / (up - down);
        if (scale != 1.0)
            numeric *= scale;
        const double err = fabs(numeric - gl[j]);
        if (err > *fd_err || isnan(err))
            *fd_err = err;
    }
}

static int all_finite(const double *values, Py_ssize_t count)
{
    for (Py_ssize_t i = 0; i < count; i++)
        if (!isfinite(values[i]))
            return 0;
    return 1;
}

static int check_buffer(const Py_buffer *buffer, Py_ssize_t count, const char *name)
{
    if (buffer->len != count * (Py_ssize_t)sizeof(double)) {
        PyErr_Format(PyExc_ValueError, "%s holds %zd bytes, expected %zd float64", name,
                     buffer->len, count);
        return -1;
    }
    return 0;
}

#define N_BUFFERS 11

static PyObject *analyze(PyObject *self, PyObject *args)
{
    (void)self;
    Py_buffer buffers[N_BUFFERS] = {{0}};
    Dense d;
    if (!PyArg_ParseTuple(args, "y*y*nnddd" "w*w*w*w*w*w*w*w*w*:analyze", &buffers[0], &buffers[1],
                          &d.rows, &d.classes, &d.temperature, &d.scale, &d.rel_step,
                          &buffers[2], &buffers[3], &buffers[4], &buffers[5], &buffers[6],
                          &buffers[7], &buffers[8], &buffers[9], &buffers[10]))
        return NULL;

    PyObject *result = NULL;
    double *scratch = NULL;
    const Py_ssize_t B = d.rows, C = d.classes;
    static const char *names[N_BUFFERS] = {
        "logits", "target", "probs", "log_probs", "jacobian", "grad_probs", "grad_logits",
        "contributions", "losses", "entropy", "label_sum"};
    const Py_ssize_t counts[N_BUFFERS] = {B * C, B * C, B * C, B * C, B * C * C, B * C,
                                          B * C, B * C * C, B, B, B};
    if (B < 1 || C < 1) {
        PyErr_SetString(PyExc_ValueError, "rows and classes must be at least 1");
        goto done;
    }
    for (int i = 0; i < N_BUFFERS; i++)
        if (check_buffer(&buffers[i], counts[i], names[i]) < 0)
            goto done;
    scratch = PyMem_RawMalloc(2 * (size_t)C * sizeof(double));
    if (scratch == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    d.logits = buffers[0].buf;
    d.target = buffers[1].buf;
    d.probs = buffers[2].buf;
    d.log_probs = buffers[3].buf;
    d.jacobian = buffers[4].buf;
    d.grad_probs = buffers[5].buf;
    d.grad_logits = buffers[6].buf;
    d.contributions = buffers[7].buf;
    d.losses = buffers[8].buf;
    d.entropy = buffers[9].buf;
    d.label_sum = buffers[10].buf;

    double chain_err = 0.0, fd_err = 0.0;
    int finite = 1;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t b = 0; b < B; b++)
        dense_row(&d, b, scratch, scratch + C, &chain_err, &fd_err);
    for (int i = 2; i < N_BUFFERS && finite; i++)
        finite = all_finite(buffers[i].buf, counts[i]);
    Py_END_ALLOW_THREADS
    result = Py_BuildValue("ddO", chain_err, fd_err, finite ? Py_True : Py_False);

done:
    PyMem_RawFree(scratch);
    for (int i = 0; i < N_BUFFERS; i++)
        if (buffers[i].obj != NULL)
            PyBuffer_Release(&buffers[i]);
    return result;
}

static PyMethodDef methods[] = {
    {"analyze", analyze, METH_VARARGS,
     "analyze(logits, target, rows, classes, temperature, scale, rel_step, probs, log_probs, "
     "jacobian, grad_probs, grad_logits, contributions, losses, entropy, label_sum)\n--\n\n"
     "Fill the output buffers for B rows of C classes; return (chain_rule_max_abs_err, "
     "finite_diff_max_abs_err, whether every output is finite)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "app._dense",
    .m_doc = "Every dense quantity of /api/v1/analyze in one compiled pass (see app/_dense.c).",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC PyInit__dense(void) { return PyModule_Create(&module); }
