/*
 * test_price.c: unit tests of lib/ec_price.h on cases computed by hand.
 *
 *   - the regression on four points (prices 1, 2, 4, 8; log(qty + 1/2) =
 *     3, 2, 1.2, 0.1): slope -0.95 / ln 2, residuals 0, -0.05, 0.1, -0.05,
 *     RSS 0.015, standard error sqrt(0.0015) / ln 2, t(0.975, 2) = 4.302653;
 *   - a planted log-log model with promotion and weekday effects, recovered
 *     exactly without noise;
 *   - the Lerner rule and each constraint binding in turn;
 *   - DerSimonian-Laird on three estimates -1, -2, -3 with standard errors
 *     0.5: Q = 8, tau^2 = 0.75, mu = -2, weight B = 0.25;
 *   - the LP of Thompson sampling with inventory on two prices.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ec_price.h"

#define near(a, b, tol) assert_true(fabs((a) - (b)) <= (tol))

static void t_quantiles(void **state)
{
	(void)state;
	near(ec_price_t_quantile(0.975, 2), 4.302653, 1e-6);
	near(ec_price_t_quantile(0.975, 10), 2.228139, 1e-6);
	near(ec_price_t_quantile(0.975, 1), 12.706205, 1e-5);
	near(ec_price_t_quantile(0.975, 1e9), 1.959964, 1e-6);
	near(ec_price_t_quantile(0.025, 30), -2.042272, 1e-6);
}

static void ols_hand(void **state)
{
	(void)state;
	static const double y[4] = { 3.0, 2.0, 1.2, 0.1 };
	struct ec_price_obs o[4];
	for (int k = 0; k < 4; k++) /* one time stamp: no trend, no weekdays */
		o[k] = (struct ec_price_obs){ 1704067200, pow(2, 3 - k), exp(y[3 - k]) - 0.5, NAN, 0 };
	struct ec_price_fit f;
	char err[128];
	assert_int_equal(ec_price_fit_item(o, 4, &f, err, sizeof err), 0);
	assert_int_equal(f.method, EC_PRICE_OLS);
	assert_int_equal(f.n, 4);
	assert_int_equal(f.price_changes, 3);
	double b = -0.95 / log(2), se = sqrt(0.0015) / log(2);
	near(f.ols, b, 1e-10);
	near(f.ols_se, se, 1e-10);
	near(f.sigma, sqrt(0.0075), 1e-10);
	near(f.intercept, 1.575 - b * 1.5 * log(2), 1e-10);
	near(f.lo95, b - 4.302653 * se, 1e-6);
	near(f.hi95, b + 4.302653 * se, 1e-6);
	near(f.df, 2, 0);
	assert_true(isnan(f.promo) && isnan(f.trend) && isnan(f.comp));
}

static void ols_planted(void **state)
{
	(void)state;
	/* 8 weeks of days, price stepping, promotions on some days:
	 * log(q + 1/2) = 4 - 1.7 log p + 0.25 promo + 0.1 [Saturday] + 0.3 trend */
	enum { N = 56 };
	struct ec_price_obs o[N];
	int64_t t0 = 1704067200; /* 2024-01-01, a Monday */
	for (int i = 0; i < N; i++) {
		double p = 10 * (1 + 0.1 * ((i * 7) % 5)) * (i % 3 == 0 ? 0.9 : 1);
		int promo = i % 3 == 0;
		int sat = i % 7 == 5;
		double ly = 4 - 1.7 * log(p) + 0.25 * promo + 0.1 * sat + 0.3 * (i / 365.0);
		o[i] = (struct ec_price_obs){ t0 + (int64_t)i * 86400, p, exp(ly) - 0.5, NAN, promo };
	}
	struct ec_price_fit f;
	char err[128];
	assert_int_equal(ec_price_fit_item(o, N, &f, err, sizeof err), 0);
	assert_int_equal(f.method, EC_PRICE_OLS);
	near(f.ols, -1.7, 1e-8);
	near(f.promo, 0.25, 1e-8);
	near(f.dow[5], 0.1, 1e-8);
	near(f.dow[2], 0, 1e-8);
	near(f.trend, 0.3, 1e-6);
	assert_true(f.ols_se < 1e-6);
	/* a price that never changed: no regression, says so */
	for (int i = 0; i < N; i++)
		o[i].price = 10;
	assert_int_equal(ec_price_fit_item(o, N, &f, err, sizeof err), 0);
	assert_int_equal(f.method, EC_PRICE_NONE);
	assert_int_equal(f.price_changes, 0);
	assert_true(isnan(f.elasticity));
}

