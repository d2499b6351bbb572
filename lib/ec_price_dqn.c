/*
 * ec_price_dqn: a deep Q-network pricing agent (V. Mnih et al., "Human-level
 * control through deep reinforcement learning", Nature 518, 2015,
 * Algorithm 1) on the project's MLP (ec_mlp, cblas_sgemm).
 *
 * The agent cannot learn a market from a single 720-hour episode, so it is
 * trained beforehand on markets drawn from the same prior as the
 * simulator's (ec_price_market_draw, seeds disjoint from the evaluation's)
 * and then run greedily: it learns a policy that is good on average over
 * the prior, reading the market it is in from the state (sales of the last
 * 24 hours, stock and time left, competitor price, hour of day). Rewards
 * are the period's gross margin divided by p_ref * base, so that they are
 * of order 1 whatever the market's size. Transitions are kept in a ring
 * buffer (experience replay); the Huber loss on Q(s, a) - (r + gamma
 * max_a' Q_target(s', a')) is minimised by Adam on mini-batches; the target
 * network is a copy refreshed every TARGET_EVERY steps.
 */
#include "ec_price.h"

#include "ec_mlp.h"
#include "ec_rng.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS EC_PRICE_DQN_STATE
#define HIDDEN 32
#define REPLAY 50000
#define BATCH 64
#define TRAIN_EVERY 4
#define TARGET_EVERY 5000
#define WARMUP 2000
#define GAMMA 0.99f
#define LR 2e-4f

struct ec_dqn {
	struct ec_mlp *q;
	size_t K;
	float *out; /* K floats for acting */
};

struct transition {
	float s[NS], s2[NS];
	float r;
	uint16_t a;
	uint8_t done;
};

int ec_price_dqn_act(const struct ec_dqn *d, const float *s)
{
	struct ec_dqn *dd = (struct ec_dqn *)d; /* forward keeps activations */
	if (ec_mlp_forward(dd->q, s, 1, dd->out) < 0)
		return 0;
	int best = 0;
	for (size_t k = 1; k < d->K; k++)
		if (d->out[k] > d->out[best])
			best = (int)k;
	return best;
}

void ec_price_dqn_free(struct ec_dqn *d)
{
	if (!d)
		return;
	ec_mlp_free(d->q);
	free(d->out);
	free(d);
}

static double poisson_draw(struct ec_rng *r, double lambda)
{
	return (double)ec_rng_poisson(r, lambda > 0 ? lambda : 0);
}

struct ec_dqn *ec_price_dqn_train(size_t periods, double wtp_amp, size_t K, double glo,
                                  double ghi, size_t episodes, uint64_t seed, char *err,
                                  size_t errlen)
{
	size_t hidden[2] = { HIDDEN, HIDDEN };
	struct ec_dqn *d = calloc(1, sizeof *d);
	struct ec_mlp *target = NULL;
	struct transition *buf = calloc(REPLAY, sizeof *buf);
	double *comp = malloc(periods * sizeof *comp), *grid = malloc(K * sizeof *grid);
	float *xb = malloc(BATCH * NS * sizeof *xb), *qb = malloc(BATCH * K * sizeof *qb);
	float *qt = malloc(BATCH * K * sizeof *qt), *dout = malloc(BATCH * K * sizeof *dout);
	if (!d || !buf || !comp || !grid || !xb || !qb || !qt || !dout)
		goto oom;
	d->K = K;
	d->out = malloc(K * sizeof *d->out);
	d->q = ec_mlp_new(NS, hidden, 2, K, seed);
	target = ec_mlp_new(NS, hidden, 2, K, seed);
	if (!d->out || !d->q || !target || ec_mlp_copy(target, d->q) < 0)
		goto oom;
	struct ec_rng r;
	ec_rng_seed_stream(&r, seed, 21);
	size_t nbuf = 0, head = 0, steps = 0;
	size_t total = episodes * periods, explore = (size_t)(0.6 * (double)total);
	for (size_t ep = 0; ep < episodes; ep++) {
		struct ec_price_market m;
		ec_price_market_draw(&m, seed + 7919 * (ep + 1), periods, wtp_amp);
		ec_price_grid(m.p_ref, glo, ghi, K, grid);
		ec_price_market_comp(&m, comp);
		double S = m.stock, recent = m.base, sales24[24] = { 0 };
		double scale = m.p_ref * m.base;
		float s[NS];
		ec_price_dqn_state(&m, comp, 0, S, recent, s);
		for (size_t t = 0; t < periods; t++, steps++) {
			double eps = steps < explore ? 1.0 - 0.95 * (double)steps / (double)explore : 0.05;
			int a = ec_rng_uniform(&r) < eps ? (int)ec_rng_below(&r, K)
			                                 : ec_price_dqn_act(d, s);
			double lam = ec_price_market_rate(&m, comp, t, grid[a]);
			double dem = poisson_draw(&r, lam), sold = dem < S ? dem : S;
			S -= sold;
			recent += (sold - sales24[t % 24]) / 24;
			sales24[t % 24] = sold;
			int done = S <= 0 || t + 1 == periods;
			struct transition *tr = &buf[head];
			memcpy(tr->s, s, sizeof s);
			tr->a = (uint16_t)a;
			tr->r = (float)(0.1 * (grid[a] - m.cost) * sold / scale);
			tr->done = (uint8_t)done;
			if (!done)
				ec_price_dqn_state(&m, comp, t + 1, S, recent, s);
			memcpy(tr->s2, s, sizeof s);
			head = (head + 1) % REPLAY;
			if (nbuf < REPLAY)
				nbuf++;
			if (nbuf >= WARMUP && steps % TRAIN_EVERY == 0) {
				size_t idx[BATCH];
				for (size_t b = 0; b < BATCH; b++) {
					idx[b] = (size_t)ec_rng_below(&r, nbuf);
					memcpy(xb + b * NS, buf[idx[b]].s2, sizeof buf[0].s2);
				}
				if (ec_mlp_forward(target, xb, BATCH, qt) < 0)
					goto oom;
				for (size_t b = 0; b < BATCH; b++)
					memcpy(xb + b * NS, buf[idx[b]].s, sizeof buf[0].s);
				if (ec_mlp_forward(d->q, xb, BATCH, qb) < 0)
					goto oom;
				for (size_t b = 0; b < BATCH; b++) {
					const struct transition *x = &buf[idx[b]];
					float mx = qt[b * K];
					for (size_t k = 1; k < K; k++)
						if (qt[b * K + k] > mx)
							mx = qt[b * K + k];
					float y = x->r + (x->done ? 0 : GAMMA * mx);
					float diff = qb[b * K + x->a] - y;
					for (size_t k = 0; k < K; k++)
						dout[b * K + k] = 0;
					/* Huber loss: the gradient of the error, clipped to [-1, 1] */
					dout[b * K + x->a] = (diff > 1 ? 1 : diff < -1 ? -1 : diff) / BATCH;
				}
				ec_mlp_backward(d->q, dout, NULL);
				ec_mlp_adam(d->q, LR);
			}
			if (steps % TARGET_EVERY == 0 && ec_mlp_copy(target, d->q) < 0)
				goto oom;
			if (done)
				break;
		}
	}
	ec_mlp_free(target);
	free(buf);
	free(comp);
	free(grid);
	free(xb);
	free(qb);
	free(qt);
	free(dout);
	return d;
oom:
	snprintf(err, errlen, "out of memory");
	ec_mlp_free(target);
	ec_price_dqn_free(d);
	free(buf);
	free(comp);
	free(grid);
	free(xb);
	free(qb);
	free(qt);
	free(dout);
	return NULL;
}
