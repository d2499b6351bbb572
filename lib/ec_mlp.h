/*
 * ec_mlp: a dense multi-layer perceptron on float32, every product through
 * OpenBLAS cblas_sgemm, row-major and batch-major (a batch is a matrix of
 * `batch` rows of n_in floats). Shared by the click-through models
 * (ec_ctr: the deep tower of Wide & Deep, DIN's local activation unit) and
 * the pricing agents (DQN).
 *
 * Shape: n_in -> hidden[0] -> ... -> hidden[n_hidden-1] -> n_out, ReLU after
 * every hidden layer, the output linear (a logit, a Q-value). Layer l holds
 * W_l (fan_in x fan_out, row-major, so that a batch goes through as
 * A_{l+1} = A_l W_l + b_l with one sgemm) and b_l. Weights start at He
 * initialisation, N(0, 2 / fan_in), biases at 0 (K. He, X. Zhang, S. Ren,
 * J. Sun, "Delving deep into rectifiers", ICCV 2015, eq. 10).
 *
 * Training is the usual loop: ec_mlp_forward on a batch (the activations
 * are kept), the caller's loss gives dL/dout, ec_mlp_backward adds the
 * parameter gradients (so several backward passes may be accumulated), and
 * ec_mlp_adam or ec_mlp_adagrad applies them and zeroes them.
 *
 * Determinism: with the same seed, the same batches and the same number of
 * OpenBLAS threads, results are bit-identical from run to run.
 *
 * Not thread-safe: forward/backward use buffers inside the struct; give
 * each thread its own network (ec_mlp_copy). Nothing here prints or exits.
 */
#ifndef EC_MLP_H
#define EC_MLP_H

#include <stddef.h>
#include <stdint.h>

#include "ec_buf.h"

struct ec_mlp;

/*
 * A network n_in -> hidden[0..n_hidden) -> n_out (n_hidden may be 0: a
 * linear model), weights drawn from N(0, 2/fan_in) with ec_rng seeded by
 * `seed`. NULL on ENOMEM or on a zero width (errno EINVAL).
 */
struct ec_mlp *ec_mlp_new(size_t n_in, const size_t *hidden, size_t n_hidden, size_t n_out,
                          uint64_t seed);
void ec_mlp_free(struct ec_mlp *m);

/*
 * The same network with Dice instead of ReLU after every hidden layer
 * (Zhou et al. 2018, eq. 9): y = p(z) z + (1 - p(z)) alpha z with
 * p(z) = sigmoid((z - E[z]) / sqrt(Var[z] + 1e-8)), E and Var over the
 * batch in training mode (and their running averages, momentum 0.99, kept
 * for inference mode), alpha one learnt parameter per unit starting at 0,
 * stored after each hidden layer's bias in the ec_mlp_params layout.
 * Serialised with the magic "ECMLP2" and the running statistics after the
 * parameters. ReLU networks are unaffected.
 */
struct ec_mlp *ec_mlp_new_dice(size_t n_in, const size_t *hidden, size_t n_hidden,
                               size_t n_out, uint64_t seed);
/* Dice networks: batch statistics (1, the default after ec_mlp_new_dice)
 * or the running ones (0, the default after ec_mlp_load). No effect on
 * ReLU networks. */
void ec_mlp_set_training(struct ec_mlp *m, int training);

size_t ec_mlp_n_in(const struct ec_mlp *m);
size_t ec_mlp_n_out(const struct ec_mlp *m);
/* Number of layers with weights (n_hidden + 1) and the width of layer
 * boundary i (0: n_in, ec_mlp_n_layers: n_out). */
size_t ec_mlp_n_layers(const struct ec_mlp *m);
size_t ec_mlp_width(const struct ec_mlp *m, size_t i);

/*
 * out[batch*n_out] = f(x[batch*n_in]). Keeps a copy of x and every
 * activation for the next ec_mlp_backward. batch 0 is allowed (nothing
 * done). 0, or -1 (ENOMEM when the buffers had to grow).
 */
int ec_mlp_forward(struct ec_mlp *m, const float *x, size_t batch, float *out);

/*
 * Back-propagation through the last forward: dout[batch*n_out] is dL/dout.
 * ADDS dL/dW and dL/db to the gradients; dx (NULL: not wanted) receives
 * dL/dx[batch*n_in]. 0 (cannot fail once forward succeeded).
 */
int ec_mlp_backward(struct ec_mlp *m, const float *dout, float *dx);

/*
 * Adam (D. P. Kingma, J. Ba, "Adam: a method for stochastic optimization",
 * ICLR 2015, Algorithm 1; beta1 0.9, beta2 0.999, epsilon 1e-8, with the
 * bias-corrected moments as PyTorch computes them) with step size lr, then
 * the gradients are zeroed.
 */
void ec_mlp_adam(struct ec_mlp *m, float lr);
/*
 * AdaGrad (J. Duchi, E. Hazan, Y. Singer, JMLR 12, 2011): accumulated
 * squared gradients G, theta -= lr * g / (sqrt(G) + 1e-10); then zero the
 * gradients. Do not mix with ec_mlp_adam on one network (they share state).
 */
void ec_mlp_adagrad(struct ec_mlp *m, float lr);
/* Zero the accumulated gradients without a step. */
void ec_mlp_zero_grad(struct ec_mlp *m);

/*
 * Copy the parameters (not gradients nor optimiser state) of src into dst,
 * e.g. a DQN target network. 0, or -1 when the shapes differ.
 */
int ec_mlp_copy(struct ec_mlp *dst, const struct ec_mlp *src);

/*
 * Every parameter as one array (layer by layer: W_l row-major, then b_l)
 * and the gradients in the same layout; *n receives the count. For
 * gradient checks, weight decay or averaging. Borrowed.
 */
float *ec_mlp_params(struct ec_mlp *m, size_t *n);
float *ec_mlp_grads(struct ec_mlp *m, size_t *n);

/*
 * Serialise the shape and parameters (not the optimiser state) to out:
 *   "ECMLP1\0\0", u32 LE layer count L, u32 LE widths[L+1], then every
 *   parameter as IEEE 754 binary32 LE in the ec_mlp_params order.
 * 0 or -1 (ENOMEM).
 */
int ec_mlp_save(const struct ec_mlp *m, struct ec_buf *out);
/*
 * Read what ec_mlp_save wrote from p[0..n); *used (may be NULL) receives
 * the bytes consumed, so several networks can follow one another. NULL with
 * a message in err on a short or malformed image (widths 0 or above 2^24,
 * parameters past the end) or ENOMEM.
 */
struct ec_mlp *ec_mlp_load(const void *p, size_t n, size_t *used, char *err, size_t errlen);

#endif