static void shrink_hand(void **state)
{
	(void)state;
	double e[3] = { -1, -2, -3 }, s[3] = { 0.5, 0.5, 0.5 }, mu, se, tau2;
	ec_price_dersimonian_laird(e, s, 3, &mu, &se, &tau2);
	near(tau2, 0.75, 1e-12);
	near(mu, -2, 1e-12);
	near(se, sqrt(1.0 / 3), 1e-12);
	struct ec_price_fit f[4];
	size_t cat[4] = { 0, 0, 0, 0 };
	memset(f, 0, sizeof f);
	for (int i = 0; i < 3; i++) {
		f[i].method = EC_PRICE_OLS;
		f[i].ols = f[i].elasticity = e[i];
		f[i].ols_se = f[i].se = s[i];
		f[i].df = 1e9;
	}
	f[3].method = EC_PRICE_NONE;
	f[3].elasticity = NAN;
	struct ec_price_pool pools[2];
	assert_int_equal(ec_price_shrink(f, cat, 4, 1, 1, pools), 0);
	assert_int_equal(pools[0].k, 3);
	near(pools[0].tau2, 0.75, 1e-12);
	near(pools[1].mu, -2, 1e-12);
	assert_int_equal(f[0].method, EC_PRICE_EB);
	near(f[0].shrink, 0.25, 1e-12);
	near(f[0].elasticity, 0.25 * -2 + 0.75 * -1, 1e-12);
	/* variance (1 - B) s^2 + B^2 Var(mu) = 0.1875 + 0.0625 / 3 */
	near(f[0].se, sqrt(0.1875 + 0.0625 / 3), 1e-12);
	near(f[1].elasticity, -2, 1e-12);
	near(f[2].elasticity, -2.75, 1e-12);
	assert_int_equal(f[3].method, EC_PRICE_CATEGORY);
	near(f[3].elasticity, -2, 1e-12);
	near(f[3].se, sqrt(0.75 + 1.0 / 3), 1e-12);
	near(f[3].hi95 - f[3].elasticity, 4.302653 * f[3].se, 1e-5); /* t on k - 1 = 2 df */
}

static struct ec_price_item item(double e)
{
	struct ec_price_item it = { 18, 10, NAN, NAN, NAN, NAN, e, e - 0.2, e + 0.2, 10 };
	return it;
}

static struct ec_price_opts opts(void)
{
	struct ec_price_opts o = { EC_PRICE_PROFIT, NAN, NAN, NAN, NAN, 0, 0 };
	return o;
}

