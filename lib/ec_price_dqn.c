/*
 * ec_price_dqn: the DQN pricing agent (placeholder until lib/ec_mlp.c from
 * the ctr branch is merged).
 */
#include "ec_price.h"

#include <stdio.h>

struct ec_dqn {
	int unused;
};

struct ec_dqn *ec_price_dqn_train(size_t periods, double wtp_amp, size_t K, double glo,
                                  double ghi, size_t episodes, uint64_t seed, char *err,
                                  size_t errlen)
{
	snprintf(err, errlen, "the DQN needs lib/ec_mlp (not built in)");
	return NULL;
}

void ec_price_dqn_free(struct ec_dqn *d)
{
	(void)d;
}

int ec_price_dqn_act(const struct ec_dqn *d, const float *s)
{
	return -2;
}