static void optimize_cases(void **state)
{
	(void)state;
	struct ec_price_rec r;
	struct ec_price_item it = item(-2);
	struct ec_price_opts o = opts();
	/* Lerner: c e / (1 + e) = 10 * -2 / -1 = 20 */
	assert_int_equal(ec_price_optimize(&it, &o, &r), 0);
	near(r.price, 20, 1e-9);
	assert_int_equal(r.binding, EC_BIND_NONE);
	near(r.qty, 10 * pow(20.0 / 18, -2), 1e-9);
	near(r.profit, 10 * r.qty, 1e-9);
	near(r.qty_lo, 10 * pow(20.0 / 18, -2.2), 1e-9);
	near(r.qty_hi, 10 * pow(20.0 / 18, -1.8), 1e-9);
	it = item(-3); /* 10 * -3 / -2 = 15 */
	ec_price_optimize(&it, &o, &r);
	near(r.price, 15, 1e-9);

	it = item(-2); /* max change 5%: 18.9 */
	o.max_change = 0.05;
	ec_price_optimize(&it, &o, &r);
	near(r.price, 18.9, 1e-9);
	assert_string_equal(ec_price_binding_name(r.binding), "max_change");
	o = opts();
	it.max_price = 19;
	ec_price_optimize(&it, &o, &r);
	near(r.price, 19, 1e-9);
	assert_int_equal(r.binding, EC_BIND_MAX_PRICE);

	it = item(-4); /* Lerner 13.33 */
	it.min_price = 15;
	ec_price_optimize(&it, &o, &r);
	near(r.price, 15, 1e-9);
	assert_int_equal(r.binding, EC_BIND_MIN_PRICE);
	it = item(-4);
	o.min_margin = 0.4; /* p >= 10 / 0.6 = 16.667 */
	ec_price_optimize(&it, &o, &r);
	near(r.price, 16.67, 1e-9);
	assert_int_equal(r.binding, EC_BIND_MIN_MARGIN);

	o = opts();
	it = item(-2);
	it.comp = 17;
	o.comp_band = 0.05; /* [16.15, 17.85] */
	ec_price_optimize(&it, &o, &r);
	near(r.price, 17.85, 1e-9);
	assert_int_equal(r.binding, EC_BIND_COMP_HIGH);

	o = opts();
	it = item(-4);
	it.stock = 35;
	o.cover = 7; /* 10 (p / 18)^-4 <= 5: p >= 18 * 2^(1/4) = 21.4056 */
	ec_price_optimize(&it, &o, &r);
	near(r.price, 21.41, 1e-9);
	assert_int_equal(r.binding, EC_BIND_STOCK);

	o = opts();
	it = item(-2);
	o.ending = 0.99; /* 19.99 beats 20.99 and 18.99 */
	ec_price_optimize(&it, &o, &r);
	near(r.price, 19.99, 1e-9);

	o = opts();
	o.objective = EC_PRICE_REVENUE;
	it = item(-0.5);
	it.max_price = 25;
	ec_price_optimize(&it, &o, &r);
	near(r.price, 25, 1e-9);
	assert_int_equal(r.binding, EC_BIND_MAX_PRICE);
	it = item(-1.5);
	it.min_price = 12;
	ec_price_optimize(&it, &o, &r);
	near(r.price, 12, 1e-9);
	assert_int_equal(r.binding, EC_BIND_MIN_PRICE);

	o = opts();
	o.objective = EC_PRICE_CLEARANCE;
	o.periods_left = 10;
	it = item(-2);
	it.stock = 200; /* needs 20 a period: (p / 18)^-2 = 2, p = 12.728 */
	ec_price_optimize(&it, &o, &r);
	near(r.price, 12.73, 1e-9);
	assert_int_equal(r.binding, EC_BIND_NONE);

	/* conflict: margin needs >= 20, the change limit allows <= 18.9 */
	o = opts();
	it = item(-4);
	o.min_margin = 0.5;
	o.max_change = 0.05;
	ec_price_optimize(&it, &o, &r);
	near(r.price, 18.9, 1e-9);
	assert_string_equal(ec_price_binding_name(r.binding), "max_change");
	assert_non_null(strstr(r.reason, "min margin cannot hold"));

	/* every constraint at once: five lower bounds (a regression test: the
	 * bound arrays once held four and the fifth overwrote the stack) */
	o = opts();
	it = item(-4);
	it.min_price = 15;
	it.stock = 35;
	it.comp = 20;
	o.max_change = 0.2;  /* [14.4, 21.6] */
	o.min_margin = 0.3;  /* >= 14.29 */
	o.cover = 7;         /* >= 21.4056 */
	o.comp_band = 0.1;   /* [18, 22] */
	ec_price_optimize(&it, &o, &r);
	near(r.price, 21.41, 1e-9);
	assert_int_equal(r.binding, EC_BIND_STOCK);

	/* inelastic with no upper bound: kept */
	o = opts();
	it = item(-0.5);
	ec_price_optimize(&it, &o, &r);
	near(r.price, 18, 1e-9);
	/* no elasticity: kept, said so */
	it = item(NAN);
	it.lo95 = it.hi95 = NAN;
	ec_price_optimize(&it, &o, &r);
	near(r.price, 18, 1e-9);
	assert_int_equal(r.binding, EC_BIND_NO_ELASTICITY);
}

static void lp_tiny(void **state)
{
	(void)state;
	double r[2] = { 3, 5 }, d[2] = { 2, 4 }, x[2];
	/* cap 3: x = (1/2, 1/2), value 4 (beats 3 and 5 * 3/4) */
	near(ec_price_lp(r, d, 2, 3, x), 4, 1e-12);
	near(x[0], 0.5, 1e-12);
	near(x[1], 0.5, 1e-12);
	near(ec_price_lp(r, d, 2, 5, x), 5, 1e-12);
	near(x[1], 1, 1e-12);
	near(x[0], 0, 1e-12);
	near(ec_price_lp(r, d, 2, 1, x), 1.5, 1e-12); /* x0 = 1/2 */
	near(x[0], 0.5, 1e-12);
	/* three prices: the best mix of the middle and the dearest */
	double r3[3] = { 1, 10, 7 }, d3[3] = { 5, 3, 1 }, x3[3];
	near(ec_price_lp(r3, d3, 3, 2, x3), 8.5, 1e-12);
	near(x3[0], 0, 1e-12);
	near(x3[1], 0.5, 1e-12);
	near(x3[2], 0.5, 1e-12);
}

static void simulate_sane(void **state)
{
	(void)state;
	struct ec_price_market m;
	ec_price_market_draw(&m, 5, 240, 0.2);
	double grid[11];
	ec_price_grid(m.p_ref, 0.75, 1.95, 11, grid);
	struct ec_price_sim_result o, s, o2;
	assert_int_equal(ec_price_simulate(&m, EC_POL_ORACLE, grid, 11, NULL, &o), 0);
	assert_int_equal(ec_price_simulate(&m, EC_POL_STATIC, grid, 11, NULL, &s), 0);
	assert_int_equal(ec_price_simulate(&m, EC_POL_ORACLE, grid, 11, NULL, &o2), 0);
	assert_true(o.profit == o2.profit); /* deterministic */
	assert_true(o.sold <= m.stock && s.sold <= m.stock);
	assert_true(o.profit > s.profit);
}

static void dqn_runs(void **state)
{
	(void)state;
	char err[128];
	struct ec_dqn *d = ec_price_dqn_train(96, 0.2, 11, 0.75, 1.95, 4, 99, err, sizeof err);
	assert_non_null(d);
	float s[EC_PRICE_DQN_STATE] = { 0, 1, 0.5f, 0.5f, 0, 0, 0 };
	int k = ec_price_dqn_act(d, s);
	assert_true(k >= 0 && k < 11);
	struct ec_price_market m;
	ec_price_market_draw(&m, 3, 96, 0.2);
	double grid[11];
	ec_price_grid(m.p_ref, 0.75, 1.95, 11, grid);
	struct ec_price_sim_result r;
	assert_int_equal(ec_price_simulate(&m, EC_POL_DQN, grid, 11, d, &r), 0);
	assert_true(r.sold > 0 && r.sold <= m.stock);
	assert_true(r.revenue >= grid[0] * r.sold - 1e-9);
	ec_price_dqn_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_quantiles),   cmocka_unit_test(ols_hand),
		cmocka_unit_test(ols_planted),   cmocka_unit_test(shrink_hand),
		cmocka_unit_test(optimize_cases), cmocka_unit_test(lp_tiny),
		cmocka_unit_test(simulate_sane), cmocka_unit_test(dqn_runs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
